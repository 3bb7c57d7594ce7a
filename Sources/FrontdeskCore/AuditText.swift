/// The audit trail in words, with display names rather than stored tokens.
extension Desk {
    /// One entry as a line of the trail: "State: On Hold → Work in Progress",
    /// "Assigned to: — → Ana Lima", "Message received: “Is there an outage?”".
    public func auditText(_ entry: AuditEntry) -> String {
        switch entry.change {
        case .created(let state):
            return "Created (\(state.display))"
        case .state(let from, let to):
            return "State: \(from.display) → \(to.display)"
        case .field(let name, let old, let new):
            switch name {
            case AuditField.message: return "Message received: “\(new ?? "")”"
            case AuditField.relatedTask: return "Related task: \(new ?? "")"
            case AuditField.takeover: return "Taken over from \(auditValue("assigned_to", old) ?? "—") by supervisor \(auditValue("assigned_to", new) ?? "—")"
            case AuditField.reopenReason: return "Reopened: \(new ?? "")"
            case AuditField.caller: return "Caller: \(new ?? "")"
            case AuditField.offer: return "Offered to \(auditValue("assigned_to", new) ?? "—")"
            case AuditField.offerRejected:
                let offeredTo = auditValue("assigned_to", old) ?? "—"
                // A supervisor answering for the agent is named as who did it.
                guard let old, entry.by != old else { return "Offer rejected by \(offeredTo): \(new ?? "")" }
                return "Offer to \(offeredTo) rejected by \(auditValue("assigned_to", entry.by) ?? entry.by) for them: \(new ?? "")"
            case AuditField.wrapUpCode:
                return entry.by == Desk.routingActor ? "Wrap-up time ran out: \(new ?? "") applied by the system" : "Wrap-up code: \(new ?? "")"
            case AuditField.wrapUpNotes: return "Wrap-up notes: \(new ?? "")"
            case AuditField.wrapUpDue: return "Wrap-up of their part due from \(auditValue("assigned_to", new) ?? "—") (transferred while working it)"
            case AuditField.reply:
                let to = ReplyAddress(written: old).map { " to \($0.channel) \($0.recipient)" } ?? " to the customer"
                return "Reply \(new ?? "") sent\(to) (queued for the gateway)"
            case AuditField.replyDelivered: return "Reply \(new ?? "") delivered"
            case AuditField.replyFailed: return "Reply \(old ?? "") failed: \(new ?? "")"
            case AuditField.replyRetried: return "Reply \(new ?? "") retried"
            case AuditField.offerTimedOut: return "Offer to \(auditValue("assigned_to", old) ?? "—") timed out"
            case AuditField.rerouted: return "Offered again to everyone serving its queue"
            default:
                return "\(AuditField.title(name)): \(auditValue(name, old) ?? "—") → \(auditValue(name, new) ?? "—")"
            }
        }
    }

    /// Who did what, short, for a refusal: "accepted by cara at 09:05".
    func describe(_ last: AuditEntry, of r: Interaction) -> String {
        // One action writes several entries at once (accept: state, then assigned to); the
        // state change among them says best what happened.
        let entry = r.history.last { $0.at == last.at && $0.by == last.by && $0.change.stateChange != nil } ?? last
        // Work notes are not audit entries; a note newer than the trail was the change.
        if let note = r.workNotes.last, note.at >= entry.at {
            return "work note added by \(note.author) at \(note.at.timeOfDay)"
        }
        let who = agents[entry.by]?.login ?? entry.by
        let when = entry.at.timeOfDay
        // A transfer is a state change beside a new assignee or queue: say where it went.
        let together = r.history.reversed().prefix { $0.at == last.at && $0.by == last.by }
        func newValue(of field: String) -> String? { together.first { $0.change.field == field }?.change.newValue }
        let transferredTo: String?
        switch entry.change.stateChange?.to {
        case .onHold?: transferredTo = newValue(of: "assigned_to").flatMap { $0 == entry.by ? nil : $0 }
        case .queued?: transferredTo = newValue(of: "queue").map { "queue \($0)" }
        default: transferredTo = nil
        }
        let what: String
        switch entry.change {
        case .created: what = "created"
        case .state where transferredTo != nil: what = "transferred to \(transferredTo ?? "")"
        case .state(let from, let to):
            switch to {
            case .workInProgress: what = from == .onHold && r.assignedTo == entry.by ? "resumed" : "accepted"
            case .onHold: what = "put on hold"
            case .wrapUp: what = "conversation ended"
            case .closedComplete: what = "closed complete"
            case .closedAbandoned: what = "closed abandoned"
            default: what = "moved to \(to.display)"
            }
        case .field(let name, _, let new):
            switch name {
            case AuditField.message: what = "a message arrived"
            case "assigned_to": what = new.map { "assigned to \($0)" } ?? "returned to its queue"
            default: what = "\(AuditField.title(name).lowercased()) changed"
            }
        }
        return "\(what) by \(who) at \(when)"
    }

    /// Nil for no value; an empty one reads the same (ServiceNow's audit writes none as "").
    private func auditValue(_ field: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        switch field {
        case "assigned_to": return agents[value]?.displayName ?? value
        case "opened_for": return customers[value].map { "\($0.name) (\(value))" } ?? value
        case "queue": return queues[value]?.name ?? value
        case "state_reason": return StateReason(rawValue: value)?.display ?? value
        case "archived_at": return Instant(parsing: value)?.serviceNowDateTime ?? value
        default: return value
        }
    }
}

/// Audit field names beyond the record's own columns.
public enum AuditField {
    /// A customer's message joined the record (it was On Hold, in Wrap Up, or in progress).
    public static let message = "message"
    /// A related task was created from the record.
    public static let relatedTask = "related_task"
    /// A supervisor acted on another agent's record: old is the owner, new the supervisor.
    public static let takeover = "takeover"
    /// Who called or chatted, when they were not (yet) a customer: a number or a handle.
    public static let caller = "caller"
    /// Why a supervisor reopened a closed record.
    public static let reopenReason = "reopen_reason"
    /// An agent's public reply went to the outbox: old is where to (`sms:+44…`), new its id.
    public static let reply = "reply"
    /// The gateway delivered a reply: new is its id.
    public static let replyDelivered = "reply_delivered"
    /// The gateway could not deliver a reply: old is its id, new the gateway's reason.
    public static let replyFailed = "reply_failed"
    /// A failed reply went back to the outbox: new is its id.
    public static let replyRetried = "reply_retried"

    static func title(_ name: String) -> String {
        switch name {
        case "assigned_to": "Assigned to"
        case "opened_for": "Opened for"
        case "short_description": "Short description"
        case "state_reason": "State reason"
        case "archived_at": "Archived"
        case "queue": "Queue"
        default: name.split(separator: "_").joined(separator: " ").capitalizedFirst
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
