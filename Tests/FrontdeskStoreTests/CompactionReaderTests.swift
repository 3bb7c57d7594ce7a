import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// Readers apply a compaction another process finished by dropping the records it moved,
/// not by decoding the new snapshot; anything else that swaps the files is read whole.
@Suite struct CompactionReaderTests {
    @Test func aReaderDropsWhatTheCompactionMoved() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let writer = try storeWithClosedWalkUps(path, closed: 5)
        let reader = try Store(directory: path)
        let loads = reader.snapshotLoads
        let report = try writer.compact(at: t0.adding(3600))
        #expect(report.moved == 5)
        #expect(try reader.refresh())
        #expect(reader.snapshotLoads == loads, "applied without reading the snapshot")
        let fresh = try Store(directory: path)
        #expect(reader.desk.everything == fresh.desk.everything)
        #expect(reader.desk.interactions.map(\.number) == fresh.desk.interactions.map(\.number))
        #expect(try reader.desk.record(anywhere: "IMS0000001")?.shortDescription == "visit 0", "read from history")
        // And it goes on: a later change is read from the new journal.
        try writer.perform(.addNote(number: "IMS0000006", text: "after"), by: "ana", at: t0.adding(3601))
        #expect(try reader.refresh())
        #expect(reader.desk.interaction("IMS0000006")?.workNotes.map(\.text) == ["after"])
        #expect(reader.snapshotLoads == loads)
    }

    /// Lines written while the compaction ran, which the reader read before the swap, stay
    /// read; a moved record one of them changed (reopened) stays in the working set, as in the files.
    @Test func linesReadDuringTheCompactionAreKept() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let writer = try storeWithClosedWalkUps(path, closed: 3)
        let other = try Store(directory: path)
        let reader = try Store(directory: path)
        let loads = reader.snapshotLoads
        writer.compactionProbe = { step in
            guard step == .snapshotWritten else { return }
            _ = try? other.perform(.transition(number: "IMS0000002", .reopen(reason: "closed by mistake")), by: "ana", at: t0.adding(10))
            _ = try? other.perform(.addNote(number: "IMS0000004", text: "and this"), by: "ana", at: t0.adding(11))
            _ = try? reader.refresh()
            _ = try? other.perform(.addNote(number: "IMS0000004", text: "unread"), by: "ana", at: t0.adding(12))
        }
        try writer.compact(at: t0.adding(3600))
        #expect(reader.desk.interaction("IMS0000004")?.workNotes.map(\.text) == ["and this"], "read before the swap")
        #expect(try reader.refresh())
        #expect(reader.snapshotLoads == loads, "applied without reading the snapshot")
        let fresh = try Store(directory: path)
        #expect(reader.desk.everything == fresh.desk.everything)
        #expect(reader.desk.interaction("IMS0000002")?.state == .workInProgress, "moved, but reopened meanwhile")
        #expect(reader.desk.interaction("IMS0000001") == nil && reader.desk.interaction("IMS0000003") == nil)
        #expect(reader.desk.interaction("IMS0000004")?.workNotes.map(\.text) == ["and this", "unread"])
    }

    /// An import's swap adds records no journal line holds: the reader reads the snapshot.
    @Test func anImportSwapIsReadWhole() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let writer = try storeWithClosedWalkUps(path, closed: 2)
        let reader = try Store(directory: path)
        try writer.compact(at: t0.adding(3600))
        try reader.refresh()
        let loads = reader.snapshotLoads
        let fixtures = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/servicenow"
        try writer.importServiceNow(ServiceNowSource(interactions: fixtures + "/interaction-raw.json", directory: fixtures),
                                    by: "ana", at: Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9)))
        #expect(try reader.refresh())
        #expect(reader.snapshotLoads == loads + 1)
        #expect(reader.desk.everything == (try Store(directory: path)).desk.everything)
    }
}
