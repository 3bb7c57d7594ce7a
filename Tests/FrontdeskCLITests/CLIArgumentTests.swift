import Foundation
import Testing

/// The command line as scripts meet it: bad values are usage errors, global options go
/// anywhere, one time format, exports written privately.
@Suite struct CLIArgumentTests {
    func prepared() -> CLI {
        let cli = CLI()
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Printer jam")
        return cli
    }

    @Test(arguments: [
        (["new", "--type", "fone", "--for", "zoe@example.com", "--short", "x"], "'chat', 'phone', 'walk-up' or 'messaging'"),
        (["list", "--state", "open"], "work_in_progress"),
        (["list", "--view", "mien"], "archived"),
        (["export", "--format", "xml"], "'servicenow', 'csv' or 'jsonl'"),
        (["task", "create", "1", "--kind", "bug"], "incident"),
        (["agent", "presence", "busy"], "available"),
        (["intake", "messaging", "--from", "+15551234567", "--channel", "telegram"], "whatsapp"),
        (["hold", "1", "--reason", "lunch"], "waiting_on_customer"),
    ])
    func aBadValueIsAUsageErrorListingTheAllowedOnes(_ args: [String], _ allowed: String) throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let journal = cli.store + "/journal.jsonl"
        let before = FileManager.default.contents(atPath: journal)
        let r = cli.run(args)
        #expect(r.status == 2, "\(args): \(r.err)")
        #expect(r.err.contains(allowed), "\(r.err)")
        #expect(FileManager.default.contents(atPath: journal) == before, "nothing written")
    }

    /// Every command that takes text takes it as given, a leading `-` included ("-5 degrees"),
    /// whichever option carries it.
    static let textOptions: [[String]] = [
        ["intake", "messaging", "--from", "+15551234567", "--text"],
        ["intake", "chat", "--for", "zoe@example.com", "--text"],
        ["intake", "phone", "--for", "zoe@example.com", "--text"],
        ["intake", "walk-up", "--for", "zoe@example.com", "--text"],
        ["new", "--type", "chat", "--for", "zoe@example.com", "--short"],
        ["set", "3", "--short"],
        ["note", "3"],
        ["reply", "3", "--text"],
        ["template", "add", "cold", "--text"],
        ["wrap-up", "1", "--code", "Resolved", "--notes"],
        ["reopen", "2", "--reason"],
        ["outbox", "fail", "MSG0000001", "--reason"],
        ["customer", "add", "--name"],
        ["customer", "add", "--name", "Kim Park", "--company"],
        ["agent", "add", "kim", "--name"],
        ["agent", "set", "ana", "--name"],
        ["queue", "add", "cold-room", "--name"],
        ["list", "--search"],
    ]

    @Test(arguments: textOptions)
    func aTextStartingWithADashIsTakenAsGiven(_ command: [String]) throws {
        let cli = prepared()    // IMS0000001: ana's chat
        defer { cli.cleanUp() }
        for setup in [["config", "set", "phone_channel", "on"], ["config", "set", "wrap_up.chat", "on"],
                      ["end", "1"],                                                              // IMS0000001 in Wrap Up
                      ["new", "--type", "chat", "--for", "zoe@example.com", "--short", "Closed"], ["complete", "2"],
                      ["intake", "chat", "--from", "handle-1", "--text", "hi"], ["accept", "3"],  // IMS0000003 to answer
                      ["reply", "3", "--text", "first"]] {
            let r = cli.run(setup)
            #expect(r.status == 0, "\(setup): \(r.err)")
        }
        let text = "-5 degrees, -x --text"
        let r = cli.run(command + [text])
        #expect(r.status == 0, "\(command): \(r.err)")
        guard command[0] != "list" else { return }
        let stored = String(decoding: cli.journal() ?? Data(), as: UTF8.self)
            + String(decoding: FileManager.default.contents(atPath: cli.store + "/templates/cold.txt") ?? Data(), as: UTF8.self)
        #expect(stored.contains(text), "\(command): the text is stored as given")
    }

    /// A customer may be named with a leading `-` (customer add takes it as given), so every
    /// option that names a customer takes such a name too.
    /// A transfer to a queue waits Queued, not On Hold (issue 23: the help said On Hold for both).
    @Test func transferHelpSaysWhereEachTransferWaits() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let help = cli.run("transfer", "--help").out.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("to an agent it waits On Hold for them, to a queue Queued for the next agent"), "\(help)")
    }

    @Test func aCustomerNamedWithALeadingDashCanBeNamedEverywhere() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        #expect(cli.run("customer", "add", "--name", "-dash Ltd").status == 0)
        cli.run("config", "set", "phone_channel", "on")
        cli.run("intake", "messaging", "--from", "+15551234567", "--text", "hi")
        for args in [["intake", "chat", "--for", "-dash Ltd"], ["intake", "phone", "--for", "-dash Ltd"],
                     ["intake", "walk-up", "--for", "-dash Ltd"], ["new", "--type", "chat", "--for", "-dash Ltd", "--short", "x"],
                     ["set", "1", "--for", "-dash Ltd"], ["profile", "link", "CUP0000001", "--to", "-dash Ltd"]] {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        #expect(cli.list("--for", "-dash Ltd").count == 6, "three intakes, a new one, one set, one linked")
    }

    @Test func versionAndGlobalOptionsBeforeTheCommand() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let version = cli.run("--version")
        #expect(version.status == 0 && version.out.contains("store schema 1"), "\(version.out) \(version.err)")
        let other = cli.root + "/other"
        cli.run(["--store", other, "agent", "add", "sam", "--queues", "service-desk"], agent: CLI.loginUser)
        let r = cli.run(["--agent", "sam", "--store", other, "customer", "add", "--name", "Bo", "--email", "bo@example.com"])
        #expect(r.status == 0, "\(r.err)")
        let made = cli.run(["--store=\(other)", "--agent=sam", "new", "--type", "walk-up", "--for", "bo@example.com", "--short", "Badge"])
        #expect(made.status == 0, "\(made.err)")
        let shown = cli.run(["show", "1", "--json", "--store", other, "--agent", "sam"])
        #expect(shown.out.contains("\"assigned_to\" : \"sam\""), "\(shown.out)")
        // A note's text that looks like an option after `--` stays text.
        #expect(cli.run(["--store", other, "--agent", "sam", "note", "1", "--", "--agent"]).status == 0)
        #expect(cli.run(["show", "1", "--store", other, "--agent", "sam"]).out.contains(": --agent\n"), "only the text, without the --")
    }

    /// `list` prints times as the console does: 0:42, 1:02:03, 2d 18h.
    @Test func listTimesInTheConsolesFormat() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let out = cli.run(["list"], environment: ["COLUMNS": ""]).out     // not a terminal, no COLUMNS: 80
        let row = try #require(out.split(separator: "\n").first { $0.contains("IMS0000001") })
        #expect(row.range(of: #"\d+:\d\d\s+\d+:\d\d$"#, options: .regularExpression) != nil, "\(row)")
        #expect(row.range(of: #"\d+m\d\d|\d+s\b"#, options: .regularExpression) == nil, "no 3m02 or 42s: \(row)")
        #expect(out.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    /// `list` lays its columns out for the terminal's width (COLUMNS when it is not a terminal),
    /// and from 120 columns (the console's columns) says when each record was opened.
    @Test func listUsesTheWidthAndShowsWhenEachWasOpened() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        cli.run("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge not opening door B2 on the third floor")
        let wide = cli.run(["list"], environment: ["COLUMNS": "120"]).out
        let lines = wide.split(separator: "\n")
        #expect(lines.first?.contains("OPENED ") == true && lines.first?.contains("OPENED FOR") == true, "\(wide)")
        let row = try #require(lines.first { $0.contains("IMS0000002") })
        #expect(row.contains("Badge not opening door B2"), "the description is not cut to 12 cells: \(row)")
        #expect(row.range(of: #" \d\d-\d\d \d\d:\d\d "#, options: .regularExpression) != nil, "when it was opened: \(row)")
        #expect(lines.allSatisfy { $0.count <= 120 })
        let wider = cli.run(["list"], environment: ["COLUMNS": "140"]).out
        #expect(wider.range(of: #" \d{4}-\d\d-\d\d \d\d:\d\d "#, options: .regularExpression) != nil, "with the year from 140: \(wider)")
        let narrow = cli.run(["list"], environment: ["COLUMNS": "80"]).out
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(narrow)")
    }

    @Test func exportsAreWrittenPrivatelyAndABadPathIsTheCallersError() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let file = cli.root + "/out.json"
        _ = FileManager.default.createFile(atPath: file, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        #expect(cli.run("export", "--out", file).status == 0)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode == 0o600, "mode \(String(mode, radix: 8))")
        let bad = cli.run("export", "--out", cli.root + "/no/such/folder/x.json")
        #expect(bad.status == 1, "\(bad.err)")
        #expect(bad.err.contains(cli.root + "/no/such/folder/x.json") && bad.err.contains("No such file"), "\(bad.err)")
    }
}
