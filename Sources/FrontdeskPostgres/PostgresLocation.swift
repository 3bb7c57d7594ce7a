import Foundation
import FrontdeskBackend
import PostgresNIO

/// A `postgres://` URL read as libpq reads it: the URL's parts first, then `PGHOST`,
/// `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, then `~/.pgpass`. Several hosts
/// (`postgres://a,b:5433/desk`) are tried in order.
public struct PostgresLocation: Sendable {
    /// Connections to try, in order.
    public var configurations: [PostgresConnection.Configuration]
    /// The URL without its password, for messages.
    public var display: String
    /// The role this connects as (the agent's identity on PostgreSQL).
    public var user: String
    public var database: String

    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError.notAStore(path: url, reason: "it is not a postgres:// URL")
        }
        // libpq's default role is the operating system's name for this user, not $USER.
        let login = getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "postgres"
        user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGUSER"] ?? login
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? (environment["PGDATABASE"] ?? user) : path
        let host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? environment["PGHOST"] ?? "/var/run/postgresql"
        let port = components.port ?? environment["PGPORT"].flatMap(Int.init) ?? 5432
        let password = components.password ?? environment["PGPASSWORD"]
        if host.hasPrefix("/") {
            configurations = [.init(unixSocketPath: host + "/.s.PGSQL.\(port)", username: user, password: password, database: database)]
        } else {
            configurations = [.init(host: host, port: port, username: user, password: password, database: database, tls: .disable)]
        }
        var shown = components
        shown.password = nil
        display = shown.string ?? url
    }
}
