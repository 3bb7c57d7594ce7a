#if canImport(Glibc)
import Glibc
#endif

/// Fixed-size records kept on disk in sorted runs and read back merged, in order: how a
/// compaction or an import of a million records writes its index and facts, and the import
/// sorts its side tables, with memory flat in their number (a run's worth of records, and a
/// small buffer per run while merging).
///
/// The runs live in a file unlinked as soon as it is opened, so a crash leaves nothing behind.
/// Records that compare equal come back in the order they were added (the merge is stable),
/// as a stable sort of all of them would give.
package final class SortedRuns {
    package typealias Less = (UnsafeRawPointer, UnsafeRawPointer) -> Bool

    package let recordSize: Int
    private let runRecords: Int
    private let less: Less
    private let path: String
    private var fd: Int32
    private var pending: [UInt8] = []
    private var runs: [(offset: Int, count: Int)] = []
    private var spilledBytes = 0
    package private(set) var count = 0

    /// `less` orders two records given their first bytes; `runRecords` is how many are held
    /// in memory before they are sorted and written out as a run.
    package init(directory: String, name: String, recordSize: Int, runRecords: Int = 32_768, less: @escaping Less) throws(StoreError) {
        self.recordSize = recordSize
        self.runRecords = max(1, runRecords)
        self.less = less
        path = directory + "/" + name
        fd = try Posix.openExisting(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, operation: "create")
        unlink(path)
    }

    deinit { if fd >= 0 { close(fd) } }

    package func append(_ record: some Collection<UInt8>) throws(StoreError) {
        pending.append(contentsOf: record)
        count += 1
        if pending.count >= runRecords * recordSize { try spill() }
    }

    /// Sorts what is held and writes it out as one run.
    private func spill() throws(StoreError) {
        let n = pending.count / recordSize
        guard n > 0 else { return }
        let size = recordSize
        var sorted: [UInt8] = []
        sorted.reserveCapacity(pending.count)
        pending.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            // Ties keep the order they were added in.
            let order = (0..<n).sorted { a, b in
                if less(base + a * size, base + b * size) { return true }
                if less(base + b * size, base + a * size) { return false }
                return a < b
            }
            for i in order { sorted.append(contentsOf: raw[(i * size)..<((i + 1) * size)]) }
        }
        var done = 0
        while done < sorted.count {
            let wrote = sorted.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(spilledBytes + done)) }
            if wrote < 0 { if errno == EINTR { continue }; throw Posix.fail(path, "write") }
            done += wrote
        }
        runs.append((spilledBytes, n))
        spilledBytes += sorted.count
        pending.removeAll(keepingCapacity: false)
    }

    /// Calls `body` with every record, in order. Once only: the runs are read as they are merged.
    package func forEachInOrder(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        try spill()
        let readers = runs.map { RunReader(offset: $0.offset, count: $0.count, recordSize: recordSize) }
        for reader in readers { try reader.fill(fd, path: path) }
        while true {
            var best = -1
            for k in readers.indices where !readers[k].isDone {
                if best < 0 || less(readers[k].current, readers[best].current) { best = k }
            }
            guard best >= 0 else { break }
            try body(UnsafeRawBufferPointer(start: readers[best].current, count: recordSize))
            try readers[best].advance(fd, path: path)
        }
    }

    /// One run being read through a small buffer.
    private final class RunReader {
        private var next: Int       // file offset of the next record not yet buffered
        private var left: Int       // records of the run not yet buffered
        private let recordSize: Int
        private let buffer: UnsafeMutableRawBufferPointer
        private var at = 0, held = 0   // records in the buffer: position and how many

        init(offset: Int, count: Int, recordSize: Int) {
            next = offset; left = count
            self.recordSize = recordSize
            buffer = .allocate(byteCount: recordSize * max(1, min(count, 512)), alignment: 16)
        }

        deinit { buffer.deallocate() }

        var isDone: Bool { at >= held && left == 0 }
        var current: UnsafeRawPointer { UnsafeRawPointer(buffer.baseAddress! + at * recordSize) }

        func advance(_ fd: Int32, path: String) throws(StoreError) {
            at += 1
            if at >= held { try fill(fd, path: path) }
        }

        func fill(_ fd: Int32, path: String) throws(StoreError) {
            at = 0; held = 0
            let n = min(left, buffer.count / recordSize)
            guard n > 0 else { return }
            var got = 0
            while got < n * recordSize {
                let r = pread(fd, buffer.baseAddress! + got, n * recordSize - got, off_t(next + got))
                if r < 0 { if errno == EINTR { continue }; throw Posix.fail(path, "read") }
                if r == 0 { throw Posix.fail(path, "read (cut short)", errno: EIO) }
                got += r
            }
            next += got; left -= n; held = n
        }
    }
}
