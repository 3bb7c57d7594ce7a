import Foundation
import FrontdeskBackend
import FrontdeskPostgres
import FrontdeskStore

/// Opens what a `--store` names, as the `frontdesk` executable does (OpenBackend.swift there):
/// a folder is the file store, a `postgres://` URL the PostgreSQL store.
enum BenchBackend {
    static func open(_ location: String, waitForWriters: Bool = true) throws -> any DeskBackend {
        switch StoreLocation(location) {
        case .directory(let path): return try Store(directory: path, waitForWriters: waitForWriters)
        case .postgres(let url): return try PostgresStore(url: url)
        }
    }
}

/// The PostgreSQL server the benchmark measures on: `--store` names a database on it where
/// this role may CREATE DATABASE. Each size gets a database of its own, created by the bench
/// and dropped after it (named with the prefix, the size and this process, so that a run
/// never touches a database it did not make).
struct PostgresServer {
    /// The URL as given (libpq's conventions: `postgres:///postgres` is the local socket).
    let url: String
    let prefix: String

    init(url: String, prefix: String) throws {
        guard case .postgres = StoreLocation(url) else {
            throw BenchError("--store \(url): not a postgres:// URL (the file store is measured without --store)")
        }
        guard prefix.range(of: "^[a-z_][a-z0-9_]{0,30}$", options: .regularExpression) != nil else {
            throw BenchError("--database-prefix \(prefix): lower-case letters, digits and _ only, at most 31")
        }
        self.url = url
        self.prefix = prefix
        guard psql("SELECT 1", on: url)?.out.hasPrefix("1") == true else {
            throw BenchError("--store \(url): psql cannot connect to it (is the server running, and may this role log in?)")
        }
    }

    func databaseName(_ count: Int) -> String { "\(prefix)_\(count)_\(getpid())" }

    /// The server's URL with another database in place of the one it names, the rest kept
    /// (host list, port, role, `?sslmode=…`).
    func url(database: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let afterPath = rest[authorityEnd...].firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(url[..<scheme.upperBound]) + String(rest[..<authorityEnd]) + "/" + database + afterPath
    }

    /// Runs one statement through `psql` as a process (no .psqlrc, stop at the first error);
    /// its unaligned output and wall time, or nil when it failed.
    func psql(_ sql: String, on target: String, discardOutput: Bool = false) -> (out: String, seconds: Double)? {
        Measure.run(["psql", target, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"]
                    + (discardOutput ? ["-o", "/dev/null"] : []) + ["-c", sql])
    }

    func create(_ name: String) throws {
        guard psql("CREATE DATABASE \(name)", on: url) != nil else {
            throw BenchError("--store \(url): CREATE DATABASE \(name) failed (may this role create databases?)")
        }
    }

    /// Drops a database this run made, closing connections a crashed probe left behind.
    func drop(_ name: String) {
        if psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: url) == nil {
            FileHandle.standardError.write(Data("could not drop database \(name) on \(url): drop it by hand\n".utf8))
        }
    }
}
