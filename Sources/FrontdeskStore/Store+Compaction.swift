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
        /// How long it was held to take the consistent point (step 1).
        public var pointLockSeconds = 0.0
        /// How long the shared lock was held after the swap, bringing this process's desk up to
        /// the new files (writers wait for it too).
        public var afterSwapLockSeconds = 0.0
    }

    /// Compacts now; records closed before `now` less the history window move to history.
    ///
    /// With `inBatches` (the compactions the journal's size sets off) records move only once
    /// some have waited a day past the window, and then all of them: history's index is
    /// rewritten about once a day, not at every compaction for the few records that have just
    /// crossed the line. The working set then holds at most a day more than the window.
    ///
    /// How it ended is kept in `compact.state` (see `CompactionState`): a failure's reason, for
    /// the warning every command gives while the journal keeps growing.
    @discardableResult
    public func compact(at now: Instant = Instant(seconds: Int64(time(nil))), inBatches: Bool = false) throws -> CompactionReport {
        guard let compaction = try CompactionLock.take(directory) else {
            var report = CompactionReport()
            report.skipped = true
            return report
        }
        defer { compaction.release() }
        do {
            let report = try compactHoldingLock(at: now, inBatches: inBatches)
            recordCompactionOutcome(failure: nil, at: now)
            return report
        } catch {
            recordCompactionOutcome(failure: "\(error)", at: now)
            throw error
        }
    }

    /// Opens the store for `frontdesk store compact`: read without the writers' lock, so that
    /// no writer waits for this whole read (the compaction's first step catches up under the
    /// lock anyway); the files are read again until they belong together. When no consistent
    /// reading comes that way (or the store is damaged), opened as a reading command opens it,
    /// which says what is wrong.
    public static func openForCompaction(directory: String) throws(StoreError) -> Store {
        if let store = try? Store(directory: directory, reads: .withoutLock) { return store }
        return try Store(directory: directory, waitForWriters: false)
    }

    private func compactHoldingLock(at now: Instant, inBatches: Bool) throws -> CompactionReport {
        var report = CompactionReport()
        let started = monotonicSeconds()

        // 1. A consistent point. Only what it is is noted under the lock; the journal's
        // checksum up to it is worked out after (through a descriptor opened under the lock, so
        // of that very file: it only grows past the point while we hold the compaction lock).
        let pointStarted = monotonicSeconds()
        let point = try withWriteLock {
            (desk: desk, generation: generation, journal: journalInode, offset: journalOffset,
             journalFile: try pointJournal(), manifest: manifest, history: history)
        }
        report.pointLockSeconds = monotonicSeconds() - pointStarted - lastSave.lockWait
        let mark = try point.journalFile.map { file throws(StoreError) in
            defer { close(file) }
            return try Self.journalMark(file, generation: point.generation, bytes: point.offset, path: journalPath)
        }

        // 2. Everything new, without the lock, on a thread at background priority: the steps
        // that hold the lock stay at this process's own, so writers never wait on a
        // compaction the scheduler has put aside.
        let moving = Self.recordsDueForHistory(in: point.desk, at: now, inBatches: inBatches)
        let nextGeneration = point.generation + 1
        var next = point.desk
        var nextManifest = point.manifest
        var leaving: [RelatedTask] = []
        var early: [UInt8] = []
        let prepared = try PacedWrites.atBackgroundPriority { () throws -> PreparedGeneration in
            if !moving.isEmpty {
                let numbers = Set(moving.map(\.number))
                leaving = point.desk.tasksLeaving(with: numbers).filter { HistoryIndexFormat.fits($0.number) }
                nextManifest = try HistoryWriter.move(moving, tasks: leaving, customerName: { point.desk.customerName($0) },
                                                      from: point.history, directory: historyDirectory, generation: nextGeneration, now: now)
                next.remove(numbers, tasks: Set(leaving.map(\.number)))
            }
            compactionProbe?(.historyWritten)
            // The new journal carries the lines written so far: under the lock only the last few
            // are left to add.
            early = try journalBytes(from: point.offset, to: Int.max)
            early = Array(early[..<(early.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
            return try prepareGeneration(next, generation: nextGeneration, absorbed: mark, history: nextManifest, carrying: early)
        }
        // Said before the swap, so that a reader that sees the new files can apply them by
        // dropping what moved instead of decoding the new snapshot (`applyCommittedCompaction`).
        // Best effort: a reader that finds nothing, or another swap, reads the snapshot.
        _ = try? updateCompactionState { state in
            state.committed = mark.map {
                CommittedCompaction(generation: nextGeneration, snapshotLead: prepared.snapshotLead, absorbedBytes: $0.bytes,
                                    interactions: moving.map(\.number).joined(separator: " "),
                                    tasks: leaving.map(\.number).joined(separator: " "))
            }
        }
        compactionProbe?(.snapshotWritten)

        // 3. The swap, under the lock: only file work, nothing decoded, so writers wait for a
        // few renames and fsyncs, not for the lines written meanwhile to be read.
        try lock.acquire(exclusive: true, timeout: lockTimeout)
        let locked = monotonicSeconds()
        var late: [UInt8] = []
        do {
            defer { lock.release() }
            guard Posix.identity(journalPath)?.inode == point.journal, Posix.identity(snapshotPath)?.inode == snapshotInode else {
                // The files moved underneath (cannot happen while we hold the compaction lock,
                // but if it does, the new snapshot is not for them).
                prepared.abandon()
                throw StoreError.damaged(file: journalPath, location: "whole file", problem: "the journal was replaced during a compaction")
            }
            // The complete lines written since the new journal was prepared; bytes after the last
            // newline are a crash's torn write (no writer is mid-line while we hold the lock).
            late = try journalBytes(from: point.offset + early.count, to: Int.max)
            late = Array(late[..<(late.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)])
            try commit(prepared, carrying: late)
            report.carriedLines = (early + late).reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
        }
        report.lockSeconds = monotonicSeconds() - locked
        compactionProbe?(.done)

        // The desk as the new files hold it: the new snapshot is `next`, and the new journal
        // carries exactly `early` and `late`, so nothing is read again and no lock is needed
        // (writers would wait for a shared one). Lines that cannot be read back here (never
        // expected: other writers wrote them) mean reading the files whole, under the lock.
        if !adoptCommitted(next, manifest: nextManifest, absorbed: mark, snapshotInode: prepared.snapshotInode, carried: early + late) {
            try lock.acquire(exclusive: false, timeout: lockTimeout)
            let reloading = monotonicSeconds()
            defer { lock.release() }
            try loadEverything()
            report.afterSwapLockSeconds = monotonicSeconds() - reloading
        }
        removeLeftovers(keeping: nextManifest)
        report.moved = moving.count
        report.workingSet = desk.interactions.count
        report.history = nextManifest?.records ?? 0
        report.seconds = monotonicSeconds() - started
        return report
    }

    // MARK: The commit step

    /// A new generation's snapshot and journal, written durably beside the live files under
    /// temporary names: nothing names them until `commit` renames them into place.
    struct PreparedGeneration {
        let generation: Int
        let snapshot: String
        let journal: String
        /// The new snapshot's first bytes, which hold its checksum: they tell it from any other.
        let snapshotLead: String
        /// The new journal so far: its header and the lines it carries.
        let journalLength: Int
        let journalLines: Int
        /// The new snapshot's inode (the same once renamed into place).
        var snapshotInode: UInt64? = nil

        /// Removes the files of a generation that will not be committed.
        func abandon() {
            unlink(snapshot)
            unlink(journal)
        }
    }

    /// Writes `desk` as the snapshot of `generation` (having taken in `absorbed` of the current
    /// journal and naming `history`), and that generation's journal carrying `carried`
    /// (complete change lines written after `absorbed`'s point). Needs no lock: the files are
    /// only temporaries until `commit`.
    func prepareGeneration(_ desk: Desk, generation: Int, absorbed: StoreFormat.JournalMark?, history: HistoryManifest?,
                           carrying carried: [UInt8] = []) throws -> PreparedGeneration {
        let snapshot = snapshotPath + ".tmp", journal = journalPath + ".tmp"
        let bytes = try StoreFormat.encodeSnapshotBytes(desk, generation: generation, absorbed: absorbed, history: history, path: snapshotPath)
        try Posix.writeDurably(snapshot, bytes)
        let header = try journalHeader(generation)
        try Posix.writeDurably(journal, header + carried)
        return PreparedGeneration(generation: generation, snapshot: snapshot, journal: journal,
                                  snapshotLead: String(decoding: bytes.prefix(StoreFormat.snapshotChecksumPrefixLength), as: UTF8.self),
                                  journalLength: header.count + carried.count, journalLines: 1 + carried.count { $0 == 0x0A },
                                  snapshotInode: Posix.identity(snapshot)?.inode)
    }

    /// The store's one commit step, used by compaction and by an import into history: with the
    /// writers' lock held, adds `late` (complete lines written since the journal was prepared)
    /// to the prepared journal, then renames the snapshot and the journal into place, each
    /// rename made durable. A crash between the two renames leaves the new snapshot beside the
    /// older journal, whose lines after the snapshot's point loading applies (and the next
    /// writer carries); the probes let crash tests stop at each step.
    func commit(_ prepared: PreparedGeneration, carrying late: [UInt8] = []) throws {
        try Posix.appendDurably(prepared.journal, late)
        compactionProbe?(.beforeSnapshotRename)
        guard rename(prepared.snapshot, snapshotPath) == 0 else { throw Posix.fail(snapshotPath, "rename \(prepared.snapshot) to") }
        try Posix.syncDirectory(directory)
        compactionProbe?(.afterSnapshotRename)
        generation = prepared.generation
        compactionProbe?(.beforeJournalRename)
        guard rename(prepared.journal, journalPath) == 0 else { throw Posix.fail(journalPath, "rename \(prepared.journal) to") }
        try Posix.syncDirectory(directory)
        adoptJournal(prepared.journalLength + late.count, lines: prepared.journalLines + late.count { $0 == 0x0A })
    }

    /// The journal as read so far: generation, length and CRC-32 of its first `journalOffset` bytes.
    func journalMark() throws(StoreError) -> StoreFormat.JournalMark? {
        guard let file = try pointJournal() else { return nil }
        defer { close(file) }
        return try Self.journalMark(file, generation: generation, bytes: journalOffset, path: journalPath)
    }

    /// The journal as read so far, opened (under the writers' lock) for `journalMark`; nil
    /// when there is none this process has read.
    func pointJournal() throws(StoreError) -> Int32? {
        guard journalInode != nil, !journalIsStale else { return nil }
        return try Posix.openExisting(journalPath, O_RDONLY)
    }

    /// Generation, length and CRC-32 of the first `bytes` bytes of the journal open at `file`.
    static func journalMark(_ file: Int32, generation: Int, bytes: Int, path: String) throws(StoreError) -> StoreFormat.JournalMark {
        let taken = try Posix.read(file, from: 0, path: path).prefix(bytes)
        return StoreFormat.JournalMark(generation: generation, bytes: taken.count,
                                       crc32: String(decoding: Checksum.hex(Checksum.of(taken)), as: UTF8.self))
    }

    /// After this process's own swap: takes `desk` (what the new snapshot holds) with the
    /// `carried` lines of the new journal applied as the desk, without reading either file.
    /// False when a carried line does not decode (then the caller reads the files).
    func adoptCommitted(_ desk: Desk, manifest next: HistoryManifest?, absorbed mark: StoreFormat.JournalMark?,
                        snapshotInode inode: UInt64?, carried: [UInt8]) -> Bool {
        var adopted = desk
        var start = 0
        while start < carried.count, let end = carried[start...].firstIndex(of: 0x0A) {
            guard let entry = FastDecoder.anyJournalEntry(carried, start..<end) else { return false }
            adopted.apply(entry.changes)
            start = end + 1
        }
        guard let inode else { return false }
        if next != manifest || history == nil {
            // Named from the snapshot's customers, as reading it would.
            history = next.map { History(directory: historyDirectory, manifest: $0, customerNames: desk.customers.mapValues(\.name)) }
            manifest = next
        }
        adopted.history = history
        self.desk = adopted
        absorbed = mark
        snapshotInode = inode
        return true
    }

    private func journalBytes(from start: Int, to end: Int) throws(StoreError) -> [UInt8] {
        guard end > start else { return [] }
        let fd = try Posix.openExisting(journalPath, O_RDONLY)
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
            else if name.hasPrefix("facts-"), let g = Int(name.dropFirst(6).prefix(8)) { stale = g < generation - 1 }
            else { stale = name.hasSuffix(".tmp") }
            if stale { unlink(historyDirectory + "/" + name) }
        }
    }
}

/// `compact.state`: when a background compaction was last started (by any process) and how
/// the last compaction ended. It throttles the starts across processes, and lets every
/// command say why the journal keeps growing when compactions fail.
public struct CompactionState: Codable, Equatable, Sendable {
    /// When a background compaction was last started, in seconds since the epoch.
    public var startedAt: Int64?
    /// Background compactions started so far.
    public var starts = 0
    /// Why the last compaction failed; nil when it succeeded (or none ran).
    public var failure: String?
    public var failedAt: Int64?
    /// When a compaction last succeeded.
    public var succeededAt: Int64?
    /// The last compaction's swap, as readers apply it (absent in older stores' files).
    var committed: CommittedCompaction?

    enum CodingKeys: String, CodingKey {
        case startedAt = "started_at", starts, failure, failedAt = "failed_at", succeededAt = "succeeded_at", committed
    }
}

/// What a compaction's swap changed, for a reader that has read the previous generation's
/// journal up to `absorbedBytes` or further: the new snapshot is what it holds at that point
/// less `interactions` and `tasks` (moved to history), and the new journal carries the
/// previous one's lines from there on.
struct CommittedCompaction: Codable, Equatable, Sendable {
    /// The generation the swap made.
    var generation: Int
    /// The new snapshot's first bytes (its checksum), which tell it from any other.
    var snapshotLead: String
    /// How much of the previous generation's journal the new snapshot took in.
    var absorbedBytes: Int
    /// The numbers moved, separated by spaces (one string: quick to read, however many).
    var interactions: String
    var tasks: String

    enum CodingKeys: String, CodingKey {
        case generation, snapshotLead = "snapshot_lead", absorbedBytes = "absorbed_bytes", interactions, tasks
    }
}

// MARK: The compaction policy

/// When to compact and what moves: the journal's threshold, the history window's cut-off, the
/// daily batches, and the throttled background start.
extension Store {
    /// The journal has grown past the threshold: time to compact.
    public var needsCompaction: Bool { journalOffset > compactionThreshold }

    /// The working set holds `pastWindowThreshold` records or more that the day's batch would
    /// move to history: a store written before history existed (everything in its snapshot)
    /// or one whose journal has grown too slowly to compact. Every command then decodes
    /// records it should not; a compaction, started at once, puts them where they belong.
    public func workingSetPastWindow(at now: Instant) -> Bool {
        guard desk.interactions.count >= pastWindowThreshold else { return false }
        return Self.recordsDueForHistory(in: desk, at: now, inBatches: true).count >= pastWindowThreshold
    }

    /// A background compaction is started at most once in this many seconds, by all the
    /// processes of the store together (a busy desk runs a command a second or more).
    public static let backgroundCompactionInterval: Int64 = 60

    /// Records closed before this belong in history: `now` less the history window.
    public static func historyCutoff(at now: Instant, windowDays: Int) -> Instant {
        now.adding(-Int64(windowDays) * 86_400)
    }

    /// Whether history's index can hold the record (its number and customer fit the index's
    /// fields); one that cannot stays in the working set.
    static func historyCanHold(_ record: Interaction) -> Bool {
        HistoryIndexFormat.fits(record.number) && HistoryIndexFormat.fits(record.openedFor ?? "")
    }

    /// The records a compaction at `now` moves to history: those closed before the cut-off.
    /// In batches (the compactions the journal's size sets off), none until some have waited a
    /// day past the window, and then all of them: history's index is rewritten about once a
    /// day, not at every compaction for the few records that have just crossed the line.
    static func recordsDueForHistory(in desk: Desk, at now: Instant, inBatches: Bool) -> [Interaction] {
        let cutoff = historyCutoff(at: now, windowDays: desk.config.historyWindowDays)
        let moving = desk.closed(before: cutoff).filter(historyCanHold)
        if inBatches, !moving.contains(where: { ($0.closedAt ?? now) < cutoff.adding(-86_400) }) { return [] }
        return moving
    }

    /// Whether to start a background compaction now, claiming it when so: the journal is past
    /// the threshold, no compaction is running, and no process started one within
    /// `backgroundCompactionInterval` seconds that has not since succeeded (one that failed, or
    /// has not begun yet, or died, is not started again and again by every command meanwhile).
    ///
    /// `opening`: asked as a command opens the store, so only the working set's age counts
    /// (`workingSetPastWindow`): a store written by an earlier version, or one idle for days,
    /// migrates at its first command instead of when its journal next fills.
    public func claimBackgroundCompaction(at now: Instant, opening: Bool = false) -> Bool {
        guard opening ? workingSetPastWindow(at: now) : needsCompaction || workingSetPastWindow(at: now),
              CompactionLock.isFree(directory) else { return false }
        let claimed = try? updateCompactionState { state in
            if let started = state.startedAt, (started...started + Self.backgroundCompactionInterval).contains(now.seconds),
               (state.succeededAt ?? .min) < started {
                return false
            }
            state.startedAt = now.seconds
            state.starts += 1
            return true
        }
        return claimed ?? false
    }

    /// Starts a background compaction through `start` when `claimBackgroundCompaction` says
    /// so: the one decision every command and console makes after it writes or refreshes.
    /// Returns whether it started one.
    @discardableResult
    public func startBackgroundCompactionIfNeeded(at now: Instant, opening: Bool = false, start: () -> Void) -> Bool {
        guard claimBackgroundCompaction(at: now, opening: opening) else { return false }
        start()
        return true
    }
}

extension Store {
    static let compactionStateName = "compact.state"
    /// A journal this many times the threshold means compactions are not keeping up: said.
    public static let journalWarningFactor = 4

    /// What `compact.state` says; nil when there is none (or it cannot be read). Read under a
    /// shared `flock`, so a writer's truncate-and-rewrite is never seen half done; a writer
    /// holds it for microseconds, and a reader that cannot have it soon reads without it.
    public var compactionState: CompactionState? {
        let path = compactionStatePath
        guard let fd = try? Posix.openFile(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        var tries = 0
        while flock(fd, LOCK_SH | LOCK_NB) != 0, tries < 50 { tries += 1; usleep(1000) }
        defer { flock(fd, LOCK_UN) }
        guard let bytes = try? Posix.read(fd, from: 0, path: path) else { return nil }
        return try? JSONDecoder().decode(CompactionState.self, from: Data(bytes))
    }

    /// Said by every command, the console and `store stats` while the journal is
    /// `journalWarningFactor` times past the threshold, with why the last compaction failed.
    public var compactionWarning: String? {
        guard journalOffset >= Self.journalWarningFactor * compactionThreshold else { return nil }
        let size = String(format: "%.1f MiB", Double(journalOffset) / 1_048_576)
        let threshold = String(format: "%.1f MiB", Double(compactionThreshold) / 1_048_576)
        var text = "\(journalPath) is \(size), at least \(Self.journalWarningFactor) times the \(threshold) at which it is compacted: "
        if let failure = compactionState?.failure {
            text += "the last compaction failed: \(failure)"
        } else {
            text += "compactions are not keeping up"
        }
        return text + " (run `frontdesk store compact` to compact now and see what stops it)"
    }

    private var compactionStatePath: String { directory + "/" + Self.compactionStateName }

    /// Keeps how a compaction ended. Best effort: a store this process cannot write keeps
    /// what it said before.
    func recordCompactionOutcome(failure: String?, at now: Instant) {
        _ = try? updateCompactionState { state in
            state.failure = failure
            state.failedAt = failure == nil ? nil : now.seconds
            if failure == nil { state.succeededAt = now.seconds }
        }
    }

    /// Reads, changes and rewrites `compact.state` holding an `flock` on it (a few bytes, held
    /// for microseconds; a process that holds it longer is passed over, not waited for).
    private func updateCompactionState<T>(_ change: (inout CompactionState) -> T) throws(StoreError) -> T {
        let path = compactionStatePath
        let fd = try Posix.openExisting(path, O_RDWR | O_CREAT)
        defer { close(fd) }
        var tries = 0
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            tries += 1
            guard tries < 50, errno == EWOULDBLOCK || errno == EINTR else { throw .lockTimeout(file: path, seconds: 0.05) }
            usleep(1000)
        }
        let before = (try? JSONDecoder().decode(CompactionState.self, from: Data(Posix.read(fd, from: 0, path: path)))) ?? CompactionState()
        var state = before
        let result = change(&state)
        if state != before {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            guard let bytes = try? encoder.encode(state) else { return result }
            guard ftruncate(fd, 0) == 0 else { throw Posix.fail(path, "truncate") }
            try Posix.writeAll(fd, Array(bytes) + [0x0A], path: path)
        }
        return result
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
        let fd = try Posix.openExisting(path, O_RDWR | O_CREAT)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { close(fd); return nil }
        return CompactionLock(fd: fd)
    }

    static func isFree(_ directory: String) -> Bool {
        // A compact.lock that is not a plain file is reported by whoever takes it.
        guard let fd = try? Posix.openFile(directory + "/compact.lock", O_RDONLY) else { return true }
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
        /// Why the last compaction failed, when it did.
        public var lastCompactionFailure: String?
        /// The journal is far past the threshold (see `compactionWarning`).
        public var warning: String?

        enum CodingKeys: String, CodingKey {
            case workingSet = "working_set", open, closedInWorkingSet = "closed_in_working_set", history, segments
            case snapshotBytes = "snapshot_bytes", journalBytes = "journal_bytes", historyBytes = "history_bytes"
            case generation, historyWindowDays = "history_window_days", lastCompaction = "last_compaction"
            case compactionThresholdBytes = "compaction_threshold_bytes", lastCompactionFailure = "last_compaction_failure", warning
        }
    }

    /// What reading history had to say (an index rebuilt), once it has been read.
    public var historyWarnings: [String] { history?.warnings ?? [] }

    public func stats() -> Stats {
        let open = desk.interactions.positions { $0.state.isOpen }.count
        let historyBytes = ((try? FileManager.default.contentsOfDirectory(atPath: historyDirectory)) ?? [])
            .reduce(0) { $0 + (Posix.identity(historyDirectory + "/" + $1)?.size ?? 0) }
        return Stats(workingSet: desk.interactions.count, open: open, closedInWorkingSet: desk.interactions.count - open,
                     history: manifest?.records ?? 0, segments: manifest?.segments.count ?? 0,
                     snapshotBytes: Posix.identity(snapshotPath)?.size ?? 0, journalBytes: Posix.identity(journalPath)?.size ?? 0,
                     historyBytes: historyBytes, generation: generation, historyWindowDays: desk.config.historyWindowDays,
                     lastCompaction: manifest?.compactedAt.iso8601, compactionThresholdBytes: compactionThreshold,
                     lastCompactionFailure: compactionState?.failure, warning: compactionWarning)
    }
}
