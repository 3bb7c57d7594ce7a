import Foundation
import FrontdeskBackend
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// A `postgres://` / `postgresql://` URL read as libpq reads it (PostgreSQL 15,
/// "Connection Strings" and "Environment Variables" in the libpq chapter), so a URL that works
/// with `psql` works here:
///
///     postgres://[user[:password]@][host[:port]][,host[:port]…][/database][?parameter=value&…]
///
/// Every part may be percent-encoded. A host starting with `/` is the directory of a server's
/// unix socket (`?host=/var/run/postgresql`, or `%2Fvar%2Frun%2Fpostgresql` in the host's place).
/// Query parameters override the URL's parts; what neither gives comes from the environment
/// (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, `PGPASSWORD`, `PGSSLMODE`, `PGCONNECT_TIMEOUT`, …),
/// then from libpq's defaults: the operating system's user name, a database of the user's name,
/// the socket directory `/var/run/postgresql`, port 5432, and the password file `~/.pgpass`.
/// Several hosts are tried in order (`configurations`, one per host).
public struct PostgresLocation: Sendable {
    /// libpq's `sslmode`.
    public enum SSLMode: String, Sendable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// libpq's `target_session_attrs`, the ones a desk that writes can use.
    public enum TargetSession: String, Sendable {
        /// The first host that accepts the connection.
        case any
        /// A host that accepts writes: not a standby, and not read-only by default.
        case readWrite = "read-write"
        /// A host that is not in recovery (not a standby).
        case primary
    }

    /// Where one of the URL's hosts is reached.
    public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
        /// A unix socket: `directory/.s.PGSQL.port`.
        case socket(directory: String, port: Int)
        case tcp(host: String, port: Int)

        public var description: String {
            switch self {
            case let .socket(directory, port): return "the socket \(directory)/.s.PGSQL.\(port)"
            case let .tcp(host, port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            }
        }
    }

    /// Connections to try, in order: one per host, each with its own password (`.pgpass` may
    /// hold a different one for each).
    public var configurations: [PostgresConnection.Configuration]
    /// The hosts of `configurations`, in the same order (for messages and tests).
    public var endpoints: [Endpoint]
    /// The URL without its password, for messages.
    public var display: String
    /// The role this connects as (the agent's identity on PostgreSQL).
    public var user: String
    public var database: String
    /// The `sslmode` asked for (the default is libpq's: `prefer`). Unix sockets never use TLS.
    public var sslMode: SSLMode
    /// Whether a TCP connection checks the server's certificate against `rootCertificate`, and
    /// whether it also checks that the certificate names the host (`verify-full`).
    public var verifiesCertificate: Bool
    public var verifiesHostName: Bool
    /// The root certificate file that `verifiesCertificate` checks against.
    public var rootCertificate: String?
    public var targetSession: TargetSession
    /// Whether a host must be checked after connecting, and passed over when it is a standby
    /// (see `refusal(of:at:logger:)`, which `PostgresSession` asks after
    /// connecting to each host).
    public var requiresPrimary: Bool { targetSession != .any }
    /// How long connecting to one host may take before the next is tried.
    public var connectTimeout: TimeAmount
    /// Sent to the server at startup; `pg_stat_activity` shows it.
    public var applicationName: String
    /// What did not stop the URL being used but should be told (a password file ignored, and why).
    /// Never contains a password.
    public var warnings: [String] = []

    /// libpq's compiled-in socket directory on Debian (DEFAULT_PGSOCKET_DIR).
    public static let defaultSocketDirectory = "/var/run/postgresql"
    public static let defaultPort = 5432
    /// libpq has no limit of its own; postgres-nio's default keeps a dead host in a list of
    /// several from holding up the others for minutes.
    public static let defaultConnectTimeout = TimeAmount.seconds(10)
    /// The parameters Frontdesk reads from a URL; libpq's others are refused by name rather than
    /// silently ignored.
    static let parameters = ["host", "port", "dbname", "user", "password", "passfile", "connect_timeout",
                             "application_name", "fallback_application_name", "sslmode", "sslrootcert",
                             "sslcert", "sslkey", "target_session_attrs"]
    /// Each parameter's environment variable, used when the URL does not give it.
    static let environmentNames = ["host": "PGHOST", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER",
                                   "password": "PGPASSWORD", "passfile": "PGPASSFILE",
                                   "connect_timeout": "PGCONNECT_TIMEOUT", "application_name": "PGAPPNAME",
                                   "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
                                   "sslkey": "PGSSLKEY", "target_session_attrs": "PGTARGETSESSIONATTRS"]

    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(StoreError) {
        let display = Self.withoutPassword(url)
        func refuse(_ reason: String) -> StoreError { .notAStore(path: display, reason: reason) }
        let given: [String: String]
        do { given = try Self.parse(url) } catch { throw refuse(error.reason) }
        // A parameter the URL leaves out comes from the environment (an empty variable counts as unset).
        func value(_ key: String) -> String? {
            if let value = given[key] { return value }
            guard let name = Self.environmentNames[key], let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        self.display = display

        // libpq's default role is the operating system's name for this user, not $USER.
        user = value("user") ?? Self.loginName()
        database = value("dbname") ?? user

        // One endpoint per host; one port for all, or one per host (empty: the default).
        let hosts = value("host").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? [""]
        var ports = value("port").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } ?? [""]
        if ports.count == 1 { ports = Array(repeating: ports[0], count: hosts.count) }
        guard ports.count == hosts.count else {
            throw refuse("it gives \(ports.count) ports for \(hosts.count) hosts (one port for all, or one for each)")
        }
        endpoints = []
        for (host, portText) in zip(hosts, ports) {
            let port: Int
            if portText.isEmpty { port = Self.defaultPort } else {
                guard let number = Int(portText), (1...65535).contains(number) else {
                    throw refuse("invalid port number \"\(portText)\"")
                }
                port = number
            }
            let host = host.isEmpty ? Self.defaultSocketDirectory : host
            endpoints.append(host.hasPrefix("/") ? .socket(directory: host, port: port) : .tcp(host: host, port: port))
        }

        guard let mode = SSLMode(rawValue: value("sslmode") ?? "prefer") else {
            throw refuse("invalid sslmode \"\(value("sslmode") ?? "")\" (disable, allow, prefer, require, verify-ca or verify-full)")
        }
        sslMode = mode
        let target = value("target_session_attrs") ?? "any"
        if let known = TargetSession(rawValue: target) {
            targetSession = known
        } else if ["read-only", "standby", "prefer-standby"].contains(target) {
            throw refuse("target_session_attrs=\(target) asks for a server that does not accept writes, "
                         + "and Frontdesk saves to the desk: use any, read-write or primary")
        } else {
            throw refuse("invalid target_session_attrs \"\(target)\" (any, read-write or primary)")
        }
        if let text = value("connect_timeout") {
            guard let seconds = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw refuse("invalid connect_timeout \"\(text)\" (whole seconds)")
            }
            // As libpq: 0 or less sets no limit of Frontdesk's own (an hour: the operating
            // system gives up on a dead host sooner); 1 is raised to 2.
            connectTimeout = seconds <= 0 ? .hours(1) : .seconds(Int64(max(seconds, 2)))
        } else {
            connectTimeout = Self.defaultConnectTimeout
        }
        applicationName = value("application_name") ?? given["fallback_application_name"] ?? "frontdesk"

        // TLS, for TCP hosts only (libpq ignores sslmode on a unix socket).
        let home = Self.homeDirectory(environment)
        var defaultRoot: String?
        if let home, FileManager.default.fileExists(atPath: home + "/.postgresql/root.crt") {
            defaultRoot = home + "/.postgresql/root.crt"
        }
        rootCertificate = value("sslrootcert") ?? defaultRoot
        // libpq: with a root certificate at hand, require checks the server's certificate as verify-ca does.
        verifiesCertificate = mode == .verifyCA || mode == .verifyFull || (mode == .require && rootCertificate != nil)
        verifiesHostName = mode == .verifyFull
        var tls = PostgresConnection.Configuration.TLS.disable
        if mode != .disable, endpoints.contains(where: { if case .tcp = $0 { true } else { false } }) {
            tls = try Self.tls(mode: mode, verifies: verifiesCertificate, hostName: verifiesHostName, root: rootCertificate,
                               certificate: value("sslcert"),
                               key: value("sslkey") ?? home.map { $0 + "/.postgresql/postgresql.key" },
                               refuse: refuse)
        }

        // The password: the URL's, else PGPASSWORD, else each host's line in the password file.
        let password = value("password")
        var passwordFile: PasswordFile?
        if password == nil, let path = value("passfile") ?? home.map({ $0 + "/.pgpass" }) {
            let file = PasswordFile(path: path)
            if let problem = file.problem { warnings.append(problem) }
            passwordFile = file
        }
        configurations = []
        for endpoint in endpoints {
            var configuration: PostgresConnection.Configuration
            let hostPassword = password ?? passwordFile?.password(for: endpoint, database: database, user: user)
            switch endpoint {
            case let .socket(directory, port):
                configuration = .init(unixSocketPath: directory + "/.s.PGSQL.\(port)", username: user,
                                      password: hostPassword, database: database)
            case let .tcp(host, port):
                configuration = .init(host: host, port: port, username: user, password: hostPassword,
                                      database: database, tls: tls)
            }
            configuration.options.connectTimeout = connectTimeout
            // No JIT: the server compiles a statement whose estimated cost passes jit_above_cost,
            // and the working set's (7,000 records of 100,000) spent 50-150 ms of its 85 ms
            // compiling; none of the desk's statements runs long enough to win it back.
            configuration.options.additionalStartupParameters = [("application_name", applicationName), ("jit", "off")]
            configurations.append(configuration)
        }
    }

    /// Why the server behind `connection` (the one at `endpoint`) must be passed over for the
    /// next host, or nil when it will do: with target_session_attrs=read-write a standby or a
    /// server read-only by default, with primary a standby. Never throws: a host that cannot
    /// answer is passed over too, and the caller closes the connection.
    func refusal(of connection: PostgresConnection, at endpoint: Endpoint, logger: Logger) -> String? {
        guard requiresPrimary else { return nil }
        do {
            let rows = try connection.query("SELECT pg_is_in_recovery(), current_setting('transaction_read_only')",
                                            logger: logger).wait()
            guard let row = Array(rows.rows).first else { return "\(endpoint) did not say whether it is a standby" }
            let (inRecovery, readOnly) = try row.decode((Bool, String).self)
            if inRecovery { return "\(endpoint) is a standby (in recovery), and target_session_attrs=\(targetSession.rawValue)" }
            if targetSession == .readWrite, readOnly == "on" {
                return "\(endpoint) is read-only (default_transaction_read_only), and target_session_attrs=read-write"
            }
            return nil
        } catch {
            return "\(endpoint) did not say whether it is a standby: \(PostgresSession.describe(error))"
        }
    }

    // MARK: - Reading the URL

    /// Why a URL cannot be read, in libpq's words where it has them.
    struct Malformed: Error {
        var reason: String
    }

    /// The URL's parameters by libpq keyword: its parts, then its query parameters (which
    /// override them), percent-decoded. libpq's `conninfo_uri_parse_options`, step by step.
    static func parse(_ url: String) throws(Malformed) -> [String: String] {
        guard let prefix = ["postgresql://", "postgres://"].first(where: { url.lowercased().hasPrefix($0) }) else {
            throw Malformed(reason: "it is not a postgres:// or postgresql:// URL")
        }
        let text = Array(url.utf8.dropFirst(prefix.utf8.count))
        var options: [String: String] = [:]
        var p = 0
        func at(_ index: Int) -> UInt8? { index < text.count ? text[index] : nil }
        func piece(_ from: Int, _ to: Int) -> [UInt8] { Array(text[from..<to]) }
        func scan(until stops: String) -> Int {
            let stops = Array(stops.utf8)
            var q = p
            while let c = at(q), !stops.contains(c) { q += 1 }
            return q
        }
        // user[:password]@ — the first '@' before any '/'.
        let credentialsEnd = scan(until: "@/")
        if at(credentialsEnd) == UInt8(ascii: "@") {
            let credentials = piece(0, credentialsEnd)
            let colon = credentials.firstIndex(of: UInt8(ascii: ":"))
            let name = Array(credentials[..<(colon ?? credentials.count)])
            if !name.isEmpty { options["user"] = try decode(name, "user name") }
            if let colon, colon + 1 < credentials.count {
                options["password"] = try decode(Array(credentials[(colon + 1)...]), "password")
            }
            p = credentialsEnd + 1
        }
        // host[:port], separated by commas; an IPv6 address in brackets.
        var hosts: [String] = [], ports: [String] = []
        var terminator: UInt8?
        while true {
            var host: [UInt8]
            if at(p) == UInt8(ascii: "[") {
                let start = p + 1
                p = start
                p = scan(until: "]")
                guard at(p) != nil else {
                    throw Malformed(reason: "the IPv6 address has no closing \"]\"")
                }
                guard p > start else { throw Malformed(reason: "the IPv6 address in brackets is empty") }
                host = piece(start, p)
                p += 1
                if let c = at(p), !":/?,".utf8.contains(c) {
                    throw Malformed(reason: "unexpected \"\(Character(Unicode.Scalar(c)))\" after the IPv6 address (expected \":\", \"/\", \"?\" or \",\")")
                }
            } else {
                let start = p
                p = scan(until: ":/?,")
                host = piece(start, p)
            }
            hosts.append(try decode(host, "host"))
            terminator = at(p)
            var port = ""
            if terminator == UInt8(ascii: ":") {
                p += 1
                let start = p
                p = scan(until: "/?,")
                port = try decode(piece(start, p), "port")
                terminator = at(p)
            }
            ports.append(port)
            guard terminator == UInt8(ascii: ",") else { break }
            p += 1
        }
        // As libpq, a list of empty hosts or ports is no list at all ("postgres:///desk").
        if hosts.contains(where: { !$0.isEmpty }) || hosts.count > 1 { options["host"] = hosts.joined(separator: ",") }
        if ports.contains(where: { !$0.isEmpty }) || ports.count > 1 { options["port"] = ports.joined(separator: ",") }
        // /database
        if terminator == UInt8(ascii: "/") {
            p += 1
            let start = p
            p = scan(until: "?")
            let name = piece(start, p)
            if !name.isEmpty { options["dbname"] = try decode(name, "database name") }
            terminator = at(p)
        }
        // ?key=value&…
        if terminator == UInt8(ascii: "?") {
            let query = piece(p + 1, text.count)
            var pairs = query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false)
            if pairs.last?.isEmpty == true { pairs.removeLast() }  // "?a=1&" ends the list, as in libpq
            for pair in pairs {
                let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 2, omittingEmptySubsequences: false)
                let shown = String(decoding: parts[0], as: UTF8.self)
                guard parts.count > 1 else {
                    throw Malformed(reason: "the parameter \"\(shown)\" has no \"=\"")
                }
                guard parts.count == 2 else { throw Malformed(reason: "the parameter \"\(shown)\" has a second \"=\"") }
                var key = try decode(Array(parts[0]), "parameter name")
                var value = try decode(Array(parts[1]), "value of \(shown)")
                // libpq's nod to JDBC.
                if key == "ssl", value == "true" { (key, value) = ("sslmode", "require") }
                guard parameters.contains(key) else {
                    throw Malformed(reason: "\"\(key)\" is not a connection parameter Frontdesk reads (it reads "
                                    + parameters.joined(separator: ", ") + ")")
                }
                options[key] = value
            }
        }
        return options
    }

    /// `%XX` decoded; `%00` and a `%` without two hex digits are refused, as libpq does.
    static func decode(_ bytes: [UInt8], _ what: String) throws(Malformed) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "%") else { out.append(bytes[i]); i += 1; continue }
            guard i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else {
                throw Malformed(reason: "the \(what) has an invalid percent-encoded token (a \"%\" must be followed by two hex digits)")
            }
            guard high != 0 || low != 0 else { throw Malformed(reason: "the \(what) contains %00, which is forbidden") }
            out.append(high << 4 | low)
            i += 3
        }
        guard let string = String(validating: out, as: UTF8.self) else {
            throw Malformed(reason: "the \(what) is not UTF-8 once decoded")
        }
        return string
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The URL as given, less the password in `user:password@` and any `password=` parameter.
    /// Works on any text, so even a URL that cannot be read is shown without its password.
    static func withoutPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://")?.upperBound else { return url }
        var rest = Substring(url[schemeEnd...])
        var out = String(url[..<schemeEnd])
        if let at = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[at] == "@" {
            out += rest[..<at].prefix(while: { $0 != ":" }) + "@"
            rest = rest[rest.index(after: at)...]
        }
        guard let question = rest.firstIndex(of: "?") else { return out + rest }
        out += rest[..<question]
        let kept = rest[rest.index(after: question)...].split(separator: "&", omittingEmptySubsequences: false).filter { pair in
            let key = pair.prefix(while: { $0 != "=" })
            return (key.removingPercentEncoding ?? String(key)) != "password"
        }
        return kept.isEmpty ? out : out + "?" + kept.joined(separator: "&")
    }

    // MARK: - Defaults

    /// The operating system's name for this user (libpq's default role).
    static func loginName() -> String {
        getpwuid(geteuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } } ?? "postgres"
    }

    /// `$HOME`, else the home directory in the password database.
    static func homeDirectory(_ environment: [String: String]) -> String? {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return getpwuid(geteuid()).flatMap { $0.pointee.pw_dir.map { String(cString: $0) } }
    }

    // MARK: - TLS

    static func tls(mode: SSLMode, verifies: Bool, hostName: Bool, root: String?, certificate: String?, key: String?,
                    refuse: (String) -> StoreError) throws(StoreError) -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = !verifies ? .none : hostName ? .fullVerification : .noHostnameVerification
        if verifies {
            guard let root else {
                throw refuse("sslmode=\(mode.rawValue) checks the server's certificate, and there is no root certificate to check it "
                             + "against: give sslrootcert=FILE, or put it in ~/.postgresql/root.crt")
            }
            do { configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(root)) } catch {
                throw refuse("the root certificate \(root) cannot be read as PEM: \(error)")
            }
        }
        // A client certificate, when the server asks for one (libpq's sslcert and sslkey; the
        // key's default is ~/.postgresql/postgresql.key).
        if let certificate {
            do {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key ?? "", format: .pem))
            } catch {
                throw refuse("the client certificate \(certificate) or its key cannot be read as PEM: \(error)")
            }
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw refuse("its TLS settings cannot be used: \(error)")
        }
        // allow differs from prefer only in trying without TLS first; postgres-nio cannot start
        // a connection without TLS and retry with it, so allow prefers TLS as prefer does.
        switch mode {
        case .disable: return .disable
        case .allow, .prefer: return .prefer(context)
        case .require, .verifyCA, .verifyFull: return .require(context)
        }
    }
}

/// A libpq password file (`~/.pgpass`, `PGPASSFILE` or `passfile=`): lines of
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaping, `#`
/// starting a comment; the first matching line wins. Ignored, as libpq ignores it, when it is
/// not a plain file or when its group or others may read or write it.
struct PasswordFile {
    var path: String
    /// The lines, or nil when the file is missing or ignored.
    private var lines: [Substring]?
    /// Why it was ignored (libpq's warning), when it was.
    var problem: String?

    init(path: String) {
        self.path = path
        var status = stat()
        guard stat(path, &status) == 0 else { return }  // no file: nothing to say, as libpq
        guard status.st_mode & S_IFMT == S_IFREG else {
            problem = "password file \"\(path)\" is not a plain file; it was ignored"
            return
        }
        guard status.st_mode & (S_IRWXG | S_IRWXO) == 0 else {
            problem = "password file \"\(path)\" has group or world access; it was ignored: permissions should be u=rw (0600) or less"
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else { return }
        lines = String(decoding: data, as: UTF8.self).split(omittingEmptySubsequences: true, whereSeparator: \.isNewline)
    }

    /// The password of the first line matching, or nil. A socket in libpq's default directory is
    /// looked up as `localhost`, as libpq does.
    func password(for endpoint: PostgresLocation.Endpoint, database: String, user: String) -> String? {
        let host: String, port: Int
        switch endpoint {
        case let .socket(directory, socketPort):
            host = directory == PostgresLocation.defaultSocketDirectory ? "localhost" : directory
            port = socketPort
        case let .tcp(name, tcpPort): (host, port) = (name, tcpPort)
        }
        let wanted = [host, String(port), database, user]
        for line in lines ?? [] where !line.hasPrefix("#") {
            let fields = Self.fields(line)
            guard fields.count >= 5 else { continue }
            if zip(fields, wanted).allSatisfy({ field, value in field.text == value || (field.text == "*" && !field.escaped) }) {
                return fields[4].text
            }
        }
        return nil
    }

    /// The line's colon-separated fields, unescaped; `escaped` tells a literal `\*` from the wildcard.
    static func fields(_ line: Substring) -> [(text: String, escaped: Bool)] {
        var fields: [(text: String, escaped: Bool)] = []
        var current = "", escaped = false, pending = false
        for character in line {
            if pending { current.append(character); pending = false; escaped = true; continue }
            switch character {
            case "\\": pending = true
            case ":" where fields.count < 4:
                fields.append((current, escaped))
                current = ""
                escaped = false
            case ":": // the password ends at an unescaped colon, as libpq reads it
                fields.append((current, escaped))
                return fields
            default: current.append(character)
            }
        }
        fields.append((current, escaped))
        return fields
    }
}
