import Foundation
import FrontdeskCore
import FrontdeskStore
import FrontdeskTestSupport
import Testing

/// A store whose working set holds what belongs in history (written before history existed,
/// or idle for days) migrates at its first command, not when its journal next fills
/// (issue 28 point 4).
@Suite(.serialized) struct CLIUpgradeTests {
    /// 1,100 records closed a year ago, in the working set as a store from before history
    /// kept them; a journal far below the compaction threshold.
    func pastItsWindow() throws -> CLI {
        let cli = CLI()
        let store = try Store(directory: cli.store)
        store.compactsAutomatically = false
        let then = Instant(seconds: Int64(time(nil)) - 365 * 86_400)
        try store.performBatch(by: "ana", at: then) { desk in
            var desk = desk
            for i in 0..<1_100 {
                desk.apply(try desk.plan(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "visit \(i)", accept: true),
                                         by: "ana", at: then).changes)
                desk.apply(try desk.plan(.transition(number: Counters.format(.interaction, i + 1), .complete), by: "ana", at: then).changes)
            }
            var all = ChangeSet()
            all.interactions = Array(desk.interactions)
            all.counters = [.interaction: 1_100]
            return all
        }
        #expect(!store.needsCompaction, "the journal alone would not start one")
        return cli
    }

    @Test func aWorkingSetFarPastItsWindowCompactsAfterOneCommand() throws {
        let cli = try pastItsWindow()
        defer { cli.cleanUp() }
        // The command answers from the store as it is, all 1,100 records there.
        let listed = cli.run("list", "--view", "closed", "--json")
        #expect(listed.status == 0 && cli.list("--view", "closed").count == 1_100, "\(listed.err)")
        let migrated = waitUntil(timeout: 60) {
            (try? Store(directory: cli.store))?.desk.interactions.isEmpty == true
        }
        #expect(migrated, "the compaction moved the working set's old records to history")
        let after = try Store(directory: cli.store)
        #expect(after.desk.history?.recordCount == 1_100)
        #expect(!after.workingSetPastWindow(at: Instant(seconds: Int64(time(nil)))))
        #expect(cli.list("--view", "closed").count == 1_100, "the same answers from history")
    }

    /// A store written by the version before history (Fixtures/legacy-store: everything in its
    /// snapshot and journal) is past its window once its closed records age: the first open
    /// claims the compaction; below the threshold nothing is claimed.
    @Test func aFirstReleaseStoreClaimsItsCompactionOnOpening() throws {
        let fixture = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/legacy-store"
        let path = NSTemporaryDirectory() + "frontdesk-upgrade-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + file, toPath: path + "/" + file)
        }
        let legacy = try Store(directory: path)
        let later = Instant(seconds: Int64(time(nil)) + 400 * 86_400)
        legacy.pastWindowThreshold = 4
        #expect(!legacy.claimBackgroundCompaction(at: later, opening: true), "3 closed records: below 4")
        legacy.pastWindowThreshold = 3
        // Its records closed on 27 November 2026: on the 28th they are within the window.
        #expect(!legacy.claimBackgroundCompaction(at: Instant(CivilTime(year: 2026, month: 11, day: 28, hour: 0)), opening: true),
                "not yet past the window")
        var started = 0
        #expect(legacy.startBackgroundCompactionIfNeeded(at: later, opening: true) { started += 1 })
        #expect(started == 1 && legacy.compactionState?.starts == 1)
        let report = try legacy.compact(at: later, inBatches: true)
        #expect(report.moved == 3 && !legacy.workingSetPastWindow(at: later))
    }
}
