import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore
#if canImport(Glibc)
import Glibc
#endif

/// Every file of the store is opened without following a link and only when it is a regular
/// file; a store lies in a folder of this user's; opening without a seed creates nothing; and
/// background compactions are throttled across processes, their failures kept and told.
@Suite struct StoreFileSafetyTests {
    func filledStore() throws -> Store {
        let path = temporaryDirectory()
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), by: "chat", at: t0)
        return store
    }

    /// Somewhere outside the store (beside it, in the test's own temporary folder).
    func outside(_ store: Store, _ name: String) -> String {
        (store.directory as NSString).deletingLastPathComponent + "/outside-" + name
    }

    func expectLinkRefused(_ error: (any Error)?, _ path: String) {
        guard case let .notRegularFile(file, kind)? = error as? StoreError else {
            Issue.record("expected \(path) refused as a link, got \(String(describing: error))")
            return
        }
        #expect(file == path)
        #expect(kind.hasPrefix("a symbolic link"), "\(kind)")
        #expect((error as? StoreError)?.description.contains("not a regular file") == true)
    }

    /// A link in place of the snapshot or the journal (to a copy of the real file, so following
    /// it would read a good store) is refused, naming the file.
    @Test(arguments: ["snapshot.json", "journal.jsonl"])
    func aLinkInPlaceOfASnapshotOrJournalIsRefused(_ name: String) throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        let path = store.directory + "/" + name, copy = outside(store, name)
        try FileManager.default.moveItem(atPath: path, toPath: copy)
        symlink(copy, path)
        let copyBefore = bytes(copy)
        var caught: (any Error)?
        do { _ = try Store(directory: store.directory) } catch { caught = error }
        expectLinkRefused(caught, path)
        #expect(bytes(copy) == copyBefore)
    }

    /// A link in place of the history folder (to a copy of it) is refused.
    @Test func aLinkInPlaceOfTheHistoryFolderIsRefused() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        let history = store.directory + "/history", copy = outside(store, "history")
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: false)
        symlink(copy, history)
        var caught: (any Error)?
        do { _ = try Store(directory: store.directory) } catch { caught = error }
        expectLinkRefused(caught, history)
    }

    /// A dangling link in place of a lock file does not create its target outside the store.
    @Test func aDanglingLockLinkCreatesNothingOutside() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        for name in ["lock", "compact.lock", Store.routingLockName] {
            let path = store.directory + "/" + name, target = outside(store, name)
            unlink(path)
            symlink(target, path)
        }
        var caught: (any Error)?
        do { _ = try Store(directory: store.directory) } catch { caught = error }
        expectLinkRefused(caught, store.directory + "/lock")

        // The open store meets the other two when it compacts and routes.
        caught = nil
        do { try store.compact(at: t0) } catch { caught = error }
        expectLinkRefused(caught, store.directory + "/compact.lock")
        #expect(!store.isRouting())
        for name in ["lock", "compact.lock", Store.routingLockName] {
            #expect(!FileManager.default.fileExists(atPath: outside(store, name)), "\(name)'s target was created")
        }
    }

    /// Templates: a link to a file outside is refused by name (the console leaves it out);
    /// a link in place of the templates folder too.
    @Test func aTemplateLinkIsNotRead() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        try store.saveTemplate(ReplyTemplate(name: "thanks", text: "Thank you"))
        let secret = outside(store, "secret")
        write(Array("private text\n".utf8), to: secret)
        let link = store.templatesDirectory + "/greeting.txt"
        symlink(secret, link)
        var caught: (any Error)?
        do { _ = try store.storedTemplates() } catch { caught = error }
        expectLinkRefused(caught, link)
        #expect(try store.storedTemplates(skippingDamaged: true).map(\.name) == ["thanks"])

        let folder = outside(store, "templates")
        try FileManager.default.moveItem(atPath: store.templatesDirectory, toPath: folder)
        unlink(folder + "/greeting.txt")
        symlink(folder, store.templatesDirectory)
        caught = nil
        do { _ = try store.storedTemplates() } catch { caught = error }
        expectLinkRefused(caught, store.templatesDirectory)
        #expect(throws: StoreError.self) { try store.saveTemplate(ReplyTemplate(name: "new", text: "New")) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/new.txt"))
    }

    /// Heartbeats: another console's file that is a link is not read; this console's own
    /// heartbeat is not written through a link, nor into a linked folder.
    @Test func heartbeatLinksAreNotFollowed() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        store.viewerID = "1"
        store.announce(Viewer(login: "ana", number: "IMS0000001", editing: nil), at: t0)
        let viewers = store.directory + "/viewers"
        let planted = outside(store, "viewer.json")
        try FileManager.default.copyItem(atPath: viewers + "/1.json", toPath: planted)
        symlink(planted, viewers + "/2.json")
        #expect(store.viewers(at: t0) == [], "the linked heartbeat was read")

        let target = outside(store, "heartbeat")
        symlink(target, viewers + "/3.json.tmp")
        store.viewerID = "3"
        store.announce(Viewer(login: "bo", number: nil, editing: nil), at: t0)
        #expect(!FileManager.default.fileExists(atPath: target))

        let folder = outside(store, "viewers")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try FileManager.default.removeItem(atPath: viewers)
        symlink(folder, viewers)
        store.viewerID = "4"
        store.announce(Viewer(login: "bo", number: nil, editing: nil), at: t0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
    }

    /// Reading (no seed) creates nothing: not in a missing folder, not in an empty one.
    @Test func openingWithoutASeedCreatesNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        #expect(throws: StoreError.notAStore(path: path, reason: "it does not exist")) { try Store(directory: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: StoreError.notAStore(path: path, reason: "it has no snapshot.json")) { try Store(directory: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == [])
        let odd = path + "/typo\u{1B}]0;x\u{07}\n"
        #expect(StoreError.notAStore(path: odd, reason: "it does not exist").description
                == "there is no Frontdesk store at \(path)/typo\\u001b]0;x\\u0007\\u000a: it does not exist")
    }

    /// A store in a folder of another user is refused, and none is created in one. Needs root
    /// (to give the folder away); elsewhere it checks nothing.
    @Test(.enabled(if: geteuid() == 0)) func aStoreInAnotherUsersFolderIsRefused() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        let folder = (store.directory as NSString).deletingLastPathComponent
        chown(folder, 65534, 65534)
        let before = bytes(store.directory + "/journal.jsonl")
        #expect(throws: StoreError.foreignFolder(path: store.directory, folder: folder, owner: "nobody (uid 65534), group \(Posix.groupName(65534))")) {
            try Store(directory: store.directory)
        }
        let fresh = folder + "/new/store"
        #expect(throws: StoreError.self) { try Store(directory: fresh, seed: seed()) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/new"))
        #expect(bytes(store.directory + "/journal.jsonl") == before)
        chown(folder, 0, 0)
    }

    /// Background compactions: one process claims the start; another (a second Store on the
    /// same folder) is told no within the interval, and so is anyone while one runs; once one
    /// has succeeded, the next crossing of the threshold starts another at once.
    @Test func backgroundCompactionIsClaimedOnceAcrossProcesses() throws {
        let first = try filledStore()
        defer { cleanUp(first.directory) }
        first.compactionThreshold = 1
        let second = try Store(directory: first.directory, compactionThreshold: 1)
        #expect(first.claimBackgroundCompaction(at: t0))
        #expect(!second.claimBackgroundCompaction(at: t0.adding(Store.backgroundCompactionInterval - 1)))
        #expect(first.compactionState?.starts == 1)
        let later = t0.adding(Store.backgroundCompactionInterval + 1)
        let running = try #require(try CompactionLock.take(first.directory))
        #expect(!second.claimBackgroundCompaction(at: later), "a compaction is running")
        running.release()
        #expect(second.claimBackgroundCompaction(at: later))
        #expect(second.compactionState?.starts == 2)
        try second.compact(at: later)
        #expect(second.claimBackgroundCompaction(at: later.adding(1)), "the last one succeeded")
        #expect(!first.claimBackgroundCompaction(at: later.adding(2)))
    }

    /// A compaction that fails keeps why; past four times the threshold every opening warns
    /// with it and `stats` shows it; the next compaction that succeeds clears it.
    @Test func aFailedCompactionIsKeptAndTold() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        let blocker = store.directory + "/snapshot.json.tmp"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        #expect(throws: StoreError.self) { try store.compact(at: t0) }
        let failure = try #require(store.compactionState?.failure)
        #expect(failure.contains(blocker) && failure.contains("a directory"), "\(failure)")

        let journal = try #require(Posix.identity(store.directory + "/journal.jsonl")).size
        let reopened = try Store(directory: store.directory, compactionThreshold: journal / Store.journalWarningFactor)
        let warning = try #require(reopened.warnings.first { $0.contains("compacted") })
        #expect(warning.contains("journal.jsonl") && warning.contains("the last compaction failed: \(failure)"), "\(warning)")
        #expect(reopened.stats().lastCompactionFailure == failure)
        #expect(reopened.stats().warning == warning)

        try FileManager.default.removeItem(atPath: blocker)
        try store.compact(at: t0)
        #expect(store.compactionState?.failure == nil)
        #expect(try Store(directory: store.directory, compactionThreshold: 1).warnings.allSatisfy { !$0.contains("failed") })
    }

    /// A writer truncates `compact.state` and writes it again under its lock: a reader meanwhile
    /// waits for the lock and reads it whole, never empty.
    @Test func compactStateIsNeverReadHalfWritten() throws {
        let store = try filledStore()
        defer { cleanUp(store.directory) }
        let blocker = store.directory + "/snapshot.json.tmp"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        #expect(throws: StoreError.self) { try store.compact(at: t0) }
        let path = store.directory + "/compact.state"
        let whole = try #require(FileManager.default.contents(atPath: path))
        let fd = open(path, O_RDWR)
        #expect(fd >= 0 && flock(fd, LOCK_EX) == 0)
        #expect(ftruncate(fd, 0) == 0)
        let writer = Thread {
            usleep(20_000)
            _ = whole.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            flock(fd, LOCK_UN)
        }
        writer.start()
        #expect(store.compactionState?.failure?.contains(blocker) == true, "read after the writer let go, whole")
        close(fd)
    }
}
