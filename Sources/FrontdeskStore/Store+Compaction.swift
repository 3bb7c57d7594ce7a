import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Compaction without stopping the desk.
///
/// 1. Under the writers' lock, only long enough to catch up: note the desk, the journal's
///    length and what it holds (a consistent point).
/// 2. Without the lock, while writers go on appending: move the records closed before the
///    history window into a new segment, write the index, and write the new snapshot to a
///    temporary file. It records which journal bytes it took in.
/// 3. Under the lock again: read the lines written meanwhile, rename the snapshot into place,
///    and replace the journal by a new one carrying those lines.
///
/// A crash anywhere leaves a store that opens with nothing lost: before step 3 the new files
/// are not named by any snapshot; between the two renames the older journal still holds the
/// lines written meanwhile after the part the new snapshot took in, and loading applies them.
/// One compaction runs at a time (`compact.lock`); the others skip.
extension Store {
    public struct CompactionReport: Sendable {
        /// Another process was compacting; this one did nothing.
        public var skipped = false
        public var moved = 0
        public var workingSet = 0
        public var history = 0
        public var carriedLines = 0
        public var seconds = 0.0
        /// How long the writers' lock was held for the swap.
        public var lockSeconds = 0.0
    }

    /// Compacts now; records closed before `now` less the history window move to history.
    ///
    /// With `inBatches` (the compactions the journal's size sets off) records move only once
    /// some have waited a day past the window, and then all of them: history's index is
    /// rewritten about once a day, not at every compaction for the few records that have just
    /// crossed the line. The working set then holds at most a day more than the window.
    @discardableResult
    public func compact(at now: Instant = Instant(seconds: Int64(time(nil))), inBatches: Bool = false) throws -> CompactionReport {
        var report = CompactionReport()
        let started = monotonicSeconds()
        guard let compaction = try CompactionLock.take(directory) else {
            report.skipped = true
            return report
        }
        defer { compaction.release() }

        // 1. A consistent point.
        let point = try withWriteLock {
            (desk: desk, generation: generation, journal: journalInode, offset: journalOffset,
             mark: try journalMark(), manifest: manifest, history: history)
        }

        // 2. Everything new, without the lock.
        let cutoff = now.adding(-Int64(point.desk.config.historyWindowDays) * 86_400)
        var moving = point.desk.closed(before: cutoff).filter {
            HistoryIndexFormat.fits($0.number) && HistoryIndexFormat.fits($0.openedFor ?? "")
        }
        if inBatches, !moving.contains(where: { ($0.closedAt ?? now) < cutoff.adding(-86_400) }) { moving = [] }
        let nextGeneration = point.generation + 1
        var next = point.desk
        var nextManifest = point.manifest
        if !moving.isEmpty {
            let numbers = Set(moving.map(\.number))
            let leaving = point.desk.tasksLeaving(with: numbers).filter { HistoryIndexFormat.fits($0.number) }
            nextManifest = try HistoryWriter.move(moving, tasks: leaving, customerName: { point.desk.customerName($0) },
                                                  from: point.history, directory: historyDirectory, generation: nextGeneration, now: now)
            next.remove(numbers, tasks: Set(leaving.map(\.number)))
        }
        compactionProbe?(.historyWritten)
        let bytes = try StoreFormat.encodeSnapshotBytes(next, generation: nextGeneration, absorbed: point.mark,
                                                        history: nextManifest, path: snapshotPath)
        let temporary = snapshotPath + ".tmp"
        try Posix.writeDurably(temporary, bytes)
        // The new journal too, with the lines written so far: under the lock only the last
        // few are left to add.
        let journalTemporary = journalPath + ".tmp"
        let header = try journalHeader(nextGeneration)
        var early = try journalBytes(from: point.offset, to: Int.max)
        early = Array(early[..<(early.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
        try Posix.writeDurably(journalTemporary, header + early)
        compactionProbe?(.snapshotWritten)

        // 3. The swap, under the lock: only file work, nothing decoded, so writers wait for a
        // few renames and fsyncs, not for the lines written meanwhile to be read.
        try lock.acquire(exclusive: true, timeout: lockTimeout)
        let locked = monotonicSeconds()
        do {
            defer { lock.release() }
            guard Posix.identity(journalPath)?.inode == point.journal, Posix.identity(snapshotPath)?.inode == snapshotInode else {
                // The files moved underneath (cannot happen while we hold the compaction lock,
                // but if it does, the new snapshot is not for them).
                unlink(temporary)
                unlink(journalTemporary)
                throw StoreError.damaged(file: journalPath, location: "whole file", problem: "the journal was replaced during a compaction")
            }
            // The complete lines written since the new journal was prepared; bytes after the last
            // newline are a crash's torn write (no writer is mid-line while we hold the lock).
            var late = try journalBytes(from: point.offset + early.count, to: Int.max)
            late = Array(late[..<(late.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
            try Posix.appendDurably(journalTemporary, late)
            compactionProbe?(.beforeSnapshotRename)
            guard rename(temporary, snapshotPath) == 0 else { throw Posix.fail(snapshotPath, "rename \(temporary) to") }
            try Posix.syncDirectory(directory)
            compactionProbe?(.afterSnapshotRename)
            generation = nextGeneration
            compactionProbe?(.beforeJournalRename)
            guard rename(journalTemporary, journalPath) == 0 else { throw Posix.fail(journalPath, "rename \(journalTemporary) to") }
            try Posix.syncDirectory(directory)
            let carried = early + late
            report.carriedLines = carried.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            adoptJournal(header.count + carried.count, lines: 1 + report.carriedLines)
        }
        report.lockSeconds = monotonicSeconds() - locked
        compactionProbe?(.done)

        // The desk as the new files hold it.
        try lock.acquire(exclusive: false, timeout: lockTimeout)
        defer { lock.release() }
        try loadEverything()
        removeLeftovers(keeping: nextManifest)
        report.moved = moving.count
        report.workingSet = desk.interactions.count
        report.history = nextManifest?.records ?? 0
        report.seconds = monotonicSeconds() - started
        return report
    }

    /// The journal as read so far: generation, length and CRC-32 of its first `journalOffset` bytes.
    func journalMark() throws(StoreError) -> StoreFormat.JournalMark? {
        guard journalInode != nil, !journalIsStale, let bytes = try Posix.readAll(journalPath) else { return nil }
        let taken = bytes.prefix(journalOffset)
        return StoreFormat.JournalMark(generation: generation, bytes: taken.count,
                                       crc32: String(decoding: Checksum.hex(Checksum.of(taken)), as: UTF8.self))
    }

    private func journalBytes(from start: Int, to end: Int) throws(StoreError) -> [UInt8] {
        guard end > start else { return [] }
        let fd = open(journalPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Posix.fail(journalPath, "open") }
        defer { close(fd) }
        let bytes = try Posix.read(fd, from: start, path: journalPath)
        return end == Int.max ? bytes : Array(bytes.prefix(end - start))
    }

    /// History files no snapshot names any more: segments of a compaction that did not
    /// finish, and indexes two generations old (a process that has not yet refreshed may still
    /// open the previous one).
    func removeLeftovers(keeping manifest: HistoryManifest?) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: historyDirectory) else { return }
        let live = Set(manifest?.segments.map(\.file) ?? [])
        let liveTasks = Set(manifest?.tasks.map(\.file) ?? [])
        let generation = manifest?.generation ?? 0
        for name in names {
            let stale: Bool
            if name.hasPrefix("seg-") || name.hasSuffix(".jsonl") { stale = !live.contains(name) && !liveTasks.contains(name) }
            else if name.hasPrefix("tasks-"), name.hasSuffix(".idx"), let g = Int(name.dropFirst(6).prefix(8)) { stale = g < generation - 1 }
            else if name.hasPrefix("index-"), let g = Int(name.dropFirst(6).prefix(8)) { stale = g < generation - 1 }
            else { stale = name.hasSuffix(".tmp") }
            if stale { unlink(historyDirectory + "/" + name) }
        }
    }
}

/// One compaction at a time: an exclusive `flock` on `compact.lock`, never waited for.
final class CompactionLock {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// The lock, or nil when another process holds it. `name`: the same one-process-at-a-time
    /// lock for another job (routing).
    static func take(_ directory: String, name: String = "compact.lock") throws(StoreError) -> CompactionLock? {
        let path = directory + "/" + name
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Posix.fail(path, "open") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
        return CompactionLock(fd: fd)
    }

    static func isFree(_ directory: String) -> Bool {
        let fd = open(directory + "/compact.lock", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }

    func release() {
        flock(fd, LOCK_UN)
        close(fd)
    }
}

func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

extension Store {
    /// What `frontdesk store stats` shows.
    public struct Stats: Sendable, Encodable {
        public var workingSet: Int
        public var open: Int
        public var closedInWorkingSet: Int
        public var history: Int
        public var segments: Int
        public var snapshotBytes: Int
        public var journalBytes: Int
        public var historyBytes: Int
        public var generation: Int
        public var historyWindowDays: Int
        public var lastCompaction: String?
        public var compactionThresholdBytes: Int

        enum CodingKeys: String, CodingKey {
            case workingSet = "working_set", open, closedInWorkingSet = "closed_in_working_set", history, segments
            case snapshotBytes = "snapshot_bytes", journalBytes = "journal_bytes", historyBytes = "history_bytes"
            case generation, historyWindowDays = "history_window_days", lastCompaction = "last_compaction"
            case compactionThresholdBytes = "compaction_threshold_bytes"
        }
    }

    /// What reading history had to say (an index rebuilt), once it has been read.
    public var historyWarnings: [String] { history?.warnings ?? [] }

    public func stats() -> Stats {
        let open = desk.interactions.reduce(0) { $0 + ($1.state.isOpen ? 1 : 0) }
        let historyBytes = ((try? FileManager.default.contentsOfDirectory(atPath: historyDirectory)) ?? [])
            .reduce(0) { $0 + (Posix.identity(historyDirectory + "/" + $1)?.size ?? 0) }
        return Stats(workingSet: desk.interactions.count, open: open, closedInWorkingSet: desk.interactions.count - open,
                     history: manifest?.records ?? 0, segments: manifest?.segments.count ?? 0,
                     snapshotBytes: Posix.identity(snapshotPath)?.size ?? 0, journalBytes: Posix.identity(journalPath)?.size ?? 0,
                     historyBytes: historyBytes, generation: generation, historyWindowDays: desk.config.historyWindowDays,
                     lastCompaction: manifest?.compactedAt.iso8601, compactionThresholdBytes: compactionThreshold)
    }
}
