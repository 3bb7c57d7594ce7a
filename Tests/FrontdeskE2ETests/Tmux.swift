import Foundation
import FrontdeskTestSupport

/// A private tmux server running one command in a detached session of a fixed size.
/// Tests type with `send` and read the screen with `screen`, polling rather than sleeping.
final class Tmux {
    let socket = "frontdesk-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let root: String

    /// On PostgreSQL: the test's own database (dropped by `stop`); nil on the file store.
    let database: TestDatabase?
    /// The store every process here opens: the folder, or the database as the login user.
    var store: String { database?.url ?? root + "/store" }

    /// The store's creator (the user running the tests) supervises it and adds `agents`.
    /// `backend`: a file store in a folder of its own, or a new database on the test server.
    init(agents: [String] = ["ana"], backend: TestBackend) throws {
        root = NSTemporaryDirectory() + socket
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        database = backend == .postgres ? try TestPostgres.createDatabase() : nil
        for login in agents {
            frontdesk(["agent", "add", login, "--name", login.capitalized, "--queues", "service-desk", "--role", "supervisor"], as: nil)
        }
    }

    /// A file store, as every console test but the PostgreSQL ones uses.
    convenience init(agents: [String] = ["ana"]) { try! self.init(agents: agents, backend: .file) }

    /// The store as `login` opens it: on PostgreSQL a login is a database role, so a console or
    /// gateway acting as someone else connects as that role.
    func store(as login: String?) -> String {
        guard let database, let login else { return store }
        return (try? TestPostgres.url(of: database.name, asRole: login)) ?? store
    }

    static var available: Bool { run(["tmux", "-V"]).status == 0 }

    static let binary = builtProduct("frontdesk")

    /// Starts `frontdesk ARGS` with TERM, LANG and TZ pinned. When it exits, the pane prints
    /// its exit status and the terminal's modes, so tests can check the terminal was restored.
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:], session: String = "main") {
        var env = ["TERM": "screen-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC",
                   "FRONTDESK_STORE": store(as: "ana"), "FRONTDESK_AGENT": "ana", "HOME": root]
        env.merge(environment) { $1 }
        let assignments = env.map { "\($0.key)=\(Self.quote($0.value))" }.sorted().joined(separator: " ")
        let command = "env \(assignments) \(Self.quote(Self.binary)) \(arguments.map(Self.quote).joined(separator: " ")); "
            + "echo \"EXIT=$?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo|ixon)$' | tr '\\n' ' '; echo; sleep 600"
        tmux(["new-session", "-d", "-s", session, "-x", "\(width)", "-y", "\(height)", command])
    }

    /// Another console beside the first, in a session of its own.
    func screen(of session: String) -> String { tmux(["capture-pane", "-p", "-t", session]).out }
    func send(to session: String, _ keys: String...) { tmux(["send-keys", "-t", session] + keys) }

    @discardableResult
    func waitFor(_ text: String, in session: String, timeout: Double = 10) -> Bool {
        waitUntil(in: session, timeout: timeout) { $0.contains(text) }
    }

    func send(_ keys: String...) { tmux(["send-keys", "-t", "main"] + keys) }
    func type(_ text: String) { tmux(["send-keys", "-t", "main", "-l", text]) }
    /// Sends raw bytes, as a terminal would (`"1b 5b 34 7e"` is End as PuTTY sends it).
    func sendBytes(_ hex: String) { tmux(["send-keys", "-t", "main", "-H"] + hex.split(separator: " ").map(String.init)) }
    func resize(width: Int, height: Int) { tmux(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"]) }

    var screen: String { tmux(["capture-pane", "-p", "-t", "main"]).out }

    var pid: Int32? {
        Int32(tmux(["display-message", "-p", "-t", "main", "#{pane_pid}"]).out.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The console started in this tmux server's `main` pane: the pane's shell's child, never a
    /// console of another test running at the same time (a signal sent to that one crashed it).
    var consolePID: Int32? {
        guard let shell = pid else { return nil }
        let found = Self.run(["pgrep", "-P", "\(shell)", "-f", "^" + Self.binary + "$"]).out
        return found.split(separator: "\n").last.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Waits until the screen contains `text`; returns whether it did within `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) -> Bool {
        waitUntil(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `condition` holds for the screen of `session`; returns whether it did
    /// within `timeout` seconds. For what `waitFor` cannot say: a text gone, a line changed.
    @discardableResult
    func waitUntil(in session: String = "main", timeout: Double = 10, _ condition: (String) -> Bool) -> Bool {
        FrontdeskTestSupport.waitUntil(timeout: timeout) { condition(screen(of: session)) }
    }

    func stop() {
        tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: root)
        database?.drop()
    }

    /// Runs the built binary directly (another console or a gateway writing to the same store),
    /// as `agent`; by default as the login user, the store's first supervisor (a gateway login
    /// may only add contacts and report on replies).
    @discardableResult
    func frontdesk(_ arguments: [String], as agent: String? = nil) -> (status: Int32, out: String) {
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_STORE"] = store(as: agent)
        env["FRONTDESK_AGENT"] = agent
        let r = Self.run([Self.binary] + arguments, environment: env)
        return (r.status, r.out)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) -> (status: Int32, out: String) {
        Self.run(["tmux", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    private static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// Runs a program to completion with posix_spawn and waitpid. (Foundation's Process
    /// does not always reap a tmux client whose server it forked.) Output goes through a file:
    /// a tmux server started here keeps its inherited descriptors open for as long as it runs.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String]? = nil) -> (status: Int32, out: String) {
        let output = NSTemporaryDirectory() + "frontdesk-e2e-out-\(UUID().uuidString)"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The test runner blocks some signals on its threads; a tmux server must not pass that
        // mask on to the console, so the child starts with an empty mask and default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, argv, envp) == 0 else { return (-1, "") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        return (exited ? (status >> 8) & 0xff : -1, text)
    }
}
