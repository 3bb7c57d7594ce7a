import CZlib

/// CRC-32 (zlib's) of the store's bytes: each journal line and the snapshot carry one, so a
/// flipped bit is found and named instead of being read as data.
enum Checksum {
    static let initial: UInt32 = 0

    static func update(_ crc: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return UInt32(crc32_z(UInt(crc), base, bytes.count))
    }

    static func update(_ crc: UInt32, _ bytes: some Collection<UInt8>) -> UInt32 {
        bytes.withContiguousStorageIfAvailable { update(crc, $0) } ?? Array(bytes).withUnsafeBufferPointer { update(crc, $0) }
    }

    static func of(_ bytes: some Collection<UInt8>) -> UInt32 { update(initial, bytes) }

    /// Eight lower-case hex digits, the form written into the files.
    static func hex(_ crc: UInt32) -> [UInt8] {
        let digits = Array("0123456789abcdef".utf8)
        return (0..<8).map { digits[Int((crc >> UInt32(28 - 4 * $0)) & 0xF)] }
    }

    static func parseHex(_ bytes: some Collection<UInt8>) -> UInt32? {
        guard bytes.count == 8 else { return nil }
        var value: UInt32 = 0
        for b in bytes {
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
