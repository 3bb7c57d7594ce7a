import CZlib
import FrontdeskBackend
import FrontdeskCore
import Glibc

/// A snapshot's profile lines, kept as bytes and decoded one at a time (`StoredProfiles`).
///
/// The index is the lines themselves: the snapshot writes profiles one per line, sorted by
/// id, with sorted keys, so each line's id is found once at open (a short scan per line, no
/// decoding) and a lookup by id is a binary search. A lookup by identifier searches the
/// bytes for `"identifier":"…"}` (the last key of a line) and decodes only the lines it hits.
/// Built only for a snapshot whose checksum held, so every line is as the store wrote it.
struct SnapshotProfiles: StoredProfiles {
    /// The snapshot, mapped; the lines are ranges of it.
    private let file: MappedFile
    private let lines: [Range<Int>]
    /// Where each line's id lies (between its quotes), in the same order: ascending.
    private let idRanges: [Range<Int>]
    private var bytes: UnsafeBufferPointer<UInt8> { file.bytes }

    /// Nil when the lines are not in the layout above (the caller then decodes them all).
    init?(_ file: MappedFile, lines: [Range<Int>]) {
        let idKey = Array("\"id\":\"".utf8), identifierKey = Array(",\"identifier\":\"".utf8)
        let buffer = file.bytes
        var ids: [Range<Int>] = []
        ids.reserveCapacity(lines.count)
        for line in lines {
            guard line.count > 2, buffer[line.upperBound - 1] == 0x7D, buffer[line.upperBound - 2] == 0x22,
                  let key = Self.find(idKey, in: buffer, line) else { return nil }
            let start = key + idKey.count
            guard let close = UnsafeBufferPointer(rebasing: buffer[start..<line.upperBound]).firstIndex(of: 0x22) else { return nil }
            let id = start..<(start + close)
            // The identifier is the key after the id (sorted keys), and the line's last.
            guard UnsafeBufferPointer(rebasing: buffer[(id.upperBound + 1)..<line.upperBound]).starts(with: identifierKey) else { return nil }
            // Ascending, strictly: the binary search relies on it.
            if let previous = ids.last, !Self.less(buffer, previous, id) { return nil }
            ids.append(id)
        }
        self.file = file
        self.lines = lines
        idRanges = ids
    }

    var count: Int { lines.count }

    func profile(id: String) -> ChannelUserProfile? {
        index(of: id).flatMap(decode)
    }

    func ids(withIdentifier identifier: String) -> [String] {
        // Only text the encoder writes as is can be searched for as bytes; anything else
        // (escapes, non-ASCII) is compared decoded.
        guard identifier.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C && $0 != 0x2F }) else {
            return all().filter { $0.identifier == identifier }.map(\.id)
        }
        let needle = Array("\"identifier\":\"\(identifier)\"}".utf8)
        var found: [String] = []
        guard let first = lines.first, let last = lines.last else { return [] }
        do {
            // Only the profiles' part of the snapshot.
            let buffer = bytes, end = last.upperBound
            var from = first.lowerBound
            while let at = Self.find(needle, in: buffer, from..<end) {
                // The hit must end its line: a line is the only thing ending in `"}` there.
                let end = at + needle.count
                if let line = lineContaining(at), lines[line].upperBound == end {
                    found.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[idRanges[line]]), as: UTF8.self))
                }
                from = end
            }
        }
        return found
    }

    func greatestIDs() -> [String] {
        // Ids are sorted, so the last of each run of one prefix is that run's greatest.
        do {
            let buffer = bytes
            var out: [String] = []
            for k in idRanges.indices {
                let id = idRanges[k], next = k + 1 < idRanges.count ? idRanges[k + 1] : nil
                if let next, id.count > 7, next.count == id.count,
                   memcmp(buffer.baseAddress! + id.lowerBound, buffer.baseAddress! + next.lowerBound, id.count - 7) == 0 { continue }
                out.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[id]), as: UTF8.self))
            }
            return out
        }
    }

    func all() -> [ChannelUserProfile] { lines.indices.compactMap(decode) }

    private func decode(_ line: Int) -> ChannelUserProfile? {
        var decoder = FastDecoder(bytes, from: lines[line].lowerBound, to: lines[line].upperBound)
        guard let profile = try? decoder.profile(), decoder.atEnd() else { return nil }
        return profile
    }

    private func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { wanted in
            do {
                let buffer = bytes
                var low = 0, high = idRanges.count
                while low < high {
                    let mid = (low + high) / 2
                    let order = Self.compare(UnsafeBufferPointer(rebasing: buffer[idRanges[mid]]), wanted)
                    if order == 0 { return mid }
                    if order < 0 { low = mid + 1 } else { high = mid }
                }
                return nil
            }
        }
    }

    /// The line holding byte `offset`.
    private func lineContaining(_ offset: Int) -> Int? {
        var low = 0, high = lines.count
        while low < high {
            let mid = (low + high) / 2
            if lines[mid].upperBound <= offset { low = mid + 1 } else { high = mid }
        }
        return low < lines.count && lines[low].contains(offset) ? low : nil
    }

    private static func less(_ buffer: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
        compare(UnsafeBufferPointer(rebasing: buffer[a]), UnsafeBufferPointer(rebasing: buffer[b])) < 0
    }

    /// Byte order, which is `String`'s order for the ASCII ids the desk writes.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(a.count, b.count)
        if common > 0 {
            let order = memcmp(a.baseAddress!, b.baseAddress!, common)
            if order != 0 { return Int(order) }
        }
        return a.count - b.count
    }

    private static func find(_ needle: [UInt8], in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = buffer.baseAddress, range.count >= needle.count else { return nil }
        let hit = needle.withUnsafeBytes { fd_memmem(base + range.lowerBound, range.count, $0.baseAddress, $0.count) }
        return hit.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
    }
}
