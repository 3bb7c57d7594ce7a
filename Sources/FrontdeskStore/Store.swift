import Foundation
@_exported import FrontdeskBackend
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// A directory holding the desk: `snapshot.json`, `journal.jsonl`, `journal.mark` (how much of
/// the journal was acknowledged), a `lock` file and `history/`.
///
/// The snapshot and journal hold the working set: the directory, the configuration, open
/// interactions and those closed within the history window. Writers take an exclusive
/// `flock`, read what other writers appended since they last looked, plan the command against
/// that current desk, append one journal line and fsync it before answering. Readers poll
/// `refresh()`, which reads only the new journal lines. When the journal passes
/// `compactionThreshold`, a compaction moves records closed before the window into a new
/// history segment and rewrites the snapshot; it builds everything without the writers' lock
/// and takes it only to swap the files in (see `Store+Compaction.swift`).
public final class Store {
    public let directory: String
    public internal(set) var desk: Desk
    /// Things worth telling the user that did not stop the store (a torn last line, loose permissions).
    public internal(set) var warnings: [String] = []
    public var lockTimeout: Double
    public var compactionThreshold: Int
    /// 2 MiB of journal: a compaction no longer stops the desk, and a short journal keeps
    /// every open quick (each line holds whole records).
    public static let defaultCompactionThreshold = 2 << 20
    /// Compact in this process once a write crosses the threshold. Programs that would rather
    /// not spend the time themselves (the command line, the console) turn it off and start
    /// `frontdesk store compact` when `needsCompaction` says so.
    public var compactsAutomatically = true
    /// Records past the history window in the working set at which a command that opens the
    /// store starts a compaction, whatever the journal's size (see `workingSetPastWindow`).
    public var pastWindowThreshold = 1_000
    /// Automatic compactions move records to history in daily batches (see `compact`).
    public var historyInBatches = true
    /// Called between the steps of a compaction, so crash tests can stop a writer at each one.
    public var compactionProbe: ((CompactionStep) -> Void)?

    public enum CompactionStep: String, Sendable, CaseIterable {
        case historyWritten = "history-written"
        case snapshotWritten = "snapshot-written"
        case beforeSnapshotRename = "before-snapshot-rename"
        case afterSnapshotRename = "after-snapshot-rename"
        case beforeJournalRename = "before-journal-rename"
        case done
    }

    let lock: FileLock
    /// Held while this process is the one routing (see `Store+Routing.swift`).
    var routingLock: CompactionLock?
    /// What this console last said it shows, and when (see `Store+Viewers.swift`).
    var lastAnnounced: (viewer: Viewer, at: Instant)?
    /// An inotify descriptor watching the store's folder, for followers (see `Store+Watch.swift`).
    var watchDescriptor: Int32 = -1
    /// Names this console's heartbeat file: the process id (tests give two stores in one process two).
    public var viewerID = String(getpid())
    var generation = 0
    /// Inode of the snapshot the desk was loaded from.
    var snapshotInode: UInt64?
    /// What the loaded snapshot says it took in of the journal before it.
    var absorbed: StoreFormat.JournalMark?
    /// The history the snapshot names.
    var manifest: HistoryManifest?
    var history: History?
    /// Inode of the journal we have read, bytes of complete lines consumed, and lines read.
    var journalInode: UInt64?
    var journalOffset = 0
    var journalLine = 0
    /// Snapshots read whole so far (tests and the benchmark see that a compaction was applied
    /// without one).
    public internal(set) var snapshotLoads = 0
    /// Where the last save (or other write under the lock) and the last `refresh` spent their
    /// time (see `LockedTiming`).
    public internal(set) var lastSave = LockedTiming()
    public internal(set) var lastRefresh = LockedTiming()
    /// The journal on disk belongs to an older generation (a compaction was cut short).
    var journalIsStale = false
    /// Changes a cut-short compaction left in the older journal after what its snapshot took
    /// in: applied on load, and carried into the next journal.
    var staleTail: [UInt8] = []
    /// Every change line of the journal carries a checksum (journals of older stores do not).
    var journalHasChecksums = false
    /// Offset of the incomplete last line last warned about, so it is reported once. Only a
    /// warning: what to cut is decided from the file itself, under the lock.
    private var reportedTornTail: Int?
    /// Loading without the lock: an incomplete last line is a write in progress, not a crash's.
    private var readingWithoutLock = false
    /// Where the journal's acknowledged bytes end, from the mark file (see `recordAcknowledged`):
    /// a journal whose complete lines stop before it was cut, not torn.
    private var acknowledgedEnd = 0

    var snapshotPath: String { directory + "/" + StoreFormat.snapshotName }
    var journalPath: String { directory + "/" + StoreFormat.journalName }
    var markPath: String { directory + "/" + StoreFormat.markName }
    var historyDirectory: String { directory + "/" + HistoryManifest.directoryName }

    /// Opens the store at `directory`. When there is none yet and `seed` is given, a new store
    /// is created holding the seed (the default directory and configuration).
    ///
    /// `waitForWriters: false` is for commands that only read (`list`, `show`, `export`): when
    /// a writer holds the lock they read the files as they are instead of waiting for it. The
    /// journal's checksummed lines, its generation and the snapshot's record of the journal
    /// it took in say whether what was read belongs together; a line still being written is
    /// not read yet, and a compaction swapping files meanwhile means reading again.
    public convenience init(directory: String, seed: ChangeSet? = nil, lockTimeout: Double = 10,
                            compactionThreshold: Int = defaultCompactionThreshold, waitForWriters: Bool = true) throws(StoreError) {
        try self.init(directory: directory, seed: seed, lockTimeout: lockTimeout, compactionThreshold: compactionThreshold,
                      reads: waitForWriters ? .waitForWriters : .dontWait)
    }

    /// How opening reads the files: under the shared lock, without waiting for it, or (tests
    /// of the unlocked path) never taking it.
    enum ReadMode { case waitForWriters, dontWait, withoutLock }

    init(directory: String, seed: ChangeSet? = nil, lockTimeout: Double = 10,
         compactionThreshold: Int = defaultCompactionThreshold, reads: ReadMode) throws(StoreError) {
        self.directory = directory
        self.lockTimeout = lockTimeout
        self.compactionThreshold = compactionThreshold
        self.desk = Desk()
        switch Posix.status(directory) {
        case .found(let info):
            guard info.st_mode & S_IFMT == S_IFDIR else { throw .notAStore(path: directory, reason: "it is not a directory") }
            try Posix.checkOwnership(directory, info)
            try Posix.checkContainingFolder(directory)
        case .failed(let code) where code == ENOENT:
            guard seed != nil else { throw .notAStore(path: directory, reason: "it does not exist") }
            try Posix.checkContainingFolder(directory)
            try Posix.makeDirectory(directory)
        case .failed(let code):
            throw Posix.fail(directory, "read the store", errno: code)
        }
        // Opening without a seed only reads: a folder without a store stays as it was, with
        // no lock file left behind.
        if seed == nil, !Posix.exists(directory + "/" + StoreFormat.snapshotName), !Posix.exists(directory + "/" + StoreFormat.journalName) {
            throw .notAStore(path: directory, reason: "it has no \(StoreFormat.snapshotName)")
        }
        lock = try FileLock(path: directory + "/" + StoreFormat.lockName)
        // History's files are opened by name inside it: a link in the folder's place would lead them out.
        try Posix.requireNotLink(historyDirectory)

        if !Posix.exists(snapshotPath) {
            try lock.acquire(exclusive: true, timeout: lockTimeout)
            defer { lock.release() }
            if !Posix.exists(snapshotPath) {
                if Posix.exists(journalPath) {
                    throw .damaged(file: snapshotPath, location: "whole file",
                                   problem: "it is missing while \(StoreFormat.journalName) exists")
                }
                guard let seed else { throw .notAStore(path: directory, reason: "it has no \(StoreFormat.snapshotName)") }
                desk = Desk(everything: seed)
                desk.zones = .system
                try writeSnapshot(StoreFormat.encodeSnapshotBytes(desk, generation: generation, absorbed: nil, history: nil, path: snapshotPath))
                try startJournal()
            }
        }
        let loaded = reads == .waitForWriters ? false : try loadWithoutWaiting(tryingTheLock: reads == .dontWait)
        if !loaded {
            try lock.acquire(exclusive: false, timeout: lockTimeout)
            defer { lock.release() }
            try loadEverything()
        }
        checkPermissions()
        if let warning = compactionWarning { warnings.append(warning) }
    }

    /// Loads without waiting for a writer's lock; false when no consistent reading came
    /// within a few tries (then the caller waits for the lock, which says what is wrong).
    private func loadWithoutWaiting(tryingTheLock: Bool) throws(StoreError) -> Bool {
        if tryingTheLock {
            do {
                try lock.acquire(exclusive: false, timeout: 0)
                defer { lock.release() }
                try loadEverything()
                return true
            } catch .lockTimeout {
                // A writer holds it: read what is on disk.
            }
        }
        readingWithoutLock = true
        defer { readingWithoutLock = false }
        var lastProblem: StoreError?
        for _ in 0..<20 {
            let snapshotBefore = Posix.identity(snapshotPath)?.inode
            do {
                try loadEverything()
                // A compaction that swapped the snapshot while we read: read again.
                if Posix.identity(snapshotPath)?.inode == snapshotBefore { return true }
            } catch .damaged(let file, let location, let problem) {
                // Files caught between a compaction's two renames look damaged for a moment.
                lastProblem = .damaged(file: file, location: location, problem: problem)
            }
            usleep(10_000)
        }
        warnings.removeAll()
        // Tests of this path want the failure itself, not a locked reading in its place.
        if !tryingTheLock, let lastProblem { throw lastProblem }
        return false
    }

    // MARK: Writing

    /// Plans `command` against the current desk and makes it durable before returning.
    /// A rule's refusal throws `DomainError` and writes nothing; store trouble throws `StoreError`.
    /// The time is read from `clock` once the lock is held, so changes are stamped in the
    /// order they are written; the domain never stamps one earlier than its record's last.
    /// A record in history is read back into the working set by the change that needs it.
    @discardableResult
    public func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        let result = try withWriteLock { () throws -> CommandResult in
            let planned = monotonicSeconds()
            let result = try plan(command, by: actor, at: clock.now())
            lastSave.plan = monotonicSeconds() - planned
            guard !result.changes.isEmpty else { return result }
            try append(StoreFormat.JournalEntry(at: result.at, by: actor, changes: result.changes))
            desk.apply(result.changes)
            return result
        }
        if compactsAutomatically, needsCompaction { try compact(at: result.at, inBatches: historyInBatches) }
        return result
    }

    /// Plans against the working set; a command on a record in history plans against a copy
    /// that holds it too (only that rare case pays for the copy).
    private func plan(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        var recalled = ChangeSet()
        if let number = command.recordNumber, desk.interaction(number) == nil, let old = try history?.record(number: number) {
            recalled.put(old)
        }
        if case let .linkTask(_, taskNumber, _) = command, desk.tasks[taskNumber] == nil, let task = try history?.task(number: taskNumber) {
            recalled.put(task)
        }
        guard !recalled.isEmpty else { return try desk.plan(command, by: actor, at: now) }
        var base = desk
        base.apply(recalled)
        return try base.plan(command, by: actor, at: now)
    }

    @discardableResult
    public func perform(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        try perform(command, by: actor, clock: FixedTime(now))
    }

    /// Opens history's index now (rebuilding it if it is missing or stale), for a command about
    /// to list or search history: one that cannot be read or rebuilt then stops the command,
    /// naming the file, instead of the answer leaving history out.
    public func requireHistory() throws {
        _ = try history?.index()
    }

    /// Throws what a save would meet when this user cannot write the store (its folder or
    /// journal), before a command gets as far as trying.
    public func requireWritable() throws {
        for path in [directory, directory + "/journal.jsonl"] where access(path, W_OK) != 0 && errno != ENOENT {
            throw Posix.fail(path, "open for writing")
        }
    }

    /// Runs `body` holding the exclusive lock, against a desk that is up to date with every
    /// other writer.
    func withWriteLock<T>(_ body: () throws -> T) throws -> T {
        var timing = LockedTiming()
        let asked = monotonicSeconds()
        try lock.acquire(exclusive: true, timeout: lockTimeout)
        defer { lock.release() }
        timing.lockWait = monotonicSeconds() - asked
        try timedCatchUp(asWriter: true, into: &timing)
        lastSave = timing
        removeStaleTemporaryFiles()
        return try body()
    }

    func append(_ entry: StoreFormat.JournalEntry) throws(StoreError) {
        let line: [UInt8]
        do { line = try StoreFormat.encodeEntryLine(entry) } catch {
            throw .io(file: journalPath, operation: "encode a change for", errno: EINVAL)
        }
        let fd = try Posix.openExisting(journalPath, O_WRONLY | O_APPEND)
        defer { close(fd) }
        do throws(StoreError) {
            let writing = monotonicSeconds()
            try journalWriter(fd, line, journalPath)
            let syncing = monotonicSeconds()
            guard fdatasync(fd) == 0 else { throw Posix.fail(journalPath, "fsync") }
            lastSave.write = syncing - writing
            lastSave.sync = monotonicSeconds() - syncing
        } catch {
            // Take back whatever part of the line reached the file (a full disk writes half a
            // line), so no reader mistakes it for a crash's torn write or, worse, for a change.
            let code = error.errnoValue
            _ = ftruncate(fd, off_t(journalOffset))
            _ = fdatasync(fd)
            throw .io(file: journalPath, operation: "save a change to", errno: code)
        }
        journalOffset += line.count
        journalLine += 1
        recordAcknowledged()
    }

    /// Writes down how many journal bytes are saved, once they are (after the fsync).
    ///
    /// This is what tells a journal cut through acknowledged changes from a crash's torn last
    /// line: both end in an incomplete line, but only a cut ends before this mark. It is
    /// written without an fsync of its own, so a save costs no more waiting: a process killed
    /// at any point leaves the mark in the page cache, and after a power loss the mark on disk
    /// can only be an older, smaller one (it is written after the journal's bytes are durable),
    /// which is still true, only less strict. A failure to write it is not a failed save (the
    /// change is durable already): the older mark stays, equally true.
    func recordAcknowledged() {
        // Through the store's one way of opening files: no links, a regular file, and the
        // group's modes in a shared store, so every member's saves keep it up to date.
        guard let fd = try? Posix.openFile(markPath, O_WRONLY | O_CREAT, operation: "write") else { return }
        defer { close(fd) }
        let bytes = StoreFormat.encodeMark(.init(generation: generation, bytes: journalOffset))
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// The mark the last writer left (nil when there is none, or it cannot be read: it only
    /// ever makes the check stricter, so an unreadable one is said and ignored).
    private func acknowledgedMark() -> StoreFormat.AcknowledgedMark? {
        let bytes: [UInt8]?
        do { bytes = try Posix.readAll(markPath) } catch {
            note("\(markPath): cannot read it (\(error)); the journal's length is not checked against it")
            return nil
        }
        guard let bytes, !bytes.isEmpty else { return nil }
        switch StoreFormat.decodeMark(bytes) {
        case .success(let mark): return mark
        case .failure(let problem):
            note("\(markPath): \(problem.description); the journal's length is not checked against it (the next change rewrites it)")
            return nil
        }
    }

    /// Adds a warning once.
    private func note(_ warning: String) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    /// Writes one journal line; tests replace it to fail part-way as a full disk does.
    var journalWriter: (Int32, [UInt8], String) throws(StoreError) -> Void = { fd, bytes, path throws(StoreError) in
        try Posix.writeAll(fd, bytes, path: path)
    }

    /// Temporary files are written only by a compaction, which holds the compaction lock; when
    /// nobody holds it, any left over are a killed compaction's.
    private func removeStaleTemporaryFiles() {
        guard CompactionLock.isFree(directory) else { return }
        for path in [snapshotPath, journalPath] { unlink(path + ".tmp") }
    }

    func writeSnapshot(_ bytes: [UInt8]) throws(StoreError) {
        try Posix.replaceAtomically(snapshotPath, with: bytes, directory: directory) {
            compactionProbe?(.beforeSnapshotRename)
        }
        snapshotInode = Posix.identity(snapshotPath)?.inode
    }

    /// Replaces the journal with one of the current generation holding `carried` (complete
    /// change lines written after the snapshot's point).
    func startJournal(carrying carried: [UInt8] = []) throws(StoreError) {
        let header = try journalHeader(generation)
        try Posix.replaceAtomically(journalPath, with: header + carried, directory: directory) {
            compactionProbe?(.beforeJournalRename)
        }
        adoptJournal(header.count + carried.count, lines: 1 + carried.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
    }

    func journalHeader(_ generation: Int) throws(StoreError) -> [UInt8] {
        do { return try StoreFormat.encodeLine(StoreFormat.JournalHeader(schema: StoreFormat.schemaVersion, generation: generation, checksums: "crc32")) } catch {
            throw .io(file: journalPath, operation: "encode", errno: EINVAL)
        }
    }

    /// The journal now on disk is one this process wrote, `length` bytes in `lines` lines.
    func adoptJournal(_ length: Int, lines: Int) {
        journalInode = Posix.identity(journalPath)?.inode
        journalOffset = length
        journalLine = lines
        journalIsStale = false
        staleTail = []
        journalHasChecksums = true
        reportedTornTail = nil
        acknowledgedEnd = length
        recordAcknowledged()
    }

    // MARK: Reading

    /// Reads what other processes changed since the last look. Cheap when nothing changed
    /// (one `stat`). Returns true when the desk changed.
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        guard let current = Posix.identity(journalPath) else { return false }
        if current.inode == journalInode && current.size == journalOffset { return false }
        var timing = LockedTiming()
        let asked = monotonicSeconds()
        defer { lastRefresh = timing }
        try lock.acquire(exclusive: false, timeout: lockTimeout)
        defer { lock.release() }
        timing.lockWait = monotonicSeconds() - asked
        return try timedCatchUp(asWriter: false, into: &timing)
    }

    /// Brings the desk up to date with the files. A writer also repairs what a crash left:
    /// it cuts off a torn last line and replaces a journal of an older generation.
    @discardableResult
    func catchUp(asWriter: Bool) throws(StoreError) -> Bool {
        let current = Posix.identity(journalPath)
        var changed = true
        // A new snapshot beside the same journal: a compaction was cut short after writing it.
        // Reloading finds that journal stale (and proves it); appending to it would put a
        // change where no one reads it.
        let snapshotReplaced = Posix.identity(snapshotPath)?.inode != snapshotInode
        if current == nil || current?.inode != journalInode || (current?.size ?? 0) < journalOffset || snapshotReplaced {
            // A compaction another process finished: applied by dropping what it moved.
            let swapped = current != nil && current?.inode != journalInode && snapshotReplaced
            if !(swapped ? try applyCommittedCompaction() : false) { try loadEverything() }
        } else if let current, current.size > journalOffset {
            let fd = try Posix.openExisting(journalPath, O_RDONLY)
            defer { close(fd) }
            let bytes = try Posix.read(fd, from: journalOffset, path: journalPath)
            changed = try readEntries(bytes, base: journalOffset) > 0
        } else if !asWriter {
            return false
        }
        if asWriter {
            // What others saved since this process last loaded is in the mark, not in
            // `acknowledgedEnd`: a journal cut back to (or into) lines this process never read
            // must not be cut further or written over.
            if !journalIsStale, let mark = acknowledgedMark(), mark.generation == generation, mark.bytes > journalOffset {
                acknowledgedEnd = mark.bytes
                throw cutThroughAcknowledged(endingAt: journalOffset, lines: journalLine)
            }
            // Decided from the file as it is now, under the exclusive lock: no writer is
            // mid-line, so bytes past the last complete line are a crash's torn write.
            if journalIsStale || Posix.identity(journalPath) == nil {
                try startJournal(carrying: staleTail)
            } else if let size = Posix.identity(journalPath)?.size, size > journalOffset {
                guard truncate(journalPath, off_t(journalOffset)) == 0 else { throw Posix.fail(journalPath, "truncate") }
                reportedTornTail = nil
            }
        }
        return changed
    }

    func loadEverything() throws(StoreError) {
        snapshotLoads += 1
        // Assigned straight from the loader so that no decoded copy outlives it: the journal's
        // first change must not find the records array shared (and copy all of it).
        desk = try loadSnapshot()
        desk.history = history
        try loadJournal()
    }

    /// Applies a compaction another process committed since this one last read, without
    /// decoding the new snapshot: that snapshot is what this desk held at the compaction's
    /// point less the records moved to history, and the new journal carries the lines written
    /// after that point (some already read here). So: drop the moved records that no line
    /// read since the point put back, open the new history, and read on in the new journal.
    /// False (nothing changed) unless everything says it is exactly that swap: `compact.state`
    /// names the next generation and the new snapshot's checksum, the snapshot's header took
    /// in no more of the previous journal than was read here, and the new journal is of the
    /// new generation; otherwise (an import's swap, a missed generation) the caller loads
    /// everything.
    private func applyCommittedCompaction() throws(StoreError) -> Bool {
        guard !journalIsStale, journalInode != nil, let done = compactionState?.committed,
              done.generation == generation + 1, done.absorbedBytes <= journalOffset,
              let file = try MappedFile(path: snapshotPath, whole: false),
              file.bytes.count >= StoreFormat.snapshotChecksumPrefixLength,
              String(decoding: UnsafeBufferPointer(rebasing: file.bytes[..<StoreFormat.snapshotChecksumPrefixLength]), as: UTF8.self) == done.snapshotLead,
              let head = SnapshotLoader.head(file.bytes), head.generation == done.generation,
              head.absorbed?.generation == generation, head.absorbed?.bytes == done.absorbedBytes,
              let identity = Posix.identity(journalPath), let bytes = try Posix.readAll(journalPath),
              let newline = bytes.firstIndex(of: 0x0A),
              let header = try? JSONDecoder().decode(StoreFormat.JournalHeader.self, from: Data(bytes[..<newline])),
              header.schema == StoreFormat.schemaVersion, header.generation == done.generation else { return false }
        // The lines this process read after the point, now at the start of the new journal.
        let readUpTo = newline + 1 + (journalOffset - done.absorbedBytes)
        guard readUpTo <= bytes.count, readUpTo == newline + 1 || bytes[readUpTo - 1] == 0x0A else { return false }
        var putBack = Set<String>(), tasksPutBack = Set<String>()
        var start = newline + 1
        // Which lines put back a moved record matters only for lines naming one: most
        // compactions (history moves in daily batches) move nothing, and decoding every line
        // read since the point cost a writer and a console up to 200 ms at each of them.
        let candidates = Set(done.interactions.split(separator: " ").map(String.init))
            .union(done.tasks.split(separator: " ").map(String.init))
        while start < readUpTo, let end = bytes[start..<readUpTo].firstIndex(of: 0x0A) {
            // A line naming none of the moved numbers puts none of them back (JournalMentions).
            guard JournalMentions.line(bytes, start..<end, mentionsAnyOf: candidates) else {
                start = end + 1
                continue
            }
            guard let entry = FastDecoder.anyJournalEntry(bytes, start..<end) else { return false }
            putBack.formUnion(entry.changes.interactions.map(\.number))
            tasksPutBack.formUnion(entry.changes.tasks.map(\.number))
            start = end + 1
        }
        let opened = head.history.map { History(directory: historyDirectory, manifest: $0, customerNames: desk.customers.mapValues(\.name)) }
        if head.history != manifest { try opened?.checkFiles() }

        let moved = Set(done.interactions.split(separator: " ").map(String.init)).subtracting(putBack)
        let movedTasks = Set(done.tasks.split(separator: " ").map(String.init)).subtracting(tasksPutBack)
        desk.remove(moved, tasks: movedTasks)
        if head.history != manifest || history == nil {
            manifest = head.history
            history = opened
        }
        desk.history = history
        generation = head.generation
        absorbed = head.absorbed
        snapshotInode = file.inode
        journalInode = identity.inode
        journalOffset = readUpTo
        journalLine = bytes[..<readUpTo].count { $0 == 0x0A }
        journalIsStale = false
        staleTail = []
        journalHasChecksums = header.checksums == "crc32"
        reportedTornTail = nil
        let mark = acknowledgedMark()
        acknowledgedEnd = mark?.generation == generation ? mark?.bytes ?? 0 : 0
        try readEntries(Array(bytes[readUpTo...]), base: readUpTo)
        return true
    }

    /// The desk in the snapshot, checked; sets `generation`.
    private func loadSnapshot() throws(StoreError) -> Desk {
        guard let file = try MappedFile(path: snapshotPath) else {
            throw .damaged(file: snapshotPath, location: "whole file", problem: "it is missing")
        }
        snapshotInode = file.inode
        // Our own layout under a checksum that holds: every line is as this store wrote it,
        // so the profiles (most of the lines) stay undecoded until asked for (or are decoded
        // there when their lines are not in the layout the index needs).
        if file.bytes.starts(with: StoreFormat.snapshotChecksumLead), StoreFormat.verifySnapshot(file.bytes) == nil,
           let snapshot = SnapshotLoader.load(file.bytes, storingIn: file) {
            return try adopt(snapshot, checked(snapshot.desk(), of: snapshot, in: file))
        }
        let snapshot: StoreFormat.Snapshot
        do {
            // The fast path reads our own layout in place; anything else, damage included,
            // takes the standard decoder, which either agrees or says what is wrong and where.
            snapshot = try SnapshotLoader.load(file.bytes)
                ?? JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(file.bytes))
        } catch let mismatch as StoreFormat.SchemaMismatch {
            throw .unknownSchema(file: snapshotPath, version: mismatch.version, supported: StoreFormat.schemaVersion)
        } catch {
            throw .damaged(file: snapshotPath, location: DamageReport.location(of: error, in: Array(file.bytes)),
                           problem: DamageReport.problem(error))
        }
        let loaded = try checked(snapshot.desk(), of: snapshot, in: file)
        // Checked last: when the bytes do not even parse, the line that fails says more.
        if let problem = StoreFormat.verifySnapshot(file.bytes) {
            throw .damaged(file: snapshotPath, location: "whole file (\(file.bytes.count) bytes)", problem: problem.description)
        }
        return try adopt(snapshot, loaded)
    }

    /// The snapshot's desk once its numbers and counters agree.
    private func checked(_ desk: Desk, of snapshot: StoreFormat.Snapshot, in file: MappedFile) throws(StoreError) -> Desk {
        if let duplicate = Desk.duplicateNumbers(snapshot.interactions).first {
            let line = DamageReport.lineOf(number: duplicate, in: Array(file.bytes), occurrence: 2)
            throw .damaged(file: snapshotPath, location: line, problem: "duplicate number \(duplicate)")
        }
        var loaded = desk
        // Walk-up locations' local time comes from the system's time zones.
        loaded.zones = .system
        if let problem = loaded.counterProblem() {
            throw .damaged(file: snapshotPath, location: "counters", problem: problem)
        }
        return loaded
    }

    /// Takes a checked snapshot's generation and history as this store's; returns its desk.
    private func adopt(_ snapshot: StoreFormat.Snapshot, _ loaded: Desk) throws(StoreError) -> Desk {
        generation = snapshot.generation
        absorbed = snapshot.absorbed
        if snapshot.history != manifest || history == nil {
            let opened = snapshot.history.map {
                History(directory: historyDirectory, manifest: $0, customerNames: loaded.customers.mapValues(\.name))
            }
            try opened?.checkFiles()
            manifest = snapshot.history
            history = opened
        }
        return loaded
    }

    private func loadJournal() throws(StoreError) {
        journalOffset = 0
        journalLine = 0
        journalIsStale = false
        acknowledgedEnd = 0
        // Read before the journal: a reader without the lock then never holds a mark newer
        // than the lines it read.
        let acknowledged = acknowledgedMark()
        guard let identity = Posix.identity(journalPath), let bytes = try Posix.readAll(journalPath) else {
            try requireNothingLost(acknowledged)
            journalInode = nil
            journalIsStale = true
            return
        }
        journalInode = identity.inode
        guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else {
            throw .damaged(file: journalPath, location: "line 1 (byte offset 0)", problem: "the header line is incomplete")
        }
        let header: StoreFormat.JournalHeader
        do {
            header = try JSONDecoder().decode(StoreFormat.JournalHeader.self, from: Data(bytes[..<newline]))
        } catch {
            throw .damaged(file: journalPath, location: "line 1 (byte offset 0)", problem: "bad header: " + DamageReport.problem(error))
        }
        guard header.schema == StoreFormat.schemaVersion else {
            throw .unknownSchema(file: journalPath, version: header.schema, supported: StoreFormat.schemaVersion)
        }
        if header.generation > generation {
            throw .damaged(file: journalPath, location: "line 1 (byte offset 0)",
                           problem: "journal generation \(header.generation) is newer than the snapshot's (\(generation))")
        }
        journalOffset = newline + 1
        journalLine = 1
        journalHasChecksums = header.checksums == "crc32"
        // A mark of another generation speaks of another journal (a compaction was cut short
        // before it rewrote the mark): nothing to compare.
        if let acknowledged, acknowledged.generation == header.generation { acknowledgedEnd = acknowledged.bytes }
        if header.generation < generation {
            // Harmless only when this is exactly the journal the snapshot took in (a compaction
            // cut short before it restarted the journal); then the next writer replaces it.
            guard let mark = absorbed, mark.generation == header.generation, mark.bytes <= bytes.count,
                  String(decoding: Checksum.hex(Checksum.of(bytes.prefix(mark.bytes))), as: UTF8.self) == mark.crc32 else {
                let proof = absorbed.map { "it took in generation \($0.generation), \($0.bytes) bytes" } ?? "it records no journal it took in"
                throw .damaged(file: journalPath, location: "line 1 (byte offset 0)",
                               problem: "journal generation \(header.generation) is older than the snapshot's (\(generation)) "
                                   + "and is not the journal the snapshot took in (\(proof); this one has \(bytes.count) bytes): "
                                   + "it may hold changes the snapshot lacks")
            }
            // What was written after the snapshot's point (the compaction swapped the snapshot
            // in but not yet the journal carrying these): applied now, carried by the next writer.
            journalOffset = mark.bytes
            journalLine = bytes.prefix(mark.bytes).count(where: { $0 == 0x0A })
            try readEntries(Array(bytes[mark.bytes...]), base: mark.bytes)
            staleTail = Array(bytes[mark.bytes..<journalOffset])
            journalIsStale = true
            return
        }
        try readEntries(Array(bytes[(newline + 1)...]), base: newline + 1)
    }

    /// A missing journal is harmless only where a crash can leave none: a new store's
    /// creation cut short between its snapshot and its journal (generation 0, nothing taken
    /// in, and no mark of any change saved). Compactions and imports replace the journal by
    /// renaming a new one over it, so it is never missing there; anywhere else it held
    /// changes the snapshot lacks, and starting a new one would lose them without a word.
    private func requireNothingLost(_ mark: StoreFormat.AcknowledgedMark?) throws(StoreError) {
        let headerLength = (try? journalHeader(generation).count) ?? 0
        let saved = mark.map { $0.generation == generation && $0.bytes > headerLength } ?? false
        guard generation > 0 || absorbed != nil || saved else { return }
        let evidence = saved ? "\(markPath) records \(mark!.bytes) bytes saved in it"
            : "the snapshot is of generation \(generation), written by a compaction that started that journal"
        throw .damaged(file: journalPath, location: "whole file",
                       problem: "it is missing, and it held the changes saved since the snapshot (\(evidence)); "
                           + "a new journal would lose them")
    }

    /// The journal's complete lines end at `end` (line `lines`), before the bytes the mark says
    /// were saved: it was cut, not torn by a crash (a torn write only ever follows them).
    private func cutThroughAcknowledged(endingAt end: Int, lines: Int) -> StoreError {
        .damaged(file: journalPath, location: "byte offset \(end) (line \(lines + 1))",
                 problem: "the journal stops here but \(acknowledgedEnd) bytes of it were saved and acknowledged "
                     + "(\(markPath)): it was cut through acknowledged changes, not torn by a crash; "
                     + "restore the whole journal, or, to accept the loss (a journal restored on purpose from a backup), remove \(markPath)")
    }

    /// Applies the complete lines in `bytes` (which start at file offset `base`). Every read
    /// happens under the lock, so no writer is mid-line: an incomplete last line is a crash's
    /// torn write. It is left unread, reported once, and cut off by the next writer.
    @discardableResult
    private func readEntries(_ bytes: [UInt8], base: Int) throws(StoreError) -> Int {
        let decoder = JSONDecoder()
        var applied = 0
        var start = 0
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                if !readingWithoutLock, reportedTornTail != base + start, base + start >= acknowledgedEnd {
                    reportedTornTail = base + start
                    warnings.append("\(journalPath): ignored an incomplete last line at byte offset \(base + start) "
                                    + "(\(bytes.count - start) bytes, a write cut short by a crash; it was never acknowledged)")
                }
                break
            }
            let lineNumber = journalLine + 1
            let location = "line \(lineNumber) (byte offset \(base + start))"
            let entry: StoreFormat.JournalEntry
            do {
                entry = try FastDecoder.journalEntry(bytes, start..<end)
                    ?? decoder.decode(StoreFormat.JournalEntry.self, from: Data(bytes[start..<end]))
            } catch {
                throw .damaged(file: journalPath, location: location, problem: DamageReport.problem(error))
            }
            if let problem = desk.inconsistency(in: entry.changes) {
                throw .damaged(file: journalPath, location: location, problem: problem)
            }
            if journalHasChecksums, let problem = StoreFormat.verifyLine(bytes[start..<end]) {
                throw .damaged(file: journalPath, location: location, problem: problem.description)
            }
            desk.apply(entry.changes)
            applied += 1
            start = end + 1
            journalOffset = base + start
            journalLine = lineNumber
        }
        // Complete lines that stop before what was acknowledged: the journal was cut there
        // (an incomplete line after them is the cut's, not a crash's).
        if journalOffset < acknowledgedEnd { throw cutThroughAcknowledged(endingAt: journalOffset, lines: journalLine) }
        return applied
    }

    /// Warns about a store others can read (a shared store: others than its group; see `StoreModes`).
    private func checkPermissions() {
        guard case .found(let store) = Posix.status(directory) else { return }
        for path in [directory, snapshotPath, journalPath] {
            guard case .found(let info) = Posix.status(path), let warning = StoreModes.exposure(of: path, info, inStore: store) else { continue }
            warnings.append(warning)
        }
    }
}

extension DamageReport {
    /// "line N" of the `occurrence`-th line holding `"number":"<number>"`.
    static func lineOf(number: String, in bytes: [UInt8], occurrence: Int) -> String {
        let needle = Array("\"number\":\"\(number)\"".utf8)
        var seen = 0, offset = 0
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.starts(with: [UInt8(ascii: "{")]), contains(Array(line), needle) {
                seen += 1
                if seen == occurrence { return "line \(i + 1) (byte offset \(offset))" }
            }
            offset += line.count + 1
        }
        return "interactions"
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard hay.count >= needle.count else { return false }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return true
        }
        return false
    }
}

extension Store {
    /// Applies a change set built against the current desk (an import) as one journal line:
    /// all of it or, if `build` throws or the result does not fit the desk, nothing.
    @discardableResult
    public func performBatch(by actor: String, at now: Instant,
                             _ build: (Desk) throws -> ChangeSet) throws -> ChangeSet {
        try withWriteLock {
            let changes = try build(desk)
            guard !changes.isEmpty else { return changes }
            if let problem = desk.inconsistency(in: changes) {
                throw StoreError.badInput(file: directory, location: "import", problem: problem)
            }
            try append(StoreFormat.JournalEntry(at: now, by: actor, changes: changes))
            desk.apply(changes)
            return changes
        }
    }
}
