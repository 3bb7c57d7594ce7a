import FrontdeskBackend
import FrontdeskCore

/// An interaction as scripts see it: the `--json` shape of `frontdesk show` and `list`,
/// and each line of a JSON Lines export. Timers are computed at `now`.
public struct RecordSummary: Codable, Equatable, Sendable {
    public struct Task: Codable, Equatable, Sendable {
        public var number: String
        public var kind: String
        public var state: String
        public var short_description: String
    }

    public struct Segment: Codable, Equatable, Sendable {
        public var agent: String
        public var code: String
        public var notes: String
        public var seconds: Int64
        public var by_system: Bool
    }

    public struct Note: Codable, Equatable, Sendable {
        public var author: String
        public var at: String
        public var text: String
    }

    /// One entry of the audit trail: the stored field and values, and the same in words, as
    /// `frontdesk show` prints it.
    public struct AuditLine: Codable, Equatable, Sendable {
        public var at: String
        public var by: String
        public var field: String
        public var old: String?
        public var new: String?
        public var text: String
        /// Only on an entry made up on import: what its author was taken from (`sys_created_by`, …).
        public var inferred: String?
    }

    /// One line of the conversation: the customer's message (`in`) or an agent's public reply
    /// (`out`, with its outbox id and delivery).
    public struct Message: Codable, Equatable, Sendable {
        public var at: String
        public var direction: String
        public var from: String
        public var from_name: String
        public var text: String
        public var id: String?
        public var status: String?
        public var reason: String?
        public var attempt: Int?
    }

    public var number: String
    public var type: String
    public var state: String
    public var state_reason: String?
    public var opened_for: String?
    public var opened_for_name: String?
    public var channel_user_profile: String?
    /// The caller's number or chat handle, or the messaging sender's address: kept whether or
    /// not the contact was matched to a customer.
    public var caller: String?
    public var assigned_to: String?
    public var queue: String?
    public var short_description: String
    public var opened_at: String
    public var accepted_at: String?
    public var closed_at: String?
    public var archived_at: String?
    public var wait_time_seconds: Int64
    public var duration_seconds: Int64
    public var hold_time_seconds: Int64
    public var wrap_up_seconds: Int64
    /// The wrap-up's code and notes, and whether the system applied the default code.
    public var wrap_up_code: String?
    public var wrap_up_notes: String?
    public var wrap_up_by_system: Bool
    /// Every agent's wrap-up (after a transfer each wraps up their own part).
    public var wrap_up_segments: [Segment]
    public var related_tasks: [Task]
    public var work_notes: [Note]
    public var conversation: [Message]
    public var version: Int
    /// The audit trail, oldest first: `show --json` only (lists and exports leave it out).
    public var audit_trail: [AuditLine]?
    /// The schema's `.plain` fields as text ("" when empty), by column: written as keys of
    /// their own beside the others (`encode`), so a new field needs no edit here.
    public var plain_fields: [String: String]?

    public init(_ r: Interaction, in desk: Desk, at now: Instant, withAuditTrail: Bool = false) throws {
        let timers = r.timers(at: now)
        number = r.number
        type = r.type.rawValue
        state = r.state.rawValue
        state_reason = r.stateReason?.rawValue
        opened_for = r.openedFor
        opened_for_name = r.openedFor.flatMap { desk.customers[$0]?.name }
        channel_user_profile = r.channelUserProfile
        caller = desk.callerAddress(of: r)
        assigned_to = r.assignedTo
        queue = r.queue
        short_description = r.shortDescription
        opened_at = r.openedAt.iso8601
        accepted_at = r.acceptedAt?.iso8601
        closed_at = r.closedAt?.iso8601
        archived_at = r.archivedAt?.iso8601
        wait_time_seconds = timers.wait
        duration_seconds = timers.duration
        hold_time_seconds = timers.hold
        wrap_up_seconds = timers.wrapUp
        let wrap = r.wrapUpOutcome
        wrap_up_code = wrap?.code
        wrap_up_notes = wrap?.notes
        wrap_up_by_system = wrap?.bySystem ?? false
        wrap_up_segments = r.wrapUpSegments.map { Segment(agent: $0.agent, code: $0.code, notes: $0.notes, seconds: $0.seconds, by_system: $0.bySystem) }
        related_tasks = try r.relatedTasks.map { number in
            let task = try desk.task(anywhere: number)
            return Task(number: number, kind: task?.kind.rawValue ?? "", state: task?.state.rawValue ?? "",
                        short_description: task?.shortDescription ?? "")
        }
        // Kept from ServiceNow: its number (or sys_id), its table as the kind, no state of its own here.
        related_tasks += r.keptRelated.map { Task(number: $0.shown, kind: $0.table, state: "", short_description: "") }
        work_notes = r.workNotes.map { Note(author: $0.author, at: $0.at.iso8601, text: $0.text) }
        conversation = r.transcript.map { line in
            // An agent's line imported from ServiceNow's comments is a reply too, without an outbox id.
            let fromAgent = line.isReply || desk.agents[line.from] != nil
            var m = Message(at: line.at.iso8601, direction: fromAgent ? "out" : "in", from: line.from,
                            from_name: desk.senderName(line.from), text: line.text)
            if let id = line.id {
                let status = r.deliveryStatus(of: id)
                m.id = id
                m.status = status.word
                if case let .failed(reason, _) = status { m.reason = reason }
                if case let .queued(attempt) = status { m.attempt = attempt }
            }
            return m
        }
        version = r.version
        let plain = InteractionSchema.plainFields
        if !plain.isEmpty {
            plain_fields = Dictionary(plain.compactMap { f in f.plain.map { ($0.column, f.text(of: r)) } }, uniquingKeysWith: { a, _ in a })
        }
        if withAuditTrail {
            audit_trail = r.history.map { entry in
                AuditLine(at: entry.at.iso8601, by: entry.by, field: entry.change.field, old: entry.change.oldValue,
                          new: entry.change.newValue, text: desk.auditText(entry), inferred: entry.inferred?.rawValue)
            }
        }
    }

    /// Null optionals are written as `null`, so every key is always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        try c.encode(type, forKey: .type)
        try c.encode(state, forKey: .state)
        try c.encode(state_reason, forKey: .state_reason)
        try c.encode(opened_for, forKey: .opened_for)
        try c.encode(opened_for_name, forKey: .opened_for_name)
        try c.encode(channel_user_profile, forKey: .channel_user_profile)
        try c.encode(caller, forKey: .caller)
        try c.encode(assigned_to, forKey: .assigned_to)
        try c.encode(queue, forKey: .queue)
        try c.encode(short_description, forKey: .short_description)
        try c.encode(opened_at, forKey: .opened_at)
        try c.encode(accepted_at, forKey: .accepted_at)
        try c.encode(closed_at, forKey: .closed_at)
        try c.encode(archived_at, forKey: .archived_at)
        try c.encode(wait_time_seconds, forKey: .wait_time_seconds)
        try c.encode(duration_seconds, forKey: .duration_seconds)
        try c.encode(hold_time_seconds, forKey: .hold_time_seconds)
        try c.encode(wrap_up_seconds, forKey: .wrap_up_seconds)
        try c.encode(wrap_up_code, forKey: .wrap_up_code)
        try c.encode(wrap_up_notes, forKey: .wrap_up_notes)
        try c.encode(wrap_up_by_system, forKey: .wrap_up_by_system)
        try c.encode(wrap_up_segments, forKey: .wrap_up_segments)
        try c.encode(related_tasks, forKey: .related_tasks)
        try c.encode(work_notes, forKey: .work_notes)
        try c.encode(conversation, forKey: .conversation)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(audit_trail, forKey: .audit_trail)
        if let plain_fields {
            var plain = encoder.container(keyedBy: Interaction.FieldKey.self)
            for (column, text) in plain_fields { try plain.encode(text, forKey: .init(stringValue: column)) }
        }
    }
}
