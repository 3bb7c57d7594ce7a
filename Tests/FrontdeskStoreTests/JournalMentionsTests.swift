import Testing
@testable import FrontdeskStore

/// A reader applying a compaction decodes only the journal lines that can put a moved record
/// back: the byte test must never say "no" of a line that holds one of the numbers.
@Suite struct JournalMentionsTests {
    static let moved: Set<String> = ["IMS0000002", "INC0000007"]

    static let cases: [(line: String, mentions: Bool, why: String)] = [
        (#"{"at":"2026-11-24T09:00:00Z","by":"ana","changes":{"interactions":[{"number":"IMS0000002","state":"work_in_progress"}]}}"#, true, "the moved record itself"),
        (#"{"changes":{"tasks":[{"number":"INC0000007"}]}}"#, true, "a moved task"),
        (#"{"changes":{"interactions":[{"number":"IMS0000003","short_description":"IMS0000002"}]}}"#, false, "another record that only names it in its text"),
        (#"{"changes":{"interactions":[{"number":"IMS0000003"},{"number":"IMS0000002"}]}}"#, true, "the second record of a line"),
        (#"{"changes":{"interactions":[{"number":"IMS00000021"}]}}"#, false, "a longer number that starts the same"),
        (#"{"changes":{"interactions":[{"number" : "IMS0000002"}]}}"#, true, "a spelling the store does not write counts as a mention"),
        (#"{"changes":{"interactions":[{"number":"IMS\u0030000002"}]}}"#, true, "an escape in the value counts as a mention"),
        (#"{"changes":{"interactions":[{"number":"IMS0000002"#, true, "a value cut short counts as a mention"),
        (#"{"changes":{"customers":[{"id":"CUS0000001","name":"Ana"}]}}"#, false, "no number at all"),
    ]

    @Test(arguments: cases)
    func aLineIsDecodedWhenItMayHoldAMovedNumber(_ c: (line: String, mentions: Bool, why: String)) {
        // Inside a larger buffer, as the journal's lines are.
        let bytes = Array("\n".utf8) + Array(c.line.utf8) + Array("\n{\"number\":\"IMS0000002\"}\n".utf8)
        #expect(JournalMentions.line(bytes, 1..<(1 + c.line.utf8.count), mentionsAnyOf: Self.moved) == c.mentions, "\(c.why)")
    }

    @Test func nothingMovedMeansNoLineIsDecoded() {
        let line = Array(#"{"changes":{"interactions":[{"number":"IMS0000002"}]}}"#.utf8)
        #expect(!JournalMentions.line(line, 0..<line.count, mentionsAnyOf: []))
    }
}
