/// Who may do what. An agent acts on records assigned to them (which includes records
/// transferred to them) and on records waiting, unassigned, in a queue they serve. A
/// supervisor acts on any record; acting on someone else's is audited as a takeover.
/// Changing the directory and the desk's settings is for supervisors.
extension Desk {
    /// Checks that `actor` may `operation` `r`; returns the owner a supervisor is taking the
    /// record from, if any.
    func authorize(_ actor: String, _ operation: String, on r: Interaction) throws(DomainError) -> String? {
        guard let agent = agents[actor] else { throw .notAnAgent(login: actor, operation: "\(operation) \(r.number)") }
        if let owner = r.assignedTo {
            if owner == actor { return nil }
            if agent.isSupervisor { return owner }
            throw .notOwner(number: r.number, operation: operation, owner: owner, ownerName: agents[owner]?.displayName ?? owner, actor: actor)
        }
        if agent.isSupervisor { return nil }
        guard let queue = r.queue, !agent.queues.contains(queue) else { return nil }
        throw .notInQueue(number: r.number, operation: operation, queue: queue, actor: actor)
    }

    func requireSupervisor(_ actor: String, to operation: String) throws(DomainError) {
        guard agents[actor]?.isSupervisor == true else { throw .supervisorOnly(operation: operation, actor: actor) }
    }

    /// Whether anyone supervises this desk yet.
    public var hasSupervisor: Bool { agents.values.contains { $0.isSupervisor } }

    /// The logins nearest to `typed`, for a refusal that offers them.
    public func similarLogins(to typed: String, limit: Int = 5) -> [String] {
        let wanted = typed.lowercased()
        func distance(_ a: String) -> Int {
            let s = Array(a.lowercased()), t = Array(wanted)
            var row = Array(0...t.count)
            for i in 1...max(1, s.count) where !s.isEmpty {
                var previous = row[0]
                row[0] = i
                for j in stride(from: 1, through: t.count, by: 1) {
                    let current = row[j]
                    row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (s[i - 1] == t[j - 1] ? 0 : 1))
                    previous = current
                }
            }
            return s.isEmpty ? t.count : row[t.count]
        }
        return agents.keys.map { ($0, distance($0) - ($0.lowercased().hasPrefix(wanted.prefix(2)) ? 1 : 0)) }
            .filter { $0.1 <= max(1, wanted.count / 3) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(limit).map(\.0)
    }
}

extension ChangeSet {
    /// Puts a takeover on the trail of `original`'s new version, first among the entries this
    /// command adds, when a supervisor acted on another agent's record.
    mutating func noteTakeover(of original: Interaction, from owner: String?, by actor: String, at now: Instant) {
        guard let owner, let i = interactions.firstIndex(where: { $0.number == original.number }) else { return }
        let entry = AuditEntry(at: now, by: actor, change: .field(name: AuditField.takeover, old: owner, new: actor))
        interactions[i].history.insert(entry, at: min(original.history.count, interactions[i].history.count))
    }
}

extension RecordTransition {
    /// The verb of a refusal: "accept", "put on hold"…
    var verb: String {
        switch self {
        case .accept: RecordAction.accept.verb
        case .hold: RecordAction.hold.verb
        case .resume: RecordAction.resume.verb
        case .transfer: RecordAction.transfer.verb
        case .endConversation: RecordAction.endConversation.verb
        case .complete: RecordAction.complete.verb
        case .abandon: RecordAction.abandon.verb
        case .reopen: RecordAction.reopen.verb
        case .archive: "archive"
        case .submitWrapUp: "wrap up"
        }
    }
}
