import Foundation
import FrontdeskExchange
import FrontdeskTestSupport
import Testing

/// `list --json`, `show --json` and `export` write each record as they read it (issue 28
/// point 5): the bytes are exactly those the whole array, encoded at once, used to print.
@Suite(.serialized) struct CLIStreamingOutputTests {
    /// Records in the working set and in history (on the file store), open, closed and archived,
    /// with a conversation, notes and text beyond ASCII.
    func desk(_ backend: TestBackend) throws -> CLI {
        let cli = try CLI(backend)
        func ok(_ args: String..., agent: String? = nil) {
            let r = cli.run(args, agent: agent)
            #expect(r.status == 0, "\(args): \(r.out)\(r.err)")
        }
        ok("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        ok("intake", "messaging", "--from", "+44 7700 900123", "--text", "my printer is on fire 🔥", agent: "sms")
        ok("accept", "1")
        ok("reply", "1", "--text", "On it / «bientôt»")
        ok("note", "1", "Called facilities: \"printer\" \\ 山田")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "printer jam")
        ok("complete", "2")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "badge")
        ok("complete", "3")
        ok("archive", "3")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "printer still open")
        ok("config", "set", "history.window", "0d")
        waitForNextSecond()   // closed in an earlier second than the compaction: they move to history
        ok("store", "compact")
        return cli
    }

    /// The array encoded whole, as `list --json` printed it before it streamed.
    static func wholeArray(_ elements: [JSONValue]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(elements), as: UTF8.self) + "\n"
    }

    /// Any JSON value, read and written back as it was (the records hold strings, integers,
    /// booleans and nulls).
    enum JSONValue: Codable, Equatable {
        case string(String), integer(Int64), bool(Bool), null, array([JSONValue]), object([String: JSONValue])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let n = try? c.decode(Int64.self) { self = .integer(n) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSONValue].self)) }
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .string(let s): try c.encode(s)
            case .integer(let n): try c.encode(n)
            case .bool(let b): try c.encode(b)
            case .null: try c.encodeNil()
            case .array(let a): try c.encode(a)
            case .object(let o): try c.encode(o)
            }
        }
    }

    @Test(arguments: TestBackend.allCases)
    func listJSONIsTheWholeArrayWrittenARecordAtATime(_ backend: TestBackend) throws {
        let cli = try desk(backend)
        defer { cli.cleanUp() }
        for args in [["list", "--json"], ["list", "--search", "printer", "--json"], ["list", "--view", "closed", "--json"],
                     ["list", "--search", "nothing like it", "--json"]] {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
            let elements = try JSONDecoder().decode([JSONValue].self, from: Data(r.outBytes))
            #expect(r.out == (try Self.wholeArray(elements)), "\(args)")
        }
        let found = try JSONDecoder().decode([RecordSummary].self, from: Data(cli.run("list", "--search", "printer", "--json").outBytes))
        #expect(Set(found.map(\.number)) == ["IMS0000001", "IMS0000002", "IMS0000004"], "working set and history")
    }

    /// `export --format jsonl` and `servicenow`, to standard output and to a file: one line a
    /// record, oldest first, the same bytes both ways.
    @Test(arguments: TestBackend.allCases)
    func exportsStreamTheSameBytesToATerminalAndAFile(_ backend: TestBackend) throws {
        let cli = try desk(backend)
        defer { cli.cleanUp() }
        let lines = cli.run("export", "--format", "jsonl").out.split(separator: "\n")
        let summaries = try lines.map { try JSONDecoder().decode(RecordSummary.self, from: Data($0.utf8)) }
        #expect(summaries.map(\.number) == ["IMS0000001", "IMS0000002", "IMS0000003", "IMS0000004"])
        #expect(summaries.first?.conversation.count == 2 && summaries.first?.work_notes.count == 1)
        // Keys come in the encoder's own order, which differs between processes, and open
        // records' timers run between two exports: compared as values, without the timers.
        func values(_ bytes: [UInt8]) throws -> [JSONValue] {
            try String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
                guard case .object(var o) = try JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) else { return .null }
                for key in ["wait_time_seconds", "duration_seconds", "hold_time_seconds", "wrap_up_seconds"] { o[key] = nil }
                return .object(o)
            }
        }
        let jsonl = cli.root + "/export.jsonl"
        let toFile = cli.run("export", "--format", "jsonl", "--out", jsonl)
        #expect(toFile.status == 0 && toFile.err.contains("exported 4 interactions"), "\(toFile.err)")
        let written = try values([UInt8](FileManager.default.contents(atPath: jsonl) ?? Data()))
        let printed = try values(cli.run("export", "--format", "jsonl").outBytes)
        #expect(written.count == 4 && written == printed)
        let servicenow = cli.root + "/export.json"
        #expect(cli.run("export", "--format", "servicenow", "--out", servicenow).status == 0)
        let file = try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: servicenow) ?? Data()) as? [String: Any]
        #expect((file?["result"] as? [[String: Any]])?.compactMap { $0["number"] as? String }
            == ["IMS0000001", "IMS0000002", "IMS0000003", "IMS0000004"])
        let document = try JSONSerialization.jsonObject(with: Data(cli.run("export", "--format", "servicenow").outBytes)) as? [String: Any]
        #expect((document?["result"] as? [Any])?.count == 4)
    }
}
