import CZlib

/// Whether a journal line can hold a record or task with one of some numbers, from its bytes.
///
/// A reader applying another process's compaction must know which of the records it moved
/// the lines read since its point put back; decoding every such line cost a writer and a
/// console tens of milliseconds at each compaction. Numbers are written as `"number":"N"`
/// with nothing to escape, so a line without those bytes for any of them holds none of them;
/// only the lines that do are decoded.
enum JournalMentions {
    private static let key = Array("\"number\"".utf8)

    /// False only when the line surely holds none of `numbers`; a spelling this store does not
    /// write (space after the key, an escape in the value) counts as a mention.
    static func line(_ bytes: [UInt8], _ line: Range<Int>, mentionsAnyOf numbers: Set<String>) -> Bool {
        guard !numbers.isEmpty else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            var from = line.lowerBound
            while from < line.upperBound, let at = find(buffer, from..<line.upperBound) {
                let colon = at + key.count
                guard colon + 1 < line.upperBound, buffer[colon] == 0x3A, buffer[colon + 1] == 0x22 else { return true }
                let value = colon + 2
                guard let close = UnsafeBufferPointer(rebasing: buffer[value..<line.upperBound]).firstIndex(of: 0x22).map({ value + $0 })
                else { return true }
                let text = UnsafeBufferPointer(rebasing: buffer[value..<close])
                if text.contains(0x5C) || numbers.contains(String(decoding: text, as: UTF8.self)) { return true }
                from = close + 1
            }
            return false
        }
    }

    private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard let base = buffer.baseAddress, range.count >= key.count else { return nil }
        let hit = key.withUnsafeBytes { fd_memmem(base + range.lowerBound, range.count, $0.baseAddress, $0.count) }
        return hit.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
    }
}
