import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// The JSON-file store as a `DeskBackend`: most of the protocol is the store's own API
/// (`perform`, `refresh`, the viewers' files, the routing lock file, `templates/`); this adds
/// what the protocol names differently.
extension Store: DeskBackend {
    public var location: String { directory }

    public func templateLocation(_ name: String) -> String { templatesDirectory + "/\(name).txt" }

    public func beginHistoryImport(at now: Instant) throws -> any HistoryImport {
        try FileHistoryImport(store: self)
    }

    public func historyCanHold(_ record: Interaction) -> Bool { Self.historyCanHold(record) }

    /// The operating system's login is who is at the keyboard: the files' permissions decide
    /// what they may do, so the store has no identity of its own to add.
    public var authenticatedLogin: String? { nil }

    public var schemaVersion: Int { StoreFormat.schemaVersion }

    /// The tasks in history's task segments, by number, read one at a time through the index.
    public func historyTasks() throws -> [RelatedTask] {
        guard let history else { return [] }
        return try TaskIndex.scanIndex(history).compactMap { entry in
            let number = String(decoding: entry.prefix(HistoryIndexFormat.keySize).prefix { $0 != 0 }, as: UTF8.self)
            return try history.task(number: number)
        }
    }

    public func statistics() -> [StoreFigure] {
        let s = stats()
        func bytes(_ n: Int) -> String {
            n >= 1 << 20 ? String(format: "%.1f MiB", Double(n) / 1_048_576) : n >= 1024 ? "\(n / 1024) KiB" : "\(n) bytes"
        }
        var figures: [StoreFigure] = [
            StoreFigure(label: "Store", text: directory, key: "store", value: .string(directory)),
            StoreFigure(label: "Working set", text: "\(s.workingSet) interactions (\(s.open) open, \(s.closedInWorkingSet) closed within \(s.historyWindowDays) days)",
                        key: "working_set", value: .int(s.workingSet)),
            StoreFigure(label: "", text: "", key: "open", value: .int(s.open)),
            StoreFigure(label: "", text: "", key: "closed_in_working_set", value: .int(s.closedInWorkingSet)),
            StoreFigure(label: "", text: "", key: "history_window_days", value: .int(s.historyWindowDays)),
            StoreFigure(label: "History", text: "\(s.history) interactions in \(s.segments) segment\(s.segments == 1 ? "" : "s")",
                        key: "history", value: .int(s.history)),
            StoreFigure(label: "", text: "", key: "segments", value: .int(s.segments)),
            StoreFigure(label: "Snapshot", text: bytes(s.snapshotBytes), key: "snapshot_bytes", value: .int(s.snapshotBytes)),
            StoreFigure(label: "Journal", text: "\(bytes(s.journalBytes)) (compacts past \(bytes(s.compactionThresholdBytes)))",
                        key: "journal_bytes", value: .int(s.journalBytes)),
            StoreFigure(label: "", text: "", key: "compaction_threshold_bytes", value: .int(s.compactionThresholdBytes)),
            StoreFigure(label: "History files", text: bytes(s.historyBytes), key: "history_bytes", value: .int(s.historyBytes)),
            StoreFigure(label: "", text: "", key: "generation", value: .int(s.generation)),
            StoreFigure(label: "Last compaction", text: s.lastCompaction ?? "never (history is empty)", key: "last_compaction",
                        value: s.lastCompaction.map(StoreFigure.Value.string) ?? .none),
        ]
        if let failure = s.lastCompactionFailure {
            figures.append(StoreFigure(label: "Compaction failed", text: failure, key: "last_compaction_failure", value: .string(failure)))
        }
        // Already said on standard error when the store was opened; here too, with the figures.
        if let warning = s.warning { figures.append(StoreFigure(label: "Warning", text: warning, key: "warning", value: .string(warning))) }
        return figures
    }

    public func releaseReadPages() { history?.releaseMappedPages() }
}

extension Store {
    /// Makes an import with history live: under the writers' lock, against the desk as it is
    /// now, one new snapshot that names the new history and holds the working-set changes,
    /// and an empty journal. A crash between the two renames leaves the new snapshot beside
    /// an older journal whose lines it has all taken in.
    func installImport(_ changes: consuming ChangeSet, manifest next: HistoryManifest, expecting pointManifest: HistoryManifest?) throws {
        try lock.acquire(exclusive: true, timeout: lockTimeout)
        defer { lock.release() }
        try catchUp(asWriter: true)
        guard manifest == pointManifest else {
            throw StoreError.damaged(file: snapshotPath, location: "history", problem: "history changed while the import ran (another compaction)")
        }
        if let problem = desk.inconsistency(in: changes) {
            throw StoreError.badInput(file: directory, location: "import",
                                      problem: problem + " (an agent changed it while the import ran: import again)")
        }
        do {
            // The changes and the desk they made are let go before the new snapshot is loaded:
            // an import's people are then held once, not three times.
            var nextDesk = desk
            nextDesk.apply(consume changes)
            try commit(try prepareGeneration(nextDesk, generation: generation + 1, absorbed: try journalMark(), history: next))
        }
        try loadEverything()
        removeLeftovers(keeping: next)
    }
}

/// An import's history on the file store: a new history segment written beside the live one
/// and swapped in with the working-set changes by one commit (see `installImport`). The
/// compaction lock is held throughout, so no compaction or other import writes history meanwhile.
final class FileHistoryImport: HistoryImport {
    private let store: Store
    private var lock: CompactionLock?
    private let pointManifest: HistoryManifest?
    private var segment: SegmentWork?
    /// A batch is written on this queue while the import reads and maps the next one (each
    /// is about half an import's time); `inFlight` is the batch being written, if any.
    private let writer = DispatchQueue(label: "frontdesk.import.history")
    private var inFlight: DispatchGroup?

    /// The segment being written and the first error of its batches. One thread uses it at a
    /// time: a batch is handed to `writer` only once the one before is done (`waitForWriter`),
    /// and the import waits for it again before it finishes or abandons.
    private final class SegmentWork: @unchecked Sendable {
        let builder: HistoryWriter.SegmentBuilder
        var failure: (any Error)?
        init(_ builder: HistoryWriter.SegmentBuilder) { self.builder = builder }
    }

    init(store: Store) throws {
        try store.requireWritable()
        let deadline = monotonicSeconds() + store.lockTimeout
        while true {
            lock = try CompactionLock.take(store.directory)
            if lock != nil { break }
            guard monotonicSeconds() < deadline else {
                throw StoreError.lockTimeout(file: store.directory + "/compact.lock", seconds: store.lockTimeout)
            }
            usleep(50_000)
        }
        self.store = store
        try store.refresh()
        pointManifest = store.manifest
    }

    deinit { lock?.release() }

    func add(_ records: [Interaction], customerName: (String?) -> String) throws {
        try waitForWriter()
        if segment == nil {
            segment = SegmentWork(try HistoryWriter.SegmentBuilder(from: store.history, directory: store.historyDirectory,
                                                                   generation: store.generation + 1, onAllCores: true))
        }
        guard let segment else { return }
        let names = records.map { customerName($0.openedFor) }
        let group = DispatchGroup()
        writer.async(group: group) {
            do { try segment.builder.add(records, names: names) } catch { segment.failure = error }
            // The batch's buffers were freed on the encoding threads, each with its own malloc
            // arena: give that memory back now, or it stays counted until the process ends.
            Self.returnFreedMemory()
        }
        inFlight = group
    }

    /// glibc's `malloc_trim(0)`, which Swift's Glibc module does not export.
    private static func returnFreedMemory() {
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)(0)
    }

    /// Waits for the batch being written; its error, if it had one, is the import's.
    private func waitForWriter() throws {
        inFlight?.wait()
        inFlight = nil
        if let failure = segment?.failure { throw failure }
    }

    func finish(_ changes: consuming ChangeSet, by actor: String, at now: Instant) throws {
        defer { release() }
        try waitForWriter()
        if let segment = segment?.builder {
            let manifest = try segment.finish(tasks: [], now: now)
            Self.returnFreedMemory()
            try store.installImport(consume changes, manifest: manifest, expecting: pointManifest)
        } else if !changes.isEmpty {
            try store.performBatch(by: actor, at: now) { _ in changes }
        }
    }

    func abandon() {
        inFlight?.wait()
        inFlight = nil
        segment?.builder.abandon()
        release()
    }

    private func release() {
        lock?.release()
        lock = nil
    }
}
