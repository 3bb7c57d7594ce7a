import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport

/// A store with a walk-up location open round the clock (`walk-in`, UTC), one that is closed
/// today (`annex`, a holiday), agent bo at "Desk 2", a customer, and `frontdesk serve` on it.
final class WebFixture: @unchecked Sendable {
    let place: TestStore
    let root: String
    let server: ServeProcess

    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    init(_ backend: TestBackend, serveArguments: [String] = []) throws {
        place = try backend.fresh()
        root = NSTemporaryDirectory() + "frontdesk-web-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let today = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate])
        let setup: [[String]] = [
            ["queue", "add", "walk-in", "--name", "Walk-in <IT> bar", "--channels", "walk-up"],
            ["queue", "add", "annex", "--name", "Annex", "--channels", "walk-up"],
            ["config", "set", "queue.walk-in.walk_up", "on"],
            ["config", "set", "queue.walk-in.walk_up.time_zone", "UTC"],
            ["config", "set", "queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00"],
            ["config", "set", "queue.walk-in.walk_up.last_check_in", "0"],
            ["config", "set", "queue.walk-in.walk_up.reasons", "Laptop repair,Password reset,Collect equipment"],
            ["config", "set", "queue.walk-in.walk_up.guest_check_in", "on"],
            ["config", "set", "queue.walk-in.walk_up.name_format", "first-initial"],
            ["config", "set", "queue.annex.walk_up", "on"],
            ["config", "set", "queue.annex.walk_up.time_zone", "UTC"],
            ["config", "set", "queue.annex.walk_up.hours", "mon-fri 09:00-17:00"],
            ["config", "set", "queue.annex.walk_up.holidays", today],
            ["config", "set", "queue.annex.walk_up.closed_message", "The annex is closed today <b>sorry</b>."],
            ["agent", "add", "bo", "--name", "Bo", "--queues", "walk-in,annex"],
            ["customer", "add", "--name", "Ada Lovelace", "--email", "ada@example.org", "--phone", "+44 20 7946 0001"],
            ["presence", "available", "--agent", "bo"],
        ]
        for arguments in setup {
            let run = Self.frontdesk(arguments, store: place.location, root: root)
            if run.status != 0 { throw ServeProcess.ServeFailure(description: "setup \(arguments): \(run.err)\(run.out)") }
        }
        // Bo sits at Desk 2 (through the backend, as the console would).
        let store = try place.open()
        try store.perform(.setAgentDesk(login: "bo", desk: "Desk 2"), by: WebFixture.loginUser, at: Self.now)
        server = try ServeProcess(store: place.location, root: root, extra: serveArguments)
    }

    static var now: Instant { Instant(seconds: Int64(Date().timeIntervalSince1970)) }

    static var loginUser: String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        return getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? "root"
    }

    /// Bo calls the next visitor at the counter, through the backend (what the console's C does).
    func call(_ location: String = "walk-in") throws {
        let store = try place.open()
        try store.perform(.callVisitor(location: location, number: nil, agent: "bo"), by: "bo", at: Self.now)
    }

    func frontdesk(_ arguments: [String], agent: String? = nil) -> Run {
        Self.frontdesk(arguments, store: place.location, root: root, agent: agent)
    }

    static func frontdesk(_ arguments: [String], store: String, root: String, agent: String? = nil) -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: builtProduct("frontdesk"))
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_STORE"] = store
        env["FRONTDESK_AGENT"] = agent ?? ""
        env["NO_COLOR"] = "1"
        process.environment = env
        let out = root + "/run-\(UUID().uuidString).out", err = out + ".err"
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: out)
        process.standardError = FileHandle(forWritingAtPath: err)
        do { try process.run() } catch { return Run(status: -1, out: "", err: "\(error)") }
        process.waitUntilExit()
        return Run(status: process.terminationStatus, out: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
                   err: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    /// Checks in through the form; returns the status link's path (the redirect's target).
    func checkIn(name: String, contact: String = "", reason: String = "Laptop repair", location: String = "walk-in",
                 client: String? = nil) -> ServeProcess.Reply {
        server.post("/checkin/\(location)", form: [("name", name), ("contact", contact), ("reason", reason)],
                    headers: client.map { ["X-Real-IP: " + $0] } ?? [])
    }

    /// Everything the store holds (files or rows): equal before and after means nothing was written.
    func contents() -> String { (try? place.contents()) ?? "unreadable" }

    func tearDown() {
        server.stop()
        try? FileManager.default.removeItem(atPath: root)
        place.remove()
    }
}
