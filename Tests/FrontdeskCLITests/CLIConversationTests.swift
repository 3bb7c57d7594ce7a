import Foundation
import Testing
import FrontdeskTestSupport

/// A `frontdesk` process started in the background, its output going to a file the test reads
/// while it runs (a follower), and killed when the test says.
final class Background {
    let process = Process()
    let outPath: String

    /// `environment` overrides variables as `CLI.run` does (a PostgreSQL store's URL, say; "" removes one).
    init(_ cli: CLI, _ arguments: [String], agent: String? = nil, environment: [String: String] = [:]) throws {
        outPath = cli.root + "/bg-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_STORE"] = cli.store
        env["FRONTDESK_AGENT"] = agent ?? cli.agent
        for (key, value) in environment { env[key] = value.isEmpty ? nil : value }
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    var output: String { String(decoding: FileManager.default.contents(atPath: outPath) ?? Data(), as: UTF8.self) }

    /// The complete lines written so far.
    var lines: [String] {
        let text = output
        guard let end = text.lastIndex(of: "\n") else { return [] }
        return text[..<end].split(separator: "\n").map(String.init)
    }

    /// Waits up to `seconds` for `count` complete lines.
    func waitForLines(_ count: Int, seconds: Double = 10) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while lines.count < count, Date() < deadline, process.isRunning { usleep(10_000) }
        return lines
    }

    /// SIGKILL, as a crash or `kill -9` would; true when it was still running.
    @discardableResult
    func kill() -> Bool {
        let running = process.isRunning
        if running { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: outPath)
        return running
    }
}

func jsonLines(_ lines: [String]) -> [[String: Any]] {
    lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
}

@Suite struct CLIConversationTests {
    /// A messaging contact from `phone`, accepted by ana: its number.
    func contact(_ cli: CLI, _ phone: String, _ text: String = "my printer is on fire") -> String {
        let intake = cli.run(["intake", "messaging", "--from", phone, "--text", text, "--json"], agent: "sms")
        let number = ((try? JSONSerialization.jsonObject(with: Data(intake.out.utf8))) as? [String: Any])?["interaction"] as? String ?? ""
        cli.run("accept", number)
        return number
    }

    @Test(arguments: TestBackend.allCases)
    func replyOutboxAckFailRetryFromTheCommandLine(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let n = contact(cli, "+44 7700 900123")
        let refused = cli.run("reply", n, "--text", "  ")
        #expect(refused.status == 1 && refused.err.contains("reply"), "\(refused.err)")
        let sent = cli.run("reply", n, "--text", "Hello \"Björn\" \\ 👋\nLine two")
        #expect(sent.status == 0 && sent.out.contains("reply MSG0000001 queued for sms +447700900123"), "\(sent.out)\(sent.err)")
        let second = jsonLines([cli.run("reply", n, "--text", "Second", "--json").out.trimmingCharacters(in: .newlines)])
        #expect(second.first?["id"] as? String == "MSG0000002" && second.first?["recipient"] as? String == "+447700900123")

        // The outbox as a gateway reads it: JSON Lines, oldest first, the text JSON-escaped.
        let out = cli.run("outbox", "--json")
        let items = jsonLines(out.out.split(separator: "\n").map(String.init))
        #expect(items.map { $0["id"] as? String } == ["MSG0000001", "MSG0000002"])
        #expect(items.first?["text"] as? String == "Hello \"Björn\" \\ 👋\nLine two")
        #expect(items.first?["recipient"] as? String == "+447700900123" && items.first?["channel"] as? String == "sms")
        #expect(items.first?["number"] as? String == n && items.first?["attempt"] as? Int == 1)
        #expect(out.out.contains(#"\"Björn\" \\ 👋\nLine two"#), "escaped, UTF-8 kept: \(out.out)")

        // A gateway acks one and fails the other; saying it twice changes nothing.
        #expect(cli.run(["outbox", "ack", "MSG0000001"], agent: "sms").status == 0)
        let journal = cli.contents()
        let again = cli.run(["outbox", "ack", "msg0000001"], agent: "sms")
        #expect(again.status == 0 && again.out.contains("already delivered"))
        #expect(cli.contents() == journal, "nothing written")
        #expect(cli.run(["outbox", "fail", "MSG0000002", "--reason", "provider said 500"], agent: "sms").status == 0)
        let late = cli.run(["outbox", "fail", "MSG0000001", "--reason", "x"], agent: "sms")
        #expect(late.status == 1 && late.err.contains("cannot fail"), "\(late.err)")
        #expect(cli.run("outbox").out.contains("The outbox is empty"))
        #expect(cli.run("outbox", "--failed").out.contains("provider said 500"))
        let failed = jsonLines(cli.run("outbox", "--failed", "--json").out.split(separator: "\n").map(String.init))
        #expect(failed.count == 1 && failed.first?["reason"] as? String == "provider said 500" && failed.first?["attempt"] as? Int == 1)

        // show says each reply's delivery; --json has the whole conversation.
        let shown = cli.run("show", n).out
        #expect(shown.contains("REPLY MSG0000001 by ana [delivered"), "\(shown)")
        #expect(shown.contains("REPLY MSG0000002 by ana [FAILED") && shown.contains("provider said 500"))
        #expect(shown.contains("+447700900123: my printer is on fire"))
        let conversation = try #require(cli.show(n)?["conversation"] as? [[String: Any]])
        #expect(conversation.map { $0["direction"] as? String } == ["in", "out", "out"])
        #expect(conversation.map { $0["status"] as? String } == [nil, "delivered", "failed"])
        #expect(conversation[2]["reason"] as? String == "provider said 500")

        // The agent retries: the same id, the next attempt.
        #expect(cli.run("outbox", "retry", "MSG0000002").status == 0)
        let retried = jsonLines(cli.run("outbox", "--json").out.split(separator: "\n").map(String.init))
        #expect(retried.map { $0["id"] as? String } == ["MSG0000002"] && retried.first?["attempt"] as? Int == 2)

        // Replies are found by search, and exported to ServiceNow as comments.
        #expect(cli.list("--search", "line two").map { $0["number"] as? String } == [n])
        let export = cli.run("export", "--format", "servicenow").out
        #expect(export.contains("Line two"), "\(export.prefix(400))")
    }

    @Test(arguments: TestBackend.allCases)
    func aReplyIsStoredAsTypedAndLeavesOnlyEscapedOrClean(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let n = contact(cli, "+44 7700 900123", "hi \u{1B}]0;pwned\u{07}")
        let hostile = "Done \u{1B}[2J\u{1B}]52;c;cGF5bG9hZA==\u{07} \u{202E}ok \u{9B}31m"
        #expect(cli.run("reply", n, "--text", hostile).status == 0)
        let json = cli.run("outbox", "--json")
        #expect(!json.outBytes.contains(0x1B) && !json.outBytes.contains(0x07), "no raw control reaches the gateway's pipe")
        let item = try #require(jsonLines([json.out.trimmingCharacters(in: .newlines)]).first)
        #expect(item["text"] as? String == hostile, "stored and carried exactly as typed")
        for args in [["show", n], ["outbox"], ["list", "--search", "Done"]] {
            let out = cli.run(args)
            #expect(!out.outBytes.contains(0x1B) && !out.out.contains("\u{202E}") && !out.out.contains("\u{9B}"), "\(args): \(out.out)")
        }
    }

    @Test(arguments: TestBackend.allCases)
    func repliesGoOnlyWhereSomeoneIsOnTheLine(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        cli.run("config", "set", "phone_channel", "on")
        cli.run(["intake", "phone", "--from", "+1 555 123 4567"], agent: "phone")
        cli.run("accept", "1")
        let before = cli.contents()
        let phone = cli.run("reply", "1", "--text", "hi")
        #expect(phone.status == 1 && phone.err.contains("no channel to answer through"), "\(phone.err)")
        #expect(cli.contents() == before)
        let queued = cli.run(["intake", "chat", "--from", "visitor-9", "--text", "hello?"], agent: "chat")
        #expect(queued.status == 0)
        let early = cli.run("reply", "2", "--text", "hi")
        #expect(early.status == 1 && early.err.contains("accept it first"), "\(early.err)")
        cli.run("accept", "2")
        let chat = cli.run("reply", "2", "--text", "Hi there")
        #expect(chat.status == 0 && chat.out.contains("chat visitor-9"), "\(chat.out)\(chat.err)")
    }

    @Test(arguments: TestBackend.allCases)
    func templatesListShowAddAndReplyWithOne(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let n = contact(cli, "+15551234567")
        cli.run("customer", "add", "--name", "Zoë Müller", "--phone", "+15551234567")
        cli.run("profile", "link", "CUP0000001", "--to", "CUS0000001")
        #expect(cli.run("template", "list").out.contains("greeting"))
        let bad = cli.run("template", "add", "nick", "--text", "Hi {{customer.nickname}}")
        #expect(bad.status == 1 && bad.err.contains("unknown placeholder {{customer.nickname}}"), "\(bad.err)")
        #expect(!cli.run("template", "list").out.contains("nick"), "a refused template is not saved")
        if backend == .file { #expect(!FileManager.default.fileExists(atPath: cli.store + "/templates/nick.txt")) }
        let added = cli.run("template", "add", "greeting", "--text", "Hej {{customer.first_name}}, {{agent.first_name}} here about {{number}}.")
        #expect(added.status == 0, "\(added.err)")
        #expect(cli.run("template", "show", "greeting", "--for", n).out == "Hej Zoë, Ana here about \(n).\n")
        let listed = cli.run("template", "list").out
        #expect(listed.contains("greeting") && listed.contains("store") && listed.contains("built-in"))
        let agentAdds = cli.run(["template", "add", "x", "--text", "hi"], agent: "bo")
        #expect(agentAdds.status != 0)
        let sent = cli.run("reply", n, "--template", "greeting")
        #expect(sent.status == 0, "\(sent.err)")
        #expect(jsonLines(cli.run("outbox", "--json").out.split(separator: "\n").map(String.init)).first?["text"] as? String
                == "Hej Zoë, Ana here about \(n).")
        // A damaged template (a file, or a row written around Frontdesk) is named with what is wrong.
        if let database = cli.place?.database {
            try database.sql("INSERT INTO frontdesk_templates (name, body) VALUES ('broken', E'Hi \\u001b[2J')")
            let damaged = cli.run("template", "list")
            #expect(damaged.status == 3 && damaged.err.contains("\(cli.store) frontdesk_templates at template broken")
                    && damaged.err.contains("control character U+1B"), "\(damaged.err)")
            #expect(!damaged.errBytes.contains(0x1B))
            return
        }
        try Data([0x48, 0x69, 0xFF, 0xFE]).write(to: URL(fileURLWithPath: cli.store + "/templates/broken.txt"))
        let damaged = cli.run("template", "list")
        #expect(damaged.status != 0 && damaged.err.contains("broken.txt") && damaged.err.contains("not UTF-8"), "\(damaged.err)")
    }

    /// At least once across crashes: writers of replies and followers of the outbox are
    /// SIGKILLed at random moments (a follower between reading a reply and acking it, an ack
    /// itself mid-write). No reply the command line said it queued is lost; one given twice
    /// always carries the same id and text.
    @Test func noReplyIsLostAcrossKills() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let numbers = (0..<3).map { contact(cli, "+4477009001\($0)0") }
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        var queued: [String: String] = [:]      // id -> text, as `reply` acknowledged them

        // Writers until enough were both killed and acknowledged, however fast this machine is
        // today: a loaded machine kills more of them, an idle one acknowledges more.
        var writerKills = 0, k = 0
        while (queued.count < 24 || writerKills < 12) && k < 240 {
            k += 1
            let text = "reply \(k): \"quoted\" \\ ✓"
            let writer = try Background(cli, ["reply", numbers[k % numbers.count], "--text", text])
            usleep(UInt32.random(in: 0...45_000, using: &generator))
            let output = writer.output
            if writer.process.isRunning {
                kill(writer.process.processIdentifier, SIGKILL)
                kills += 1
                writerKills += 1
            }
            writer.process.waitUntilExit()
            let said = writer.process.terminationReason == .exit && writer.process.terminationStatus == 0 ? writer.output : output
            if let range = said.range(of: #"MSG\d{7}"#, options: .regularExpression), said.contains("queued") {
                queued[String(said[range])] = text
            }
            try? FileManager.default.removeItem(atPath: writer.outPath)
        }
        let pending = jsonLines(cli.run("outbox", "--json").out.split(separator: "\n").map(String.init))
        let pendingIDs = Set(pending.compactMap { $0["id"] as? String })
        for (id, _) in queued { #expect(pendingIDs.contains(id), "\(id) was acknowledged to the writer but is not in the outbox") }

        var given: [String: String] = [:]       // id -> text, as followers gave them
        var duplicates = 0
        var rounds = 0
        while rounds < 300 {
            rounds += 1
            let follower = try Background(cli, ["outbox", "--follow", "--json", "--poll-ms", "20"], agent: "sms")
            let lines = jsonLines(follower.waitForLines(1, seconds: 3))
            if lines.isEmpty {
                follower.kill()
                if cli.run("outbox", "--json").out.isEmpty { break }
                continue
            }
            for line in lines {
                let id = line["id"] as? String ?? "", text = line["text"] as? String ?? ""
                if let before = given[id] {
                    duplicates += 1
                    #expect(before == text, "\(id) given again with other text")
                }
                given[id] = text
            }
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                break                                        // dies between reading and acking
            case 1:
                // The ack itself is killed part-way, or not.
                let ack = try Background(cli, ["outbox", "ack", lines[0]["id"] as? String ?? ""], agent: "sms")
                usleep(UInt32.random(in: 0...25_000, using: &generator))
                if ack.kill() { kills += 1 }
            default:
                // Delivered and acked; the rest are given again to the next follower.
                cli.run(["outbox", "ack", lines[0]["id"] as? String ?? ""], agent: "sms")
            }
            if follower.kill() { kills += 1 }
        }
        #expect(cli.run("outbox", "--json").out.isEmpty, "every reply delivered in \(rounds) rounds")
        #expect(writerKills >= 12 && kills >= 36, "\(kills) kills, \(writerKills) of writers")
        for (id, text) in queued { #expect(given[id] == text, "\(id) never given to a gateway") }
        for id in pendingIDs { #expect(given[id] != nil, "\(id) never given") }
        // Every reply on the records says delivered, and the store is whole.
        for n in numbers {
            let conversation = cli.show(n)?["conversation"] as? [[String: Any]] ?? []
            for m in conversation where m["direction"] as? String == "out" {
                #expect(m["status"] as? String == "delivered", "\(m)")
            }
        }
        #expect(cli.run("store", "stats").status == 0, "the store opens whole")
        print("outbox kill test: \(kills) kills, \(queued.count) replies acknowledged of 36, \(given.count) given, \(duplicates) given again, \(rounds) follower rounds")
    }
}
