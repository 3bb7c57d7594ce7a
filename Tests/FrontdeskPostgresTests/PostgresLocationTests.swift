import Foundation
import Testing
import FrontdeskBackend
import Logging
import NIOPosix
import PostgresNIO
@testable import FrontdeskPostgres

/// `postgres://` URLs read as libpq reads them (PostgreSQL 15's libpq documentation, checked
/// against `psql` on this machine where the two could differ).
@Suite struct PostgresLocationTests {
    /// An environment with no PG* variables and a home without `.pgpass` or `.postgresql/`.
    static let bare = ["HOME": "/nonexistent-frontdesk-home"]

    struct Expected {
        var endpoints: [PostgresLocation.Endpoint]
        var user: String
        var database: String
        var sslMode: PostgresLocation.SSLMode = .prefer
        var target: PostgresLocation.TargetSession = .any
    }

    static let login = PostgresLocation.loginName()

    /// URL and environment -> hosts, ports, role, database, sslmode, target_session_attrs.
    static let table: [(url: String, environment: [String: String], expected: Expected)] = [
        // Nothing given: the OS user, a database of that name, libpq's socket directory.
        ("postgres://", [:], Expected(endpoints: [.socket(directory: "/var/run/postgresql", port: 5432)], user: login, database: login)),
        ("postgresql:///desk", [:], Expected(endpoints: [.socket(directory: "/var/run/postgresql", port: 5432)], user: login, database: "desk")),
        ("postgres://ana@db.example.org/desk", [:],
         Expected(endpoints: [.tcp(host: "db.example.org", port: 5432)], user: "ana", database: "desk")),
        ("postgres://ana:secret@db.example.org:5433/desk?sslmode=require", [:],
         Expected(endpoints: [.tcp(host: "db.example.org", port: 5433)], user: "ana", database: "desk", sslMode: .require)),
        // Percent-encoded parts; a role with an @ in it.
        ("postgres://ana%40site:pw@db/desk%20one", [:],
         Expected(endpoints: [.tcp(host: "db", port: 5432)], user: "ana@site", database: "desk one")),
        // A host list, ports per host (a host without one gets 5432).
        ("postgres://db1:5433,db2/desk?target_session_attrs=read-write", [:],
         Expected(endpoints: [.tcp(host: "db1", port: 5433), .tcp(host: "db2", port: 5432)], user: login, database: "desk", target: .readWrite)),
        ("postgres://db1,db2,db3/desk?port=6000&target_session_attrs=primary", [:],
         Expected(endpoints: [.tcp(host: "db1", port: 6000), .tcp(host: "db2", port: 6000), .tcp(host: "db3", port: 6000)],
                  user: login, database: "desk", target: .primary)),
        ("postgres://[::1]:5433,[2001:db8::7]/desk", [:],
         Expected(endpoints: [.tcp(host: "::1", port: 5433), .tcp(host: "2001:db8::7", port: 5432)], user: login, database: "desk")),
        // A socket directory: as the host parameter, or percent-encoded in the host's place.
        ("postgres:///desk?host=/run/pg&port=5440", [:],
         Expected(endpoints: [.socket(directory: "/run/pg", port: 5440)], user: login, database: "desk")),
        ("postgres://%2Fvar%2Frun%2Fpostgresql/desk", [:],
         Expected(endpoints: [.socket(directory: "/var/run/postgresql", port: 5432)], user: login, database: "desk")),
        // Query parameters override the URL's parts.
        ("postgres://ana@db/desk?user=bo&dbname=other&host=db9", [:],
         Expected(endpoints: [.tcp(host: "db9", port: 5432)], user: "bo", database: "other")),
        // libpq's nod to JDBC.
        ("postgres://db/desk?ssl=true", [:],
         Expected(endpoints: [.tcp(host: "db", port: 5432)], user: login, database: "desk", sslMode: .require)),
        // The environment fills in what the URL leaves out; the database defaults to the role.
        ("postgres://", ["PGHOST": "db1,db2", "PGPORT": "5433", "PGUSER": "carla", "PGSSLMODE": "disable",
                         "PGTARGETSESSIONATTRS": "read-write"],
         Expected(endpoints: [.tcp(host: "db1", port: 5433), .tcp(host: "db2", port: 5433)], user: "carla", database: "carla",
                  sslMode: .disable, target: .readWrite)),
        ("postgres://ana@db:5434/desk?sslmode=allow", ["PGHOST": "elsewhere", "PGPORT": "1", "PGUSER": "x", "PGDATABASE": "y"],
         Expected(endpoints: [.tcp(host: "db", port: 5434)], user: "ana", database: "desk", sslMode: .allow)),
        ("postgres://", ["PGDATABASE": "desk", "PGHOST": "/tmp"],
         Expected(endpoints: [.socket(directory: "/tmp", port: 5432)], user: login, database: "desk")),
        // As libpq (and psql): a URL's host list sets the port list too, so PGPORT is not used.
        ("postgres://db1,db2/desk", ["PGPORT": "5999"],
         Expected(endpoints: [.tcp(host: "db1", port: 5432), .tcp(host: "db2", port: 5432)], user: login, database: "desk")),
        // An empty host in a list is the default socket directory.
        ("postgres://,db2/desk", [:],
         Expected(endpoints: [.socket(directory: "/var/run/postgresql", port: 5432), .tcp(host: "db2", port: 5432)],
                  user: login, database: "desk")),
    ]

    @Test func urlsAndEnvironmentsGiveTheirConfigurations() throws {
        for (url, environment, expected) in Self.table {
            let location = try PostgresLocation(url: url, environment: environment.merging(Self.bare) { a, _ in a })
            #expect(location.endpoints == expected.endpoints, "\(url)")
            #expect(location.user == expected.user, "\(url)")
            #expect(location.database == expected.database, "\(url)")
            #expect(location.sslMode == expected.sslMode, "\(url)")
            #expect(location.targetSession == expected.target, "\(url)")
            #expect(location.requiresPrimary == (expected.target != .any), "\(url)")
            // The connections postgres-nio is given say the same, host by host.
            #expect(location.configurations.count == expected.endpoints.count, "\(url)")
            for (configuration, endpoint) in zip(location.configurations, expected.endpoints) {
                #expect(configuration.username == expected.user && configuration.database == expected.database, "\(url)")
                switch endpoint {
                case let .socket(directory, port):
                    #expect(configuration.unixSocketPath == "\(directory)/.s.PGSQL.\(port)", "\(url)")
                    #expect(!configuration.tls.isAllowed, "\(url): no TLS over a unix socket")
                case let .tcp(host, port):
                    #expect(configuration.host == host && configuration.port == port, "\(url)")
                    #expect(configuration.tls.isAllowed == (expected.sslMode != .disable), "\(url)")
                    #expect(configuration.tls.isEnforced == [.require, .verifyCA, .verifyFull].contains(expected.sslMode), "\(url)")
                }
            }
        }
    }

    @Test func passwordsArePercentDecodedAndNeverShown() throws {
        let location = try PostgresLocation(url: "postgres://ana:p%40ss%3Aw%2Fd@db/desk", environment: Self.bare)
        #expect(location.configurations[0].password == "p@ss:w/d")
        #expect(location.display == "postgres://ana@db/desk")
        // A colon in the password is the password's (libpq splits at the first one).
        #expect(try PostgresLocation(url: "postgres://ana:a:b@db/desk", environment: Self.bare).configurations[0].password == "a:b")
        let parameter = try PostgresLocation(url: "postgres://db/desk?sslmode=disable&password=hunter2&application_name=x",
                                             environment: Self.bare)
        #expect(parameter.configurations[0].password == "hunter2")
        #expect(parameter.display == "postgres://db/desk?sslmode=disable&application_name=x")
        // The URL's password wins over PGPASSWORD, which is used when the URL has none.
        #expect(try PostgresLocation(url: "postgres://ana:url@db/d", environment: ["PGPASSWORD": "env"]).configurations[0].password == "url")
        #expect(try PostgresLocation(url: "postgres://ana@db/d", environment: ["PGPASSWORD": "env"]).configurations[0].password == "env")
        // A URL that cannot be read is named without its password too.
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://ana:hunter2@db:x/d", environment: Self.bare) }
        do {
            _ = try PostgresLocation(url: "postgres://ana:hunter2@db:x/d?password=hunter3", environment: Self.bare)
        } catch {
            #expect(!error.description.contains("hunter"), "\(error)")
            #expect(error == .notAStore(path: "postgres://ana@db:x/d", reason: "invalid port number \"x\""))
            return
        }
        Issue.record("a port that is not a number was accepted")
    }

    /// Each malformed URL is refused as not a store, naming what is wrong.
    @Test(arguments: [
        ("postgres://db:99999/d", "invalid port number \"99999\""),
        ("postgres://db1,db2/d?port=1,2,3", "it gives 3 ports for 2 hosts"),
        ("postgres://db/d%zz", "invalid percent-encoded token"),
        ("postgres://db/d%00", "%00"),
        ("postgres://[::1/d", "no closing \"]\""),
        ("postgres://[]/d", "is empty"),
        ("postgres://[::1]x/d", "unexpected \"x\" after the IPv6 address"),
        ("postgres://db/d?sslmode", "has no \"=\""),
        ("postgres://db/d?sslmode=require=1", "a second \"=\""),
        ("postgres://db/d?foo=1", "\"foo\" is not a connection parameter Frontdesk reads"),
        ("postgres://db/d?sslmode=maybe", "invalid sslmode \"maybe\""),
        ("postgres://db/d?target_session_attrs=standby", "does not accept writes"),
        ("postgres://db/d?target_session_attrs=fastest", "invalid target_session_attrs"),
        ("postgres://db/d?connect_timeout=soon", "invalid connect_timeout"),
        ("postgres://db/d?sslmode=verify-full", "no root certificate"),
        ("postgres://db/d?sslmode=verify-ca&sslrootcert=/nonexistent/root.crt", "cannot be read as PEM"),
        ("mysql://db/d", "not a postgres:// or postgresql:// URL"),
    ])
    func malformedURLsAreRefusedWithTheReason(url: String, reason: String) {
        do {
            _ = try PostgresLocation(url: url, environment: Self.bare)
            Issue.record("\(url) was accepted")
        } catch {
            guard case let .notAStore(path, said) = error else { Issue.record("\(url): \(error)"); return }
            #expect(path == url)
            #expect(said.contains(reason), "\(url): \(said)")
        }
    }

    @Test func sslModesChooseTheTLSAndItsChecks() throws {
        let root = try Self.file("root.crt", Self.certificate)
        defer { try? FileManager.default.removeItem(atPath: root) }
        func location(_ query: String, _ environment: [String: String] = Self.bare) throws -> PostgresLocation {
            try PostgresLocation(url: "postgres://db.example.org/desk?" + query, environment: environment)
        }
        let prefer = try location("")
        #expect(prefer.configurations[0].tls.isAllowed && !prefer.configurations[0].tls.isEnforced && !prefer.verifiesCertificate)
        let require = try location("sslmode=require")
        #expect(require.configurations[0].tls.isEnforced && !require.verifiesCertificate)
        // With a root certificate at hand, require checks the chain as verify-ca does (libpq).
        let rooted = try location("sslmode=require&sslrootcert=\(root)")
        #expect(rooted.verifiesCertificate && !rooted.verifiesHostName)
        let ca = try location("sslmode=verify-ca", Self.bare.merging(["PGSSLROOTCERT": root]) { a, _ in a })
        #expect(ca.configurations[0].tls.isEnforced && ca.verifiesCertificate && !ca.verifiesHostName && ca.rootCertificate == root)
        let full = try location("sslmode=verify-full&sslrootcert=\(root)")
        #expect(full.configurations[0].tls.isEnforced && full.verifiesCertificate && full.verifiesHostName)
        let none = try location("sslmode=disable")
        #expect(!none.configurations[0].tls.isAllowed)
        // ~/.postgresql/root.crt is the default root certificate.
        let home = NSTemporaryDirectory() + "frontdesk-pgci-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home + "/.postgresql", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try Self.certificate.write(toFile: home + "/.postgresql/root.crt", atomically: true, encoding: .utf8)
        #expect(try location("sslmode=verify-full", ["HOME": home]).rootCertificate == home + "/.postgresql/root.crt")
    }

    @Test func timeoutAndApplicationNameReachTheConnection() throws {
        let plain = try PostgresLocation(url: "postgres:///desk", environment: Self.bare)
        #expect(plain.configurations[0].options.connectTimeout == .seconds(10))
        // JIT off: none of the desk's statements wins back what compiling them costs (issue 28).
        #expect(plain.configurations[0].options.additionalStartupParameters.map { "\($0.0)=\($0.1)" } == ["application_name=frontdesk", "jit=off"])
        let given = try PostgresLocation(url: "postgres:///desk?connect_timeout=3&application_name=desk%20ana", environment: Self.bare)
        #expect(given.configurations[0].options.connectTimeout == .seconds(3))
        #expect(given.applicationName == "desk ana")
        #expect(try PostgresLocation(url: "postgres:///d?connect_timeout=1", environment: Self.bare).connectTimeout == .seconds(2),
                "libpq raises 1 s to 2")
        #expect(try PostgresLocation(url: "postgres:///d", environment: Self.bare.merging(["PGCONNECT_TIMEOUT": "7", "PGAPPNAME": "x"]) { a, _ in a })
                    .configurations[0].options.connectTimeout == .seconds(7))
        #expect(try PostgresLocation(url: "postgres:///d?fallback_application_name=y", environment: Self.bare).applicationName == "y")
    }

    // MARK: - The password file

    @Test func pgpassLinesMatchWithWildcardsAndEscapes() throws {
        let file = try Self.file("pgpass", """
            # comment:*:*:*:nope
            db1:5432:desk:ana:first
            db1:5432:desk:ana:second (a later line never wins)
            db2:*:*:ana:any\\:port\\\\x
            localhost:5432:*:*:socket
            /run/pg:5440:*:*:other socket
            h\\:colon:*:*:*:escaped
            *:*:*:bo:star
            """, mode: 0o600)
        defer { try? FileManager.default.removeItem(atPath: file) }
        func password(_ url: String, _ index: Int = 0) throws -> String? {
            try PostgresLocation(url: url, environment: Self.bare.merging(["PGPASSFILE": file]) { a, _ in a }).configurations[index].password
        }
        #expect(try password("postgres://ana@db1/desk") == "first")
        #expect(try password("postgres://ana@db1:5433/desk") == nil)
        #expect(try password("postgres://ana@db2:7000/other") == "any:port\\x")
        #expect(try password("postgres://ana@%2Fvar%2Frun%2Fpostgresql/x") == "socket", "libpq's default socket directory is localhost")
        #expect(try password("postgres://ana@/x") == "socket")
        #expect(try password("postgres://ana@/x?host=/run/pg&port=5440") == "other socket")
        #expect(try password("postgres://ana@h%3Acolon/x") == "escaped")
        #expect(try password("postgres://bo@anywhere/x") == "star")
        // Each host of a list looks up its own line.
        #expect(try password("postgres://ana@db1,db2/desk", 0) == "first")
        #expect(try password("postgres://ana@db1,db2/desk", 1) == "any:port\\x")
        // passfile= names it too; a password given elsewhere is not looked up.
        #expect(try PostgresLocation(url: "postgres://ana@db1/desk?passfile=\(file)", environment: Self.bare).configurations[0].password == "first")
        #expect(try PostgresLocation(url: "postgres://ana:given@db1/desk?passfile=\(file)", environment: Self.bare).configurations[0].password == "given")
        // ~/.pgpass is the default.
        let home = NSTemporaryDirectory() + "frontdesk-pgci-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        try FileManager.default.copyItem(atPath: file, toPath: home + "/.pgpass")
        #expect(try PostgresLocation(url: "postgres://ana@db1/desk", environment: ["HOME": home]).configurations[0].password == "first")
    }

    /// As libpq: a password file others may read or write is ignored, and the user is told why.
    @Test(arguments: [0o600, 0o400, 0o640, 0o604, 0o660, 0o606])
    func pgpassIsIgnoredUnlessOnlyTheOwnerCanUseIt(mode: Int) throws {
        let file = try Self.file("pgpass", "db:*:*:*:secret\n", mode: mode_t(mode))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let location = try PostgresLocation(url: "postgres://ana@db/desk", environment: ["PGPASSFILE": file])
        let private_ = mode & 0o077 == 0
        #expect(location.configurations[0].password == (private_ ? "secret" : nil), "mode \(String(mode, radix: 8))")
        if private_ {
            #expect(location.warnings.isEmpty)
        } else {
            #expect(location.warnings == ["password file \"\(file)\" has group or world access; it was ignored: permissions should be u=rw (0600) or less"])
        }
        #expect(!location.warnings.joined().contains("secret"))
    }

    @Test func pgpassThatIsNotAFileIsIgnoredAndAMissingOneSilently() throws {
        let folder = NSTemporaryDirectory() + "frontdesk-pgci-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notFile = try PostgresLocation(url: "postgres://ana@db/desk", environment: ["PGPASSFILE": folder])
        #expect(notFile.warnings == ["password file \"\(folder)\" is not a plain file; it was ignored"])
        let missing = try PostgresLocation(url: "postgres://ana@db/desk", environment: ["PGPASSFILE": folder + "/none"])
        #expect(missing.warnings.isEmpty && missing.configurations[0].password == nil)
    }

    // MARK: - On a server

    /// target_session_attrs=read-write passes over a server that is read-only by default;
    /// primary takes it (it is not in recovery); any takes it without asking.
    @Test func targetSessionAttributesAreCheckedAfterConnecting() throws {
        guard let server = try Self.server() else { return }
        let name = "pgci_location_\(getpid())_\(UUID().uuidString.prefix(8).lowercased())"
        try server.run("CREATE DATABASE \(name)")
        defer { _ = try? server.run("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try server.run("ALTER DATABASE \(name) SET default_transaction_read_only = on")
        let logger = Logger(label: "test")
        for (target, refused) in [("read-write", true), ("primary", false), ("any", false)] {
            let location = try PostgresLocation(url: server.url(database: name, query: "target_session_attrs=\(target)"))
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                            configuration: location.configurations[0], id: 2, logger: logger).wait()
            defer { try? connection.close().wait() }
            let refusal = location.refusal(of: connection, at: location.endpoints[0], logger: logger)
            #expect((refusal != nil) == refused, "\(target): \(refusal ?? "taken")")
            if let refusal { #expect(refusal.contains("is read-only")) }
        }
    }

    /// The server sees the application name (pg_stat_activity).
    @Test func theServerSeesTheApplicationName() throws {
        guard let server = try Self.server() else { return }
        let location = try PostgresLocation(url: server.url(database: server.location.database, query: "application_name=pgci%20probe"))
        let logger = Logger(label: "test")
        let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                        configuration: location.configurations[0], id: 3, logger: logger).wait()
        defer { try? connection.close().wait() }
        let rows = try connection.query("SELECT current_setting('application_name')", logger: logger).wait()
        #expect(try Array(rows.rows).first?.decode(String.self) == "pgci probe")
    }

    // MARK: - Helpers

    /// The test server (`FRONTDESK_TEST_POSTGRES`, default the local socket's `postgres`
    /// database). Nil when none answers and `CI` is not set; under CI that is a failure.
    struct Server {
        var location: PostgresLocation
        var raw: String
        let logger = Logger(label: "test")

        @discardableResult
        func run(_ sql: String) throws -> [PostgresRow] {
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(),
                                                            configuration: location.configurations[0], id: 1, logger: logger).wait()
            defer { try? connection.close().wait() }
            return Array(try connection.query(PostgresQuery(unsafeSQL: sql), logger: logger).wait().rows)
        }

        /// The server's URL with another database and a query.
        func url(database: String, query: String) -> String {
            let parts = raw.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            let parameters = parts.count > 1 && !parts[1].isEmpty ? parts[1] + "&" : ""
            let authorityStart = parts[0].range(of: "://")!.upperBound
            let authority = parts[0][authorityStart...].prefix(while: { $0 != "/" })
            return parts[0][..<authorityStart] + authority + "/" + database + "?" + parameters + query
        }
    }

    static func server() throws -> Server? {
        let environment = ProcessInfo.processInfo.environment
        let raw = environment["FRONTDESK_TEST_POSTGRES"] ?? "postgres:///postgres"
        let server = Server(location: try PostgresLocation(url: raw), raw: raw)
        do {
            try server.run("SELECT 1")
            return server
        } catch {
            if environment["CI"] != nil { throw error }
            return nil
        }
    }

    static func file(_ name: String, _ text: String, mode: mode_t = 0o600) throws -> String {
        let path = NSTemporaryDirectory() + "frontdesk-pgci-\(UUID().uuidString)-\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, mode)
        return path
    }

    /// A self-signed root certificate (P-256), valid until 2126.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBlDCCATmgAwIBAgIUMNK+QxqlLgoqwEyfFzcomhHe8zkwCgYIKoZIzj0EAwIw
        HjEcMBoGA1UEAwwTZnJvbnRkZXNrLXRlc3Qtcm9vdDAgFw0yNjEyMDYwNTM0MjBa
        GA8yMTI2MTExMjA1MzQyMFowHjEcMBoGA1UEAwwTZnJvbnRkZXNrLXRlc3Qtcm9v
        dDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABOCUd67bTauAbCeVhdeNUZxFimGZ
        xsffh9cxcWQGq5Wt3HSWR4GNo6aYNEf3dE0nFwDsBbH6ntJY+tLzqTBzaEujUzBR
        MB0GA1UdDgQWBBRv6bWF3ZkaXEuugQMVtWo1+IUWqTAfBgNVHSMEGDAWgBRv6bWF
        3ZkaXEuugQMVtWo1+IUWqTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kA
        MEYCIQDLu9hRAIf25EUNHSro8fc8DbJm6xSIZ6TcSR0jmfQlngIhANsdZVhL9nen
        i6WddVCn2tUJO2CYq0iXdJWxrRucg82C
        -----END CERTIFICATE-----

        """
}
