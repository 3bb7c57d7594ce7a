import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
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

/// Every file of a store, by path under it: bytes for files, a marker for folders.
func storeFiles(_ path: String) -> [String: [UInt8]] {
    var files: [String: [UInt8]] = [:]
    let manager = FileManager.default
    for name in (manager.subpaths(atPath: path) ?? []) {
        var isDirectory: ObjCBool = false
        _ = manager.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
        files[name] = isDirectory.boolValue ? Array("<folder>".utf8) : bytes(path + "/" + name) ?? []
    }
    return files
}

/// A missing or cut journal is never taken for an empty one: changes acknowledged in it would
/// be lost without a word (and the next writer would start over or cut the rest).
@Suite struct JournalLossTests {
    func storeWithNotes(_ path: String, compacted: Bool) throws -> Store {
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0)
        if compacted { try store.compact(at: t0) }
        for text in ["A", "B", "C", "D"] { try store.perform(.addNote(number: "IMS0000001", text: text), by: "ana", at: t0) }
        return store
    }

    func failure(_ body: () throws -> some Any) -> String {
        do { _ = try body(); return "it succeeded" } catch { return "\(error)" }
    }

    @Test(arguments: [false, true])
    func aMissingJournalIsRefused(compacted: Bool) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try storeWithNotes(path, compacted: compacted)
        let journal = path + "/journal.jsonl"
        #expect(unlink(journal) == 0)
        let before = storeFiles(path)

        let message = failure { try Store(directory: path) }
        #expect(message.contains(journal) && message.contains("it is missing"), "\(message)")
        #expect(message.contains("changes saved since the snapshot"), "\(message)")
        #expect(storeFiles(path) == before, "nothing written: no new journal in its place")
    }

    /// A running writer whose journal disappears stops instead of starting a new one.
    @Test func aJournalRemovedUnderARunningWriterIsRefused() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try storeWithNotes(path, compacted: false)
        #expect(unlink(path + "/journal.jsonl") == 0)
        let before = storeFiles(path)
        let message = failure { try store.perform(.addNote(number: "IMS0000001", text: "E"), by: "ana", at: t0) }
        #expect(message.contains("journal.jsonl") && message.contains("it is missing"), "\(message)")
        #expect(storeFiles(path) == before)
    }

    /// Where a crash can leave no journal (a new store's creation cut short before it), or
    /// nothing was ever saved in it, the store opens and the next writer starts one.
    @Test func aJournalThatHeldNothingMayBeMissing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try Store(directory: path, seed: seed())
        for removeMark in [false, true] {
            unlink(path + "/journal.jsonl")
            if removeMark { unlink(path + "/journal.mark") }
            let store = try Store(directory: path)
            #expect(store.warnings.isEmpty, "\(store.warnings)")
        }
        let store = try Store(directory: path)
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        #expect(try Store(directory: path).desk.interaction("IMS0000001") != nil)
    }

    /// A damaged mark only makes the check less strict: said, and rewritten by the next change.
    @Test func aDamagedMarkIsSaidAndRewritten() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try storeWithNotes(path, compacted: false)
        let mark = path + "/journal.mark"
        var damaged = try #require(bytes(mark))
        damaged[12] ^= 0x01
        write(damaged, to: mark)
        let store = try Store(directory: path)
        #expect(store.warnings.contains { $0.contains(mark) && $0.contains("checksum mismatch") }, "\(store.warnings)")
        try store.perform(.addNote(number: "IMS0000001", text: "E"), by: "ana", at: t0)
        let reopened = try Store(directory: path)
        #expect(reopened.warnings.isEmpty, "\(reopened.warnings)")
        #expect(bytes(mark)?.count == StoreFormat.markFileSize)
    }

    /// A compaction cut short after its renames but before it rewrote the mark leaves a mark
    /// of the older journal: it is not compared with the new one. Cut short between the
    /// renames, the older journal is back beside its own mark, which it matches.
    @Test func aMarkOfAnOlderJournalIsNotMistakenForDamage() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try storeWithNotes(path, compacted: false)
        let expected = store.desk.everything
        let oldJournal = try #require(bytes(path + "/journal.jsonl")), oldMark = try #require(bytes(path + "/journal.mark"))
        try store.compact(at: t0)
        write(oldMark, to: path + "/journal.mark")
        #expect(try Store(directory: path).desk.everything == expected)
        write(oldJournal, to: path + "/journal.jsonl")
        let reopened = try Store(directory: path)
        #expect(reopened.desk.everything == expected)
        #expect(reopened.warnings.isEmpty, "\(reopened.warnings)")
        try reopened.perform(.addNote(number: "IMS0000001", text: "E"), by: "ana", at: t0)
        #expect(try Store(directory: path).desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["A", "B", "C", "D", "E"])
    }

    /// A journal cut through acknowledged lines is not a crash's torn write, even when what is
    /// left ends in an incomplete line: opening is refused, and a writer cuts nothing more.
    @Test(arguments: ["inside an earlier line", "at the end of an earlier line", "inside the last line"])
    func aJournalCutThroughAcknowledgedChangesIsRefused(_ cut: String) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let writer = try storeWithNotes(path, compacted: false)
        let journal = path + "/journal.jsonl"
        let whole = try #require(bytes(journal))
        let ends = whole.indices.filter { whole[$0] == UInt8(ascii: "\n") }.map { $0 + 1 }   // header, 6 changes
        let at: Int
        switch cut {
        case "inside an earlier line": at = ends[2] + 20
        case "at the end of an earlier line": at = ends[3]
        default: at = ends[ends.count - 2] + (ends[ends.count - 1] - ends[ends.count - 2]) / 2
        }
        write(Array(whole.prefix(at)), to: journal)
        let before = storeFiles(path)
        let lastWhole = ends.last { $0 <= at }!     // where the complete lines stop

        let message = failure { try Store(directory: path) }
        #expect(message.contains(journal) && message.contains("byte offset \(lastWhole)"), "\(message)")
        #expect(message.contains("cut through acknowledged changes, not torn by a crash"), "\(message)")
        let writing = failure { try writer.perform(.addNote(number: "IMS0000001", text: "E"), by: "ana", at: t0) }
        #expect(writing.contains("cut through acknowledged changes"), "\(writing)")
        #expect(storeFiles(path) == before, "nothing written, nothing cut")
    }

    /// A writer that last read the journal before another saved more: a cut back to where it
    /// read, or into the other's lines, is still a cut (the mark says what was saved since).
    @Test(arguments: ["where the first writer last read", "inside the other writer's line"])
    func aWriterThatReadLessNeverCutsWhatOthersSaved(_ cut: String) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let first = try storeWithNotes(path, compacted: false)
        let journal = path + "/journal.jsonl"
        let seen = try #require(bytes(journal)).count
        let other = try Store(directory: path)
        try other.perform(.addNote(number: "IMS0000001", text: "E"), by: "ana", at: t0)
        try other.perform(.addNote(number: "IMS0000001", text: "F"), by: "ana", at: t0)
        let whole = try #require(bytes(journal))
        write(Array(whole.prefix(cut.hasPrefix("where") ? seen : seen + 30)), to: journal)
        let before = storeFiles(path)

        let writing = failure { try first.perform(.addNote(number: "IMS0000001", text: "G"), by: "ana", at: t0) }
        #expect(writing.contains(journal) && writing.contains("cut through acknowledged changes"), "\(writing)")
        #expect(storeFiles(path) == before, "nothing written, nothing cut")
    }
}

/// History's files are compared with what the snapshot says of them when the store opens:
/// a missing, replaced, cut or grown segment, or something other than a file where a derived
/// file belongs, is refused naming it; a damaged task line is refused naming file and line.
@Suite struct HistoryDamageTests {
    /// A store with three closed records (and their tasks) in history and one open record.
    func storeWithHistory(_ path: String) throws -> Store {
        let store = try Store(directory: path, seed: seed())
        for i in 0..<3 {
            let r = try store.perform(.create(type: .walkUp, openedFor: "CUS0000001", queue: nil, shortDescription: "visit \(i)", accept: true),
                                      by: "ana", at: t0)
            try store.perform(.createTask(number: r.subject!, kind: .incident), by: "ana", at: t0)
            try store.perform(.transition(number: r.subject!, .complete), by: "ana", at: t0)
        }
        try store.perform(.create(type: .walkUp, openedFor: "CUS0000002", queue: nil, shortDescription: "open", accept: true), by: "ana", at: t0)
        try store.compact(at: t0.adding(30 * 86_400))
        #expect(store.desk.history?.recordCount == 3)
        return store
    }

    static func file(_ history: String, _ prefix: String, _ suffix: String) -> String {
        let name = (try? FileManager.default.contentsOfDirectory(atPath: history))?.first { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }
        return history + "/" + (name ?? prefix + "?" + suffix)
    }
    static func segment(_ history: String) -> String { file(history, "seg-", ".jsonl") }
    static func taskSegment(_ history: String) -> String { file(history, "tasks-", ".jsonl") }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Damages the history folder; returns the path the refusal must name.
        let damage: @Sendable (String) -> String
        let expect: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "history folder replaced by a file", damage: { history in
            try? FileManager.default.removeItem(atPath: history)
            write(Array("not a folder".utf8), to: history)
            return history
        }, expect: "it is not a folder"),
        Case(name: "history folder missing", damage: { history in
            try? FileManager.default.removeItem(atPath: history)
            return history
        }, expect: "it is missing, but the snapshot names 1 history segments"),
        Case(name: "segment missing", damage: { history in
            let path = segment(history); unlink(path); return path
        }, expect: "it is missing"),
        Case(name: "segment empty", damage: { history in
            let path = segment(history); write([], to: path); return path
        }, expect: "it has 0 bytes but"),
        Case(name: "segment with a duplicated line", damage: { history in
            let path = segment(history), b = bytes(path)!
            write(b + b.prefix(through: b.firstIndex(of: UInt8(ascii: "\n"))!), to: path)
            return path
        }, expect: "lines were cut off, added or replaced"),
        Case(name: "segment with a foreign line", damage: { history in
            let path = segment(history)
            write(bytes(path)! + StoreFormat.checksummedLine(Array("{\"number\":\"IMS0000099\"}".utf8)), to: path)
            return path
        }, expect: "lines were cut off, added or replaced"),
        Case(name: "another file in a segment's place", damage: { history in
            let path = segment(history)
            write(bytes(taskSegment(history))!, to: path)
            return path
        }, expect: "lines were cut off, added or replaced"),
        Case(name: "task segment cut short", damage: { history in
            let path = taskSegment(history), b = bytes(path)!
            write(Array(b.prefix(b.count / 2)), to: path)
            return path
        }, expect: "lines were cut off, added or replaced"),
        Case(name: "task segment missing", damage: { history in
            let path = taskSegment(history); unlink(path); return path
        }, expect: "it is missing"),
        Case(name: "index replaced by a folder", damage: { history in
            let path = file(history, "index-", ".bin")
            unlink(path); mkdir(path, 0o700)
            return path
        }, expect: "can be neither read nor rebuilt"),
        Case(name: "task index replaced by a folder", damage: { history in
            let path = file(history, "tasks-", ".idx")
            unlink(path); mkdir(path, 0o700)
            return path
        }, expect: "can be neither read nor rebuilt"),
    ]

    @Test(arguments: cases)
    func damagedHistoryIsRefusedOnOpen(_ c: Case) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try storeWithHistory(path)
        let named = c.damage(path + "/history")
        let before = storeFiles(path)

        let message: String
        do { _ = try Store(directory: path); message = "the damaged store opened" } catch { message = "\(error)" }
        #expect(message.contains("store damaged: \(named) at whole"), "\(message)")
        #expect(message.contains(c.expect), "\(message)")
        let compacting: String
        do { _ = try Store(directory: path).compact(at: t0.adding(60 * 86_400)); compacting = "it compacted" } catch { compacting = "\(error)" }
        #expect(compacting.contains(named), "\(compacting)")
        #expect(storeFiles(path) == before, "nothing written")
    }

    /// A flipped bit in a task segment: the task is not shown with an empty kind, state and
    /// description; reading it names the file and the line, and nothing is written.
    @Test func aDamagedTaskLineIsRefusedNamingFileAndLine() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try storeWithHistory(path)
        let tasks = Self.taskSegment(path + "/history")
        var damaged = try #require(bytes(tasks))
        let secondLine = try #require(damaged.firstIndex(of: UInt8(ascii: "\n"))) + 1
        let at = try #require(damaged[secondLine...].firstIndex(of: UInt8(ascii: "c")))     // inside "incident"
        damaged[at] ^= 0x01
        write(damaged, to: tasks)
        let before = storeFiles(path)

        let store = try Store(directory: path)
        let record = try #require(try store.desk.record(anywhere: "IMS0000002"))
        let number = try #require(record.relatedTasks.first)
        for read in [{ _ = try store.desk.task(anywhere: number) }, { _ = try RecordSummary(record, in: store.desk, at: t0) }] {
            do {
                try read()
                Issue.record("a damaged task line was read")
            } catch {
                let message = "\(error)"
                #expect(message.contains(tasks) && message.contains("line 2 (byte offset \(secondLine))"), "\(message)")
                #expect(message.contains("checksum mismatch"), "\(message)")
            }
        }
        #expect(throws: (any Error).self) { try store.perform(.linkTask(number: "IMS0000004", task: number), by: "ana", at: t0) }
        #expect(storeFiles(path) == before, "nothing written")
    }

    /// History whose index is missing and cannot be rebuilt (a segment line is damaged): lists
    /// and counts, which cannot throw, say the answer leaves history out; a command that asks
    /// first is refused naming the segment and line.
    @Test func historyThatCannotBeReadIsNeverLeftOutWithoutAWord() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try storeWithHistory(path)
        let history = path + "/history"
        unlink(Self.file(history, "index-", ".bin"))
        let segment = Self.segment(history)
        var damaged = try #require(bytes(segment))
        let at = try #require(damaged.firstIndex(of: UInt8(ascii: "v")))    // "visit 0"
        damaged[at] ^= 0x01
        write(damaged, to: segment)

        let store = try Store(directory: path)
        let reader = try #require(store.desk.history)
        #expect(reader.count(in: .closed) == 0)
        let warnings = store.historyWarnings
        #expect(warnings.contains { $0.contains(segment) && $0.contains("line 1") && $0.contains("left out") }, "\(warnings)")
        #expect(throws: StoreError.self) { try store.requireHistory() }
    }
}
