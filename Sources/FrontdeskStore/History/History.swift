import CZlib
import Dispatch
import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// History as the files hold it: immutable segments of JSON Lines (the source of truth), a
/// binary index and a text file for search (derived, rebuilt when they do not fit the
/// segments). Files are mapped on first use; a record is read and decoded one line at a time.
///
/// Safe to use from several threads (the console searches off its input thread): what is
/// opened lazily is opened under a lock, and the mapped files never change.
public final class History: HistoryReader, @unchecked Sendable {
    let directory: String
    let manifest: HistoryManifest
    /// Customer names for rebuilding the text of an index (the directory as it was loaded).
    private let customerNames: [String: String]
    private let lock = NSLock()
    private var opened: (index: MappedFile, text: MappedFile?, rows: MappedFile?, view: IndexView)?
    private var segmentFiles: [Int: Int32] = [:]
    private var taskIndex: (file: MappedFile?, count: Int)?
    private var taskFiles: [Int: Int32] = [:]
    /// Said once, when an index had to be rebuilt.
    public private(set) var warnings: [String] = []
    /// Why the index could not be read or rebuilt: kept, so that the answers that cannot throw
    /// (lists, counts, searches) neither try again for every row nor go on without a word.
    private var failure: (any Error)?

    init(directory: String, manifest: HistoryManifest, customerNames: [String: String]) {
        self.directory = directory
        self.manifest = manifest
        self.customerNames = customerNames
    }

    deinit { for fd in Array(segmentFiles.values) + Array(taskFiles.values) { close(fd) } }

    var indexPath: String { directory + "/" + HistoryManifest.indexName(manifest.generation) }
    var textPath: String { directory + "/" + HistoryManifest.textName }
    var rowsPath: String { directory + "/" + HistoryManifest.rowsName }
    var taskIndexPath: String { directory + "/" + TaskIndex.fileName(manifest.generation) }

    /// Compares the files with what the snapshot says of them, on open (a `stat` each, no
    /// reading). The segments are the only copy of the records in history: one missing,
    /// replaced, cut or grown (a duplicated or foreign line) would otherwise still answer
    /// lists and searches from the derived files, or answer them short. Derived files may be
    /// missing (they are rebuilt), but not something other than a file where they belong: they
    /// could be neither read nor rebuilt there.
    func checkFiles() throws(StoreError) {
        switch Posix.status(directory) {
        case .found(let info) where info.st_mode & S_IFMT == S_IFDIR: break
        case .found:
            throw .damaged(file: directory, location: "whole file",
                           problem: "it is not a folder, but the snapshot names \(manifest.segments.count) history segments in it "
                               + "(\(manifest.records) records)")
        case .failed(let code):
            throw .damaged(file: directory, location: "whole folder",
                           problem: (code == ENOENT ? "it is missing" : "it cannot be read (\(errnoDescription(code)))") + ", but the snapshot names \(manifest.segments.count) "
                               + "history segments in it (\(manifest.records) records)")
        }
        for (kind, segments) in [("history segment", manifest.segments), ("task segment", manifest.tasks)] {
            for segment in segments {
                let path = directory + "/" + segment.file
                let expected = "the snapshot names it as a \(kind) of \(segment.records) records, \(segment.bytes) bytes"
                guard case .found(let info) = Self.linkStatus(path) else {
                    throw .damaged(file: path, location: "whole file", problem: "it is missing (\(expected))")
                }
                guard info.st_mode & S_IFMT == S_IFREG else {
                    throw .damaged(file: path, location: "whole file", problem: "it is not a regular file (\(expected))")
                }
                guard Int(info.st_size) == segment.bytes else {
                    throw .damaged(file: path, location: "whole file",
                                   problem: "it has \(info.st_size) bytes but \(expected): lines were cut off, added or replaced after it was written")
                }
            }
        }
        for path in [indexPath, textPath, rowsPath, taskIndexPath] {
            if case .found(let info) = Self.linkStatus(path), info.st_mode & S_IFMT != S_IFREG {
                throw .damaged(file: path, location: "whole file",
                               problem: "it is not a regular file: this history file can be neither read nor rebuilt there "
                                   + "(remove it and Frontdesk rebuilds it from the segments)")
            }
        }
    }

    /// `lstat`: a history file must be a file of the store itself, not a link to one.
    private static func linkStatus(_ path: String) -> Posix.Status {
        var info = stat()
        return lstat(path, &info) == 0 ? .found(info) : .failed(errno: errno)
    }

    /// Drops the mapped files' pages read so far (see `MappedFile.releasePages`).
    func releaseMappedPages() {
        lock.lock()
        defer { lock.unlock() }
        opened?.index.releasePages()
        opened?.text?.releasePages()
        opened?.rows?.releasePages()
        taskIndex?.file?.releasePages()
    }

    /// The mapped index, checked against the manifest; rebuilt from the segments when it
    /// is missing, stale or damaged.
    func index() throws -> IndexView {
        lock.lock()
        defer { lock.unlock() }
        if let opened { return opened.view }
        if let failure { throw failure }
        do { return try openIndex() } catch {
            failure = error
            warnings.append("\(error) History's \(manifest.records) records are left out of what is listed, counted and searched.")
            throw error
        }
    }

    private func openIndex() throws -> IndexView {
        if let view = try map() { return view }
        let rebuilt = try HistoryWriter.rebuild(self)
        do {
            try rebuilt.write(to: self)
            warnings.append("\(indexPath): the history index was missing or did not match the segments; rebuilt it from them")
        } catch let error as StoreError where Self.isReadOnly(error) {
            // A store this process cannot write to is still read: the index lives in memory.
            return try keep(rebuilt)
        }
        guard let view = try map() else {
            throw StoreError.damaged(file: indexPath, location: "header", problem: "the rebuilt index does not read back")
        }
        return view
    }

    /// The store cannot be written by this process (permissions, a read-only file system).
    static func isReadOnly(_ error: StoreError) -> Bool {
        switch error {
        case .permissionDenied: return true
        case .io(_, _, let code): return code == EROFS || code == EACCES || code == EPERM
        default: return false
        }
    }

    /// Uses rebuilt derived files from memory (the store is read-only to this process).
    private func keep(_ rebuilt: HistoryWriter.Rebuilt) throws -> IndexView {
        warnings.append("\(indexPath): the history index was missing or did not match the segments; rebuilt it in memory "
                        + "(the store is read-only here, so the next process rebuilds it again)")
        let index = MappedFile(memory: rebuilt.index)
        guard let view = IndexView(UnsafeRawBufferPointer(index.bytes), fingerprint: manifest.fingerprint) else {
            throw StoreError.damaged(file: indexPath, location: "header", problem: "the rebuilt index does not read back")
        }
        opened = (index, MappedFile(memory: rebuilt.text), MappedFile(memory: rebuilt.rows), view)
        let tasks = MappedFile(memory: rebuilt.taskIndex)
        taskIndex = (tasks, TaskIndex.entries(UnsafeRawBufferPointer(tasks.bytes), fingerprint: manifest.taskFingerprint) ?? 0)
        return view
    }

    private func map() throws -> IndexView? {
        guard let file = try MappedFile(path: indexPath, whole: false) else { return nil }
        guard let view = IndexView(UnsafeRawBufferPointer(file.bytes), fingerprint: manifest.fingerprint),
              view.count == manifest.records else { return nil }
        let text = try MappedFile(path: textPath, whole: false)
        let rows = try MappedFile(path: rowsPath, whole: false)
        guard (text?.bytes.count ?? 0) >= view.textBytes, (rows?.bytes.count ?? 0) >= view.rowBytes else { return nil }
        opened = (file, text, rows, view)
        return view
    }

    /// The folded search text of every record, the bytes the index points into.
    private var text: UnsafeBufferPointer<UInt8> {
        guard let file = opened?.text, let view = opened?.view else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(rebasing: file.bytes[..<view.textBytes])
    }

    // MARK: HistoryReader

    public var recordCount: Int { manifest.records }

    public func count(in view: WorkView) -> Int {
        guard let index = try? index() else { return 0 }
        switch view {
        case .closed: return index.closedCount
        case .archived: return index.archivedCount
        default: return 0
        }
    }

    public func row(in view: WorkView, at position: Int) -> HistoryRow? {
        guard let index = try? index(), position >= 0 else { return nil }
        switch view {
        case .closed where position < index.closedCount: return row(index, index.closed(position))
        case .archived where position < index.archivedCount: return row(index, index.archived(position))
        default: return nil
        }
    }

    public func record(number: String) throws -> Interaction? {
        let index = try index()
        guard let i = index.find(number: number) else { return nil }
        let record = try read(index.entry(i))
        guard record.number == number else {
            throw StoreError.damaged(file: indexPath, location: "entry \(i)", problem: "it points at \(record.number), not \(number)")
        }
        return record
    }

    public func task(number: String) throws -> RelatedTask? {
        guard !manifest.tasks.isEmpty else { return nil }
        let (file, count) = try tasks()
        guard let file, let entry = TaskIndex.find(number, in: UnsafeRawBufferPointer(file.bytes), count: count),
              Int(entry.segment) < manifest.tasks.count else { return nil }
        let path = directory + "/" + manifest.tasks[Int(entry.segment)].file
        let fd: Int32 = try lock.withLock {
            if let fd = taskFiles[Int(entry.segment)] { return fd }
            let fd = try Posix.openExisting(path, O_RDONLY, operation: "open task segment")
            taskFiles[Int(entry.segment)] = fd
            return fd
        }
        var line = [UInt8](repeating: 0, count: Int(entry.length))
        guard line.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, $0.count, off_t(entry.offset)) }) == line.count else {
            throw StoreError.damaged(file: path, location: "byte offset \(entry.offset)", problem: "the file ends before the task's line")
        }
        let task = try TaskIndex.decodeLine(line[...], file: path, offset: Int(entry.offset))
        guard task.number == number else { throw StoreError.damaged(file: path, location: "byte offset \(entry.offset)", problem: "it holds \(task.number), not \(number)") }
        return task
    }

    /// The task index, checked against the manifest; rebuilt from the task segments when it does not fit.
    func taskIndexFile() throws -> (MappedFile?, Int) { try tasks() }

    private func tasks() throws -> (MappedFile?, Int) {
        try lock.withLock {
            if let taskIndex { return taskIndex }
            let path = directory + "/" + TaskIndex.fileName(manifest.generation)
            let fingerprint = manifest.taskFingerprint
            if let file = try MappedFile(path: path, whole: false), let count = TaskIndex.entries(UnsafeRawBufferPointer(file.bytes), fingerprint: fingerprint) {
                taskIndex = (file, count)
                return (file, count)
            }
            let bytes = TaskIndex.bytes(try TaskIndex.scan(manifest.tasks, directory: directory), segments: manifest.tasks)
            var file: MappedFile?
            do {
                try Posix.replaceAtomically(path, with: bytes, directory: directory)
                file = try MappedFile(path: path, whole: false)
                warnings.append("\(path): the task index was missing or did not match the task segments; rebuilt it from them")
            } catch let error as StoreError where Self.isReadOnly(error) {
                file = MappedFile(memory: bytes)
                warnings.append("\(path): the task index was missing or did not match the task segments; rebuilt it in memory "
                                + "(the store is read-only here)")
            }
            let count = file.flatMap { TaskIndex.entries(UnsafeRawBufferPointer($0.bytes), fingerprint: fingerprint) } ?? 0
            taskIndex = (file, count)
            return (file, count)
        }
    }

    public func numbers(ofCustomer id: String) -> [String] {
        guard let index = try? index() else { return [] }
        return index.entries(ofCustomer: id).map { index.string(index.key($0, at: 0)) }
    }

    public func rows(ofCustomer id: String) -> [HistoryRow] {
        guard let index = try? index() else { return [] }
        return index.entries(ofCustomer: id).map { row(index, $0) }
    }

    public func search(_ query: SearchQuery, in view: WorkView, isCancelled: @Sendable () -> Bool) -> [Int]? {
        guard let index = try? index(), view == .closed || view == .archived else { return [] }
        guard let hits = matchingEntries(query, index, isCancelled: isCancelled) else { return nil }
        // The list's own order, filtered: positions come out sorted.
        let n = view == .closed ? index.closedCount : index.archivedCount
        var positions: [Int] = []
        for k in 0..<n where hits[view == .closed ? index.closed(k) : index.archived(k)] { positions.append(k) }
        return positions
    }

    /// Every entry whose text holds the query (all lists), newest first.
    public func search(_ query: SearchQuery) -> [HistoryRow] {
        guard let index = try? index(), let hits = matchingEntries(query, index, isCancelled: { false }) else { return [] }
        // Entries are in number order: newest first is from the end.
        return stride(from: index.count - 1, through: 0, by: -1).filter { hits[$0] }.map { row(index, $0) }
    }

    // MARK: Reading

    private func row(_ index: IndexView, _ i: Int) -> HistoryRow {
        let e = index.entry(i)
        var name = "", short = ""
        let start = Int(e.rowOffset), end = start + Int(e.rowLength)
        if let rows = opened?.rows, end <= rows.bytes.count {
            // "customer name<TAB>short description"
            let display = UnsafeBufferPointer(rebasing: rows.bytes[start..<end])
            let tab = display.firstIndex(of: 0x09) ?? display.endIndex
            name = String(decoding: UnsafeBufferPointer(rebasing: display[..<tab]), as: UTF8.self)
            short = tab < display.endIndex ? String(decoding: UnsafeBufferPointer(rebasing: display[(tab + 1)...]), as: UTF8.self) : ""
        }
        return HistoryRow(number: e.number, type: e.type, state: e.state, isArchived: e.isArchived,
                          openedFor: e.customer.isEmpty ? nil : e.customer, customerName: name, shortDescription: short,
                          openedAt: Instant(seconds: e.openedAt), closedAt: Instant(seconds: e.closedAt),
                          waitSeconds: e.wait, durationSeconds: e.duration)
    }

    /// Reads, checks and decodes one record's line.
    func read(_ e: HistoryIndexFormat.Entry) throws -> Interaction {
        guard Int(e.segment) < manifest.segments.count else {
            throw StoreError.damaged(file: indexPath, location: "entry \(e.number)", problem: "it names segment \(e.segment), which does not exist")
        }
        let file = directory + "/" + manifest.segments[Int(e.segment)].file
        let fd = try segment(Int(e.segment), path: file)
        var line = [UInt8](repeating: 0, count: Int(e.length))
        let n = line.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(e.offset)) }
        guard n == line.count else {
            throw StoreError.damaged(file: file, location: "byte offset \(e.offset)", problem: "the file ends before the record's line")
        }
        return try Self.decodeLine(line[...], file: file, offset: Int(e.offset))
    }

    /// One segment line: its checksum, then the record.
    static func decodeLine(_ line: ArraySlice<UInt8>, file: String, offset: Int) throws(StoreError) -> Interaction {
        let location = { "line \(lineNumber(in: file, at: offset)) (byte offset \(offset))" }
        if let problem = StoreFormat.verifyLine(line) {
            throw .damaged(file: file, location: location(), problem: problem.description)
        }
        // The line's own bytes, not a copy: a search's JSON reads tens of thousands.
        let fast: Interaction? = line.withUnsafeBufferPointer { buffer in
            var decoder = FastDecoder(buffer, from: 0, to: buffer.count)
            guard let r = try? decoder.interaction(), decoder.atEnd() else { return nil }
            return r
        }
        if let fast { return fast }
        do { return try JSONDecoder().decode(Interaction.self, from: Data(line)) } catch {
            throw .damaged(file: file, location: location(), problem: DamageReport.problem(error))
        }
    }

    /// The 1-based line at `offset` of a file (for messages only: it reads up to there).
    static func lineNumber(in file: String, at offset: Int) -> Int {
        guard let bytes = try? Posix.readAll(file) else { return 0 }
        return bytes.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    private func segment(_ ordinal: Int, path: String) throws -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        if let fd = segmentFiles[ordinal] { return fd }
        let fd = try Posix.openExisting(path, O_RDONLY, operation: "open history segment")
        segmentFiles[ordinal] = fd
        return fd
    }

    /// Which entries' text holds the query, as a flag per entry. The text is scanned with
    /// `memmem` in chunks on all cores; a chunk walks the by-text order alongside its hits
    /// (they come in text order), so a hit costs a step, not a search, and the answer needs no
    /// sorting: callers read it in whatever order they list.
    private func matchingEntries(_ query: SearchQuery, _ index: IndexView, isCancelled: @Sendable () -> Bool) -> [Bool]? {
        let needle = query.needle
        opened?.text?.willRead()
        let text = self.text
        guard !needle.isEmpty, let base = text.baseAddress, text.count >= needle.count, index.count > 0 else {
            return [Bool](repeating: query.isEmpty, count: index.count)
        }
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 4, text.count / (1 << 20)))
        let size = (text.count + chunks - 1) / chunks
        final class Found: @unchecked Sendable {
            var flags: [Bool]
            var stopped = false
            init(_ n: Int) { flags = [Bool](repeating: false, count: n) }
        }
        let found = Found(index.count)
        nonisolated(unsafe) let start = base
        let total = text.count
        found.flags.withUnsafeMutableBufferPointer { flagBuffer in
            nonisolated(unsafe) let flags = flagBuffer
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lo = chunk * size, hi = min(total, lo + size + needle.count - 1)
                guard lo < hi else { return }
                // k: position in by-text order of the record holding `at`.
                var k = index.textPosition(atOrBefore: lo)
                var at = lo, checks = 0
                needle.withUnsafeBytes { n in
                    while at < hi {
                        checks += 1
                        if checks % 1024 == 0, isCancelled() { found.stopped = true; return }
                        guard let p = fd_memmem(start + at, hi - at, n.baseAddress, n.count) else { break }
                        let offset = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - start
                        guard offset < lo + size else { break }
                        while k + 1 < index.count, index.textStart(k + 1) <= offset { k += 1 }
                        // Distinct entries per byte range, so chunks never write the same flag
                        // except for a record straddling two chunks (the same value either way).
                        flags[index.byText(k)] = true
                        // One hit per record: go on after this record's text.
                        at = k + 1 < index.count ? max(offset + 1, index.textStart(k + 1)) : hi
                    }
                }
            }
        }
        if found.stopped || isCancelled() { return nil }
        return found.flags
    }

    func customerName(_ id: String) -> String { customerNames[id] ?? id }
}
