import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// Damage stops the store with a message naming the file, where, and what; nothing is written.
@Suite struct StoreDamageTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let file: String
        /// Changes the file's bytes.
        let damage: @Sendable ([UInt8]) -> [UInt8]
        /// Text the error must contain (besides the file name).
        let expect: [String]
        var testDescription: String { name }
    }

    static func replacing(_ from: String, _ to: String, occurrence: Int = 1) -> @Sendable ([UInt8]) -> [UInt8] {
        { bytes in
            let text = String(decoding: bytes, as: UTF8.self)
            var parts = text.components(separatedBy: from)
            guard parts.count > occurrence else { return bytes }
            let head = parts[0..<occurrence].joined(separator: from)
            parts = [head] + parts[occurrence...]
            return Array(parts.joined(separator: to).utf8)
        }
    }

    static let cases: [Case] = [
        Case(name: "truncated snapshot", file: "snapshot.json", damage: { Array($0.prefix($0.count * 2 / 3)) },
             expect: ["store damaged", "bad JSON"]),
        Case(name: "garbage bytes in snapshot", file: "snapshot.json",
             damage: { var b = $0; for i in stride(from: 300, to: min(b.count, 340), by: 1) { b[i] = 0xFF }; return b },
             expect: ["store damaged", "line "]),
        Case(name: "unknown snapshot schema", file: "snapshot.json", damage: replacing("\"schema\":1,", "\"schema\":99,"),
             expect: ["unknown schema version 99", "reads version 1"]),
        Case(name: "unknown journal schema", file: "journal.jsonl", damage: replacing("\"schema\":1", "\"schema\":7"),
             expect: ["unknown schema version 7"]),
        Case(name: "bad line in the middle of the journal", file: "journal.jsonl", damage: replacing("\n{", "\n{oops", occurrence: 2),
             expect: ["line 3 (byte offset", "bad JSON"]),
        Case(name: "bad state value in the journal", file: "journal.jsonl", damage: replacing("\"state\":\"work_in_progress\"", "\"state\":\"pondering\""),
             expect: ["line ", "state"]),
        Case(name: "duplicate number in the snapshot", file: "snapshot.json", damage: replacing("\"number\":\"IMS0000002\"", "\"number\":\"IMS0000001\""),
             expect: ["duplicate number IMS0000001", "line "]),
        Case(name: "journal line repeating a number", file: "journal.jsonl",
             damage: { bytes in
                 // Append a copy of the journal's first change (creating IMS0000001 again), complete with its newline.
                 let lines = bytes.split(separator: UInt8(ascii: "\n"))
                 return bytes + Array(lines[1]) + [UInt8(ascii: "\n")]
             },
             expect: ["duplicate number IMS0000001"]),
        Case(name: "counter behind the numbers", file: "snapshot.json", damage: replacing("\"IMS\":4", "\"IMS\":1"),
             expect: ["counter IMS is 1 but IMS0000004 exists"]),
    ]

    @Test(arguments: cases)
    func damageStopsWithAClearMessage(_ c: Case) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        if c.file == "snapshot.json" {
            try fillWithEveryShape(store)
            try store.compact(at: t0)
        } else {
            try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
            try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0)
            try store.perform(.addNote(number: "IMS0000001", text: "n"), by: "ana", at: t0)
        }
        let target = path + "/" + c.file
        let original = try #require(bytes(target))
        let damaged = c.damage(original)
        #expect(damaged != original, "the damage must change the file")
        write(damaged, to: target)
        let snapshotBefore = bytes(path + "/snapshot.json"), journalBefore = bytes(path + "/journal.jsonl")

        let message = loadFailure(path)
        #expect(message.contains(target), "names the file: \(message)")
        for text in c.expect { #expect(message.contains(text), "\(message) should mention \(text)") }
        #expect(bytes(path + "/snapshot.json") == snapshotBefore)
        #expect(bytes(path + "/journal.jsonl") == journalBefore)
    }

    /// The message of the error that opening `path` throws, or a note that it opened.
    func loadFailure(_ path: String) -> String {
        let result = Result { () throws(StoreError) -> Store in try Store(directory: path) }
        switch result {
        case .success: return "the damaged store loaded"
        case .failure(let error): return error.description
        }
    }

    @Test func tornLastLineIsIgnoredWithAWarning() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0)
        let journal = path + "/journal.jsonl"
        let complete = try #require(bytes(journal))
        // A crash in the middle of writing the third change.
        let third = try StoreFormat.encodeLine(StoreFormat.JournalEntry(at: t0, by: "ana", changes: ChangeSet()))
        let torn = complete + third.prefix(third.count / 2)
        write(torn, to: journal)

        let reopened = try Store(directory: path)
        #expect(reopened.desk.interaction("IMS0000001")?.state == .workInProgress)
        let warning = try #require(reopened.warnings.first)
        #expect(warning.contains(journal))
        #expect(warning.contains("byte offset \(complete.count)"))
        #expect(bytes(journal) == torn, "loading alone writes nothing")

        // The next writer cuts the torn bytes off before appending, so the journal stays whole.
        try reopened.perform(.addNote(number: "IMS0000001", text: "after the crash"), by: "ana", at: t0)
        let healed = try Store(directory: path)
        #expect(healed.warnings.isEmpty)
        #expect(healed.desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["after the crash"])
    }

    @Test func snapshotWithoutJournalAfterCutShortCompaction() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        let expected = store.desk.everything
        let oldJournal = try #require(bytes(path + "/journal.jsonl"))
        try store.compact(at: t0)
        // Put back the old generation's journal: as if the crash came between the two renames.
        write(oldJournal, to: path + "/journal.jsonl")
        let reopened = try Store(directory: path)
        #expect(reopened.desk.everything == expected, "the old journal's changes are all in the new snapshot")
        try reopened.perform(.addNote(number: "IMS0000002", text: "later"), by: "ana", at: t0)
        #expect(try Store(directory: path).desk.interaction("IMS0000002")?.workNotes.last?.text == "later")
    }
}
