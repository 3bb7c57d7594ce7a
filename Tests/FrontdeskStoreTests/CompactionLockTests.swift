import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// What writers wait for while a compaction runs (issue 28, the longest save): the compacting
/// process reads the store without the writers' lock, takes the new files as its desk without
/// reading them again under the lock, and every save and refresh says where its time went.
@Suite struct CompactionLockTests {
    /// Lines other writers saved while it compacted (before its snapshot was written and
    /// during it) end up in its desk as in the files, with no snapshot read.
    @Test func theCompactingStoreTakesTheNewFilesWithoutReadingThem() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let compacting = try storeWithClosedWalkUps(path, closed: 4)
        let other = try Store(directory: path)
        compacting.compactionProbe = { step in
            switch step {
            case .historyWritten:
                _ = try? other.perform(.transition(number: "IMS0000002", .reopen(reason: "closed by mistake")), by: "ana", at: t0.adding(10))
            case .snapshotWritten:
                _ = try? other.perform(.addNote(number: "IMS0000005", text: "during the swap's wait"), by: "ana", at: t0.adding(11))
            default: break
            }
        }
        let loads = compacting.snapshotLoads
        let report = try compacting.compact(at: t0.adding(3600))
        #expect(report.moved == 4 && report.carriedLines == 2)
        #expect(compacting.snapshotLoads == loads, "took the new files as its desk without reading them")
        let fresh = try Store(directory: path)
        #expect(compacting.desk.everything == fresh.desk.everything)
        #expect(compacting.desk.interactions.map(\.number) == ["IMS0000002", "IMS0000005"])
        #expect(try compacting.desk.record(anywhere: "IMS0000001")?.shortDescription == "visit 0", "read from the new history")
        // And it writes on in the new journal.
        try compacting.perform(.addNote(number: "IMS0000005", text: "after"), by: "ana", at: t0.adding(3601))
        #expect(try Store(directory: path).desk.interaction("IMS0000005")?.workNotes.map(\.text) == ["during the swap's wait", "after"])
        #expect(compacting.snapshotLoads == loads)
    }

    /// `store compact` opens the store while another process holds the writers' lock: it does
    /// not wait for it, and reads the same desk.
    @Test func openingForCompactionWaitsForNoLock() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let writer = try storeWithClosedWalkUps(path, closed: 2)
        try writer.lock.acquire(exclusive: true, timeout: 1)
        defer { writer.lock.release() }
        #expect(throws: StoreError.self, "a reading command waits for the lock") {
            try Store(directory: path, lockTimeout: 0.05)
        }
        let compacting = try Store.openForCompaction(directory: path)
        #expect(compacting.desk.everything == writer.desk.everything)
    }

    /// What a save and a refresh had to do to catch up: nothing but lines, a compaction
    /// applied, or the snapshot read whole (an import's swap).
    @Test func savesAndRefreshesSayWhatCatchingUpTook() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let compacting = try storeWithClosedWalkUps(path, closed: 2)
        let writer = try Store(directory: path)
        writer.compactsAutomatically = false
        let reader = try Store(directory: path)
        try writer.perform(.addNote(number: "IMS0000003", text: "one"), by: "ana", at: t0.adding(1))
        #expect(writer.lastSave.how == .nothing)
        #expect(writer.lastSave.sync > 0 && writer.lastSave.total >= writer.lastSave.sync)
        #expect(try reader.refresh())
        #expect(reader.lastRefresh.how == .nothing)

        try compacting.compact(at: t0.adding(3600))
        try writer.perform(.addNote(number: "IMS0000003", text: "two"), by: "ana", at: t0.adding(3601))
        #expect(writer.lastSave.how == .compactionApplied)
        #expect(try reader.refresh())
        #expect(reader.lastRefresh.how == .compactionApplied)

        let fixtures = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/servicenow"
        try compacting.importServiceNow(ServiceNowSource(interactions: fixtures + "/interaction-raw.json", directory: fixtures),
                                        by: "ana", at: Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9)))
        #expect(try reader.refresh())
        #expect(reader.lastRefresh.how == .snapshotRead)
    }
}

extension CompactionLockTests {
    /// A compaction that moves nothing (most of them: history moves in daily batches) is
    /// applied by a reader as it is, lines read during it kept, with no snapshot read.
    @Test func aCompactionThatMovesNothingIsAppliedAsItIs() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let compacting = try storeWithClosedWalkUps(path, closed: 2)
        let other = try Store(directory: path)
        let reader = try Store(directory: path)
        compacting.compactionProbe = { step in
            guard step == .historyWritten else { return }
            _ = try? other.perform(.addNote(number: "IMS0000003", text: "during"), by: "ana", at: t0.adding(10))
            _ = try? reader.refresh()
        }
        let loads = reader.snapshotLoads
        // The day's batch is not due an hour after the records closed: nothing moves.
        let report = try compacting.compact(at: t0.adding(3600), inBatches: true)
        #expect(report.moved == 0 && report.carriedLines == 1)
        try other.perform(.addNote(number: "IMS0000003", text: "after"), by: "ana", at: t0.adding(3601))
        #expect(try reader.refresh())
        #expect(reader.lastRefresh.how == .compactionApplied && reader.snapshotLoads == loads)
        #expect(reader.desk.everything == (try Store(directory: path)).desk.everything)
        #expect(reader.desk.interaction("IMS0000003")?.workNotes.map(\.text) == ["during", "after"])
    }
}
