import Foundation
import FrontdeskTestSupport
import Testing

/// One desk on both backends prints the same JSON (issue 28 on PostgreSQL: `list --json`,
/// `list --search --json` and `export` read history a wave at a time there, through a cursor
/// and batches, not a query a record). The same ServiceNow export is imported into a file
/// store and a database: four records of the fixture (two open) and 1,100 closed long ago,
/// more than one wave (1,024) of history.
@Suite(.serialized) struct CLIBackendParityTests {
    static let fixture = (#filePath as NSString).deletingLastPathComponent
        + "/../FrontdeskStoreTests/Fixtures/servicenow/interaction-all.json"

    /// The fixture's rows and 1,100 closed copies of its first, each with its own number, times
    /// and short description (a third of them about a printer, with quotes and non-ASCII).
    static func export(into folder: String) throws {
        let data = try #require(FileManager.default.contents(atPath: fixture))
        let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var rows = try #require(document["result"] as? [[String: Any]])
        let first = rows[0]
        func field(_ value: String) -> [String: String] { ["value": value, "display_value": value] }
        for i in 0..<1100 {
            var r = first
            let number = String(format: "IMS%07d", 1_000_000 + i)
            r["number"] = field(number)
            r["sys_id"] = field(String(format: "%032x", i + 1))
            let day = 1 + i % 28, hour = 8 + i % 9
            let opened = String(format: "2024-02-%02d %02d:%02d:00", day, hour, i % 60)
            let closed = String(format: "2024-02-%02d %02d:%02d:30", day, hour + 1, i % 60)
            r["opened_at"] = field(opened); r["sys_created_on"] = field(opened)
            r["closed_at"] = field(closed); r["sys_updated_on"] = field(closed)
            r["short_description"] = field(i % 3 == 0 ? "printer \(i) «ü» \"q\"" : "badge \(i)")
            rows.append(r)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: ["result": rows]).write(to: URL(fileURLWithPath: folder + "/interaction.json"))
    }

    /// Open records' timers run between two commands: compared without them.
    static func withoutTimers(_ json: [UInt8]) throws -> [[String: CLIStreamingOutputTests.JSONValue]] {
        let elements = try JSONDecoder().decode([[String: CLIStreamingOutputTests.JSONValue]].self, from: Data(json))
        return elements.map { element in
            var e = element
            for key in ["wait_time_seconds", "duration_seconds", "hold_time_seconds", "wrap_up_seconds"] { e[key] = nil }
            return e
        }
    }

    @Test func listJSONAndExportAreTheSameOnBothBackends() throws {
        let backends = TestBackend.allCases
        try #require(backends.count == 2, "PostgreSQL is not reachable here: nothing to compare")
        let clis = try backends.map { try CLI($0, agents: []) }
        defer { clis.forEach { $0.cleanUp() } }
        let folder = clis[0].root + "/servicenow"
        try Self.export(into: folder)
        for cli in clis {
            let imported = cli.run(["import", folder], agent: CLI.loginUser)
            #expect(imported.status == 0, "\(cli.store): \(imported.out)\(imported.err)")
        }
        func run(_ args: [String]) -> [CLI.Result] { clis.map { $0.run(args, agent: CLI.loginUser) } }

        // Closed long ago: no timer runs, the bytes are the same.
        let closed = run(["list", "--view", "closed", "--json"])
        #expect(closed.allSatisfy { $0.status == 0 }, "\(closed.map(\.err))")
        #expect(closed[0].outBytes.count > 1_000_000 && closed[0].outBytes == closed[1].outBytes)
        #expect(try Self.withoutTimers(closed[1].outBytes).count == 1102)

        for args in [["list", "--json"], ["list", "--search", "printer", "--json"], ["list", "--search", "«ü»", "--limit", "5", "--json"]] {
            let r = run(args)
            #expect(r.allSatisfy { $0.status == 0 }, "\(args): \(r.map(\.err))")
            let files = try Self.withoutTimers(r[0].outBytes), postgres = try Self.withoutTimers(r[1].outBytes)
            #expect(!files.isEmpty && files == postgres, "\(args): \(files.count) against \(postgres.count)")
        }
        #expect(try Self.withoutTimers(run(["list", "--json"])[1].outBytes).count == 1104)
        #expect(try Self.withoutTimers(run(["list", "--search", "printer", "--json"])[1].outBytes).count == 367)

        let exports = run(["export", "--format", "jsonl"])
        let lines = exports.map { String(decoding: $0.outBytes, as: UTF8.self).split(separator: "\n").map { line in
            (try? JSONDecoder().decode([String: CLIStreamingOutputTests.JSONValue].self, from: Data(line.utf8)))
                .map { o in o.filter { !["wait_time_seconds", "duration_seconds", "hold_time_seconds", "wrap_up_seconds"].contains($0.key) } }
        } }
        #expect(lines[0].count == 1104 && lines[0] == lines[1])
    }
}
