import FrontdeskCore

/// The binary index over history: a derived file, rebuilt from the segments whenever it is
/// missing, stale or damaged, and mapped read-only by every process (so its pages are shared).
///
/// Layout, little-endian: a 64-byte header, then `count` fixed-size entries sorted by number,
/// then four `UInt32` orders of entry positions: Closed (number descending, not archived),
/// Archived (number descending), by customer (customer ascending, number descending) and by
/// text offset (for turning a search hit into its record).
enum HistoryIndexFormat {
    // 04: search text folds accents too (SearchFolding); older indexes are rebuilt.
    static let magic = Array("FDHIDX04".utf8)
    static let headerSize = 64
    static let entrySize = 112
    static let keySize = 16

    /// One record's entry: where its line is and what a list row needs.
    struct Entry {
        var number: String
        var customer: String
        var segment: UInt32
        var flags: UInt32
        var offset: UInt64
        var length: UInt32
        var textLength: UInt32
        var textOffset: UInt64
        var openedAt: Int64
        var closedAt: Int64
        var wait: Int64
        var duration: Int64
        /// Where the row as shown ("customer name<TAB>short description") is in `rows.dat`.
        var rowOffset: UInt64
        var rowLength: UInt32

        var isArchived: Bool { flags & 0x10 != 0 }
        var state: InteractionState { flags & 0xF == 2 ? .closedAbandoned : .closedComplete }
        var type: InteractionType { InteractionType.everyType[Int((flags >> 8) & 0xF) % InteractionType.everyType.count] }

        static func flags(_ r: Interaction) -> UInt32 {
            let state: UInt32 = r.state == .closedAbandoned ? 2 : 1
            let type = UInt32(InteractionType.everyType.firstIndex(of: r.type) ?? 0)
            return state | (r.isArchived ? 0x10 : 0) | type << 8
        }

        func write(to out: inout [UInt8]) {
            HistoryIndexFormat.appendKey(number, to: &out)
            HistoryIndexFormat.appendKey(customer, to: &out)
            append(segment, to: &out); append(flags, to: &out)
            append(offset, to: &out); append(length, to: &out); append(textLength, to: &out)
            append(textOffset, to: &out)
            append(openedAt, to: &out); append(closedAt, to: &out); append(wait, to: &out); append(duration, to: &out)
            append(rowOffset, to: &out); append(rowLength, to: &out); append(UInt32(0), to: &out)
        }
    }

    /// Numbers and customer ids longer than a key stay in the working set (they cannot be indexed).
    static func fits(_ key: String) -> Bool { key.utf8.count <= keySize }

    static func appendKey(_ key: String, to out: inout [UInt8]) {
        let bytes = Array(key.utf8.prefix(keySize))
        out.append(contentsOf: bytes)
        out.append(contentsOf: repeatElement(0, count: keySize - bytes.count))
    }

    static func key(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        appendKey(text, to: &out)
        return out
    }

    static func header(fingerprint: UInt64, count: Int, closed: Int, archived: Int, textBytes: Int, rowBytes: Int) -> [UInt8] {
        var out = magic
        append(UInt32(1), to: &out); append(UInt32(0), to: &out)
        append(fingerprint, to: &out)
        append(UInt64(count), to: &out); append(UInt64(closed), to: &out); append(UInt64(archived), to: &out)
        append(UInt64(textBytes), to: &out)
        append(UInt64(rowBytes), to: &out)
        out.append(contentsOf: repeatElement(0, count: headerSize - out.count))
        return out
    }

    static func fileSize(count: Int, closed: Int, archived: Int) -> Int {
        headerSize + count * entrySize + 4 * (closed + archived + 2 * count) + 8 * count
    }
}

@inline(__always)
func append<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
}

/// Reads the entries of a mapped index in place.
struct IndexView: @unchecked Sendable {
    let base: UnsafeRawBufferPointer
    let count: Int
    let closedCount: Int
    let archivedCount: Int
    let textBytes: Int
    let rowBytes: Int

    typealias F = HistoryIndexFormat

    init?(_ base: UnsafeRawBufferPointer, fingerprint: UInt64) {
        guard base.count >= F.headerSize, base.prefix(8).elementsEqual(F.magic),
              base.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == 1,
              base.loadUnaligned(fromByteOffset: 16, as: UInt64.self) == fingerprint else { return nil }
        count = Int(base.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        closedCount = Int(base.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        archivedCount = Int(base.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
        textBytes = Int(base.loadUnaligned(fromByteOffset: 48, as: UInt64.self))
        rowBytes = Int(base.loadUnaligned(fromByteOffset: 56, as: UInt64.self))
        guard count >= 0, closedCount + archivedCount <= count,
              base.count == F.fileSize(count: count, closed: closedCount, archived: archivedCount) else { return nil }
        self.base = base
    }

    @inline(__always) func entryOffset(_ i: Int) -> Int { F.headerSize + i * F.entrySize }

    func key(_ i: Int, at field: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[(entryOffset(i) + field)..<(entryOffset(i) + field + F.keySize)])
    }

    func string(_ key: UnsafeRawBufferPointer) -> String {
        // A plain loop: the generic `firstIndex(of:)` was a tenth of a search's list.
        var end = 0
        while end < key.count, key[end] != 0 { end += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: key[..<end]), as: UTF8.self)
    }

    func entry(_ i: Int) -> HistoryIndexFormat.Entry {
        let o = entryOffset(i)
        func u32(_ at: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: o + at, as: UInt32.self) }
        func u64(_ at: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: o + at, as: UInt64.self) }
        func i64(_ at: Int) -> Int64 { base.loadUnaligned(fromByteOffset: o + at, as: Int64.self) }
        return .init(number: string(key(i, at: 0)), customer: string(key(i, at: 16)), segment: u32(32), flags: u32(36),
                     offset: u64(40), length: u32(48), textLength: u32(52), textOffset: u64(56),
                     openedAt: i64(64), closedAt: i64(72), wait: i64(80), duration: i64(88),
                     rowOffset: u64(96), rowLength: u32(104))
    }

    /// Where entry `i`'s search text is, read without building the entry.
    func text(_ i: Int) -> (offset: Int, length: Int) {
        let o = entryOffset(i)
        return (Int(base.loadUnaligned(fromByteOffset: o + 56, as: UInt64.self)), Int(base.loadUnaligned(fromByteOffset: o + 52, as: UInt32.self)))
    }

    /// The raw bytes of entry `i`.
    func rawEntry(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: base[entryOffset(i)..<(entryOffset(i) + F.entrySize)])
    }

    private func order(_ section: Int, _ i: Int) -> Int {
        Int(base.loadUnaligned(fromByteOffset: section + 4 * i, as: UInt32.self))
    }
    var closedSection: Int { F.headerSize + count * F.entrySize }
    var archivedSection: Int { closedSection + 4 * closedCount }
    var customerSection: Int { archivedSection + 4 * archivedCount }
    var textSection: Int { customerSection + 4 * count }

    func closed(_ i: Int) -> Int { order(closedSection, i) }
    func archived(_ i: Int) -> Int { order(archivedSection, i) }
    func byCustomer(_ i: Int) -> Int { order(customerSection, i) }
    func byText(_ i: Int) -> Int { order(textSection, i) }
    /// Text offsets in by-text order, apart from the entries: a search's lookups stay in 8
    /// bytes a record instead of touching a page of entries each.
    var textStartSection: Int { textSection + 4 * count }
    func textStart(_ i: Int) -> Int { Int(base.loadUnaligned(fromByteOffset: textStartSection + 8 * i, as: UInt64.self)) }

    /// Position of `number` among the entries (sorted by number), if present.
    func find(number: String) -> Int? {
        let wanted = F.key(number)
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let c = compare(key(mid, at: 0), wanted)
            if c == 0 { return mid }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Entry positions of a customer's records, newest first.
    func entries(ofCustomer id: String) -> [Int] {
        let wanted = F.key(id)
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if compare(key(byCustomer(mid), at: 16), wanted) < 0 { lo = mid + 1 } else { hi = mid }
        }
        var out: [Int] = []
        var i = lo
        while i < count, compare(key(byCustomer(i), at: 16), wanted) == 0 { out.append(byCustomer(i)); i += 1 }
        return out
    }

    /// The position in by-text order of the record whose text holds byte `offset`.
    func textPosition(atOrBefore offset: Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if textStart(mid) <= offset { lo = mid + 1 } else { hi = mid }
        }
        return max(0, lo - 1)
    }
}

@inline(__always)
func compare(_ a: UnsafeRawBufferPointer, _ b: some Collection<UInt8>) -> Int {
    var i = a.startIndex, j = b.startIndex
    while i < a.endIndex, j != b.endIndex {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i += 1; j = b.index(after: j)
    }
    return 0
}
