import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// What reports read from history, kept so a year's report decodes no JSON: one fixed-width
/// row of `InteractionFacts` per record in history, sorted by when it was opened. A derived
/// file like the index (`facts-<generation>.bin`, tied to the manifest by its fingerprint):
/// written by the compaction that writes the index, and rebuilt from the segments when it is
/// missing, stale or damaged.
///
/// Only what does not depend on the reader is stored: the hour and day opened are worked out
/// at read time in the report's zone, and the service level (`Desk.metTarget`) from the two
/// raw instants kept for it under the queues' calendars as they are then, so changing a
/// calendar needs no rebuild.
///
/// Layout, little-endian: a 64-byte header (magic, fingerprint, rows, strings, string bytes,
/// a checksum of the header and the string table), `rows` rows of `rowSize` bytes, then the
/// string table: `strings + 1` UInt32 offsets and the UTF-8 bytes. Strings (queue, agent,
/// reason, wrap-up code) are stored as 1-based ids into it, 0 for none.
enum FactsFile {
    static let magic = Array("FDFACT01".utf8)
    static let headerSize = 64
    static let rowSize = 112
    /// Int64.min stands for "not known" in an instant or duration column.
    static let none = Int64.min

    static func name(_ generation: Int) -> String {
        let digits = String(generation)
        return "facts-" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".bin"
    }

    /// Strings to ids, in the order first seen; a new file starts with the old file's table so
    /// the old rows' ids stay valid and their bytes are copied as they are.
    struct Strings {
        private(set) var list: [String] = []
        private var ids: [String: UInt32] = [:]

        init(_ list: [String] = []) {
            for s in list { _ = id(s) }
        }

        mutating func id(_ s: String?) -> UInt32 {
            guard let s else { return 0 }
            if let id = ids[s] { return id }
            list.append(s)
            ids[s] = UInt32(list.count)
            return UInt32(list.count)
        }
    }

    /// One record's row.
    static func row(_ f: InteractionFacts, strings: inout Strings) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rowSize)
        HistoryIndexFormat.appendKey(f.number, to: &out)
        for value in [f.openedAt.seconds, f.acceptedAt?.seconds ?? none, f.closedAt?.seconds ?? none, f.waitSeconds ?? none,
                      f.handleSeconds ?? none, f.holdSeconds, f.serviceWaitFrom?.seconds ?? none, f.answeredAt?.seconds ?? none] {
            append(value, to: &out)
        }
        for id in [strings.id(f.queue), strings.id(f.agent), strings.id(f.reason), strings.id(f.wrapUpCode)] { append(id, to: &out) }
        append(UInt32(clamping: f.transfers), to: &out)
        append(UInt32(clamping: f.replies), to: &out)
        out.append(UInt8(InteractionType.everyType.firstIndex(of: f.channel) ?? 0))
        out.append(UInt8(ReportOutcome.allCases.firstIndex(of: f.outcome) ?? 0))
        out.append(UInt8(clamping: f.rating ?? 0))
        out.append(contentsOf: repeatElement(0, count: rowSize - out.count))
        return out
    }

    /// The whole file: `rows` (already `rowSize` each, sorted by opened) and the string table.
    static func bytes(rows: [UInt8], strings: [String], fingerprint: UInt64) -> [UInt8] {
        let table = table(strings)
        return header(rows: rows.count / rowSize, strings: strings.count, table: table, fingerprint: fingerprint)
            + rows + table.offsets + table.bytes
    }

    /// The string table as stored after the rows: `strings + 1` offsets, then the UTF-8 bytes.
    static func table(_ strings: [String]) -> (offsets: [UInt8], bytes: [UInt8]) {
        var table: [UInt8] = []
        var offsets: [UInt8] = []
        var at: UInt32 = 0
        for s in strings {
            append(at, to: &offsets)
            table.append(contentsOf: s.utf8)
            at += UInt32(s.utf8.count)
        }
        append(at, to: &offsets)
        return (offsets, table)
    }

    /// The 64-byte header, whose checksum covers itself and the string table.
    static func header(rows: Int, strings: Int, table: (offsets: [UInt8], bytes: [UInt8]), fingerprint: UInt64) -> [UInt8] {
        var header = magic
        append(fingerprint, to: &header)
        append(UInt64(rows), to: &header)
        append(UInt64(strings), to: &header)
        append(UInt64(table.bytes.count), to: &header)
        let crc = Checksum.update(Checksum.update(Checksum.update(Checksum.initial, header), table.offsets), table.bytes)
        append(crc, to: &header)
        header.append(contentsOf: repeatElement(0, count: headerSize - header.count))
        return header
    }

    /// The rows' order: opened, then number.
    static func openedThenNumber(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer) -> Bool {
        let x = a.loadUnaligned(fromByteOffset: 16, as: Int64.self), y = b.loadUnaligned(fromByteOffset: 16, as: Int64.self)
        return x != y ? x < y : memcmp(a, b, HistoryIndexFormat.keySize) < 0
    }

    /// Sorts rows (each `rowSize` bytes) by opened, then number.
    static func sorted(_ rows: [UInt8]) -> [UInt8] {
        let count = rows.count / rowSize
        let order: [Int] = rows.withUnsafeBytes { raw in
            func opened(_ i: Int) -> Int64 { raw.loadUnaligned(fromByteOffset: i * rowSize + 16, as: Int64.self) }
            return (0..<count).sorted { a, b in
                let x = opened(a), y = opened(b)
                return x != y ? x < y : compare(UnsafeRawBufferPointer(rebasing: raw[(a * rowSize)..<(a * rowSize + 16)]),
                                                UnsafeRawBufferPointer(rebasing: raw[(b * rowSize)..<(b * rowSize + 16)])) < 0
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(rows.count)
        for i in order { out.append(contentsOf: rows[(i * rowSize)..<((i + 1) * rowSize)]) }
        return out
    }
}

/// A facts file, mapped and checked against the manifest's fingerprint.
final class FactsView: @unchecked Sendable {
    private let file: MappedFile
    let count: Int
    let strings: [String]
    private var base: UnsafeRawBufferPointer { UnsafeRawBufferPointer(file.bytes) }

    /// nil when the bytes are not a whole facts file for `fingerprint` (stale or damaged).
    init?(_ file: MappedFile, fingerprint: UInt64) {
        let raw = UnsafeRawBufferPointer(file.bytes)
        let F = FactsFile.self
        guard raw.count >= F.headerSize, Array(raw[0..<8]) == F.magic,
              raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == fingerprint else { return nil }
        let rows = Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let stringCount = Int(raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        let tableBytes = Int(raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self))
        let tableStart = F.headerSize + rows * F.rowSize
        let bytesStart = tableStart + (stringCount + 1) * 4
        guard rows >= 0, stringCount >= 0, tableBytes >= 0, rows < Int.max / F.rowSize,
              raw.count == bytesStart + tableBytes else { return nil }
        let crc = Checksum.update(Checksum.update(Checksum.update(Checksum.initial, Array(raw[0..<40])),
                                                  Array(raw[tableStart..<bytesStart])), Array(raw[bytesStart..<raw.count]))
        guard raw.loadUnaligned(fromByteOffset: 40, as: UInt32.self) == crc else { return nil }
        var strings: [String] = []
        strings.reserveCapacity(stringCount)
        for i in 0..<stringCount {
            let a = Int(raw.loadUnaligned(fromByteOffset: tableStart + 4 * i, as: UInt32.self))
            let b = Int(raw.loadUnaligned(fromByteOffset: tableStart + 4 * i + 4, as: UInt32.self))
            guard a <= b, b <= tableBytes else { return nil }
            strings.append(String(decoding: raw[(bytesStart + a)..<(bytesStart + b)], as: UTF8.self))
        }
        self.file = file
        self.count = rows
        self.strings = strings
    }

    @inline(__always) private func offset(_ i: Int) -> Int { FactsFile.headerSize + i * FactsFile.rowSize }
    @inline(__always) private func i64(_ i: Int, _ at: Int) -> Int64 { base.loadUnaligned(fromByteOffset: offset(i) + at, as: Int64.self) }
    @inline(__always) private func u32(_ i: Int, _ at: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: offset(i) + at, as: UInt32.self) }

    func openedAt(_ i: Int) -> Int64 { i64(i, 16) }
    func rawRow(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: base[offset(i)..<(offset(i) + FactsFile.rowSize)]) }
    func number(_ i: Int) -> String {
        let key = UnsafeRawBufferPointer(rebasing: base[offset(i)..<(offset(i) + HistoryIndexFormat.keySize)])
        return String(decoding: key.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The first row opened at or after `seconds` (rows are sorted by opened).
    func firstOpened(atOrAfter seconds: Int64) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if openedAt(mid) < seconds { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Row `i` as facts, with the hour and day opened in `zone`; `metTarget` is left to the desk.
    func facts(_ i: Int, zone: ZoneOffsets) -> InteractionFacts {
        func instant(_ at: Int) -> Instant? { let v = i64(i, at); return v == FactsFile.none ? nil : Instant(seconds: v) }
        func seconds(_ at: Int) -> Int64? { let v = i64(i, at); return v == FactsFile.none ? nil : v }
        func string(_ at: Int) -> String? { let id = Int(u32(i, at)); return id > 0 && id <= strings.count ? strings[id - 1] : nil }
        let flags = offset(i) + 104
        let channel = Int(base[flags]), outcome = Int(base[flags + 1]), rating = Int(base[flags + 2])
        let opened = Instant(seconds: openedAt(i))
        let local = zone.local(opened)
        return InteractionFacts(
            number: number(i), channel: InteractionType.everyType[channel % InteractionType.everyType.count],
            queue: string(80), agent: string(84), reason: string(88), wrapUpCode: string(92),
            openedAt: opened, acceptedAt: instant(24), closedAt: instant(32),
            outcome: ReportOutcome.allCases[outcome % ReportOutcome.allCases.count], waitSeconds: seconds(40), metTarget: nil,
            handleSeconds: seconds(48), holdSeconds: i64(i, 56), transfers: Int(u32(i, 96)), replies: Int(u32(i, 100)),
            rating: rating == 0 ? nil : rating, hourOpened: local.minuteOfDay / 60, dayOpened: local.date,
            serviceWaitFrom: instant(64), answeredAt: instant(72))
    }
}
