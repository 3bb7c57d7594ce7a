import FrontdeskBackend
#if canImport(Glibc)
import Glibc
#endif

/// The rows of a side table (`sys_audit`, `sys_journal_field`, related records) kept on disk
/// as they are read, and found by the sys_id of the interaction they belong to when that
/// interaction's row comes: an export of a million interactions has several million of them,
/// which held in memory were most of an import's peak.
///
/// Each row is a few strings. They are appended to an unlinked temporary file in the order
/// they came; a fixed-size entry (the key's first 32 bytes, where the row's bytes are) goes
/// through `SortedRuns`, and `seal` merges the entries into key order in a second unlinked
/// file. Memory then holds the key of every 64th entry and a bit per row (used or not):
/// a lookup is a binary search there and one read of 64 entries, then the rows' bytes.
/// A key's rows come back in the order they were read (the merge is stable).
final class ServiceNowSideRows {
    /// A sys_id is 32 hex digits; a longer key sorts by its first 32 bytes and is compared whole.
    static let keyWidth = 32
    private static let entrySize = keyWidth + 12     // key, offset (8), length (4)
    private static let block = 64

    private let name: String
    private let runRecords: Int
    private var rowsFD: Int32 = -1
    private var rowsPath = ""
    private var unique = ""
    private var pending: [UInt8] = []
    private var rowBytes = 0
    private var runs: SortedRuns?
    private var entriesFD: Int32 = -1
    private var entriesPath = ""
    private var blockKeys: [UInt8] = []
    private var taken: [UInt64] = []
    private(set) var count = 0

    /// `runRecords`: entries sorted in memory at a time (small in tests, to make many runs).
    init(name: String, runRecords: Int = 65_536) {
        self.name = name
        self.runRecords = runRecords
    }

    deinit {
        if rowsFD >= 0 { close(rowsFD) }
        if entriesFD >= 0 { close(entriesFD) }
    }

    /// Where the files go: `$TMPDIR`, else /tmp. They are unlinked as soon as they are made.
    private static var directory: String {
        if let dir = getenv("TMPDIR"), dir.pointee != 0 { return String(cString: dir) }
        return "/tmp"
    }

    private static func prefix(_ key: String) -> [UInt8] {
        var bytes = Array(key.utf8.prefix(keyWidth))
        bytes += repeatElement(0, count: keyWidth - bytes.count)
        return bytes
    }

    /// Keeps one row of `key`. Rows may be added until `seal`.
    func add(key: String, _ fields: [String?]) throws(StoreError) {
        precondition(entriesFD < 0, "rows added after the table was sealed")
        if rowsFD < 0 {
            let dir = Self.directory
            var template = Array((dir + "/frontdesk-\(name)-XXXXXX").utf8CString)
            rowsFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            rowsPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if rowsFD >= 0 { _ = fcntl(rowsFD, F_SETFD, FD_CLOEXEC) }
            guard rowsFD >= 0 else { throw Posix.fail(rowsPath, "create") }
            unlink(rowsPath)
            // The other files are named after this one's inode: unique while it is open, so
            // two imports at once (in one process or two) never share a file.
            var info = stat()
            fstat(rowsFD, &info)
            unique = "frontdesk-\(name)-\(getpid())-\(info.st_ino)"
            runs = try SortedRuns(directory: dir, name: unique + ".runs", recordSize: Self.entrySize,
                                  runRecords: runRecords) { a, b in memcmp(a, b, Self.keyWidth) < 0 }
        }
        let bytes = Self.encode([key] + fields)
        var entry = Self.prefix(key)
        withUnsafeBytes(of: UInt64(rowBytes).littleEndian) { entry += $0 }
        withUnsafeBytes(of: UInt32(bytes.count).littleEndian) { entry += $0 }
        try runs!.append(entry)
        pending += bytes
        rowBytes += bytes.count
        count += 1
        if pending.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(StoreError) {
        guard !pending.isEmpty else { return }
        try Posix.writeAll(rowsFD, pending, path: rowsPath)
        pending.removeAll(keepingCapacity: true)
    }

    /// Puts the rows in key order; after it, `rows(of:)` answers.
    func seal() throws(StoreError) {
        guard let runs else { return }
        try flush()
        pending = []
        entriesPath = Self.directory + "/" + unique + ".entries"
        entriesFD = try Posix.openExisting(entriesPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, operation: "create")
        unlink(entriesPath)
        var out: [UInt8] = []
        var index = 0
        do {
            try runs.forEachInOrder { entry in
                if index % Self.block == 0 { blockKeys += entry[0..<Self.keyWidth] }
                out += entry
                index += 1
                if out.count >= 1 << 20 {
                    try Posix.writeAll(entriesFD, out, path: entriesPath)
                    out.removeAll(keepingCapacity: true)
                }
            }
            try Posix.writeAll(entriesFD, out, path: entriesPath)
        } catch let error as StoreError { throw error } catch { throw Posix.fail(entriesPath, "write", errno: EIO) }
        self.runs = nil
        taken = Array(repeating: 0, count: (count + 63) / 64)
    }

    /// The rows of `key`, in the order they were read, each as the fields it was added with
    /// and its place among all rows (for `take`); nil when it has none.
    func rows(of key: String) throws(StoreError) -> [(index: Int, fields: [String?])]? {
        guard count > 0 else { return nil }
        precondition(entriesFD >= 0, "rows looked up before the table was sealed")
        let want = Self.prefix(key)
        // The first block whose first key is not below the key's: its rows may start in the one before.
        var lo = 0, hi = blockKeys.count / Self.keyWidth
        while lo < hi {
            let mid = (lo + hi) / 2
            let below = blockKeys.withUnsafeBytes { all in want.withUnsafeBytes { memcmp(all.baseAddress! + mid * Self.keyWidth, $0.baseAddress!, Self.keyWidth) < 0 } }
            if below { lo = mid + 1 } else { hi = mid }
        }
        var index = max(0, lo - 1) * Self.block
        var found: [(index: Int, fields: [String?])] = []
        while index < count {
            let n = min(Self.block, count - index)
            let entries = try Self.read(entriesFD, at: index * Self.entrySize, count: n * Self.entrySize, path: entriesPath)
            for k in 0..<n {
                let order = entries.withUnsafeBytes { e in want.withUnsafeBytes { memcmp(e.baseAddress! + k * Self.entrySize, $0.baseAddress!, Self.keyWidth) } }
                if order < 0 { continue }
                if order > 0 { return found.isEmpty ? nil : found }
                let (offset, length) = entries.withUnsafeBytes { e in
                    (Int(UInt64(littleEndian: e.loadUnaligned(fromByteOffset: k * Self.entrySize + Self.keyWidth, as: UInt64.self))),
                     Int(UInt32(littleEndian: e.loadUnaligned(fromByteOffset: k * Self.entrySize + Self.keyWidth + 8, as: UInt32.self))))
                }
                let fields = Self.decode(try Self.read(rowsFD, at: offset, count: length, path: rowsPath))
                guard fields.first == key else { continue }     // another key with the same first 32 bytes
                found.append((index + k, Array(fields.dropFirst())))
            }
            index += n
        }
        return found.isEmpty ? nil : found
    }

    /// Marks a row as used, for `untaken`.
    func take(_ index: Int) {
        taken[index / 64] |= 1 << UInt64(index % 64)
    }

    /// Keys with rows not taken, and how many, for the summary.
    func untaken() throws(StoreError) -> [String: Int] {
        var left: [String: Int] = [:]
        guard count > 0 else { return left }
        var index = 0
        while index < count {
            let n = min(Self.block * 64, count - index)
            let entries = try Self.read(entriesFD, at: index * Self.entrySize, count: n * Self.entrySize, path: entriesPath)
            for k in 0..<n where taken[(index + k) / 64] & (1 << UInt64((index + k) % 64)) == 0 {
                let (offset, length) = entries.withUnsafeBytes { e in
                    (Int(UInt64(littleEndian: e.loadUnaligned(fromByteOffset: k * Self.entrySize + Self.keyWidth, as: UInt64.self))),
                     Int(UInt32(littleEndian: e.loadUnaligned(fromByteOffset: k * Self.entrySize + Self.keyWidth + 8, as: UInt32.self))))
                }
                if let key = Self.decode(try Self.read(rowsFD, at: offset, count: length, path: rowsPath)).first ?? nil {
                    left[key, default: 0] += 1
                }
            }
            index += n
        }
        return left
    }

    private static func read(_ fd: Int32, at offset: Int, count: Int, path: String) throws(StoreError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; throw Posix.fail(path, "read") }
            if n == 0 { throw Posix.fail(path, "read (cut short)", errno: EIO) }
            done += n
        }
        return bytes
    }

    // MARK: A row's bytes

    /// Each field as its length (UInt32, little-endian; all ones for nil) and its UTF-8.
    static func encode(_ fields: [String?]) -> [UInt8] {
        var out: [UInt8] = []
        for field in fields {
            guard let field else {
                out += [0xFF, 0xFF, 0xFF, 0xFF]
                continue
            }
            withUnsafeBytes(of: UInt32(field.utf8.count).littleEndian) { out += $0 }
            out += field.utf8
        }
        return out
    }

    static func decode(_ bytes: [UInt8]) -> [String?] {
        var fields: [String?] = []
        var i = 0
        while i + 4 <= bytes.count {
            let length = bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: i, as: UInt32.self)) }
            i += 4
            if length == .max { fields.append(nil); continue }
            let end = min(bytes.count, i + Int(length))
            fields.append(String(decoding: bytes[i..<end], as: UTF8.self))
            i = end
        }
        return fields
    }
}
