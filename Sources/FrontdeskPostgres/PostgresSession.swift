import Foundation
import FrontdeskBackend
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to the desk's database, used synchronously: Frontdesk's commands and the
/// console's tick are plain sequential code, so each query waits for its answer on the
/// shared event loop. A connection that drops is opened again on the next query, trying the
/// URL's hosts in order (a primary that changed is found the same way); a query that met a
/// dropped connection throws `unreachable` and is never retried behind the caller's back,
/// because only the caller knows whether what it sent committed. (A transaction's BEGIN is
/// the one exception: nothing was sent before it, so it is sent again once on a new
/// connection when the old one turns out to have died while idle.)
///
/// Nothing waits forever: connecting gives up after `connectTimeout`, and a query with no
/// answer after `queryTimeout` (a server gone silent, a network cut without a reset) closes
/// the connection, which fails the query as `unreachable`.
final class PostgresSession {
    let location: PostgresLocation
    private var connection: PostgresConnection?
    private let logger: Logger = {
        var logger = Logger(label: "frontdesk.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()
    /// Set by the server's NOTIFY on `channel` (see `listen`), and when the connection drops
    /// (so a waiting console wakes, reconnects and catches up on its next refresh).
    let changes = ChangeSignal()
    private var listening = false
    static let channel = "frontdesk_changes"

    /// How long opening a connection may take before the host counts as unreachable: the
    /// URL's `connect_timeout`, else libpq's default as `PostgresLocation` reads it.
    var connectTimeout: TimeAmount
    /// How long a statement may go without an answer before the connection is given up. Far
    /// above any statement's own time (a writer waits `lockTimeout` for the lock, enforced by
    /// the server): it only ends waits for a server that will never answer.
    var queryTimeout: TimeAmount = .seconds(120)
    /// Connections opened so far: a new one holds none of the old one's session locks.
    private(set) var connectionsOpened = 0
    /// Seconds spent opening connections (the socket and authentication), all of them.
    private(set) var connectSeconds = 0.0
    /// Session-level advisory locks taken on the current connection (released by the server
    /// when a connection dies, so forgotten here when it does).
    private var heldLocks: Set<Int64> = []
    /// The last query was given up for want of an answer (says so in the error).
    private var timedOut = false
    /// Between `transaction`'s BEGIN and its end.
    private(set) var inTransaction = false

    init(location: PostgresLocation) {
        self.location = location
        connectTimeout = location.connectTimeout
    }

    deinit {
        if let connection { try? connection.close().wait() }
    }

    /// The open connection, opening one (each of the URL's hosts in turn) when there is none.
    /// A new connection listens again when this session listened.
    func connected() throws(StoreError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        dropConnection()
        let start = PostgresTiming.now()
        defer { connectSeconds += PostgresTiming.now() - start }
        var problems: [String] = []
        for (var configuration, endpoint) in zip(location.configurations, location.endpoints) {
            configuration.options.connectTimeout = connectTimeout
            do {
                let opened = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                            configuration: configuration, id: 1, logger: logger).wait()
                // target_session_attrs: a standby (or a read-only server) is passed over for the next host.
                if let passOver = location.refusal(of: opened, at: endpoint, logger: logger) {
                    try? opened.close().wait()
                    problems.append(passOver)
                    continue
                }
                connection = opened
                connectionsOpened += 1
                // A waiting console learns at once that its connection is gone.
                let signal = changes
                opened.closeFuture.whenComplete { _ in signal.raise() }
                if listening { try startListening(on: opened) }
                return opened
            } catch let error as StoreError {
                throw error
            } catch {
                problems.append(Self.describe(error))
            }
        }
        throw StoreError.unreachable(store: location.display, problem: problems.joined(separator: "; "))
    }

    /// Runs one statement and returns its rows. `operation` names it in an error ("save the change").
    @discardableResult
    func query(_ query: PostgresQuery, _ operation: String) throws(StoreError) -> [PostgresRow] {
        let connection = try connected()
        do {
            return Array(try answer(connection.query(query, logger: logger), on: connection).rows)
        } catch {
            throw failure(error, operation)
        }
    }

    /// Waits for `future`, closing the connection when no answer comes within `queryTimeout`
    /// (the closed connection fails the future).
    private func answer<T: Sendable>(_ future: EventLoopFuture<T>, on connection: PostgresConnection) throws -> T {
        let gaveUp = Flag()
        let watchdog = future.eventLoop.scheduleTask(in: queryTimeout) {
            gaveUp.raise()
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { watchdog.cancel() }
        do {
            let result = try future.wait()
            timedOut = false
            return result
        } catch {
            timedOut = gaveUp.isRaised
            throw error
        }
    }

    /// Runs `body` inside BEGIN … COMMIT: every statement or none. The caller learns it
    /// committed only when this returns; any error rolls back (or the server does, when the
    /// connection is gone).
    ///
    /// A connection that drops after COMMIT was sent leaves the outcome unknown to us: `saved`,
    /// asked on a new connection (whether what `body` wrote is there), settles it, so a commit
    /// whose answer was lost is still acknowledged and a rolled-back one reported as not saved,
    /// and a retry never saves a change twice. When the server cannot be asked either, the
    /// change is in doubt (`commitInDoubt`, not retried by itself).
    func transaction<T>(_ operation: String, saved: ((T) throws -> Bool)? = nil, _ body: () throws -> T) throws -> T {
        do {
            try query("BEGIN", operation)
        } catch StoreError.unreachable {
            // The connection died while idle (a server restarted): nothing of this
            // transaction was sent yet, so it starts again on a new connection, once.
            try query("BEGIN", operation)
        }
        inTransaction = true
        defer { inTransaction = false }
        let result: T
        do {
            result = try body()
        } catch {
            if let connection, !connection.isClosed { _ = try? answer(connection.query("ROLLBACK", logger: logger), on: connection) }
            throw error
        }
        do {
            try query("COMMIT", operation)
        } catch StoreError.unreachable(let store, let problem) {
            guard let saved else { throw StoreError.unreachable(store: store, problem: problem) }
            switch Result(catching: { try saved(result) }) {
            case .success(true): return result
            case .success(false): throw StoreError.unreachable(store: store, problem: problem)
            case .failure:
                throw StoreError.commitInDoubt(store: store, problem: problem)
            }
        }
        return result
    }

    /// From now on (and after every reconnection) the server tells this session of each commit.
    func listen() throws(StoreError) {
        guard !listening else {
            // A connection that dropped since is opened again, and listens again.
            _ = try connected()
            return
        }
        listening = true
        try startListening(on: try connected())
    }

    private func startListening(on connection: PostgresConnection) throws(StoreError) {
        let signal = changes
        connection.addListener(channel: Self.channel) { _, _ in signal.raise() }
        do { _ = try answer(connection.query("LISTEN frontdesk_changes", logger: logger), on: connection) } catch {
            throw failure(error, "listen for changes")
        }
        // Whatever was committed while nobody listened is read on the next refresh.
        signal.raise()
    }

    // MARK: Session locks

    /// Takes a session-level advisory lock unless another session holds it; true when held.
    func tryLock(_ key: Int64, _ operation: String) throws(StoreError) -> Bool {
        let rows = try query("SELECT pg_try_advisory_lock(\(key))", operation)
        let taken = (try? rows.first?.decode(Bool.self)) == true
        if taken { heldLocks.insert(key) }
        return taken
    }

    /// Whether this session still holds `key`: false once the connection that took it dropped.
    func holds(_ key: Int64) -> Bool {
        if let connection, !connection.isClosed { return heldLocks.contains(key) }
        return false
    }

    func unlock(_ key: Int64, _ operation: String) {
        guard holds(key) else { return }
        heldLocks.remove(key)
        _ = try? query("SELECT pg_advisory_unlock(\(key))", operation)
    }

    // MARK: Errors

    /// SQLSTATEs that mean the connection is gone, not that the statement was refused:
    /// class 08 (connection exception) and the server shutting down, crashed or starting.
    static func meansDisconnected(_ state: String) -> Bool {
        state.hasPrefix("08") || ["57P01", "57P02", "57P03", "57P05"].contains(state)
    }

    /// The error as the store reports it: the server's own words for a refused statement
    /// (the connection stays), `unreachable` for a connection that is gone (it is dropped).
    func failure(_ error: any Error, _ operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let psql = error as? PSQLError, let message = psql.serverInfo?[.message] {
            let state = psql.serverInfo?[.sqlState] ?? ""
            if state == "55P03" || state == "57014" {
                return .lockTimeout(file: location.display, seconds: 0)
            }
            if !Self.meansDisconnected(state), let connection, !connection.isClosed {
                return .database(store: location.display, operation: operation, problem: "\(message) (SQLSTATE \(state))")
            }
        }
        let problem = timedOut ? "no answer within \(queryTimeout.nanoseconds / 1_000_000_000) s" : Self.describe(error)
        dropConnection()
        return .unreachable(store: location.display, problem: problem)
    }

    /// Closes the connection (if still open) and forgets it and the locks it held.
    private func dropConnection() {
        // Waited for: a connection must be closed before it is let go (and closing is local).
        if let connection, !connection.isClosed { try? connection.close().wait() }
        connection = nil
        heldLocks = []
    }

    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return describe(underlying) }
            switch psql.code {
            case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection: return "the connection was closed"
            default: return "\(psql.code)"
            }
        }
        return String(describing: error)
    }
}

/// A flag raised once on the event loop and read by the waiting thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

/// A flag the listener raises from the event loop and a waiting thread lowers.
final class ChangeSignal: @unchecked Sendable {
    private let condition = NSCondition()
    private var raised = false

    func raise() {
        condition.lock()
        raised = true
        condition.signal()
        condition.unlock()
    }

    /// Whether it is raised now (without lowering it).
    var isRaised: Bool {
        condition.lock()
        defer { condition.unlock() }
        return raised
    }

    /// Waits until raised or `milliseconds` pass; lowers it. True when it was raised.
    @discardableResult
    func wait(milliseconds: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date().addingTimeInterval(Double(milliseconds) / 1000)
        while !raised, condition.wait(until: deadline) {}
        let was = raised
        raised = false
        return was
    }
}
