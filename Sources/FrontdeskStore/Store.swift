import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// A directory holding the desk: `snapshot.json`, `journal.jsonl` and a `lock` file.
///
/// Writers take an exclusive `flock`, read what other writers appended since they last
/// looked, plan the command against that current desk, append one journal line and fsync it
/// before answering. Readers poll `refresh()`, which reads only the new journal lines.
/// When the journal passes `compactionThreshold` the writer rewrites the snapshot
/// atomically and restarts the journal under a new generation number.
public final class Store {
    public let directory: String
    public private(set) var desk: Desk
    /// Things worth telling the user that did not stop the store (a torn last line, loose permissions).
    public private(set) var warnings: [String] = []
    public var lockTimeout: Double
    public var compactionThreshold: Int
    /// Called between the steps of a compaction, so crash tests can stop a writer at each one.
    public var compactionProbe: ((CompactionStep) -> Void)?

    public enum CompactionStep: String, Sendable {
        case beforeSnapshotRename = "before-snapshot-rename"
        case afterSnapshotRename = "after-snapshot-rename"
        case beforeJournalRename = "before-journal-rename"
        case done
    }

    private let lock: FileLock
    private var generation = 0
    /// Inode of the journal we have read, bytes of complete lines consumed, and lines read.
    private var journalInode: UInt64?
    private var journalOffset = 0
    private var journalLine = 0
    /// The journal on disk belongs to an older generation (a compaction was cut short).
    private var journalIsStale = false
    /// Offset of an incomplete last line left by a crash, if any.
    private var tornTail: Int?

    var snapshotPath: String { directory + "/" + StoreFormat.snapshotName }
    var journalPath: String { directory + "/" + StoreFormat.journalName }

    /// Opens the store at `directory`. When there is none yet and `seed` is given, a new store
    /// is created holding the seed (the default directory and configuration).
    public init(directory: String, seed: ChangeSet? = nil, lockTimeout: Double = 10,
                compactionThreshold: Int = 8 << 20) throws(StoreError) {
        self.directory = directory
        self.lockTimeout = lockTimeout
        self.compactionThreshold = compactionThreshold
        self.desk = Desk()
        if let mode = Posix.mode(directory) {
            guard mode & S_IFMT == S_IFDIR else { throw .notAStore(path: directory, reason: "it is not a directory") }
        } else {
            guard seed != nil else { throw .notAStore(path: directory, reason: "it does not exist") }
            try Posix.makeDirectory(directory)
        }
        lock = try FileLock(path: directory + "/" + StoreFormat.lockName)

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
                try writeSnapshot()
                try startJournal()
            }
        }
        try lock.acquire(exclusive: false, timeout: lockTimeout)
        defer { lock.release() }
        try loadEverything()
        checkPermissions()
    }

    // MARK: Writing

    /// Plans `command` against the current desk and makes it durable before returning.
    /// A rule's refusal throws `DomainError` and writes nothing; store trouble throws `StoreError`.
    @discardableResult
    public func perform(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        try withWriteLock {
            let result = try desk.plan(command, by: actor, at: now)
            guard !result.changes.isEmpty else { return result }
            try append(StoreFormat.JournalEntry(at: now, by: actor, changes: result.changes))
            desk.apply(result.changes)
            return result
        }
    }

    /// Runs `body` holding the exclusive lock, against a desk that is up to date with every
    /// other writer, and compacts afterwards when the journal has grown past the threshold.
    func withWriteLock<T>(_ body: () throws -> T) throws -> T {
        try lock.acquire(exclusive: true, timeout: lockTimeout)
        defer { lock.release() }
        try catchUp(asWriter: true)
        let result = try body()
        if journalOffset > compactionThreshold { try compactLocked() }
        return result
    }

    /// Rewrites the snapshot and starts a new journal now.
    public func compact() throws {
        try withWriteLock { try compactLocked() }
    }

    func append(_ entry: StoreFormat.JournalEntry) throws(StoreError) {
        let line: [UInt8]
        do { line = try StoreFormat.encodeLine(entry) } catch {
            throw .io(file: journalPath, operation: "encode a change for", errno: EINVAL)
        }
        let fd = open(journalPath, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw Posix.fail(journalPath, "open") }
        defer { close(fd) }
        try Posix.writeAll(fd, line, path: journalPath)
        guard fdatasync(fd) == 0 else { throw Posix.fail(journalPath, "fsync") }
        journalOffset += line.count
        journalLine += 1
    }

    func compactLocked() throws(StoreError) {
        generation += 1
        try writeSnapshot()
        compactionProbe?(.afterSnapshotRename)
        try startJournal()
        compactionProbe?(.done)
    }

    private func writeSnapshot() throws(StoreError) {
        let bytes: [UInt8]
        do { bytes = try StoreFormat.encodeSnapshot(desk, generation: generation) } catch {
            throw .io(file: snapshotPath, operation: "encode", errno: EINVAL)
        }
        try Posix.replaceAtomically(snapshotPath, with: bytes, directory: directory) {
            compactionProbe?(.beforeSnapshotRename)
        }
    }

    /// Replaces the journal with an empty one of the current generation.
    private func startJournal() throws(StoreError) {
        let header: [UInt8]
        do { header = try StoreFormat.encodeLine(StoreFormat.JournalHeader(schema: StoreFormat.schemaVersion, generation: generation)) } catch {
            throw .io(file: journalPath, operation: "encode", errno: EINVAL)
        }
        try Posix.replaceAtomically(journalPath, with: header, directory: directory) {
            compactionProbe?(.beforeJournalRename)
        }
        journalInode = Posix.identity(journalPath)?.inode
        journalOffset = header.count
        journalLine = 1
        journalIsStale = false
        tornTail = nil
    }

    // MARK: Reading

    /// Reads what other processes changed since the last look. Cheap when nothing changed
    /// (one `stat`). Returns true when the desk changed.
    @discardableResult
    public func refresh() throws(StoreError) -> Bool {
        guard let current = Posix.identity(journalPath) else { return false }
        if current.inode == journalInode && current.size == journalOffset { return false }
        try lock.acquire(exclusive: false, timeout: lockTimeout)
        defer { lock.release() }
        return try catchUp(asWriter: false)
    }

    /// Brings the desk up to date with the files. A writer also repairs what a crash left:
    /// it cuts off a torn last line and replaces a journal of an older generation.
    @discardableResult
    private func catchUp(asWriter: Bool) throws(StoreError) -> Bool {
        let current = Posix.identity(journalPath)
        var changed = true
        if current == nil || current?.inode != journalInode || (current?.size ?? 0) < journalOffset {
            try loadEverything()
        } else if let current, current.size > journalOffset {
            let fd = open(journalPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Posix.fail(journalPath, "open") }
            defer { close(fd) }
            let bytes = try Posix.read(fd, from: journalOffset, path: journalPath)
            changed = try readEntries(bytes, base: journalOffset) > 0
        } else if !asWriter {
            return false
        }
        if asWriter {
            if journalIsStale || Posix.identity(journalPath) == nil {
                try startJournal()
            } else if let torn = tornTail {
                guard truncate(journalPath, off_t(torn)) == 0 else { throw Posix.fail(journalPath, "truncate") }
                tornTail = nil
            }
        }
        return changed
    }

    private func loadEverything() throws(StoreError) {
        // Assigned straight from the loader so that no decoded copy outlives it: the journal's
        // first change must not find the records array shared (and copy all of it).
        desk = try loadSnapshot()
        try loadJournal()
    }

    /// The desk in the snapshot, checked; sets `generation`.
    private func loadSnapshot() throws(StoreError) -> Desk {
        guard let file = try MappedFile(path: snapshotPath) else {
            throw .damaged(file: snapshotPath, location: "whole file", problem: "it is missing")
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
        if let duplicate = Desk.duplicateNumbers(snapshot.interactions).first {
            let line = DamageReport.lineOf(number: duplicate, in: Array(file.bytes), occurrence: 2)
            throw .damaged(file: snapshotPath, location: line, problem: "duplicate number \(duplicate)")
        }
        let loaded = Desk(everything: snapshot.everything)
        if let problem = loaded.counterProblem() {
            throw .damaged(file: snapshotPath, location: "counters", problem: problem)
        }
        generation = snapshot.generation
        return loaded
    }

    private func loadJournal() throws(StoreError) {
        journalOffset = 0
        journalLine = 0
        journalIsStale = false
        guard let identity = Posix.identity(journalPath), let bytes = try Posix.readAll(journalPath) else {
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
        if header.generation < generation {
            // A compaction wrote the new snapshot but was cut short before restarting the
            // journal: every line of this journal is already in the snapshot.
            journalIsStale = true
            journalOffset = bytes.count
            return
        }
        try readEntries(Array(bytes[(newline + 1)...]), base: newline + 1)
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
                if tornTail != base + start {
                    tornTail = base + start
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
            desk.apply(entry.changes)
            applied += 1
            start = end + 1
            journalOffset = base + start
            journalLine = lineNumber
        }
        return applied
    }

    private func checkPermissions() {
        for path in [directory, snapshotPath, journalPath] {
            guard let mode = Posix.mode(path), mode & 0o077 != 0 else { continue }
            let octal = String(mode & 0o777, radix: 8)
            warnings.append("\(path) can be read by other users (mode \(octal)); run: chmod go-rwx \(path)")
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
