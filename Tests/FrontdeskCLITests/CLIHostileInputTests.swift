import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Text from customers, gateways and whoever types a command is hostile: nothing the command
/// line prints may carry a control a terminal acts on, whatever path the text took.
@Suite(.serialized) struct CLIHostileInputTests {
    static let hostile: [String] = [
        "\u{1B}]2;PWNED-TITLE\u{07}",                       // OSC: set the window title
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}",                   // OSC 52: write the clipboard
        "\u{1B}]8;;http://evil.example/\u{1B}\\link\u{1B}]8;;\u{1B}\\",   // hyperlink
        "\u{1B}[2J\u{1B}[H\u{1B}[31mred",                   // CSI: clear, home, colour
        "\u{9B}31mC1 CSI",                                   // C1 CSI
        "\u{9D}0;C1 OSC\u{9C}",                              // C1 OSC and ST
        "\u{1B}P+q544e\u{1B}\\",                             // DCS: terminfo query
        "\u{1B}c reset",                                     // RIS
        "bell\u{07}\u{07}",
        "del\u{7F}\u{7F}x",
        "back\u{08}\u{08}space",
        "visible\rhidden overwrite",
        "\u{202E}txt.exe",                                   // right-to-left override
        "\u{2066}isolate\u{2069}",
        "\u{1B}X sos \u{1B}\\ \u{1B}^ pm \u{1B}\\ \u{1B}_ apc \u{1B}\\",
        "lone escape \u{1B}",
        "vertical\u{0B}tab\u{0C}feed",
        "=1+2",
        "-5 degrees\u{1B}[1m",
        "Zoë \u{1B}]0;t\u{07}Müller",
    ]

    /// Every byte is printable text, a newline or a tab: no C0, DEL or C1 control, no ESC.
    static func problems(_ bytes: [UInt8]) -> [String] {
        var found: [String] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x0A && v != 0x09) || v == 0x7F || (0x80...0x9F).contains(v) {
                found.append(String(format: "U+%04X", v))
            }
        }
        return found
    }

    func expectClean(_ r: CLI.Result, _ what: String) {
        let bad = Self.problems(r.outBytes) + Self.problems(r.errBytes)
        #expect(bad.isEmpty, "\(what): \(bad) in \(r.out.debugDescription) \(r.err.debugDescription)")
    }

    @Test func noControlReachesTheTerminalThroughAnyCommand() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Base record")
        var runs = 0
        for (i, h) in Self.hostile.enumerated() {
            let commands: [[String]] = [
                ["intake", "messaging", "--from", h, "--text", h],
                ["intake", "messaging", "--from", "+1 555 000 \(1000 + i)", "--text", h, "--json"],
                ["intake", "chat", "--for", h, "--text", h],
                ["intake", "chat", "--for", "zoe@example.com", "--text", h, "--queue", h],
                ["new", "--type", h, "--for", "zoe@example.com", "--short", h],
                ["new", "--type", "walk-up", "--for", "zoe@example.com", "--short", h],
                ["customer", "add", "--name", h, "--email", "x\(i)@example.com", "--company", h],
                ["customer", "add", "--name", "X", "--email", h],
                ["customer", "find", h],
                ["note", "1", h],
                ["set", "1", "--short", h],
                ["set", "1", "--reason", h],
                ["set", h, "--short", "x"],
                ["show", h],
                ["transfer", "1", "--to-agent", h],
                ["task", "link", "1", h],
                ["task", "create", "1", "--kind", h],
                ["profile", "link", h, "--to", h],
                ["config", "set", h, h],
                ["config", "get", h],
                ["queue", "add", "q\(i)", "--name", h],
                ["queue", "add", h],
                ["agent", "add", "agent\(i)", "--name", h],
                ["agent", "presence", h],
                ["list", "--search", h],
                ["list", "--view", h],
                ["import", h],
                ["export", "--format", h],
            ]
            for args in commands {
                expectClean(cli.run(args), args.joined(separator: " ").debugDescription)
                runs += 1
            }
        }
        // Everything the store now holds, read back every way.
        for args in [["show", "1"], ["show", "1", "--json"], ["list"], ["list", "--json"], ["config", "list"],
                     ["queue", "list"], ["agent", "list"], ["customer", "list"], ["customer", "list", "--json"],
                     ["profile", "list"], ["export", "--format", "csv"], ["export", "--format", "jsonl"],
                     ["export", "--format", "servicenow"], ["show", "2"], ["show", "3", "--json"], ["--help"], ["note", "--help"]] {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            expectClean(r, args.joined(separator: " "))
            runs += 1
        }
        #expect(runs > 500)

        // JSON keeps the data: the note's escape is there, escaped.
        let notes = try #require(cli.show("1")?["work_notes"] as? [[String: Any]])
        #expect(notes.contains { ($0["text"] as? String)?.contains("\u{1B}]2;PWNED-TITLE\u{07}") == true })
        #expect(notes.contains { ($0["text"] as? String)?.contains("\u{9B}31m") == true })
    }

    /// Imported people, groups, logins and column names carry escapes: the import's summary,
    /// `show` and every list print them cleaned.
    @Test func importedReferencesAreCleanedOnShow() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let person = "5137153cc611227c000bbd1bd8cd2005", group = "d625dccec0a8016700a222a0f7900d06"
        let link = "https://x.service-now.com/api/now/table/"
        let file = cli.root + "/hostile.json", users = cli.root + "/users.json"
        try """
        {"result":[{"number":"IMS0000002","type":"Chat","state":"Work in Progress","opened_at":"2026-11-27 08:00:00",
        "short_description":"\\u001b]2;PWNED\\u0007Base","assigned_to":{"display_value":"\\u001b[31mAna","link":"\(link)sys_user/\(person)"},
        "assignment_group":{"display_value":"\\u001b]2;T\\u0007Desk","link":"\(link)sys_user_group/\(group)"},
        "u_\\u001b[2Jcolumn":"\\u009b31mvalue"}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        try """
        {"result":[{"sys_id":"\(person)","user_name":"\\u001b]2;T\\u0007ana","name":"\\u001b[31mAna"}]}
        """.write(toFile: users, atomically: true, encoding: .utf8)
        let imported = cli.run("import", file, "--users", users)
        #expect(imported.status == 0, "\(imported.err)")
        expectClean(imported, "import")
        for args in [["show", "2"], ["list"], ["export", "--format", "csv"], ["config", "list"], ["agent", "list"], ["queue", "list"]] {
            expectClean(cli.run(args), args.joined(separator: " "))
        }
    }

    /// A file written with --out keeps the data exactly; standard output is cleaned.
    @Test func exportToAFileKeepsTheDataAsItIs() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë", "--email", "zoe@example.com")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "bell\u{07} \u{1B}[31mred")
        let file = cli.root + "/out.csv"
        #expect(cli.run("export", "--format", "csv", "--out", file).status == 0)
        let written = try #require(FileManager.default.contents(atPath: file))
        #expect(String(decoding: written, as: UTF8.self).contains("bell\u{07} \u{1B}[31mred"))
        let shown = cli.run("export", "--format", "csv")
        #expect(Self.problems(shown.outBytes).isEmpty)
        #expect(shown.out.contains("bell red") || shown.out.contains("bell  red") || shown.out.contains("bell red"))
    }

    /// Text that starts with a dash is text: a gateway must never get a usage error for it.
    @Test(arguments: ["-5 degrees and the heater is off", "--help me", "-x", "- list", "-", "-1"])
    func textStartingWithADashIsTakenAsGiven(_ text: String) throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë", "--email", "zoe@example.com")
        let intake = cli.run("intake", "messaging", "--from", "+1 555 123 4567", "--text", text)
        #expect(intake.status == 0, "\(intake.err)")
        let created = cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", text)
        #expect(created.status == 0, "\(created.err)")
        #expect(cli.show("2")?["short_description"] as? String == text)
        let note = cli.run("note", "2", text)
        #expect(note.status == 0, "\(note.err)")
        let notes = try #require(cli.show("2")?["work_notes"] as? [[String: Any]])
        #expect(notes.last?["text"] as? String == text)
        #expect(cli.run("show", "1").out.contains("+15551234567: " + text), "the sender by their number")
    }

    /// Every cell a spreadsheet could run is guarded, whichever column it is in.
    @Test func everyCSVCellThatLooksLikeAFormulaIsGuarded() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("queue", "add", "=1+2", "--name", "Sum")
        cli.run("agent", "add", "@SUM(1+1)", "--queues", "service-desk")
        cli.run("customer", "add", "--name", "+cmd|' /C calc'!A0", "--email", "c@example.com")
        cli.run("new", "--type", "chat", "--for", "c@example.com", "--short", "=1+1", agent: "@SUM(1+1)")
        cli.run("new", "--type", "chat", "--for", "c@example.com", "--short", "-2+3", agent: "@SUM(1+1)")
        cli.run("new", "--type", "chat", "--for", "c@example.com", "--short", "=\u{301}1+1", agent: "@SUM(1+1)")
        let file = cli.root + "/x.csv"
        #expect(cli.run("export", "--format", "csv", "--out", file).status == 0)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let rows = text.split(separator: "\r\n").dropFirst()
        #expect(rows.count == 3)
        for row in rows {
            for cell in row.split(separator: ",", omittingEmptySubsequences: false) {
                let value = cell.hasPrefix("\"") ? cell.dropFirst() : cell
                if let first = value.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first), "unguarded cell \(cell.debugDescription) in \(row)")
                }
            }
        }
        #expect(text.contains("'@SUM(1+1)"))
        #expect(text.contains("'-2+3"))
        #expect(text.contains("'=\u{301}1+1"))
    }

    /// A quoted field may start with a combining mark: it is still a quoted field.
    @Test func csvImportReadsAQuotedFieldStartingWithACombiningMark() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let file = cli.root + "/customers.csv"
        try "name,email,phone,company,vip\r\n\"\u{301}Amélie, the second\",amelie@example.com,,\"\u{308}Acme\",no\r\n'+Plus,plus@example.com,,,no\r\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let r = cli.run("import", file)
        #expect(r.status == 0, "\(r.err)")
        let found = cli.run("customer", "list", "--json").out
        #expect(found.contains("\u{301}Amélie, the second"))
        #expect(found.contains("\"+Plus\""), "a guarded cell reads back as typed")
    }

    // MARK: Text as given

    /// Runs `frontdesk ARGS… "BYTES"`, the last argument raw bytes (Process takes only Strings).
    func runWithRawArgument(_ cli: CLI, _ arguments: [String], _ bytes: [UInt8]) -> CLI.Result {
        let octal = bytes.map { "\\" + String($0, radix: 8) }.joined()
        let script = "exec \"$0\" " + arguments.map { "'\($0)'" }.joined(separator: " ") + " \"$(printf '\(octal)')\""
        return cli.run(["-c", script, CLI.binary], executable: "/bin/sh")
    }

    /// Bytes that are not UTF-8 are refused, naming where, from an argument (usage, exit 2),
    /// standard input or a file read for input (exit 1); nothing is written. Swift's decoding
    /// would have stored U+FFFD and exited 0.
    @Test func invalidUTF8IsRefusedNamingTheByte() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--from", "handle-1", "--text", "hello")
        cli.run("accept", "1")
        let before = cli.storeBytes()
        let note = runWithRawArgument(cli, ["note", "1"], Array("bad ".utf8) + [0xFF] + Array(" byte".utf8))
        #expect(note.status == 2 && note.err.contains("argument 3 (after \"bad \"): byte offset 4 (0xFF) is not valid UTF-8"), "\(note.err)")
        let short = runWithRawArgument(cli, ["set", "1", "--short"], [0x61, 0xC3])
        #expect(short.status == 2 && short.err.contains("argument 4") && short.err.contains("byte offset 1 (0xC3)"), "\(short.err)")
        let reply = cli.run(["reply", "1", "--text", "-"], input: Array("Grüße ".utf8) + [0xED, 0xA0, 0x80] + [0x0A])
        #expect(reply.status == 1 && reply.err.contains("standard input: byte offset 8 (0xED) is not valid UTF-8"), "\(reply.err)")
        let template = cli.run(["template", "add", "x", "--text", "-"], input: [0x68, 0x69, 0xFE])
        #expect(template.status == 1 && template.err.contains("byte offset 2 (0xFE)"), "\(template.err)")
        let csv = cli.root + "/people.csv"
        let good = Array("name,email\nKim Park,kim@example.com\nLee ".utf8)
        try Data(good + [0xC0, 0xAF] + Array(",lee@example.com\n".utf8)).write(to: URL(fileURLWithPath: csv))
        for dryRun in [[], ["--dry-run"]] {
            let imported = cli.run(["import", csv, "--kind", "customers"] + dryRun)
            #expect(imported.status == 1 && imported.err.contains("\(csv) byte offset \(good.count): 0xC0 is not valid UTF-8"), "\(imported.err)")
        }
        #expect(cli.storeBytes() == before, "nothing written")
        #expect(!FileManager.default.fileExists(atPath: cli.store + "/templates/x.txt"))
        for r in [note, short, reply, template] { expectClean(r, "refusal") }
    }

    /// Notes, replies, short descriptions and messages keep their spaces and line breaks; a
    /// control is kept in the store (JSON shows it escaped) and removed where text is printed.
    @Test func textIsKeptAsGiven() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--from", "handle-1", "--text", "  two  spaces  ")
        cli.run("accept", "1")
        #expect(cli.run("set", "1", "--short", " VPN  drops ").status == 0)
        #expect(cli.run("note", "1", "  indented\n\tand tabbed  ").status == 0)
        #expect(cli.run("note", "1", "red \u{1B}[31malert").status == 0)
        // Standard input's last line break ends its last line; every other one is the text's.
        #expect(cli.run(["reply", "1", "--text", "-"], input: Array("\nDear Zoë,\n\n  fixed.  \n".utf8)).status == 0)
        let shown = try #require(cli.show("1"))
        #expect(shown["short_description"] as? String == " VPN  drops ")
        let notes = (shown["work_notes"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(notes == ["  indented\n\tand tabbed  ", "red \u{1B}[31malert"])
        let said = (shown["conversation"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(said == ["  two  spaces  ", "\nDear Zoë,\n\n  fixed.  "])
        let text = cli.run("show", "1")
        expectClean(text, "show")
        #expect(text.out.contains("red alert"), "\(text.out)")
    }
}
