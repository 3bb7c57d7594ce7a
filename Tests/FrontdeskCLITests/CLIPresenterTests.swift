import Foundation
import FrontdeskCore
import FrontdeskExchange
import FrontdeskStore
import FrontdeskUI
import Testing

/// `show` and the console's Details pane present a record through one presenter: the same
/// labels, the same values, one date format; and the work list's columns are one table.
@Suite struct CLIPresenterTests {
    /// A desk with a table of records: a messaging contact waiting (a profile, a caller,
    /// nobody yet), a walk-up in progress (a customer card), a chat closed and archived.
    func prepared() -> CLI {
        let cli = CLI()
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        cli.run("intake", "messaging", "--from", "+44 7700 900123", "--text", "My printer is on fire", agent: "sms")
        cli.run("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge not opening")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "VPN")
        cli.run("note", "3", "Reset the token")
        cli.run("complete", "3")
        cli.run("archive", "3")
        return cli
    }

    /// `show`'s field lines (after the title, up to the first blank line) as label and value.
    func shownFields(_ out: String) -> [(label: String, value: String)] {
        var fields: [(label: String, value: String)] = []
        for line in out.split(separator: "\n", omittingEmptySubsequences: false).dropFirst() {
            if line.isEmpty { break }
            if line.hasPrefix(String(repeating: " ", count: 19)), let last = fields.popLast() {
                fields.append((last.label, last.value + " " + line.dropFirst(19)))   // a wrapped value
                continue
            }
            var label = String(line.prefix(17))
            while label.last == " " { label.removeLast() }
            fields.append((label, String(line.dropFirst(19))))
        }
        return fields
    }

    /// The Details pane's field lines: from Short description to the blank line before the notes.
    func paneFields(_ r: Interaction, in desk: Desk) throws -> [(label: String, value: String)] {
        let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
        let lines = desk.paneLines(.details, of: r, at: now, width: 200, height: 200, editable: true)
        let start = try #require(lines.firstIndex { $0.label == "Short description" })
        let end = try #require(lines[start...].firstIndex { $0.label.isEmpty && $0.value.isEmpty })
        // The console's own action hint on an unlinked profile is its only addition.
        return lines[start..<end].map { ($0.label, $0.value.replacingOccurrences(of: "  (p: link to a customer)", with: "")) }
    }

    /// Every record of the desk: what `show` prints is what the Details pane shows, but for
    /// the live timers the console's record header shows instead.
    func expectSameFields(_ cli: CLI, count: Int) throws -> Desk {
        let desk = try Store(directory: cli.store).desk
        for n in 1...count {
            let shown = cli.run("show", String(n))
            #expect(shown.status == 0, "\(shown.err)")
            let r = try #require(try desk.record(anywhere: String(format: "IMS%07d", n)))
            let headerOnly: Set = ["Wait time", "Duration", "Wrap-up left"]
            let fromShow = shownFields(shown.out).filter { !headerOnly.contains($0.label) }
            let fromPane = try paneFields(r, in: desk)
            #expect(fromShow.map(\.label) == fromPane.map(\.label), "\(r.number)\nshow:\n\(shown.out)")
            #expect(fromShow.map(\.value) == fromPane.map(\.value), "\(r.number)\nshow:\n\(shown.out)")
            #expect(fromShow.count >= 10, "\(shown.out)")
        }
        return desk
    }

    @Test func showAndTheDetailsPaneGiveTheSameLabelsAndValues() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        _ = try expectSameFields(cli, count: 3)
        let shown = cli.run("show", "3").out
        // One date format, the zone named; `--json` stays ISO 8601.
        #expect(shown.range(of: #"Closed             \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n"#, options: .regularExpression) != nil, "\(shown)")
        #expect(shown.range(of: #"\n  \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC ana: Reset the token\n"#, options: .regularExpression) != nil, "\(shown)")
        #expect(shown.range(of: #"\d\dT\d\d:"#, options: .regularExpression) == nil, "no ISO times in the text: \(shown)")
        #expect(cli.run("show", "3", "--json").out.range(of: #""closed_at" : "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ""#, options: .regularExpression) != nil)
    }

    /// Issue 23: the console shows where an imported record came from, as `show` does.
    @Test func theDetailsPaneShowsWhereAnImportedRecordCameFrom() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let dir = cli.root + "/export"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        #expect(cli.run("export", "--out", dir).status == 0)
        let other = CLI()
        defer { other.cleanUp() }
        let imported = other.run("import", dir)
        #expect(imported.status == 0, "\(imported.err)")
        let desk = try expectSameFields(other, count: 3)
        let r = try #require(try desk.record(anywhere: "IMS0000003"))
        let fields = try paneFields(r, in: desk)
        let origin = try #require(r.origin)
        #expect(fields.contains { $0.label == "ServiceNow sys_id" && $0.value == origin.sysID }, "\(fields)")
        #expect(fields.contains { $0.label == "  updated there" && $0.value == origin.updatedOn.serviceNowDateTime + " UTC" }, "\(fields)")
    }
}
