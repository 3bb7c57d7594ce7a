import FrontdeskCore

/// Routing runs inside the consoles that are open, in one of them at a time: the one holding
/// `routing.lock` (an exclusive `flock`, released when its process ends, however it ends).
/// Every console tries for it on each tick, so when the routing console quits or dies
/// another takes over within a tick. With no console open, work simply waits.
extension Store {
    public static let routingLockName = "routing.lock"

    /// Whether this process routes now (taking the lock if it is free). A store this user
    /// cannot write (a read-only console) never routes.
    public func takeRouting() throws(StoreError) -> Bool {
        if routingLock == nil { routingLock = try CompactionLock.take(directory, name: Self.routingLockName) }
        return routingLock != nil
    }

    /// Gives routing up (a console quitting), so that another console takes it at once.
    public func stopRouting() {
        routingLock?.release()
        routingLock = nil
    }
}
