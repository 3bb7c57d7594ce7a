import Foundation

/// Where what is read beside the working set (history's rows, channel profiles) is read, one
/// query at a time. A console or `serve` reads these off the thread that writes, while the
/// store's own connection may be in a writer's transaction: history and profiles get a
/// connection each, opened when first used. A command runs on one thread: it shares the store's connection
/// and spares a second connection's opening (8 ms with a password over TCP) on the commands
/// that read a profile or history.
final class PostgresSideConnection: @unchecked Sendable {
    /// Used only inside `locked` (its callers hold the lock for a query and what it fills in).
    let session: PostgresSession
    private let lock = NSLock()

    init(location: PostgresLocation) {
        session = PostgresSession(location: location)
    }

    /// Reads on `session`, the store's own: only for a store used from one thread at a time.
    init(sharing session: PostgresSession) {
        self.session = session
    }

    /// Runs `body` alone on the connection.
    func locked<T>(_ body: (PostgresSession) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(session)
    }
}
