import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Writes history: a new segment of the records a compaction moves out of the working set,
/// their search text, and an index over every live segment.
enum HistoryWriter {
    typealias F = HistoryIndexFormat

    private static func oneLine(_ s: String) -> String {
        s.contains(where: { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" })
            ? String(s.map { $0 == "\n" || $0 == "\t" || $0 == "\r" || $0 == "\r\n" ? " " : $0 }) : s
    }

    /// A record's search text, one line: what search matches (number, customer, caller, short
    /// description, work notes and conversation, as `Desk.search` covers them), folded as
    /// the query is.
    static func textBlock(_ r: Interaction, customerName: String) -> [UInt8] {
        var folded = r.number + " " + customerName + " " + (r.caller.map { $0 + " " } ?? "") + r.shortDescription
        for note in r.workNotes { folded += " " + note.text }
        for line in r.transcript { folded += " " + line.text }
        for text in r.walkUpSearchTexts { folded += " " + text }
        return Array(SearchFolding.fold(oneLine(folded)).utf8) + [0x0A]
    }

    /// A record's row as a list shows it: "customer name<TAB>short description".
    static func rowBlock(_ r: Interaction, customerName: String) -> [UInt8] {
        Array(oneLine(customerName).utf8) + [0x09] + Array(oneLine(r.shortDescription).utf8) + [0x0A]
    }

    /// Moves `records` into segment `generation` and writes the index over the old segments and
    /// the new one. Nothing here is live until a snapshot names the manifest it returns.
    static func move(_ records: [Interaction], tasks: [RelatedTask] = [], customerName: (String?) -> String, from old: History?,
                     directory: String, generation: Int, now: Instant) throws -> HistoryManifest {
        let segment = try SegmentBuilder(from: old, directory: directory, generation: generation)
        do {
            try segment.add(records.sorted { $0.number < $1.number }, customerName: customerName)
            return try segment.finish(tasks: tasks, now: now)
        } catch {
            segment.abandon()
            throw error
        }
    }

    /// Writes one new segment a batch at a time (an import of a million records streams
    /// through it), appending to the segment, search text and row files as it goes and
    /// keeping only each record's index entry; `finish` writes the index over the old
    /// segments and the new one. Nothing here is live until a snapshot names the manifest.
    final class SegmentBuilder {
        let directory: String
        let generation: Int
        private let old: History?
        private let oldView: IndexView?
        private let ordinal: UInt32
        private let textBase: Int, rowBase: Int
        private var segmentFile: Int32, textFile: Int32, rowsFile: Int32
        private var segmentBytes = 0, textBytes = 0, rowBytes = 0
        /// Index entries of the new records, `F.entrySize` bytes each, sorted by number in runs
        /// on disk: an import of a million records holds a run's worth, not all of them.
        private let fresh: SortedRuns
        private(set) var count = 0
        private let chunks: Int
        /// The report facts of the new records, merged at `finish` with the old facts file's
        /// rows; nil when the old history has no facts file to merge with (rebuilt at first need).
        private var facts: FreshFacts?

        var segmentPath: String { directory + "/" + HistoryManifest.segmentName(generation) }

        /// `runRecords`: how many new index entries (and facts rows) are held in memory before
        /// they go to disk as a sorted run.
        /// `onAllCores`: records are encoded in parallel (an import, which waits on it); a
        /// compaction, beside a desk at work, keeps to its one background thread.
        init(from old: History?, directory: String, generation: Int, runRecords: Int = 32_768, onAllCores: Bool = false) throws {
            try Posix.makeDirectory(directory)
            chunks = onAllCores ? ProcessInfo.processInfo.activeProcessorCount * 2 : 1
            self.directory = directory
            self.generation = generation
            self.old = old
            oldView = try old?.index()
            ordinal = UInt32(old?.manifest.segments.count ?? 0)
            textBase = oldView?.textBytes ?? 0
            rowBase = oldView?.rowBytes ?? 0
            segmentFile = -1; textFile = -1; rowsFile = -1
            fresh = try SortedRuns(directory: directory, name: "index-runs.tmp", recordSize: F.entrySize,
                                   runRecords: runRecords) { a, b in
                memcmp(a, b, F.keySize) < 0
            }
            segmentFile = try Self.open(directory + "/" + HistoryManifest.segmentName(generation), at: 0)
            textFile = try Self.open(directory + "/" + HistoryManifest.textName, at: textBase)
            rowsFile = try Self.open(directory + "/" + HistoryManifest.rowsName, at: rowBase)
            if let old {
                facts = try (try? old.storedFacts()).flatMap { $0 }.map { try FreshFacts(old: $0, directory: directory, runRecords: runRecords) }
            } else {
                facts = try FreshFacts(old: nil, directory: directory, runRecords: runRecords)
            }
        }

        deinit { closeFiles() }

        private func closeFiles() {
            for fd in [segmentFile, textFile, rowsFile] where fd >= 0 { close(fd) }
            segmentFile = -1; textFile = -1; rowsFile = -1
        }

        /// Opens a file for writing from `base`, dropping whatever a cut-short writer left after it.
        private static func open(_ path: String, at base: Int) throws(StoreError) -> Int32 {
            let fd = try Posix.openExisting(path, O_RDWR | O_CREAT)
            guard ftruncate(fd, off_t(base)) == 0, lseek(fd, off_t(base), SEEK_SET) >= 0 else {
                close(fd)
                throw Posix.fail(path, "truncate")
            }
            return fd
        }

        func add(_ records: [Interaction], customerName: (String?) -> String) throws {
            try add(records, names: records.map { customerName($0.openedFor) })
        }

        /// `names`: each record's customer's name, in order.
        func add(_ records: [Interaction], names: [String]) throws {
            var segment: [UInt8] = [], text: [UInt8] = [], rows: [UInt8] = []
            var raw: [UInt8] = []
            raw.reserveCapacity(F.entrySize)
            // Each record's line, search text and row are its own: made on all cores (most of
            // an import's time), then written in order, so the bytes are what one thread makes.
            let encoded = ChunkedParallel.map(count: records.count, chunks: records.count < 256 ? 1 : chunks) { range in
                range.map { k in
                    (line: StoreFormat.checksummedLine(FastEncoder.interaction(records[k])),
                     block: textBlock(records[k], customerName: names[k]), row: rowBlock(records[k], customerName: names[k]))
                }
            }
            for (r, made) in zip(records, encoded) {
                let (line, block, row) = made
                entry(for: r, segment: ordinal, offset: segmentBytes + segment.count, length: line.count - 1,
                      textOffset: textBase + textBytes + text.count, textLength: block.count,
                      rowOffset: rowBase + rowBytes + rows.count, rowLength: row.count - 1).write(to: &raw)
                try fresh.append(raw)
                raw.removeAll(keepingCapacity: true)
                segment.append(contentsOf: line)
                text.append(contentsOf: block)
                rows.append(contentsOf: row)
                try facts?.add(r)
            }
            try Posix.writeAll(segmentFile, segment, path: segmentPath)
            try Posix.writeAll(textFile, text, path: directory + "/" + HistoryManifest.textName)
            try Posix.writeAll(rowsFile, rows, path: directory + "/" + HistoryManifest.rowsName)
            segmentBytes += segment.count; textBytes += text.count; rowBytes += rows.count
            count += records.count
        }

        /// Makes the files durable and writes the index: old entries, less those the new
        /// segment supersedes, merged with the new ones by number.
        func finish(tasks: [RelatedTask], now: Instant) throws -> HistoryManifest {
            try Posix.sync(segmentFile, path: segmentPath)
            try Posix.sync(textFile, path: directory + "/" + HistoryManifest.textName)
            try Posix.sync(rowsFile, path: directory + "/" + HistoryManifest.rowsName)
            closeFiles()
            let segmentName = HistoryManifest.segmentName(generation)
            var manifest = old?.manifest ?? HistoryManifest(generation: generation, segments: [], records: 0, compactedAt: now)
            manifest.segments.append(.init(file: segmentName, records: count, bytes: segmentBytes))
            manifest.generation = generation
            manifest.compactedAt = now
            try writeMergedIndex(&manifest)
            try moveTasks(tasks, into: &manifest, from: old, directory: directory, generation: generation)
            if let facts {
                try facts.write(to: directory + "/" + FactsFile.name(generation), fingerprint: manifest.fingerprint, directory: directory)
                self.facts = nil
            }
            try Posix.syncDirectory(directory)
            return manifest
        }

        /// Writes the index over the old entries, less those a new version supersedes, and the
        /// new ones, merged by number as they stream from the runs on disk; the four orders are
        /// sorted from compact keys (24 and 16 bytes a record), not from the entries. Sets the
        /// manifest's record count, which its fingerprint (in the header) covers.
        private func writeMergedIndex(_ manifest: inout HistoryManifest) throws {
            let file = try StreamedFile(directory + "/" + HistoryManifest.indexName(manifest.generation))
            try file.write(repeatElement(UInt8(0), count: F.headerSize))
            var orders = IndexOrders()
            let oldCount = oldView?.count ?? 0
            var i = 0
            func emit(_ entry: UnsafeRawBufferPointer) throws {
                try file.write(entry)
                orders.add(entry)
            }
            try fresh.forEachInOrder { entry in
                let key = UnsafeRawBufferPointer(rebasing: entry[0..<F.keySize])
                while i < oldCount, let view = oldView {
                    let c = compare(view.key(i, at: 0), key)
                    if c > 0 { break }
                    i += 1
                    if c == 0 { break }     // superseded by the newer version
                    try emit(view.rawEntry(i - 1))
                }
                try emit(entry)
            }
            while i < oldCount, let view = oldView {
                try emit(view.rawEntry(i))
                i += 1
            }
            manifest.records = orders.count
            try orders.write(to: file)
            try file.patch(F.header(fingerprint: manifest.fingerprint, count: orders.count, closed: orders.closed.count,
                                    archived: orders.archived.count, textBytes: textBase + textBytes, rowBytes: rowBase + rowBytes), at: 0)
            try file.commit(directory: directory)
        }

        /// Removes the new segment (the text and row files are cut back by the next writer).
        func abandon() {
            closeFiles()
            unlink(segmentPath)
        }
    }

    /// The derived files rebuilt from the segments, before they are written (a read-only
    /// store keeps them in memory instead).
    struct Rebuilt {
        var index: [UInt8]
        var text: [UInt8]
        var rows: [UInt8]
        var taskIndex: [UInt8]

        func write(to history: History) throws {
            let d = history.directory
            try Posix.replaceAtomically(d + "/" + HistoryManifest.textName, with: text, directory: d)
            try Posix.replaceAtomically(d + "/" + HistoryManifest.rowsName, with: rows, directory: d)
            try Posix.replaceAtomically(d + "/" + TaskIndex.fileName(history.manifest.generation), with: taskIndex, directory: d)
            try Posix.replaceAtomically(d + "/" + HistoryManifest.indexName(history.manifest.generation), with: index, directory: d)
        }
    }

    /// Rebuilds the index, the search text and the rows from the segments alone.
    static func rebuild(_ history: History) throws -> Rebuilt {
        var entries: [[UInt8]] = []
        var text: [UInt8] = [], rows: [UInt8] = []
        var position: [String: Int] = [:]
        for (ordinal, segment) in history.manifest.segments.enumerated() {
            let path = history.directory + "/" + segment.file
            guard let bytes = try Posix.readAll(path) else {
                throw StoreError.damaged(file: path, location: "whole file", problem: "the history segment is missing")
            }
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                let r = try History.decodeLine(bytes[start..<end], file: path, offset: start)
                let block = textBlock(r, customerName: history.customerName(r.openedFor ?? ""))
                let row = rowBlock(r, customerName: history.customerName(r.openedFor ?? ""))
                var raw: [UInt8] = []
                entry(for: r, segment: UInt32(ordinal), offset: start, length: end - start,
                      textOffset: text.count, textLength: block.count, rowOffset: rows.count, rowLength: row.count - 1).write(to: &raw)
                text.append(contentsOf: block)
                rows.append(contentsOf: row)
                // A later segment holds the newer version.
                if let at = position[r.number] { entries[at] = raw } else { position[r.number] = entries.count; entries.append(raw) }
                start = end + 1
            }
        }
        entries.sort { $0.prefix(F.keySize).lexicographicallyPrecedes($1.prefix(F.keySize)) }
        var manifest = history.manifest
        manifest.records = entries.count
        let taskIndex = TaskIndex.bytes(try TaskIndex.scan(manifest.tasks, directory: history.directory), segments: manifest.tasks)
        return Rebuilt(index: indexBytes(entries.flatMap { $0 }, manifest: manifest, textBytes: text.count, rowBytes: rows.count),
                       text: text, rows: rows, taskIndex: taskIndex)
    }

    /// Writes the tasks leaving the working set as a task segment and the task index over all
    /// task segments (an index is written for every generation, so it always fits its manifest).
    private static func moveTasks(_ tasks: [RelatedTask], into manifest: inout HistoryManifest, from old: History?,
                                  directory: String, generation: Int) throws {
        var entries: [[UInt8]] = []
        if let old, !old.manifest.tasks.isEmpty {
            entries = try TaskIndex.scanIndex(old)
        }
        if !tasks.isEmpty {
            var segment: [UInt8] = []
            let encoder = StoreFormat.encoder()
            let ordinal = UInt32(manifest.tasks.count)
            for task in tasks.sorted(by: { $0.number < $1.number }) {
                let line = StoreFormat.checksummedLine([UInt8](try encoder.encode(task)))
                entries.append(TaskIndex.Entry(number: task.number, segment: ordinal, offset: UInt64(segment.count),
                                               length: UInt32(line.count - 1)).raw())
                segment.append(contentsOf: line)
            }
            let name = TaskIndex.segmentName(generation)
            try Posix.replaceAtomically(directory + "/" + name, with: segment, directory: directory)
            manifest.tasks.append(.init(file: name, records: tasks.count, bytes: segment.count))
        }
        try TaskIndex.write(entries, segments: manifest.tasks, generation: generation, directory: directory)
    }

    private static func entry(for r: Interaction, segment: UInt32, offset: Int, length: Int,
                              textOffset: Int, textLength: Int, rowOffset: Int, rowLength: Int) -> F.Entry {
        let closedAt = r.closedAt ?? r.lastChangeAt
        let timers = r.timers(at: closedAt)
        return F.Entry(number: r.number, customer: r.openedFor ?? "", segment: segment, flags: F.Entry.flags(r),
                       offset: UInt64(offset), length: UInt32(length), textLength: UInt32(textLength),
                       textOffset: UInt64(textOffset), openedAt: r.openedAt.seconds, closedAt: closedAt.seconds,
                       wait: timers.wait, duration: timers.duration, rowOffset: UInt64(rowOffset), rowLength: UInt32(rowLength))
    }

    private static func indexBytes(_ entries: [UInt8], manifest: HistoryManifest, textBytes: Int, rowBytes: Int) -> [UInt8] {
        let count = entries.count / F.entrySize
        let orders: (closed: [UInt32], archived: [UInt32], customer: [UInt32], text: [UInt32]) = entries.withUnsafeBytes { raw in
            func flags(_ i: Int) -> UInt32 { raw.loadUnaligned(fromByteOffset: i * F.entrySize + 36, as: UInt32.self) }
            func u64(_ i: Int, _ at: Int) -> UInt64 { raw.loadUnaligned(fromByteOffset: i * F.entrySize + at, as: UInt64.self) }
            func key(_ i: Int, _ at: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: raw[(i * F.entrySize + at)..<(i * F.entrySize + at + F.keySize)])
            }
            var closed: [UInt32] = [], archived: [UInt32] = []
            for i in stride(from: count - 1, through: 0, by: -1) {
                if flags(i) & 0x10 != 0 { archived.append(UInt32(i)) } else { closed.append(UInt32(i)) }
            }
            // Customer ascending, then newest (highest number, i.e. highest position) first.
            let customer = (0..<count).map(UInt32.init).sorted { a, b in
                let c = compare(key(Int(a), 16), key(Int(b), 16))
                return c != 0 ? c < 0 : a > b
            }
            let text = (0..<count).map(UInt32.init).sorted { u64(Int($0), 56) < u64(Int($1), 56) }
            return (closed, archived, customer, text)
        }
        var out = F.header(fingerprint: manifest.fingerprint, count: count, closed: orders.closed.count,
                           archived: orders.archived.count, textBytes: textBytes, rowBytes: rowBytes)
        out.reserveCapacity(F.fileSize(count: count, closed: orders.closed.count, archived: orders.archived.count))
        out.append(contentsOf: entries)
        for order in [orders.closed, orders.archived, orders.customer, orders.text] {
            order.withUnsafeBytes { out.append(contentsOf: $0) }
        }
        entries.withUnsafeBytes { raw in
            for i in orders.text {
                let start = raw.loadUnaligned(fromByteOffset: Int(i) * F.entrySize + 56, as: UInt64.self)
                withUnsafeBytes(of: start.littleEndian) { out.append(contentsOf: $0) }
            }
        }
        return out
    }
}

/// The index's four orders, gathered as the merged entries are written: Closed and Archived
/// (number descending), by customer (customer ascending, then number descending) and by text
/// offset, with the text offsets in that order after them.
struct IndexOrders {
    private struct CustomerKey { var high: UInt64, low: UInt64, position: UInt32 }
    private struct TextKey { var offset: UInt64, position: UInt32 }
    private(set) var closed: [UInt32] = [], archived: [UInt32] = []
    private var customers: [CustomerKey] = []
    private var texts: [TextKey] = []
    private(set) var count = 0

    mutating func add(_ entry: UnsafeRawBufferPointer) {
        let position = UInt32(count)
        count += 1
        if entry.loadUnaligned(fromByteOffset: 36, as: UInt32.self) & 0x10 != 0 { archived.append(position) } else { closed.append(position) }
        // The key's bytes read big-endian: comparing the integers compares the bytes.
        customers.append(CustomerKey(high: UInt64(bigEndian: entry.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                                     low: UInt64(bigEndian: entry.loadUnaligned(fromByteOffset: 24, as: UInt64.self)), position: position))
        texts.append(TextKey(offset: entry.loadUnaligned(fromByteOffset: 56, as: UInt64.self), position: position))
    }

    /// Writes the orders after the entries, freeing each as it goes.
    mutating func write(to file: StreamedFile) throws(StoreError) {
        func put(_ value: some FixedWidthInteger) throws(StoreError) {
            try withUnsafeBytes(of: value.littleEndian) { (raw) throws(StoreError) in try file.write(raw) }
        }
        for p in closed.reversed() { try put(p) }
        for p in archived.reversed() { try put(p) }
        customers.sort { a, b in
            a.high != b.high ? a.high < b.high : a.low != b.low ? a.low < b.low : a.position > b.position
        }
        for key in customers { try put(key.position) }
        customers = []
        texts.sort { a, b in a.offset != b.offset ? a.offset < b.offset : a.position < b.position }
        for key in texts { try put(key.position) }
        for key in texts { try put(key.offset) }
        texts = []
    }
}

/// The facts rows a compaction adds, and the old facts file they are merged into: old rows
/// keep their bytes (the new string table starts with the old one), less those a new version
/// supersedes, and both runs stay sorted by opened. The new rows wait sorted in runs on disk.
struct FreshFacts {
    let old: FactsView?
    var strings: FactsFile.Strings
    let rows: SortedRuns
    /// The new rows' numbers, to leave out the old rows they supersede (kept only when there are old rows).
    var numbers = Set<String>()

    init(old: FactsView?, directory: String, runRecords: Int) throws(StoreError) {
        self.old = old
        strings = FactsFile.Strings(old?.strings ?? [])
        rows = try SortedRuns(directory: directory, name: "facts-runs.tmp", recordSize: FactsFile.rowSize,
                              runRecords: runRecords, less: FactsFile.openedThenNumber)
    }

    mutating func add(_ r: Interaction) throws(StoreError) {
        try rows.append(FactsFile.row(InteractionFacts(stored: r), strings: &strings))
        if old != nil { numbers.insert(r.number) }
    }

    /// Writes the facts file: the old rows and the new merged by opened (an old row before a
    /// new one opened at the same second), then the string table.
    func write(to path: String, fingerprint: UInt64, directory: String) throws {
        let file = try StreamedFile(path)
        try file.write(repeatElement(UInt8(0), count: FactsFile.headerSize))
        var written = 0, i = 0
        let oldCount = old?.count ?? 0
        func emitOld(openedAtOrBefore limit: Int64) throws {
            while i < oldCount, let old, old.openedAt(i) <= limit {
                if numbers.isEmpty || !numbers.contains(old.number(i)) {
                    try file.write(old.rawRow(i))
                    written += 1
                }
                i += 1
            }
        }
        try rows.forEachInOrder { row in
            try emitOld(openedAtOrBefore: row.loadUnaligned(fromByteOffset: 16, as: Int64.self))
            try file.write(row)
            written += 1
        }
        try emitOld(openedAtOrBefore: .max)
        let table = FactsFile.table(strings.list)
        try file.write(table.offsets)
        try file.write(table.bytes)
        try file.patch(FactsFile.header(rows: written, strings: strings.list.count, table: table, fingerprint: fingerprint), at: 0)
        try file.commit(directory: directory)
    }
}
