import Foundation

/// A fresh PostgreSQL database per test, on the server `FRONTDESK_TEST_POSTGRES` names (a
/// URL of a database there whose role may `CREATE DATABASE`; default `postgres:///postgres`,
/// the local socket as the OS user). Created and dropped with `psql`, which is on the
/// machine and on CI (.ci/run installs PostgreSQL).
///
/// Strict on purpose (one behaviour, both backends): a server that cannot be reached fails
/// the test that needs it, naming why. Only on a developer's machine (`CI` unset) may
/// `FRONTDESK_SKIP_POSTGRES=1` leave the PostgreSQL cases out (see `TestBackend.allCases`).
public enum TestPostgres {
    /// What went wrong with the test server, in psql's words.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The URL of the database the tests connect to for creating and dropping theirs.
    public static var serverURL: String {
        if let url = environment["FRONTDESK_TEST_POSTGRES"], !url.isEmpty { return url }
        return "postgres:///postgres"
    }

    /// Whether a run may leave PostgreSQL out when the server cannot be reached: never on CI.
    public static var mayBeSkipped: Bool {
        !isCI && environment["FRONTDESK_SKIP_POSTGRES"] == "1"
    }

    /// Whether this is a CI run (`CI` set to anything but "").
    static var isCI: Bool { !(environment["CI"] ?? "").isEmpty }

    /// Nil when the server answers; else why not (asked once per test process).
    public static let unreachableReason: String? = {
        do { _ = try psql(["-c", "SELECT 1"], on: serverURL); return nil } catch { return "\(error)" }
    }()

    /// Creates an empty database with a random name and returns it; `drop()` it when done.
    public static func createDatabase() throws -> TestDatabase {
        if let unreachableReason {
            throw Failure(description: "the test PostgreSQL server \(shown(serverURL)) (FRONTDESK_TEST_POSTGRES) cannot be reached: "
                          + "\(unreachableReason). Start it, point FRONTDESK_TEST_POSTGRES at one"
                          + (isCI ? "" : ", or set FRONTDESK_SKIP_POSTGRES=1 to leave it out here"))
        }
        let name = "frontdesk_t_" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))
        _ = try psql(["-c", "CREATE DATABASE \(name)"], on: serverURL)
        return TestDatabase(name: name, url: try url(of: name))
    }

    /// The password of the login roles tests connect as (a test server's, nowhere else).
    static let rolePassword = "frontdesk-test"

    /// A URL of database `name` that connects as role `role` (made a login superuser of the test
    /// server when absent, with `rolePassword`), over TCP on the server's port: on PostgreSQL
    /// an agent is the role they connect as, so a test acting as another login connects as it.
    public static func url(of name: String, asRole role: String) throws -> String {
        _ = try psql(["-c", """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                    CREATE ROLE "\(role)" LOGIN SUPERUSER PASSWORD '\(rolePassword)';
                END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
            END $$
            """], on: serverURL)
        guard let server = URLComponents(string: serverURL) else {
            throw Failure(description: "FRONTDESK_TEST_POSTGRES is not a URL: \(shown(serverURL))")
        }
        let port = server.port ?? server.queryItems?.first { $0.name == "port" }?.value.flatMap(Int.init) ?? 5432
        let host = server.host.flatMap { $0.isEmpty || $0.hasPrefix("/") ? nil : $0 } ?? "127.0.0.1"
        return "postgres://\(role):\(rolePassword)@\(host):\(port)/\(name)"
    }

    /// A URL as messages show it: without its password.
    static func shown(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = nil
        return components.string ?? url
    }

    /// The server URL with its database replaced by `name` (host, port, user and parameters kept).
    static func url(of name: String) throws -> String {
        guard var components = URLComponents(string: serverURL) else {
            throw Failure(description: "FRONTDESK_TEST_POSTGRES is not a URL: \(shown(serverURL))")
        }
        components.path = "/" + name
        guard let url = components.string else { throw Failure(description: "cannot name database \(name) in \(shown(serverURL))") }
        return url
    }

    /// Runs `psql` on `url` with `arguments`; its output, or its error as a `Failure`.
    @discardableResult
    public static func psql(_ arguments: [String], on url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url] + arguments
        var env = environment
        env["PGCONNECT_TIMEOUT"] = env["PGCONNECT_TIMEOUT"] ?? "10"
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw Failure(description: "cannot run psql (is the PostgreSQL client installed?): \(error)")
        }
        // Read both pipes to their end before waiting, so a large answer cannot block psql.
        let errData = ThreadedRead(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: errData.result(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw Failure(description: errText.isEmpty ? "psql exited with \(process.terminationStatus)" : errText)
        }
        return String(decoding: outData, as: UTF8.self)
    }
}

/// One test's database: `url` for the store, dropped (its connections closed) by `drop()`.
public final class TestDatabase: @unchecked Sendable {
    public let name: String
    public let url: String
    private var dropped = false

    init(name: String, url: String) {
        self.name = name
        self.url = url
    }

    /// Drops the database even while stores still hold connections to it.
    public func drop() {
        guard !dropped else { return }
        dropped = true
        _ = try? TestPostgres.psql(["-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"], on: TestPostgres.serverURL)
    }

    /// Runs SQL in this database and returns psql's unaligned output.
    @discardableResult
    public func sql(_ statement: String) throws -> String {
        try TestPostgres.psql(["-c", statement], on: url)
    }

    deinit { drop() }
}

/// Reads a file handle to its end on another thread.
final class ThreadedRead: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func result() -> Data {
        done.wait()
        return data
    }
}

/// Another session holding a PostgreSQL advisory lock, for tests of what waits for it (the
/// writers' turn): the counterpart of `LockHolder`. A handshake, not a sleep: `init` returns
/// once `psql` said the lock is held; it is held until `release()` ends that session.
public final class PostgresLockHolder {
    private let process = Process()
    private let input = Pipe()
    private var released = false

    /// Nil when psql could not start or did not get the lock.
    public init?(_ key: Int64, in database: TestDatabase) {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database.url]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            released = true
            return nil
        }
        input.fileHandleForWriting.write(Data("SELECT pg_advisory_lock(\(key));\n\\echo locked\n".utf8))
        // Blocks until psql printed "locked" (after the lock's line), or end of file if it failed.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("locked\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        guard String(decoding: seen, as: UTF8.self).contains("locked\n") else {
            release()
            return nil
        }
    }

    /// Ends the session (the server releases its locks) and waits until psql has exited.
    public func release() {
        guard !released else { return }
        released = true
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { release() }
}
