import Foundation
import FrontdeskTestSupport
import Testing

@Suite(.serialized) struct CLITests {
    /// A store with a customer, the phone channel on, and one record of each kind of progress.
    func prepared(_ backend: TestBackend = .file) throws -> CLI {
        let cli = try CLI(backend)
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        cli.run("customer", "add", "--name", "Omar Haddad", "--email", "omar@example.com")
        cli.run("config", "set", "phone_channel", "on")
        cli.run("agent", "add", "bo", "--name", "Bo Chen", "--queues", "service-desk")
        return cli
    }

    /// `show --json` has the audit trail the text view prints, stored values and words both;
    /// lists leave it out.
    @Test(arguments: TestBackend.allCases)
    func showJSONCarriesTheAuditTrail(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        cli.run("new", "--type", "chat", "--for", "omar@example.com", "--short", "Printer jam")
        cli.run("set", "1", "--short", "Printer jam on floor 2")
        let shown = try #require(cli.show("1"))
        let trail = try #require(shown["audit_trail"] as? [[String: Any]])
        let edit = try #require(trail.first { $0["field"] as? String == "short_description" && $0["old"] as? String == "Printer jam" })
        #expect(edit["new"] as? String == "Printer jam on floor 2")
        #expect((edit["text"] as? String)?.contains("Printer jam on floor 2") == true)
        #expect(edit["by"] as? String == "ana" && (edit["at"] as? String)?.isEmpty == false)
        #expect(trail.first?["field"] as? String == "created")
        #expect(cli.list().first?["audit_trail"] == nil, "lists stay as they were")
    }

    /// The caller's number is kept on the record whether or not they are a customer: shown,
    /// searchable, exported (issue 22: it was only in the audit trail).
    @Test(arguments: TestBackend.allCases)
    func theCallersNumberIsKept(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        cli.run("intake", "phone", "--from", "+44 20 7946 0369")
        cli.run("intake", "messaging", "--from", "+44 20 7946 0958", "--text", "hi")
        #expect(cli.show("1")?["caller"] as? String == "+442079460369")
        #expect(cli.show("2")?["caller"] as? String == "+442079460958", "an unlinked SMS sender's number")
        #expect(cli.run("show", "1").out.contains("Caller             +442079460369"))
        #expect(cli.list("--search", "442079460369").map { $0["number"] as? String } == ["IMS0000001"])
        #expect(cli.list("--search", "2079460958").map { $0["number"] as? String } == ["IMS0000002"])
        let csv = cli.run("export", "--format", "csv").out
        #expect(csv.hasPrefix("number,type,state,state_reason,opened_for,opened_for_name,channel_user_profile,caller,"), "\(csv)")
        #expect(csv.contains("+442079460369"))
    }

    @Test(arguments: TestBackend.allCases)
    func everyCommandsSuccessPath(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        func ok(_ args: String..., contains text: String = "") {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args.joined(separator: " ")): \(r.err)")
            if !text.isEmpty { #expect(r.out.contains(text), "\(args.joined(separator: " ")) printed: \(r.out)") }
        }
        ok("customer", "find", "zoe", contains: "CUS0000001")
        ok("customer", "list", contains: "Omar Haddad")
        ok("queue", "add", "walk-in", "--name", "Walk-in", "--channels", "walk-up", "--target-wait", "10m", contains: "queue walk-in added")
        ok("queue", "list", contains: "walk-in")
        ok("agent", "list", contains: "Bo Chen")
        ok("agent", "presence", "away", contains: "ana is Away")
        ok("config", "list", contains: "phone_channel = on")
        ok("config", "get", "queue.walk-in.target_wait", contains: "10m")
        ok("config", "set", "wrap_up.chat", "on", contains: "wrap_up.chat = on")
        ok("intake", "chat", "--for", "zoe@example.com", "--text", "hello", contains: "IMS0000001 created in queue service-desk")
        ok("intake", "phone", "--for", "Omar Haddad", contains: "IMS0000002")
        ok("intake", "walk-up", "--for", "CUS0000001", "--queue", "walk-in", contains: "IMS0000003")
        ok("intake", "messaging", "--from", "+44 20 7946 0958", "--text", "hi", contains: "IMS0000004 (new)")
        ok("new", "--type", "chat", "--for", "omar@example.com", "--short", "Printer jam", contains: "IMS0000005 created and accepted")
        ok("list", contains: "IMS0000005")
        ok("list", "--view", "queue", contains: "IMS0000001")
        ok("list", "--view", "mine", contains: "IMS0000005")
        ok("show", "IMS0000005", contains: "Printer jam")
        ok("accept", "1", contains: "IMS0000001 accepted by ana")
        ok("set", "1", "--short", "VPN drops", contains: "IMS0000001 saved")
        ok("note", "1", "Asked for a screenshot", contains: "work note added")
        ok("hold", "1", contains: "IMS0000001 on hold")
        ok("resume", "1", contains: "IMS0000001 resumed")
        ok("task", "create", "1", "--kind", "incident", contains: "INC0000001 created from IMS0000001")
        ok("task", "link", "5", "INC0000001", contains: "INC0000001 associated with IMS0000005")
        ok("transfer", "1", "--to-agent", "bo", contains: "transferred to bo")
        ok("accept", "1", contains: "accepted")
        ok("end", "1", contains: "IMS0000001 in wrap up")
        ok("complete", "1", contains: "IMS0000001 closed complete")
        ok("archive", "1", contains: "IMS0000001 archived")
        ok("list", "--view", "archived", contains: "IMS0000001")
        ok("accept", "2", contains: "IMS0000002 accepted by ana")
        ok("transfer", "2", "--to-queue", "service-desk", contains: "transferred to queue service-desk")
        ok("set", "2", "--short", "Caller hung up", contains: "saved")
        ok("abandon", "2", contains: "IMS0000002 closed abandoned")
        ok("profile", "list", contains: "CUP0000001")
        ok("profile", "link", "CUP0000001", "--to", "Omar Haddad", contains: "filled on 1 open interaction")
        ok("export", "--format", "csv", contains: "number,type,state")
        ok("export", "--format", "jsonl", contains: "\"number\":\"IMS0000001\"")
        ok("export", contains: "{\"result\":[")
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        let args: [String]
        let status: Int32
        let message: String
        var testDescription: String { args.joined(separator: " ") }
    }

    static let refusals: [Refusal] = [
        Refusal(args: ["complete", "1"], status: 1, message: "the short description must be filled in before closing IMS0000001"),
        Refusal(args: ["abandon", "1"], status: 1, message: "the short description must be filled in before closing"),
        Refusal(args: ["archive", "1"], status: 1, message: "only a closed record can be archived (current state: Work in Progress)"),
        Refusal(args: ["accept", "1"], status: 1, message: "only a New, Queued or On Hold record can be accepted (current state: Work in Progress)"),
        Refusal(args: ["resume", "1"], status: 1, message: "only an On Hold record can be resumed"),
        Refusal(args: ["hold", "1", "--reason", "waiting_on_customer"], status: 1, message: "state reasons are accepted on messaging interactions only"),
        Refusal(args: ["hold", "1", "--reason", "bored"], status: 2, message: "'waiting_on_customer' and 'waiting_internal'"),
        Refusal(args: ["task", "create", "1", "--kind", "incident"], status: 1, message: "before creating a related task from IMS0000001"),
        Refusal(args: ["task", "create", "1", "--kind", "problem"], status: 2, message: "'incident', 'case' or 'request'"),
        Refusal(args: ["set", "1", "--queue", "service-desk"], status: 1, message: "before saving IMS0000001"),
        Refusal(args: ["set", "1", "--for", "nobody-at-all"], status: 1, message: "no customer \"nobody-at-all\""),
        Refusal(args: ["transfer", "1", "--to-agent", "ghost"], status: 1, message: "no agent \"ghost\""),
        Refusal(args: ["transfer", "1"], status: 2, message: "exactly one of --to-agent or --to-queue"),
        Refusal(args: ["note", "1", "   "], status: 1, message: "the work note cannot be empty"),
        Refusal(args: ["intake", "phone", "--for", "zoe@example.com"], status: 1, message: "the phone channel is switched off"),
        Refusal(args: ["intake", "messaging", "--from", "call me maybe"], status: 1, message: "\"call me maybe\" is not a phone number: it contains letters"),
        Refusal(args: ["config", "set", "wrap_up.chat", "sometimes"], status: 1, message: "allowed: on, off"),
        Refusal(args: ["config", "set", "colour", "blue"], status: 1, message: "allowed: phone_channel, wrap_up.<chat|phone|walk-up|messaging>"),
        Refusal(args: ["new", "--type", "fax", "--for", "zoe@example.com", "--short", "x"], status: 2, message: "'chat', 'phone', 'walk-up' or 'messaging'"),
        Refusal(args: ["show", "IMS0000099"], status: 1, message: "no interaction \"IMS0000099\""),
        Refusal(args: ["accept"], status: 2, message: "Missing expected argument"),
        Refusal(args: ["list", "--limit", "0"], status: 2, message: "--limit must be at least 1"),
        Refusal(args: ["list", "--view", "everything"], status: 2, message: "  - wrap-ups"),
    ]

    @Test(arguments: refusals, TestBackend.allCases)
    func refusalLeavesTheRecordUnchanged(_ c: Refusal, _ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("intake", "chat", "--for", "zoe@example.com")
        cli.run("accept", "1")
        let before = CLI.stable(cli.show("IMS0000001"))
        #expect(before["number"] as? String == "IMS0000001")
        let contents = cli.contents()
        let r = cli.run(c.args)
        #expect(r.status == c.status, "stderr: \(r.err)")
        #expect(r.err.contains(c.message), "stderr: \(r.err)")
        #expect(CLI.stable(cli.show("IMS0000001")) == before)
        #expect(cli.contents() == contents, "nothing written")
    }

    /// A transfer into the queue a record already waits in would change nothing: it says so
    /// (not "transferred"), and nothing is written.
    @Test(arguments: TestBackend.allCases)
    func aTransferToTheQueueItWaitsInChangesNothing(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("intake", "chat", "--for", "zoe@example.com")
        let before = cli.contents()
        let r = cli.run("transfer", "1", "--to-queue", "service-desk")
        #expect(r.status == 0 && r.out.hasPrefix("IMS0000001 already waits in queue service-desk, unassigned: nothing changed"), "\(r.out)\(r.err)")
        #expect(cli.contents() == before, "nothing written")
        #expect(cli.show("1")?["version"] as? Int == 1)
    }

    @Test(arguments: TestBackend.allCases)
    func oneProfileForEveryFormOfANumber(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let forms = ["+1 (555) 987-6543", "+1.555.987.6543", "+15559876543"]
        var outputs: [String] = []
        for form in forms { outputs.append(cli.run("intake", "messaging", "--from", form, "--text", "msg").out) }
        #expect(outputs[0].contains("(new)") && outputs[0].contains("(created)"))
        #expect(outputs[1].contains("(joined an open interaction)") && outputs[1].contains("(matched)"))
        #expect(outputs[2].contains("joined") && outputs[2].contains("+15559876543"))
        #expect(cli.list().count == 1)
        #expect(cli.run("profile", "list").out.split(separator: "\n").count == 2)
        let json = cli.run("intake", "messaging", "--from", "+15559876543", "--json").out
        #expect(json.contains("\"joined\" : true"))
    }

    @Test(arguments: TestBackend.allCases)
    func linkingAProfileBackfillsOpenedFor(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        cli.run("intake", "messaging", "--from", "+33 1 23 45 67 89", "--text", "bonjour")
        #expect(cli.show("IMS0000001")?["opened_for"] is NSNull)
        let id = cli.run("customer", "add", "--name", "Chloé Dubois", "--email", "chloe@example.fr").out.trimmingCharacters(in: .whitespacesAndNewlines)
        let r = cli.run("profile", "link", "CUP0000001", "--to", "chloe@example.fr")
        #expect(r.status == 0)
        #expect(cli.show("IMS0000001")?["opened_for"] as? String == id)
        #expect(cli.show("IMS0000001")?["opened_for_name"] as? String == "Chloé Dubois")
        // The next message from the same number opens for the customer straight away.
        cli.run("set", "1", "--short", "Greeting")
        cli.run("abandon", "1")
        #expect(cli.run("intake", "messaging", "--from", "+33123456789").out.contains("opened for \(id) Chloé Dubois"))
    }

    @Test(arguments: TestBackend.allCases)
    func exportThenImportIntoAnEmptyStoreReproducesTheList(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--for", "zoe@example.com", "--text", "hello")
        cli.run("accept", "1")
        cli.run("set", "1", "--short", "Laptop")
        cli.run("note", "1", "Rebooted")
        cli.run("task", "create", "1", "--kind", "case")
        cli.run("intake", "messaging", "--from", "+1 555 123 4567", "--text", "hi")
        cli.run("new", "--type", "walk-up", "--for", "Omar Haddad", "--short", "Badge")
        cli.run("complete", "3")
        cli.run("archive", "3")
        // A directory export: one file per table, everything the records refer to.
        let dir = cli.root + "/export"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(cli.run("export", "--out", dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir + "/sys_user.json"))

        var other = try CLI(backend)
        other.agent = "ana"
        defer { other.cleanUp() }
        let dry = other.run("import", dir, "--dry-run")
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.contains("would import 3 new") && dry.out.contains("dry run: nothing was written"))
        #expect(other.list().isEmpty)
        let r = other.run("import", dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("imported 3 new, 0 updated; 0 skipped"), "\(r.out)")
        #expect(r.err.isEmpty, "no progress line without a terminal: \(r.err)")
        // Live timers move between the two calls; everything else must match exactly.
        let mine = cli.list().map(CLI.stable), theirs = other.list().map(CLI.stable)
        #expect(mine.count == 3)
        #expect(mine == theirs)
        // A closed record's show --json is the same, timers and all.
        #expect(cli.run("show", "3", "--json").out == other.run("show", "3", "--json").out)
        // The text says where it came from: the sys_id the export made from its number.
        #expect(other.run("show", "1").out.contains("ServiceNow sys_id  fd0a494d53303030303030310000000"))
        // The same export again: every number is there already, as new: nothing changes.
        let again = other.run("import", dir)
        #expect(again.status == 0)
        #expect(again.out.contains("imported 0 new, 0 updated; 3 skipped"))
        #expect(other.list().count == 3)
    }

    /// `store stats` counts the working set and history alike on either backend.
    @Test(arguments: TestBackend.allCases)
    func storeStatsCountTheWorkingSet(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--for", "zoe@example.com")
        cli.run("new", "--type", "walk-up", "--for", "Omar Haddad", "--short", "Badge")
        #expect(cli.run("complete", "2").status == 0)
        let r = cli.run("store", "stats", "--json")
        #expect(r.status == 0, "\(r.err)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any], "\(r.out)")
        #expect(stats["store"] as? String == cli.store)
        #expect(stats["working_set"] as? Int == 2 && stats["open"] as? Int == 1 && stats["closed_in_working_set"] as? Int == 1, "\(stats)")
        #expect(stats["history"] as? Int == 0 && stats["history_window_days"] as? Int == 7, "\(stats)")
        let text = cli.run("store", "stats").out
        #expect(text.contains("Working set        2 interactions (1 open, 1 closed within 7 days)"), "\(text)")
    }

    /// Records closed before the history window (ServiceNow's 2024 records, imported straight
    /// to history) are listed, searched and shown from the command line on either backend, and
    /// a change to one is saved.
    @Test(arguments: TestBackend.allCases)
    func historyIsListedSearchedAndShown(_ backend: TestBackend) throws {
        let cli = try prepared(backend)
        defer { cli.cleanUp() }
        let fixtures = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/servicenow"
        let imported = cli.run("import", fixtures + "/interaction-raw.json", "--users", fixtures + "/sys_user.json")
        #expect(imported.status == 0, "\(imported.err)")
        let stats = try #require(try JSONSerialization.jsonObject(with: Data(cli.run("store", "stats", "--json").out.utf8)) as? [String: Any])
        #expect(stats["history"] as? Int == 2, "\(stats)")
        #expect(cli.list("--view", "closed").compactMap { $0["number"] as? String } == ["IMS0010003", "IMS0010001"])
        #expect(cli.list("--view", "closed", "--search", "IMS0010001").compactMap { $0["number"] as? String } == ["IMS0010001"])
        #expect(cli.show("IMS0010003")?["state"] as? String == "closed_complete")
        #expect(cli.run("show", "IMS0010001").out.hasPrefix("IMS0010001"))
        let archived = cli.run("archive", "IMS0010001")
        #expect(archived.status == 0, "\(archived.err)")
        #expect(cli.list("--view", "archived").compactMap { $0["number"] as? String } == ["IMS0010001"])
        #expect(cli.list("--view", "closed").compactMap { $0["number"] as? String } == ["IMS0010003"])
    }

    /// A long note wraps under itself and keeps its indent.
    @Test func longNotesWrapIndented() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        cli.run("new", "--type", "walk-up", "--for", "Omar Haddad", "--short", "Badge")
        let note = Array(repeating: "word", count: 40).joined(separator: " ")
        cli.run("note", "1", note)
        let lines = cli.run("show", "1").out.split(separator: "\n").map(String.init)
        let start = try #require(lines.firstIndex { $0.hasPrefix("Work notes") })
        #expect(lines[start + 1].hasPrefix("  20"), "\(lines[start + 1])")
        #expect(lines[start + 2].hasPrefix(String(repeating: " ", count: 19) + "word"))
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    /// Interactions and people are the desk's directory: importing them is a supervisor's job.
    @Test func importingInteractionsIsForSupervisors() throws {
        let cli = try prepared()
        defer { cli.cleanUp() }
        let file = cli.root + "/one.json"
        try #"{"result":[{"number":"IMS0000009","type":"chat","state":"new","opened_at":"2026-11-27 08:00:00"}]}"#
            .write(toFile: file, atomically: true, encoding: .utf8)
        let refused = cli.run(["import", file], agent: "bo")
        #expect(refused.status != 0)
        #expect(refused.err.contains("supervisor"), "\(refused.err)")
        #expect(cli.run(["import", file, "--dry-run"], agent: "bo").status == 0, "a dry run writes nothing: anyone may")
        #expect(cli.run("import", file).status == 0)
        #expect(cli.list().count == 1)
    }

    @Test func damagedStoreExitsThreeNamingTheFile() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("intake", "messaging", "--from", "+15550001111")
        let journal = cli.store + "/journal.jsonl"
        var bytes = try #require(FileManager.default.contents(atPath: journal))
        let badLine = bytes.split(separator: 10).count + 1
        bytes.append(contentsOf: Array("not json\n".utf8))
        _ = FileManager.default.createFile(atPath: journal, contents: bytes)
        let r = cli.run("list")
        #expect(r.status == 3)
        #expect(r.err.contains(journal))
        #expect(r.err.contains("line \(badLine)"), "\(r.err)")
        #expect(FileManager.default.contents(atPath: journal) == bytes)
    }

    /// `note A; note B; rm journal.jsonl; show` lost both notes with exit 0; a journal cut
    /// through acknowledged notes was taken for a crash's torn line and cut further.
    @Test(arguments: ["removed", "cut"])
    func aLostJournalExitsThreeAndNothingIsWritten(_ loss: String) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--text", "hello")
        cli.run("accept", "1")
        cli.run("note", "1", "A")
        cli.run("note", "1", "B")
        let journal = cli.store + "/journal.jsonl"
        let whole = try #require(cli.journal())
        if loss == "removed" {
            try FileManager.default.removeItem(atPath: journal)
        } else {
            // Into the middle of the note A line: what is left ends in an incomplete line.
            let lines = whole.split(separator: 10, omittingEmptySubsequences: false)
            let cut = lines.dropLast(3).reduce(0) { $0 + $1.count + 1 } + 10
            _ = FileManager.default.createFile(atPath: journal, contents: whole.prefix(cut))
        }
        let before = try FileManager.default.contentsOfDirectory(atPath: cli.store).sorted()
            .map { FileManager.default.contents(atPath: cli.store + "/" + $0) }
        for command in [["show", "1"], ["note", "1", "C"]] {
            let r = cli.run(command)
            #expect(r.status == 3, "\(command): \(r.out) \(r.err)")
            #expect(r.err.contains(journal), "\(r.err)")
            #expect(r.err.contains(loss == "removed" ? "it is missing" : "cut through acknowledged changes"), "\(r.err)")
        }
        let after = try FileManager.default.contentsOfDirectory(atPath: cli.store).sorted()
            .map { FileManager.default.contents(atPath: cli.store + "/" + $0) }
        #expect(after == before, "nothing written")
    }

    /// Damaged history answered with empty task fields, fewer rows, or records in 0 bytes, all
    /// with exit 0: now every command that meets it exits 3 naming the file, printing nothing.
    @Test func damagedHistoryExitsThreeNamingTheFile() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoe", "--email", "z@example.com")
        cli.run("new", "--type", "walk-up", "--for", "z@example.com", "--short", "printer")
        cli.run("task", "create", "1", "--kind", "incident")
        cli.run("complete", "1")
        cli.run("config", "set", "history.window", "0d")
        waitForNextSecond()   // closed in an earlier second than the compaction: it moves to history
        #expect(cli.run("store", "compact").out.contains("moved 1 closed"))
        let history = cli.store + "/history"
        func file(_ prefix: String, _ suffix: String) throws -> String {
            history + "/" + (try #require(try FileManager.default.contentsOfDirectory(atPath: history).first { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }))
        }
        func files() -> [String: Data] {
            var all: [String: Data] = [:]
            for name in FileManager.default.subpaths(atPath: cli.store) ?? [] { all[name] = FileManager.default.contents(atPath: cli.store + "/" + name) ?? Data("<folder>".utf8) }
            return all
        }
        func expectRefused(_ commands: [[String]], naming path: String, _ text: String) {
            let before = files()
            for command in commands {
                let r = cli.run(command)
                #expect(r.status == 3 && r.out.isEmpty, "\(command): \(r.status) \(r.out)")
                #expect(r.err.contains(path) && r.err.contains(text), "\(command): \(r.err)")
            }
            #expect(files() == before, "nothing written")
        }

        // A flipped bit in a task line.
        let tasks = try file("tasks-", ".jsonl")
        let original = try #require(FileManager.default.contents(atPath: tasks))
        var flipped = original
        let at = try #require(flipped.range(of: Data("incident".utf8))).lowerBound + 2
        flipped[at] ^= 0x01
        _ = FileManager.default.createFile(atPath: tasks, contents: flipped)
        expectRefused([["show", "1"], ["show", "1", "--json"], ["list", "--json"]], naming: tasks, "line 1 (byte offset 0)")
        _ = FileManager.default.createFile(atPath: tasks, contents: original)

        // The index replaced by a folder.
        let index = try file("index-", ".bin")
        let indexBytes = try #require(FileManager.default.contents(atPath: index))
        try FileManager.default.removeItem(atPath: index)
        try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: false)
        expectRefused([["list", "--view", "closed"], ["store", "stats"], ["store", "compact"]], naming: index, "neither read nor rebuilt")
        try FileManager.default.removeItem(atPath: index)
        _ = FileManager.default.createFile(atPath: index, contents: indexBytes)

        // An emptied segment.
        let segment = try file("seg-", ".jsonl")
        _ = FileManager.default.createFile(atPath: segment, contents: Data())
        expectRefused([["list"], ["list", "--search", "printer"], ["store", "compact"]], naming: segment, "it has 0 bytes")
    }

    @Test func hostileTextIsSanitisedInPlainOutput() {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Evil\u{1B}]0;pwned\u{07}\u{1B}[2J Name", "--email", "e@example.com")
        cli.run("intake", "chat", "--for", "e@example.com", "--text", "\u{1B}[31mred")
        let list = cli.run("list").out, show = cli.run("show", "1").out
        #expect(!list.contains("\u{1B}") && !show.contains("\u{1B}"))
        #expect(list.contains("Evil Name"))
    }

    @Test func helpReadsWell() {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = cli.run("--help")
        #expect(r.status == 0)
        for command in ["intake", "list", "show", "accept", "transfer", "export", "import", "config"] {
            #expect(r.out.contains(command))
        }
        #expect(cli.run("intake", "messaging", "--help").out.contains("E.164"))
    }
}
