/// Planning replies and what the gateway says of them (see `Replies.swift`).
extension Desk {
    func planReply(_ number: String, text: String, by actor: String, at now: Instant,
                   counters: inout Counters) throws(DomainError) -> CommandResult {
        let original = try record(number, nil)
        let takenFrom = try authorize(actor, "reply to the customer of", on: original)
        guard original.state.isOpen else {
            throw .recordClosed(number: number, state: original.state, operation: "reply to the customer of")
        }
        guard original.state != .new, original.state != .queued else {
            throw .reply(subject: number, why: "accept it first: replies come from the agent working the contact (current state: \(original.state.display))")
        }
        guard let address = replyAddress(of: original) else {
            throw .reply(subject: number, why: original.type == .phone || original.type == .walkUp
                ? "a \(original.type.display) contact has no channel to answer through; add a work note instead"
                : "it has no sender to answer (no channel user profile, chat handle or customer)")
        }
        // Kept exactly as typed: an agent's text goes out as written.
        let clean = text.givenText
        guard !clean.isEmpty else { throw .emptyText(field: "reply") }
        guard clean.count <= Replies.maxLength else {
            throw .reply(subject: number, why: "a reply is at most \(Replies.maxLength) characters (this one has \(clean.count))")
        }
        if let name = Templates.unfilled(in: clean).first {
            throw .reply(subject: number, why: "the reply still holds {{\(name)}}: \(number) has no value for it; write it in")
        }
        var r = original
        let id = counters.next(.reply)
        r.transcript.append(TranscriptLine(from: actor, at: now, text: clean, id: id))
        r.history.append(AuditEntry(at: now, by: actor, change: .reply(id: id, address: address.written)))
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        changes.noteTakeover(of: original, from: takenFrom, by: actor, at: now)
        return CommandResult(changes: changes, subject: id,
                             summary: "\(number): reply \(id) queued for \(address.channel) \(address.recipient)")
    }

    /// The gateway delivered reply `id`. Saying so twice changes nothing (a gateway that
    /// crashed before its ack was written sends and acks again).
    func planReplyDelivered(_ id: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var r = try replyRecord(id)
        if case let .delivered(at) = r.deliveryStatus(of: id) {
            return CommandResult(changes: ChangeSet(), subject: id, summary: "\(id) was already delivered (\(at.iso8601))")
        }
        r.history.append(AuditEntry(at: now, by: actor, change: .replyDelivered(id: id)))
        return replyChange(r, id, "\(id) delivered (\(r.number))")
    }

    func planReplyFailed(_ id: String, reason: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var r = try replyRecord(id)
        let why = reason.trimmedWhitespace
        guard !why.isEmpty else { throw .emptyText(field: "reason") }
        switch r.deliveryStatus(of: id) {
        case .delivered(let at):
            throw .reply(subject: id, why: "it was delivered at \(at.iso8601); a delivered reply cannot fail")
        case .failed(let already, _) where already == why:
            return CommandResult(changes: ChangeSet(), subject: id, summary: "\(id) had already failed: \(why)")
        default:
            r.history.append(AuditEntry(at: now, by: actor, change: .replyFailed(id: id, reason: why)))
            return replyChange(r, id, "\(id) failed (\(r.number)): \(why)")
        }
    }

    /// An agent sends a failed reply again: back in the outbox, same id, next attempt. Allowed
    /// on a record closed since: the customer is still owed the answer.
    func planRetryReply(_ id: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        let original = try replyRecord(id)
        let takenFrom = try authorize(actor, "retry a reply on", on: original)
        guard case .failed = original.deliveryStatus(of: id) else {
            throw .reply(subject: id, why: "only a failed reply can be retried (it is \(original.deliveryStatus(of: id).word))")
        }
        var r = original
        r.history.append(AuditEntry(at: now, by: actor, change: .replyRetried(id: id)))
        var result = replyChange(r, id, "\(id) queued again (\(r.number))")
        result.changes.noteTakeover(of: original, from: takenFrom, by: actor, at: now)
        return result
    }

    private func replyRecord(_ id: String) throws(DomainError) -> Interaction {
        guard let r = record(holdingReply: id) else { throw .notFound(kind: "reply", key: id) }
        return r
    }

    private func replyChange(_ record: Interaction, _ id: String, _ summary: String) -> CommandResult {
        var r = record
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: id, summary: summary)
    }
}
