import FrontdeskCore

/// Routing runs inside the consoles that are open, in one of them at a time: the one holding
/// `routing.lock` (an exclusive `flock`, released when its process ends, however it ends).
/// Every console tries for it on each tick, so when the routing console quits or dies
/// another takes over within a tick. With no console open, work simply waits.
extension Store {
    public static let routingLockName = "routing.lock"

    /// Whether this process routes now (taking the lock if it is free). A store this user
    /// cannot write (a read-only console) never routes.
    public func isRouting() -> Bool {
        (try? takeRouting()) ?? false
    }

    /// Whether this process routes now (taking the lock if it is free): false only when
    /// another process holds `routing.lock`. When the lock cannot be opened at all (a
    /// `routing.lock` this user may not write, a link in its place) that is thrown, naming it,
    /// not taken for another process routing.
    public func takeRouting() throws(StoreError) -> Bool {
        if routingLock == nil { routingLock = try CompactionLock.take(directory, name: Self.routingLockName) }
        return routingLock != nil
    }

    /// Gives routing up (a console quitting), so that another console takes it at once.
    public func stopRouting() {
        routingLock?.release()
        routingLock = nil
    }

    /// When this process routes: carries out routing's decisions at `now` against the desk as
    /// it is under the writers' lock, as the routing actor, in two journal lines at most (the
    /// offers that timed out and the wrap-ups whose time ran out, then the new offers; a
    /// record changes once in each). A decision
    /// another writer made moot meanwhile (the record accepted, the agent gone Away) is refused
    /// by the domain and left out. Returns how many were carried out.
    @discardableResult
    public func route(at now: Instant) throws -> Int {
        guard isRouting() else { return 0 }
        try refresh()
        let decisions = desk.routingDecisions(at: now)
        var done = 0
        for part in [decisions.filter { if case .offer = $0 { false } else { true } },
                     decisions.filter { if case .offer = $0 { true } else { false } }] {
            var commands = part.map(\.command)
            while !commands.isEmpty {
                do {
                    try performBatch(by: Desk.routingActor, at: now) { desk in try desk.planAll(commands, by: Desk.routingActor, at: now) }
                    done += commands.count
                    break
                } catch let refusal as BatchRefusal {
                    commands.remove(at: refusal.index)
                }
            }
        }
        return done
    }
}
