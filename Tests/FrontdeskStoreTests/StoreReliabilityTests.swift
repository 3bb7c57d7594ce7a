import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore
#if canImport(Glibc)
import Glibc
#endif

/// What the adversarial run found: a lost acknowledged change, silent corruption, history
/// running backwards, leftovers of crashes and full disks.
@Suite struct StoreReliabilityTests {
    func twoIntakes(_ path: String) throws -> Store {
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "one"), by: "chat", at: t0)
        try store.perform(.intake(type: .chat, openedFor: "CUS0000002", queue: nil, text: "two"), by: "chat", at: t0)
        return store
    }

    func appendTornLine(_ path: String) {
        let journal = path + "/journal.jsonl"
        write(bytes(journal)! + Array("{\"at\":\"2026-11-27T03:30:00Z\",\"by\":\"ana\",\"chan".utf8), to: journal)
    }

    /// The interleaving that lost an acknowledged note: a process opens the store while a torn
    /// line is there; another writer cuts it and appends its note and answers; then the first
    /// writes. It must cut nothing the other wrote.
    @Test(arguments: [("IMS0000002", "IMS0000001"), ("IMS0000001", "IMS0000001")])
    func aTornTailSeenEarlierNeverCutsALaterAcknowledgedChange(late: String, early: String) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try twoIntakes(path)
        appendTornLine(path)

        let slow = try Store(directory: path)          // loads while the torn line exists
        #expect(slow.warnings.contains { $0.contains("incomplete last line") })
        let quick = try Store(directory: path)
        try quick.perform(.addNote(number: early, text: "W-ACKED-NOTE"), by: "ana", at: t0.adding(1))   // acknowledged
        try slow.perform(.addNote(number: late, text: "Z-NOTE"), by: "bo", at: t0.adding(2))

        let reopened = try Store(directory: path)
        let notes = reopened.desk.interactions.flatMap { $0.workNotes.map(\.text) }
        #expect(notes.contains("W-ACKED-NOTE"))
        #expect(notes.contains("Z-NOTE"))
        #expect(reopened.warnings.isEmpty)
    }

    /// A journal of an older generation is harmless only when it begins with exactly the bytes
    /// the snapshot took in; any other is damage, and nothing is written.
    @Test(arguments: ["another generation", "other bytes"])
    func anOlderJournalThatIsNotTheOneTheSnapshotTookInIsDamage(_ variant: String) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        let journal = path + "/journal.jsonl"
        let generation0 = try #require(bytes(journal))
        try store.compact(at: t0)
        try store.perform(.addNote(number: "IMS0000001", text: "in generation 1"), by: "ana", at: t0)
        let generation1 = try #require(bytes(journal))
        try store.compact(at: t0)                                  // the snapshot took in generation 1
        let lines = generation1.split(separator: UInt8(ascii: "\n")).map { Array($0) + [UInt8(ascii: "\n")] }
        switch variant {
        case "another generation": write(generation0, to: journal)
        default: write(lines[0] + lines[1].map { $0 == UInt8(ascii: "1") ? UInt8(ascii: "2") : $0 }, to: journal)
        }
        let before = (bytes(path + "/snapshot.json"), bytes(journal))

        let message = failure { try Store(directory: path) }
        #expect(message.contains(journal), "\(message)")
        #expect(message.contains("older than the snapshot's") && message.contains("may hold changes the snapshot lacks"), "\(message)")
        #expect(bytes(path + "/snapshot.json") == before.0 && bytes(journal) == before.1, "nothing written")
    }

    /// Changes written while a compaction ran, when it was cut short between its two renames,
    /// are in the older journal after what the new snapshot took in: they are applied, and the
    /// next writer carries them into the new journal.
    @Test func changesWrittenDuringACompactionCutShortAreKept() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        let other = try Store(directory: path)
        let journal = path + "/journal.jsonl"
        var oldJournal: [UInt8] = []
        store.compactionProbe = { step in
            if step == .snapshotWritten {
                // Another writer, while the compaction works without the lock.
                _ = try? other.perform(.addNote(number: "IMS0000002", text: "written meanwhile"), by: "bo", at: t0)
            }
            if step == .beforeJournalRename { oldJournal = bytes(journal) ?? [] }
        }
        let report = try store.compact(at: t0)
        #expect(report.carriedLines == 1)
        #expect(try Store(directory: path).desk.interaction("IMS0000002")?.workNotes.map(\.text) == ["written meanwhile"])
        // As if the crash came between the renames: the new snapshot, the older journal.
        write(oldJournal, to: journal)
        let reopened = try Store(directory: path)
        #expect(reopened.desk.interaction("IMS0000002")?.workNotes.map(\.text) == ["written meanwhile"])
        try reopened.perform(.addNote(number: "IMS0000001", text: "next"), by: "ana", at: t0)
        let healed = try Store(directory: path)
        #expect(healed.desk.interaction("IMS0000002")?.workNotes.map(\.text) == ["written meanwhile"])
        #expect(healed.desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["next"])
    }

    /// A compaction cut short between its two renames leaves a new snapshot beside the old
    /// journal (the very file a running writer has open). That writer must notice the new
    /// snapshot, not append where no one will read.
    @Test func aWriterNoticesASnapshotReplacedBesideItsJournal() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let older = try twoIntakes(path)
        let journal = path + "/journal.jsonl"
        #expect(link(journal, journal + ".keep") == 0)
        try Store(directory: path).compact(at: t0)
        #expect(rename(journal + ".keep", journal) == 0)      // the old journal, same inode, back in place
        try older.perform(.addNote(number: "IMS0000001", text: "after the cut-short compaction"), by: "ana", at: t0)
        let reopened = try Store(directory: path)
        #expect(reopened.desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["after the cut-short compaction"])
    }

    @Test(arguments: [0.02, 0.5, 0.7, 0.999])
    func aTruncatedSnapshotSaysItEndsEarlyAndWhere(fraction: Double) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        try store.compact(at: t0)
        let snapshot = path + "/snapshot.json"
        let whole = try #require(bytes(snapshot))
        var cut = Array(whole.prefix(Int(Double(whole.count) * fraction)))
        if fraction == 0.5 {
            // Cut right after an entity, before its comma: every line still parses.
            while cut.last != UInt8(ascii: "}") { cut.removeLast() }
        } else if fraction == 0.7 {
            // Cut inside a line, just after a nested object closes.
            let text = String(decoding: whole, as: UTF8.self)
            let list = try #require(text.range(of: "\"interactions\":[\n{"))
            let nested = try #require(text.range(of: "}],", range: list.upperBound..<text.endIndex))
            cut = Array(whole.prefix(text.utf8.distance(from: text.startIndex, to: nested.lowerBound) + 1))
        }
        write(cut, to: snapshot)
        let message = failure { try Store(directory: path) }
        #expect(message.contains("ends early"), "\(message)")
        #expect(message.contains("byte offset \(cut.count)"), "\(message)")
    }

    /// A bit flipped inside a note leaves valid JSON; the checksums find it and say where.
    @Test func aFlippedBitInsideANoteIsFoundInTheJournalAndTheSnapshot() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        try store.perform(.addNote(number: "IMS0000001", text: "Reset done, customer confirmed"), by: "ana", at: t0)
        for file in ["journal.jsonl", "snapshot.json"] {
            if file == "snapshot.json" { try store.compact(at: t0) }
            let target = path + "/" + file
            let original = try #require(bytes(target))
            let text = String(decoding: original, as: UTF8.self)
            let at = try #require(text.range(of: "customer confirmed")).lowerBound
            var damaged = original
            damaged[text.utf8.distance(from: text.utf8.startIndex, to: at)] ^= 0x01     // "c" -> "b"
            write(damaged, to: target)
            let message = failure { try Store(directory: path) }
            #expect(message.contains(target) && message.contains("checksum mismatch"), "\(message)")
            if file == "journal.jsonl" { #expect(message.contains("line 4 (byte offset")) }
            write(original, to: target)
        }
    }

    /// Stores written before checksums existed open as they are.
    @Test func aStoreWithoutChecksumsStillOpens() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        try store.compact(at: t0)
        try store.perform(.addNote(number: "IMS0000001", text: "after"), by: "ana", at: t0)
        let expected = store.desk.everything
        // Strip every checksum: the files as the previous version wrote them.
        func strip(_ file: String, _ pattern: String) throws {
            let text = String(decoding: try #require(bytes(path + "/" + file)), as: UTF8.self)
            let regex = try NSRegularExpression(pattern: pattern)
            let out = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
            write(Array(out.utf8), to: path + "/" + file)
        }
        try strip("snapshot.json", "\"crc32\":\"[0-9a-f]{8}\",|\"absorbed\":\\{[^}]*\\},")
        try strip("journal.jsonl", ",\"crc32\":\"[0-9a-f]{8}\"|\"checksums\":\"crc32\",")
        unlink(path + "/journal.mark")      // nor did it keep a mark of the journal's saved length
        #expect(!String(decoding: bytes(path + "/journal.jsonl")!, as: UTF8.self).contains("crc32"))
        let legacy = try Store(directory: path)
        #expect(legacy.desk.everything == expected)
        try legacy.perform(.addNote(number: "IMS0000001", text: "later"), by: "ana", at: t0)
        #expect(try Store(directory: path).desk.interaction("IMS0000001")?.workNotes.count == 2)
    }

    /// A clock that stepped back never puts a change before the record's last one.
    @Test func aClockSteppingBackIsClampedAndSaid() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0.adding(100))
        let result = try store.perform(.addNote(number: "IMS0000001", text: "behind"), by: "ana", at: t0.adding(40))
        let note = try #require(store.desk.interaction("IMS0000001")?.workNotes.last)
        #expect(note.at == t0.adding(100))
        #expect(result.at == t0.adding(100))
        #expect(result.clockNote?.contains("60 s before IMS0000001's last change") == true)
        let record = try #require(Store(directory: path).desk.interaction("IMS0000001"))
        #expect(zip(record.history, record.history.dropFirst()).allSatisfy { $0.at <= $1.at })
        // A clock that is right is taken as it is.
        let fine = try store.perform(.addNote(number: "IMS0000001", text: "on time"), by: "ana", at: t0.adding(200))
        #expect(fine.clockNote == nil && fine.at == t0.adding(200))
    }

    /// The clock is read only once the writers' lock is held.
    @Test func theTimeIsTakenUnderTheLock() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        let probe = LockProbeClock(lockPath: path + "/lock", instant: t0.adding(5))
        try store.perform(.addNote(number: "IMS0000001", text: "x"), by: "ana", clock: probe)
        #expect(probe.sawLockHeld == [true])
    }

    @Test func temporaryFilesOfAKilledCompactionAreRemoved() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        write(Array("{\"half\":".utf8), to: path + "/snapshot.json.tmp")
        write(Array("{}".utf8), to: path + "/journal.jsonl.tmp")
        try store.perform(.addNote(number: "IMS0000001", text: "x"), by: "ana", at: t0)
        #expect(!FileManager.default.fileExists(atPath: path + "/snapshot.json.tmp"))
        #expect(!FileManager.default.fileExists(atPath: path + "/journal.jsonl.tmp"))
    }

    /// A full disk writes half a line and fails: the writer takes the half back and says why.
    @Test func aFullDiskLeavesNoPartialLineAndSaysSo() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try twoIntakes(path)
        let journal = path + "/journal.jsonl"
        let before = try #require(bytes(journal))
        store.journalWriter = { fd, line, file throws(StoreError) in
            _ = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, line.count / 2) }
            throw .io(file: file, operation: "write", errno: ENOSPC)
        }
        let message = failure { try store.perform(.addNote(number: "IMS0000001", text: "lost"), by: "ana", at: t0) }
        #expect(message.contains("the disk is full") && message.contains(journal), "\(message)")
        #expect(bytes(journal) == before, "the partial line is gone")
        #expect(store.desk.interaction("IMS0000001")?.workNotes.isEmpty == true)

        store.journalWriter = { fd, line, file throws(StoreError) in try Posix.writeAll(fd, line, path: file) }
        try store.perform(.addNote(number: "IMS0000001", text: "kept"), by: "ana", at: t0)
        let reopened = try Store(directory: path)
        #expect(reopened.warnings.isEmpty)
        #expect(reopened.desk.interaction("IMS0000001")?.workNotes.map(\.text) == ["kept"])
    }

    /// A store directory that belongs to someone else (here reached through a symlink) is refused.
    @Test func aStoreOwnedByAnotherUserIsRefused() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try twoIntakes(path)
        let other: uid_t = geteuid() == 0 ? 65534 : 0
        guard chown(path, other, other) == 0 else { return }   // needs root; CI runs as root
        let link = (path as NSString).deletingLastPathComponent + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let message = failure { try Store(directory: link) }
        #expect(message.contains("refusing to use another user's store"), "\(message)")
        #expect(message.contains("leads to \(path)"), "\(message)")
    }

    func failure(_ body: () throws -> some Any) -> String {
        do { _ = try body(); return "it succeeded" } catch { return "\(error)" }
    }
}

/// A clock that, when read, checks whether someone holds the store's lock.
final class LockProbeClock: TimeSource, @unchecked Sendable {
    let lockPath: String
    let instant: Instant
    var sawLockHeld: [Bool] = []
    init(lockPath: String, instant: Instant) { self.lockPath = lockPath; self.instant = instant }
    func now() -> Instant {
        let fd = open(lockPath, O_RDONLY)
        defer { close(fd) }
        let free = flock(fd, LOCK_SH | LOCK_NB) == 0
        if free { flock(fd, LOCK_UN) }
        sawLockHeld.append(!free)
        return instant
    }
}
