import FrontdeskCore

/// Routing runs inside the consoles that are open, in one of them at a time: the one holding
/// `routing.lock` (an exclusive `flock`, released when its process ends, however it ends).
/// Every console tries for it on each tick, so when the routing console quits or dies
/// another takes over within a tick. With no console open, work simply waits.
extension Store {
    public static let routingLockName = "routing.lock"

    /// Whether this process routes now (taking the lock if it is free).
    public func isRouting() throws(StoreError) -> Bool {
        if routingLock == nil { routingLock = try CompactionLock.take(directory, name: Self.routingLockName) }
        return routingLock != nil
    }

    /// Gives routing up (a console quitting), so that another console takes it at once.
    public func stopRouting() {
        routingLock?.release()
        routingLock = nil
    }

    /// When this process routes: brings the desk up to date and carries out routing's
    /// decisions at `now`, each as the routing actor. A decision another writer made moot
    /// meanwhile (the record accepted, the agent gone Away) is refused by the domain and
    /// skipped. Returns how many were carried out.
    @discardableResult
    public func route(at now: Instant) throws -> Int {
        guard try isRouting() else { return 0 }
        try refresh()
        var done = 0
        for decision in desk.routingDecisions(at: now) {
            do {
                try perform(decision.command, by: Desk.routingActor, at: now)
                done += 1
            } catch is DomainError {
                continue
            }
        }
        return done
    }
}
