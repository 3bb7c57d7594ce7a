/// One entry of a record's audit trail: who changed what, when, from which value to which.
///
/// The store (and ServiceNow's `sys_audit`) keeps each entry as three columns: a field name,
/// an old value and a new value. In memory an entry is a typed event (`Change`): which of the
/// two values holds an agent, a reply id or a reason is said by the case, not by a comment.
/// `Change(field:old:new:)` and `field`/`oldValue`/`newValue` are the one codec between the
/// two; a triple that does not have the shape of its name's event stays a plain field change,
/// so every stored triple decodes and encodes back to the same triple.
public struct AuditEntry: Equatable, Sendable {
    public var at: Instant
    public var by: String
    /// Always in its typed form: a `.field` whose name has an event of its own is read as that event.
    public var change: Change { didSet { change = change.typed } }
    /// Set when the entry was not in the source but made up on import (a ServiceNow row
    /// without `sys_audit`): what it was inferred from. Nil for everything recorded here or
    /// imported from an audit; stores written before it have none.
    public var inferred: AuditInference?

    public init(at: Instant, by: String, change: Change, inferred: AuditInference? = nil) {
        self.at = at; self.by = by; self.change = change.typed; self.inferred = inferred
    }

    /// A copy marked as made up on import, inferred from `source`.
    public func inferred(from source: AuditInference) -> AuditEntry {
        var entry = self
        entry.inferred = source
        return entry
    }

    /// What happened. Each case's comment names the stored triple (field, old, new).
    public enum Change: Sendable, CustomStringConvertible {
        /// (`created`, nil, state)
        case created(state: InteractionState)
        /// (`state`, from, to)
        case state(from: InteractionState, to: InteractionState)
        /// (`assigned_to`, agent before, agent after): nil is nobody (waiting in a queue).
        case assigned(from: String?, to: String?)
        /// (`offer`, nil, agent): routing offered the record to an agent.
        case offer(agent: String)
        /// (`offer_rejected`, agent, reason)
        case offerRejected(agent: String, reason: String)
        /// (`offer_timed_out`, agent, nil)
        case offerTimedOut(agent: String)
        /// (`rerouted`, nil, nil): a supervisor sent the record round again; declines before it no longer count.
        case rerouted
        /// (`reply`, address, id): an agent's public reply went to the outbox, addressed `channel:recipient`
        /// (nil in stores from before addresses were written).
        case reply(id: String, address: String?)
        /// (`reply_delivered`, nil, id)
        case replyDelivered(id: String)
        /// (`reply_failed`, id, the gateway's reason)
        case replyFailed(id: String, reason: String)
        /// (`reply_retried`, nil, id): a failed reply went back to the outbox.
        case replyRetried(id: String)
        /// (`wrap_up_code`, agent, code): the code for the wrap-up of `agent` (nil in stores
        /// from before wrap-ups per agent: the one who wrote it), by them or, when the time ran out, by routing.
        case wrapUpCode(agent: String?, code: String)
        /// (`wrap_up_notes`, nil, notes): follows its code.
        case wrapUpNotes(String)
        /// (`wrap_up_due`, nil, agent): the agent transferred the record on while working it and owes a wrap-up of their part.
        case wrapUpDue(agent: String)
        /// (`takeover`, owner, supervisor): a supervisor acted on another agent's record.
        case takeover(owner: String, supervisor: String)
        /// (`caller`, nil, number or handle): who called or chatted, when not (yet) a customer.
        case caller(String)
        /// (`message`, nil, text): a customer's message joined the record (its first 80 characters).
        case message(String)
        /// (`related_task`, nil, "Incident INC… created")
        case relatedTask(String)
        /// (`reopen_reason`, nil, reason): why a supervisor reopened a closed record.
        case reopened(reason: String)
        /// (`called`, agent, desk): a walk-up visitor was called to the agent's desk (each call counts).
        case called(agent: String, desk: String)
        /// (name, old, new): a plain field change (`opened_for`, `queue`, `short_description`,
        /// `state_reason`, `archived_at`, a column ServiceNow audited), or a triple whose shape
        /// is not its name's event.
        case field(name: String, old: String?, new: String?)

        public var stateChange: (from: InteractionState?, to: InteractionState)? {
            switch self {
            case .created(let state): (nil, state)
            case .state(let from, let to): (from, to)
            default: nil
            }
        }

        // MARK: The codec

        /// The stored triple: the field's name, the old value, the new value.
        public var triple: (field: String, old: String?, new: String?) {
            switch self {
            case .created(let state): (AuditField.created, nil, state.rawValue)
            case .state(let from, let to): (AuditField.state, from.rawValue, to.rawValue)
            case .assigned(let from, let to): (AuditField.assignedTo, from, to)
            case .offer(let agent): (AuditField.offer, nil, agent)
            case .offerRejected(let agent, let reason): (AuditField.offerRejected, agent, reason)
            case .offerTimedOut(let agent): (AuditField.offerTimedOut, agent, nil)
            case .rerouted: (AuditField.rerouted, nil, nil)
            case .reply(let id, let address): (AuditField.reply, address, id)
            case .replyDelivered(let id): (AuditField.replyDelivered, nil, id)
            case .replyFailed(let id, let reason): (AuditField.replyFailed, id, reason)
            case .replyRetried(let id): (AuditField.replyRetried, nil, id)
            case .wrapUpCode(let agent, let code): (AuditField.wrapUpCode, agent, code)
            case .wrapUpNotes(let notes): (AuditField.wrapUpNotes, nil, notes)
            case .wrapUpDue(let agent): (AuditField.wrapUpDue, nil, agent)
            case .takeover(let owner, let supervisor): (AuditField.takeover, owner, supervisor)
            case .caller(let address): (AuditField.caller, nil, address)
            case .message(let text): (AuditField.message, nil, text)
            case .relatedTask(let text): (AuditField.relatedTask, nil, text)
            case .reopened(let reason): (AuditField.reopenReason, nil, reason)
            case .called(let agent, let desk): (AuditField.called, agent, desk)
            case .field(let name, let old, let new): (name, old, new)
            }
        }
        /// The audit trail's column names: the field, the old value, the new value.
        public var field: String { triple.field }
        public var oldValue: String? { triple.old }
        public var newValue: String? { triple.new }

        /// Rebuilds a change from the three columns the store writes; nil only for a `created`
        /// or `state` triple that names no state (nothing else would read it).
        public init?(field: String, old: String?, new: String?) {
            switch (field, old, new) {
            case (AuditField.created, nil, let new?):
                guard let state = InteractionState(rawValue: new) else { return nil }
                self = .created(state: state)
            case (AuditField.created, _, _): return nil
            case (AuditField.state, let old?, let new?):
                guard let from = InteractionState(rawValue: old), let to = InteractionState(rawValue: new) else { return nil }
                self = .state(from: from, to: to)
            case (AuditField.state, _, _): return nil
            case (AuditField.assignedTo, let old, let new): self = .assigned(from: old, to: new)
            case (AuditField.offer, nil, let agent?): self = .offer(agent: agent)
            case (AuditField.offerRejected, let agent?, let reason?): self = .offerRejected(agent: agent, reason: reason)
            case (AuditField.offerTimedOut, let agent?, nil): self = .offerTimedOut(agent: agent)
            case (AuditField.rerouted, nil, nil): self = .rerouted
            case (AuditField.reply, let address, let id?): self = .reply(id: id, address: address)
            case (AuditField.replyDelivered, nil, let id?): self = .replyDelivered(id: id)
            case (AuditField.replyFailed, let id?, let reason?): self = .replyFailed(id: id, reason: reason)
            case (AuditField.replyRetried, nil, let id?): self = .replyRetried(id: id)
            case (AuditField.wrapUpCode, let agent, let code?): self = .wrapUpCode(agent: agent, code: code)
            case (AuditField.wrapUpNotes, nil, let notes?): self = .wrapUpNotes(notes)
            case (AuditField.wrapUpDue, nil, let agent?): self = .wrapUpDue(agent: agent)
            case (AuditField.takeover, let owner?, let supervisor?): self = .takeover(owner: owner, supervisor: supervisor)
            case (AuditField.caller, nil, let address?): self = .caller(address)
            case (AuditField.message, nil, let text?): self = .message(text)
            case (AuditField.relatedTask, nil, let text?): self = .relatedTask(text)
            case (AuditField.reopenReason, nil, let reason?): self = .reopened(reason: reason)
            case (AuditField.called, let agent?, let desk?): self = .called(agent: agent, desk: desk)
            default: self = .field(name: field, old: old, new: new)
            }
        }

        /// The same change as its typed event (a `.field` spelled out by hand reads as the
        /// event its name has; anything else is unchanged).
        var typed: Change {
            guard case .field(let name, let old, let new) = self else { return self }
            return Change(field: name, old: old, new: new) ?? self
        }

        public var description: String { "\(field): \(oldValue ?? "null") -> \(newValue ?? "null")" }
    }
}

/// Two changes are the same when they store the same: `.field(name: "offer", old: nil,
/// new: "ana")` is `.offer(agent: "ana")`.
extension AuditEntry.Change: Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.triple == b.triple }
}

/// Where an entry made up on import got its author.
public enum AuditInference: String, Equatable, Sendable, CaseIterable {
    /// The row's `sys_created_by`: who created the record in ServiceNow, not necessarily who accepted or closed it.
    case createdBy = "sys_created_by"
    /// The row's `sys_updated_by`: who changed it last in ServiceNow.
    case updatedBy = "sys_updated_by"
    /// The row named nobody: whoever ran the import.
    case importer = "importer"

    /// As the trail says it: "inferred from …".
    public var display: String {
        switch self {
        case .createdBy, .updatedBy: rawValue
        case .importer: "who ran the import (the row has no sys_created_by)"
        }
    }
}

/// The audit trail's field names: the one place they are spelled. A record's own columns
/// (`assigned_to`, `queue`, …) appear under the record's JSON keys; these are the names of
/// the trail's events.
public enum AuditField {
    /// The first entry: the record was created in a state.
    public static let created = "created"
    /// A state change.
    public static let state = "state"
    /// Who works it.
    public static let assignedTo = "assigned_to"
    public static let openedFor = "opened_for"
    public static let queue = "queue"
    public static let shortDescription = "short_description"
    public static let stateReason = "state_reason"
    public static let archivedAt = "archived_at"
    /// The reason for visit (a walk-up's `reason`).
    public static let reason = "reason"
    /// A customer's message joined the record (it was On Hold, in Wrap Up, or in progress).
    public static let message = "message"
    /// A related task was created from the record.
    public static let relatedTask = "related_task"
    /// A supervisor acted on another agent's record.
    public static let takeover = "takeover"
    /// Who called or chatted, when they were not (yet) a customer: a number or a handle.
    public static let caller = "caller"
    /// Why a supervisor reopened a closed record.
    public static let reopenReason = "reopen_reason"
    /// Routing: offered to an agent, rejected by them, timed out, sent round again.
    public static let offer = "offer"
    public static let offerRejected = "offer_rejected"
    public static let offerTimedOut = "offer_timed_out"
    public static let rerouted = "rerouted"
    /// An agent's public reply and what the gateway said of it (see `Replies.swift`).
    public static let reply = "reply"
    public static let replyDelivered = "reply_delivered"
    public static let replyFailed = "reply_failed"
    public static let replyRetried = "reply_retried"
    /// Wrap-up (see `WrapUp.swift`).
    public static let wrapUpCode = "wrap_up_code"
    public static let wrapUpNotes = "wrap_up_notes"
    public static let wrapUpDue = "wrap_up_due"
    /// A walk-up visitor called to a desk (see `Desk+WalkUp.swift`).
    public static let called = "called"
    /// A message to a walk-up visitor went out (`checked_in`, `next`, `called`, `no_show`).
    public static let walkUpNotice = "walk_up_notice"
    /// A satisfaction survey went out after closing (new value `sent`, old the reply id).
    public static let survey = "survey"

    /// The stored key marking an entry made up on import (absent on everything else).
    public static let inferredKey = "inferred"

    /// A plain field change's name in the trail's words.
    static func title(_ name: String) -> String {
        switch name {
        case assignedTo: "Assigned to"
        case openedFor: "Opened for"
        case shortDescription: "Short description"
        case stateReason: "State reason"
        case archivedAt: "Archived"
        case reason: "Reason for visit"
        case queue: "Queue"
        default: name.split(separator: "_").joined(separator: " ").capitalizedFirst
        }
    }
}
