import Foundation
import Testing
import FrontdeskTestSupport

/// The derived report facts: on the file store `facts-<generation>.bin` in history, written by
/// the compaction that moves records to history, read by `report` instead of history's JSON,
/// and rebuilt from the segments when missing (a store from before them) or damaged; on
/// PostgreSQL `frontdesk_report_facts`, written with each record and filled in for a database
/// migrated from before it.
@Suite(.serialized) struct CLIReportFactsTests {
    static let groupings = ["queue", "agent", "channel", "reason", "wrap-up", "hour", "day"]

    /// Every grouping's `report --json` over the period of the reference desk.
    static func reports(_ cli: CLI) -> [String] {
        groupings.map { grouping in
            cli.run(["report", "--from", CLIReportTests.first, "--to", CLIReportTests.last, "--zone", CLIReportTests.zone,
                     "--by", grouping, "--json"]).out
        }
    }

    static func factsFiles(_ cli: CLI) -> [String] {
        let history = cli.store + "/history"
        return ((try? FileManager.default.contentsOfDirectory(atPath: history)) ?? [])
            .filter { $0.hasPrefix("facts-") }.sorted().map { history + "/" + $0 }
    }

    @Test func compactionWritesTheFactsAndReportsReadNoJSON() throws {
        let cli = try CLI(.file, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let facts = Self.factsFiles(cli)
        #expect(facts.count == 1, "the compaction wrote the facts before any report")
        let before = Self.reports(cli)
        #expect(before.allSatisfy { $0.contains("\"rows\"") })
        // Records with replies or a rating link stay in the working set; 8 of the 15 are in history.
        // Spoil a record of the period in its history segment (same length: the store opens
        // as before): the report, read from the facts, does not notice; `show` does.
        let history = cli.store + "/history"
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: history).first {
            $0.hasPrefix("seg-") && ((try? String(contentsOfFile: history + "/" + $0, encoding: .utf8))?.contains("Contact 3\"") ?? false)
        })
        let text = try String(contentsOfFile: history + "/" + segment, encoding: .utf8)
        try text.replacingOccurrences(of: "Contact 3\"", with: "Contact Y\"").write(toFile: history + "/" + segment, atomically: false, encoding: .utf8)
        #expect(cli.run(["show", "IMS0000003"]).status != 0)
        #expect(Self.reports(cli) == before)
    }

    enum Damage: String, CaseIterable { case missing, truncated, garbage, flippedString }

    @Test(arguments: Damage.allCases)
    func aMissingOrDamagedFactsFileIsRebuiltWithTheSameReport(_ damage: Damage) throws {
        let cli = try CLI(.file, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let before = Self.reports(cli)
        let path = try #require(Self.factsFiles(cli).first)
        let original = try #require(FileManager.default.contents(atPath: path))
        var bytes = original
        switch damage {
        case .missing: try FileManager.default.removeItem(atPath: path)    // a store from before facts files
        case .truncated: try bytes.prefix(bytes.count - 7).write(to: URL(fileURLWithPath: path))
        case .garbage: try Data(repeating: 0x41, count: bytes.count).write(to: URL(fileURLWithPath: path))
        case .flippedString:
            bytes[bytes.count - 1] ^= 0x20                                // the string table's last byte
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        #expect(Self.reports(cli) == before, "\(damage)")
        // Rebuilt from the segments and written back, byte for byte what the compaction wrote.
        #expect(FileManager.default.contents(atPath: path) == original)
        #expect(Self.reports(cli) == before)
    }

    @Test func postgresReadsTheFactsTableNotTheRecords() throws {
        let cli = try CLI(.postgres, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let database = try #require(cli.place?.database)
        let count = { try database.sql("SELECT count(*) FROM frontdesk_report_facts").trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(try count() == "15", "each record's facts are written with it")
        let before = Self.reports(cli)
        #expect(before.allSatisfy { $0.contains("\"rows\"") })
        // A record in history spoilt in its JSON: the report, read from the columns, does not notice.
        _ = try database.sql("UPDATE frontdesk_interactions SET record = '{}' WHERE number = 'IMS0000003'")
        #expect(Self.reports(cli) == before)
    }

    @Test func aPostgresDatabaseFromBeforeTheFactsIsMigratedAndReportsTheSame() throws {
        let cli = try CLI(.postgres, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let before = Self.reports(cli)
        let database = try #require(cli.place?.database)
        // Schema version 2, as the binary before the facts table left it.
        _ = try database.sql("DROP TABLE frontdesk_report_facts; UPDATE frontdesk_meta SET value = '2' WHERE key = 'schema'")
        #expect(Self.reports(cli) == before)
        #expect(try database.sql("SELECT value FROM frontdesk_meta WHERE key = 'schema'").trimmingCharacters(in: .whitespacesAndNewlines) == "4", "migrated to the current schema")
        #expect(try database.sql("SELECT count(*) FROM frontdesk_report_facts").trimmingCharacters(in: .whitespacesAndNewlines) == "15")
        #expect(try database.sql("SELECT count(*) FROM frontdesk_meta WHERE key = 'report_facts'").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }
}
