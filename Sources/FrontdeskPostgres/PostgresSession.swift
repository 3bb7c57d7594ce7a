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
/// because only the caller knows whether what it sent committed.
final class PostgresSession {
    let location: PostgresLocation
    private var connection: PostgresConnection?
    private let logger: Logger = {
        var logger = Logger(label: "frontdesk.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        logger.logLevel = .critical
        return logger
    }()
    /// Set by the server's NOTIFY on `channel` (see `listen`).
    let changes = ChangeSignal()
    private var listening = false
    static let channel = "frontdesk_changes"

    init(location: PostgresLocation) {
        self.location = location
    }

    deinit {
        if let connection { try? connection.close().wait() }
    }

    /// The open connection, opening one (each of the URL's hosts in turn) when there is none.
    func connected() throws(StoreError) -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        connection = nil
        var problems: [String] = []
        for configuration in location.configurations {
            do {
                let opened = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                            configuration: configuration, id: 1, logger: logger).wait()
                connection = opened
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
            return Array(try connection.query(query, logger: logger).wait().rows)
        } catch {
            throw failure(error, operation)
        }
    }

    /// Runs `body` inside BEGIN … COMMIT: every statement or none. The caller learns it
    /// committed only when this returns; any error rolls back (or the server does, when the
    /// connection is gone).
    func transaction<T>(_ operation: String, readOnlySnapshot: Bool = false, _ body: () throws -> T) throws -> T {
        // A reading of several tables sees one moment: REPEATABLE READ takes one snapshot for all.
        try query(readOnlySnapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN", operation)
        do {
            let result = try body()
            try query("COMMIT", operation)
            return result
        } catch {
            if let connection, !connection.isClosed { _ = try? connection.query("ROLLBACK", logger: logger).wait() }
            throw error
        }
    }

    /// From now on (and after every reconnection) the server tells this session of each commit.
    func listen() throws(StoreError) {
        guard !listening else { return }
        listening = true
        try startListening(on: try connected())
    }

    private func startListening(on connection: PostgresConnection) throws(StoreError) {
        let signal = changes
        connection.addListener(channel: Self.channel) { _, _ in signal.raise() }
        do { _ = try connection.query("LISTEN frontdesk_changes", logger: logger).wait() } catch {
            throw failure(error, "listen for changes")
        }
        // Whatever was committed while nobody listened is read on the next refresh.
        signal.raise()
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
            return .database(store: location.display, operation: operation, problem: "\(message) (SQLSTATE \(state))")
        }
        if connection?.isClosed ?? true { connection = nil }
        else { try? connection?.close().wait(); connection = nil }
        return .unreachable(store: location.display, problem: Self.describe(error))
    }

    static func describe(_ error: any Error) -> String {
        if let psql = error as? PSQLError {
            if let message = psql.serverInfo?[.message] { return message }
            if let underlying = psql.underlying { return describe(underlying) }
            return "\(psql.code)"
        }
        return String(describing: error)
    }
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
