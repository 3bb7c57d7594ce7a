import Foundation
import Testing
@testable import FrontdeskExchange

/// `RecordSummary.writeJSON`, the hand-written encoder of `list --json` and `export --format
/// jsonl` (issue 28): byte for byte what JSONEncoder writes, on text built to trip it.
@Suite struct SummaryJSONTests {
    static let hostile: [String] = [
        "",
        "plain printer jam",
        "quote \" backslash \\ slash / \\\" \\u0041",
        "controls \u{0}\u{1}\u{7}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}[31m\u{1F} DEL \u{7F}",
        "Zoë Müller 山田 Иванова «bientôt»",
        "emoji 🔥 👩‍👩‍👧 flag 🇫🇷, bidi \u{202E}evil\u{202C}, separators \u{2028}\u{2029}, C1 \u{85}\u{9B}",
        "\n\n  indented \n  { \"looks\" : [ \"like\", json ] }\n",
    ]

    /// A summary with every text field set to `text`, and the optional parts present or not.
    static func summary(_ text: String, full: Bool) throws -> RecordSummary {
        let minimal = """
        {"number":"IMS0000001","type":"walk_up","state":"closed_complete","short_description":"","opened_at":"2026-01-01T00:00:00Z",
         "wait_time_seconds":0,"duration_seconds":0,"hold_time_seconds":0,"wrap_up_seconds":0,"wrap_up_by_system":false,
         "wrap_up_segments":[],"related_tasks":[],"work_notes":[],"conversation":[],"version":1}
        """
        var s = try JSONDecoder().decode(RecordSummary.self, from: Data(minimal.utf8))
        s.number = text; s.type = text; s.state = text; s.short_description = text; s.opened_at = text
        s.wait_time_seconds = full ? Int64.max : -1
        s.duration_seconds = full ? Int64.min : 0
        s.hold_time_seconds = 1_234_567_890
        s.wrap_up_seconds = -42
        s.version = full ? Int.max : 0
        s.wrap_up_by_system = full
        guard full else { return s }
        s.state_reason = text; s.opened_for = text; s.opened_for_name = text; s.channel_user_profile = text
        s.caller = text; s.assigned_to = text; s.queue = text; s.accepted_at = text; s.closed_at = text
        s.archived_at = text; s.wrap_up_code = text; s.wrap_up_notes = text
        s.wrap_up_segments = [.init(agent: text, code: text, notes: text, seconds: 9, by_system: true),
                              .init(agent: "b", code: "", notes: "", seconds: -9, by_system: false)]
        s.related_tasks = [.init(number: text, kind: text, state: text, short_description: text)]
        s.work_notes = [.init(author: text, at: text, text: text), .init(author: "a", at: "b", text: "")]
        s.conversation = [
            .init(at: text, direction: "in", from: text, from_name: text, text: text),
            .init(at: "t", direction: "out", from: "alex", from_name: text, text: text, id: text, status: "failed", reason: text, attempt: nil),
            .init(at: "t", direction: "out", from: "alex", from_name: "", text: "", id: "R1", status: "queued", reason: nil, attempt: 3),
        ]
        s.audit_trail = [
            .init(at: text, by: text, field: text, old: nil, new: text, text: text, inferred: nil),
            .init(at: "t", by: "b", field: "state", old: text, new: nil, text: "", inferred: text),
        ]
        // Keys among the fixed ones, before and after them, and one that needs escaping.
        s.plain_fields = ["u_ticket": text, "aaa": text, "state_x": "", "zz\"\\\u{1}": text, "caller0": text]
        return s
    }

    static func encoded(_ value: some Encodable, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func written(_ s: RecordSummary, pretty: Bool, indent: Int = 0) -> [UInt8] {
        var out: [UInt8] = Array("before".utf8)
        s.writeJSON(into: &out, pretty: pretty, indent: indent)
        #expect(out.starts(with: Array("before".utf8)), "appends to what the buffer holds")
        return Array(out.dropFirst(6))
    }

    @Test(arguments: hostile, [false, true])
    func prettyIsJSONEncoders(_ text: String, full: Bool) throws {
        let s = try Self.summary(text, full: full)
        let mine = Self.written(s, pretty: true)
        let theirs = try Self.encoded(s, pretty: true)
        #expect(mine == theirs, "\n\(String(decoding: mine, as: UTF8.self))\n--- JSONEncoder:\n\(String(decoding: theirs, as: UTF8.self))")
    }

    @Test(arguments: hostile, [false, true])
    func compactIsJSONEncoders(_ text: String, full: Bool) throws {
        let s = try Self.summary(text, full: full)
        let mine = Self.written(s, pretty: false)
        let theirs = try Self.encoded(s, pretty: false)
        #expect(mine == theirs, "\n\(String(decoding: mine, as: UTF8.self))\n--- JSONEncoder:\n\(String(decoding: theirs, as: UTF8.self))")
    }

    /// An element of `list --json`'s array: the pretty form two spaces further in, as the
    /// whole array encoded at once places it.
    @Test(arguments: hostile, [false, true])
    func arrayElementIsJSONEncoders(_ text: String, full: Bool) throws {
        let s = try Self.summary(text, full: full)
        let mine = Array("[\n  ".utf8) + Self.written(s, pretty: true, indent: 2) + Array("\n]".utf8)
        let theirs = try Self.encoded([s], pretty: true)
        #expect(mine == theirs, "\n\(String(decoding: mine, as: UTF8.self))\n--- JSONEncoder:\n\(String(decoding: theirs, as: UTF8.self))")
    }
}
