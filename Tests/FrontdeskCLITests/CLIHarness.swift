import Foundation
import FrontdeskTestSupport

/// Runs the built `frontdesk` binary against a temporary store.
struct CLI {
    struct Result {
        var status: Int32
        var out: String
        var err: String
        var outBytes: [UInt8] = []
        var errBytes: [UInt8] = []
    }

    /// A folder of the test's own: the file store's parent, and where outputs go.
    let root: String
    /// The store the binary is given (`FRONTDESK_STORE`): a folder, or a database's URL.
    let store: String
    /// The database, when the store is on PostgreSQL (dropped by `cleanUp`).
    let place: TestStore?
    var agent = "ana"

    /// `agents`: logins the store's supervisor (the login user running the tests, who creates
    /// the store) adds before the test starts, the first with `role`; `[]` leaves the store
    /// uncreated. A file store in a temporary folder.
    init(agents: [String] = ["ana"], role: String = "supervisor") {
        root = NSTemporaryDirectory() + "frontdesk-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        store = root + "/store"
        place = nil
        addAgents(agents, role: role)
    }

    /// The same on `backend`: the shared CLI tests run on the file store and on PostgreSQL (a
    /// fresh database, see `TestPostgres`).
    init(_ backend: TestBackend, agents: [String] = ["ana"], role: String = "supervisor") throws {
        let place = try backend.fresh()
        if backend == .file {
            root = (place.location as NSString).deletingLastPathComponent
        } else {
            root = NSTemporaryDirectory() + "frontdesk-cli-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }
        store = place.location
        self.place = place
        addAgents(agents, role: role)
    }

    private func addAgents(_ agents: [String], role: String) {
        for login in agents {
            run(["agent", "add", login, "--name", login.capitalized, "--queues", "service-desk",
                 "--role", login == agents.first ? role : "agent"], agent: Self.loginUser)
        }
    }

    /// Everything the store holds (its files, or its tables' rows): equal before and after
    /// a command means the command wrote nothing.
    func contents() -> String {
        if let place { return (try? place.contents()) ?? "unreadable" }
        return TestStore.fileContents(store)
    }

    /// Who runs the tests, as the binary sees it.
    static var loginUser: String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
    }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: root)
        place?.remove()
    }

    static let binary = builtProduct("frontdesk")

    @discardableResult
    func run(_ arguments: String..., agent: String? = nil) -> Result { run(arguments, agent: agent) }

    /// Runs as login user `user` (the USER variable), with no FRONTDESK_AGENT unless `agent`.
    @discardableResult
    /// On PostgreSQL the login is the database role: the run connects as role `user`.
    func run(_ arguments: [String], user: String, agent: String? = nil) -> Result {
        var environment = ["USER": user, "FRONTDESK_AGENT": agent ?? ""]
        if let database = place?.database, user != Self.loginUser {
            do { environment["FRONTDESK_STORE"] = try TestPostgres.url(of: database.name, asRole: user) } catch {
                return Result(status: -1, out: "", err: "cannot connect as role \(user): \(error)")
            }
        }
        return run(arguments, environment: environment)
    }

    func journal() -> Data? { FileManager.default.contents(atPath: store + "/journal.jsonl") }

    /// The store's snapshot and journal as bytes: a refusal leaves them exactly as they were.
    func storeBytes() -> [Data?] {
        ["snapshot.json", "journal.jsonl"].map { FileManager.default.contents(atPath: store + "/" + $0) }
    }

    /// Runs as another user (`setpriv`, root only): for stores this user may only read, or not at all.
    func run(_ arguments: [String], asUser uid: Int) -> Result {
        run(["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--", Self.binary] + arguments, agent: nil, executable: "/usr/bin/setpriv")
    }

    /// `environment` overrides the variables given (`USER` to be another login user; a value
    /// of "" removes the variable); `input` is standard input (none: empty).
    @discardableResult
    func run(_ arguments: [String], agent: String? = nil, executable: String = binary, environment: [String: String] = [:],
             input: [UInt8]? = nil) -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_STORE"] = store
        env["FRONTDESK_AGENT"] = agent ?? self.agent
        env["NO_COLOR"] = "1"
        for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
        process.environment = env
        let outPath = root + "/out-\(UUID().uuidString)", errPath = root + "/err-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        let inPath = root + "/in-\(UUID().uuidString)"
        if let input {
            _ = FileManager.default.createFile(atPath: inPath, contents: Data(input))
            process.standardInput = FileHandle(forReadingAtPath: inPath)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        defer { try? FileManager.default.removeItem(atPath: inPath) }
        do { try process.run() } catch { return Result(status: -1, out: "", err: "\(error)") }
        process.waitUntilExit()
        let outBytes = [UInt8](FileManager.default.contents(atPath: outPath) ?? Data())
        let errBytes = [UInt8](FileManager.default.contents(atPath: errPath) ?? Data())
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
        return Result(status: process.terminationStatus, out: String(decoding: outBytes, as: UTF8.self),
                      err: String(decoding: errBytes, as: UTF8.self), outBytes: outBytes, errBytes: errBytes)
    }

    /// `show NUMBER --json` as an object.
    func show(_ number: String) -> [String: Any]? {
        let r = run("show", number, "--json")
        return (try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any]
    }

    /// A record without its live timers, which move between two calls.
    static func stable(_ row: [String: Any]?) -> NSDictionary {
        var copy = row ?? [:]
        for key in ["wait_time_seconds", "duration_seconds", "hold_time_seconds", "wrap_up_seconds"] { copy[key] = nil }
        return NSDictionary(dictionary: copy)
    }

    func list(_ extra: String...) -> [[String: Any]] {
        let r = run(["list", "--json"] + extra)
        return ((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [[String: Any]]) ?? []
    }
}
