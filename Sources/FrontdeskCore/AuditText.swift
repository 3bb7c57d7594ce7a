/// The audit trail in words, with display names rather than stored tokens.
extension Desk {
    /// One entry as a line of the trail: "State: On Hold → Work in Progress",
    /// "Assigned to: — → Ana Lima", "Message received: “Is there an outage?”".
    public func auditText(_ entry: AuditEntry) -> String {
        if let source = entry.inferred { return inferredText(entry, from: source) }
        func agent(_ login: String?) -> String { auditValue(AuditField.assignedTo, login) ?? "—" }
        switch entry.change {
        case .created(let state): return "Created (\(state.display))"
        case .state(let from, let to): return "State: \(from.display) → \(to.display)"
        case .message(let text): return "Message received: “\(text)”"
        case .relatedTask(let text): return "Related task: \(text)"
        case .takeover(let owner, let supervisor): return "Taken over from \(agent(owner)) by supervisor \(agent(supervisor))"
        case .reopened(let reason): return "Reopened: \(reason)"
        case .caller(let address): return "Caller: \(address)"
        case .offer(let to): return "Offered to \(agent(to))"
        case .offerRejected(let offeredTo, let reason):
            // A supervisor answering for the agent is named as who did it.
            guard entry.by != offeredTo else { return "Offer rejected by \(agent(offeredTo)): \(reason)" }
            return "Offer to \(agent(offeredTo)) rejected by \(auditValue(AuditField.assignedTo, entry.by) ?? entry.by) for them: \(reason)"
        case .offerTimedOut(let offeredTo): return "Offer to \(agent(offeredTo)) timed out"
        case .rerouted: return "Offered again to everyone serving its queue"
        case .wrapUpCode(_, let code):
            return entry.by == Desk.routingActor ? "Wrap-up time ran out: \(code) applied by the system" : "Wrap-up code: \(code)"
        case .wrapUpNotes(let notes): return "Wrap-up notes: \(notes)"
        case .wrapUpDue(let owner): return "Wrap-up of their part due from \(agent(owner)) (transferred while working it)"
        case .reply(let id, let address):
            let to = ReplyAddress(written: address).map { " to \($0.channel) \($0.recipient)" } ?? " to the customer"
            return "Reply \(id) sent\(to) (queued for the gateway)"
        case .replyDelivered(let id): return "Reply \(id) delivered"
        case .replyFailed(let id, let reason): return "Reply \(id) failed: \(reason)"
        case .replyRetried(let id): return "Reply \(id) retried"
        case .called(let by, let desk): return "Called to \(desk) by \(agent(by))"
        case .assigned(let from, let to): return fieldText(AuditField.assignedTo, from, to)
        case .field(AuditField.walkUpNotice, _, let kind?): return "Walk-up message sent: \(kind.split(separator: "_").joined(separator: " "))"
        case .field(AuditField.survey, let id, "sent"): return "Satisfaction survey sent" + (id.map { " (reply \($0))" } ?? "")
        case .field(let name, let old, let new): return fieldText(name, old, new)
        }
    }

    /// "Assigned to: — → Ana Lima".
    private func fieldText(_ name: String, _ old: String?, _ new: String?) -> String {
        "\(AuditField.title(name)): \(auditValue(name, old) ?? "—") → \(auditValue(name, new) ?? "—")"
    }

    /// An entry made up on import says so, and whose name it took: "imported: accepted by
    /// Beth Anglin, inferred from sys_updated_by".
    private func inferredText(_ entry: AuditEntry, from source: AuditInference) -> String {
        let what: String
        switch entry.change {
        case .created(let state): what = "created (\(state.display))"
        case .state(_, let to):
            switch to {
            case .workInProgress: what = "accepted"
            case .onHold: what = "put On Hold"
            case .wrapUp: what = "moved to Wrap Up"
            case .closedComplete, .closedAbandoned: what = "closed (\(to.display))"
            case .new, .queued: what = "moved to \(to.display)"
            }
        default: what = auditText(AuditEntry(at: entry.at, by: entry.by, change: entry.change))
        }
        let who = auditValue(AuditField.assignedTo, entry.by) ?? "—"
        return "imported: \(what) by \(who), inferred from \(source.display)"
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
        case .onHold?: transferredTo = newValue(of: AuditField.assignedTo).flatMap { $0 == entry.by ? nil : $0 }
        case .queued?: transferredTo = newValue(of: AuditField.queue).map { "queue \($0)" }
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
        case .message: what = "a message arrived"
        case .assigned(_, let to): what = to.map { "assigned to \($0)" } ?? "returned to its queue"
        default: what = "\(AuditField.title(entry.change.field).lowercased()) changed"
        }
        return "\(what) by \(who) at \(when)"
    }

    /// Nil for no value; an empty one reads the same (ServiceNow's audit writes none as "").
    private func auditValue(_ field: String, _ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        switch field {
        case AuditField.assignedTo: return agents[value]?.displayName ?? value
        case AuditField.openedFor: return customers[value].map { "\($0.name) (\(value))" } ?? value
        case AuditField.queue: return queues[value]?.name ?? value
        case AuditField.stateReason: return StateReason(rawValue: value)?.display ?? value
        case AuditField.archivedAt: return Instant(parsing: value)?.serviceNowDateTime ?? value
        default: return value
        }
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
