/// Who may do what. An agent acts on records assigned to them (which includes records
/// transferred to them) and on records waiting, unassigned, in a queue they serve. A
/// supervisor acts on any record; acting on someone else's is audited as a takeover.
/// Changing the directory and the desk's settings is for supervisors.
extension Desk {
    /// Checks that `actor` may `operation` `r`; returns the owner a supervisor is taking the
    /// record from, if any.
    func authorize(_ actor: String, _ operation: String, on r: Interaction) throws(DomainError) -> String? {
        guard let agent = actingAgent(actor) else { throw notAnAgent(actor, "\(operation) \(r.number)") }
        if let owner = r.assignedTo {
            if owner == actor { return nil }
            if agent.isSupervisor { return owner }
            throw .notOwner(number: r.number, operation: operation, owner: owner, ownerName: agents[owner]?.displayName ?? owner, actor: actor)
        }
        if agent.isSupervisor { return nil }
        guard let queue = r.queue, !agent.queues.contains(queue) else { return nil }
        throw .notInQueue(number: r.number, operation: operation, queue: queue, actor: actor)
    }

    public func requireSupervisor(_ actor: String, to operation: String) throws(DomainError) {
        guard let agent = actingAgent(actor) else { throw notAnAgent(actor, operation) }
        guard agent.isSupervisor else { throw .supervisorOnly(operation: operation, actor: actor) }
    }

    public func isGateway(_ login: String) -> Bool { config.gatewayActors.contains(login) }

    /// The agent `login` acts as, or nil. A gateway login never acts as an agent, even in a
    /// store written before `requireSeparateLogins` (anyone may act as a gateway); a disabled
    /// agent acts as nobody.
    public func actingAgent(_ login: String) -> Agent? {
        guard !isGateway(login), let agent = agents[login], !agent.disabled else { return nil }
        return agent
    }

    /// The refusal of `actor`, who is no agent, where only an agent may `operation`: a gateway
    /// is named as one, and so is a disabled agent.
    func notAnAgent(_ actor: String, _ operation: String) -> DomainError {
        if isGateway(actor) { return .gatewayIsNotAnAgent(login: actor, operation: operation) }
        if agents[actor]?.disabled == true { return .agentDisabled(login: actor, operation: operation) }
        return .notAnAgent(login: actor, operation: operation)
    }

    /// Open records assigned to `login`, in number order: what they must hand on before
    /// they are disabled.
    public func openRecords(of login: String) -> [String] {
        interactions.positions { $0.assignedTo == login && $0.state.isOpen }.map(interactions.number(at:))
    }

    /// The rule between the two kinds of login: none is both a gateway and an agent. Anyone
    /// may act as a gateway (`--agent sms`), so a gateway that were also an agent would let
    /// anyone do that agent's work under its name. Asked of every change before it is made
    /// (`plan`, and an import's directory): a change that adds an agent whose login is a
    /// gateway (`agent add`, self-registration, a store's first supervisor, an import), or
    /// that names as gateways logins that are agents, is refused.
    public func requireSeparateLogins(after changes: ChangeSet) throws(DomainError) {
        let gateways = changes.config?.gatewayActors ?? config.gatewayActors
        for agent in changes.agents where agents[agent.login] == nil && gateways.contains(agent.login) {
            throw .gatewayAndAgent(login: agent.login, becoming: .agent)
        }
        for login in gateways where !config.gatewayActors.contains(login)
            && (agents[login] != nil || changes.agents.contains { $0.login == login }) {
            throw .gatewayAndAgent(login: login, becoming: .gateway)
        }
    }

    /// Whether anyone supervises this desk yet.
    public var hasSupervisor: Bool { agents.values.contains { $0.isSupervisor } }

    /// The agents at work on the desk, by login: disabled ones are left out (the board, routing,
    /// `agent list`).
    public var enabledAgents: [Agent] { agents.values.filter { !$0.disabled }.sorted { $0.login < $1.login } }

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
        let entry = AuditEntry(at: now, by: actor, change: .takeover(owner: owner, supervisor: actor))
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
