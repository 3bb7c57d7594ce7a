/// Planning routing's commands: offering a waiting record, an offer timing out, an agent
/// rejecting one. Accepting an offer is the ordinary accept (see `planTransition`).
extension Desk {
    /// Routing itself, or a supervisor routing by hand.
    private func requireRouter(_ actor: String, to operation: String) throws(DomainError) {
        if actor != Self.routingActor { try requireSupervisor(actor, to: operation) }
    }

    private func offered(_ r: Interaction) -> ChangeSet {
        var changes = ChangeSet()
        changes.put(r)
        return changes
    }

    func planOffer(_ number: String, to login: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        try requireRouter(actor, to: "offer work to agents")
        var r = try record(number, nil)
        guard r.isWaiting else { throw .offer(number: number, why: "only a New record waiting in a queue can be offered (current state: \(r.state.display))") }
        if let pending = r.pendingOffer { throw .offer(number: number, why: "it is already offered to \(pending.agent)") }
        guard let agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
        if agent.disabled { throw .agentDisabled(login: login, operation: "offer \(number) to \(login)") }
        guard agent.presence == .available else { throw .offer(number: number, why: "\(login) is \(agent.presence.display)") }
        if let queue = r.queue, !agent.queues.contains(queue) { throw .offer(number: number, why: "\(login) does not serve \(queue)") }
        guard (load(of: login)[r.type] ?? 0) < capacity(of: agent, for: r.type) else {
            throw .offer(number: number, why: "\(login) has no free \(r.type.display) capacity")
        }
        r.history.append(AuditEntry(at: now, by: actor, change: .offer(agent: login)))
        r.version += 1
        return CommandResult(changes: offered(r), subject: number, summary: "\(number) offered to \(login)")
    }

    func planOfferTimeout(_ number: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        try requireRouter(actor, to: "time out offers")
        var r = try record(number, nil)
        guard let pending = r.pendingOffer else { throw .offer(number: number, why: "it has no offer waiting for an answer") }
        guard offerHasLapsed(pending, at: now) else {
            throw .offer(number: number, why: "its offer to \(pending.agent) has \(config.routing.offerTimeoutSeconds - pending.at.seconds(until: now)) s left")
        }
        r.history.append(AuditEntry(at: now, by: actor, change: .offerTimedOut(agent: pending.agent)))
        r.version += 1
        var changes = offered(r)
        var summary = "\(number): the offer to \(pending.agent) timed out"
        if var agent = agents[pending.agent], agent.presence == .available {
            // Offers missed in a row set the agent Away: they are not at the desk.
            agent.missedOffers += 1
            if config.routing.timeoutsToAway > 0, agent.missedOffers >= config.routing.timeoutsToAway {
                agent.setPresence(.away, by: actor, at: now)
                summary += "; \(agent.login) missed \(agent.missedOffers) offers in a row and is now Away"
            }
            changes.agents = [agent]
        }
        return CommandResult(changes: changes, subject: number, summary: summary)
    }

    func planReroute(_ number: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        try requireRouter(actor, to: "route work again")
        var r = try record(number, nil)
        guard r.isWaiting else { throw .offer(number: number, why: "only a record waiting in a queue can be routed again (current state: \(r.state.display))") }
        if let pending = r.pendingOffer { throw .offer(number: number, why: "it is offered to \(pending.agent) now") }
        r.history.append(AuditEntry(at: now, by: actor, change: .rerouted))
        r.version += 1
        return CommandResult(changes: offered(r), subject: number,
                             summary: "\(number) is offered again to everyone serving \(r.queue ?? "its queue"), those who declined it included")
    }

    func planRejectOffer(_ number: String, reason: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var r = try record(number, nil)
        guard let pending = r.pendingOffer else { throw .offer(number: number, why: "it has no offer waiting for an answer") }
        guard pending.agent == actor || actingAgent(actor)?.isSupervisor == true else {
            throw .offer(number: number, why: "it is offered to \(pending.agent), not to \(actor)")
        }
        let clean = reason.trimmedWhitespace
        let reasons = config.routing.rejectReasons
        guard !clean.isEmpty, reasons.isEmpty || reasons.contains(clean) else {
            throw .invalidValue(field: "reason for rejecting", value: clean, allowed: reasons.isEmpty ? ["any reason"] : reasons)
        }
        r.history.append(AuditEntry(at: now, by: actor, change: .offerRejected(agent: pending.agent, reason: clean)))
        r.version += 1
        var changes = offered(r)
        if var agent = agents[pending.agent], agent.missedOffers > 0 {
            agent.missedOffers = 0
            changes.agents = [agent]
        }
        return CommandResult(changes: changes, subject: number, summary: "\(number): offer rejected (\(clean))")
    }
}
