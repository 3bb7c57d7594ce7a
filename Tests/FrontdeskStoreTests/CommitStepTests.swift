import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// The store's one commit step (`prepareGeneration` then `commit`): compaction and an import
/// into history both make a new generation live through it, with the same crash probes.
@Suite struct CommitStepTests {
    static let fixtures = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/servicenow"
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    func importSource() -> ServiceNowSource {
        ServiceNowSource(interactions: Self.fixtures + "/interaction-raw.json", directory: Self.fixtures)
    }

    /// The swap's probes, in order, for both users of the step.
    static let swapSteps: [Store.CompactionStep] = [.beforeSnapshotRename, .afterSnapshotRename, .beforeJournalRename]

    @Test func compactionAndImportGoThroughTheSameStep() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        var steps: [Store.CompactionStep] = []
        store.compactionProbe = { steps.append($0) }
        let summary = try store.importServiceNow(importSource(), by: "ana", at: now)
        #expect(summary.toHistory == 2, "the import wrote history, so it swapped files")
        #expect(steps == Self.swapSteps)

        steps = []
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), by: "chat", at: now)
        try store.compact(at: now)
        #expect(steps == [.historyWritten, .snapshotWritten] + Self.swapSteps + [.done])
        #expect(try Store(directory: path).desk.everything == store.desk.everything)
    }

    /// An import cut short between its two renames (the crash the probe stands for): the new
    /// snapshot beside the older journal opens with everything, and the next writer carries on.
    @Test func anImportCutShortBetweenItsRenamesLosesNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "before the import"), by: "chat", at: now)
        let journal = path + "/journal.jsonl"
        var olderJournal: [UInt8] = []
        store.compactionProbe = { step in if step == .beforeJournalRename { olderJournal = bytes(journal) ?? [] } }
        try store.importServiceNow(importSource(), by: "ana", at: now)
        let imported = store.desk.everything
        write(olderJournal, to: journal)
        let reopened = try Store(directory: path)
        #expect(reopened.desk.everything == imported)
        #expect(reopened.history?.recordCount == 2)
        try reopened.perform(.addNote(number: "IMS0000001", text: "after"), by: "ana", at: now)
        #expect(try Store(directory: path).desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["after"])
    }

    /// A prepared generation that is abandoned leaves no file behind and the store unchanged.
    @Test func anAbandonedGenerationLeavesTheStoreAsItWas() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), by: "chat", at: now)
        let before = (bytes(path + "/snapshot.json"), bytes(path + "/journal.jsonl"))
        let prepared = try store.prepareGeneration(store.desk, generation: 7, absorbed: try store.journalMark(), history: nil)
        #expect(FileManager.default.fileExists(atPath: prepared.snapshot) && FileManager.default.fileExists(atPath: prepared.journal))
        prepared.abandon()
        #expect(!FileManager.default.fileExists(atPath: prepared.snapshot) && !FileManager.default.fileExists(atPath: prepared.journal))
        #expect(bytes(path + "/snapshot.json") == before.0 && bytes(path + "/journal.jsonl") == before.1)
    }
}
