/// Text reaches Frontdesk as bytes (arguments, standard input, files read for input). Bytes
/// that are not UTF-8 are refused, naming where, rather than replaced with U+FFFD as Swift's
/// decoding does: what is stored is what was sent, or nothing.
public enum UTF8Text {
    /// Where bytes stop being UTF-8.
    public struct Invalid: Error, Equatable, Sendable, CustomStringConvertible {
        /// Offset of the first byte of the ill-formed sequence, from 0.
        public var offset: Int
        public var byte: UInt8

        public var description: String {
            "byte offset \(offset) (0x\(String(byte, radix: 16, uppercase: true))) is not valid UTF-8"
        }
    }

    /// The text `bytes` spell, or where they are not UTF-8.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) throws(Invalid) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var input = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &input) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return String(decoding: bytes, as: UTF8.self)
            case .error: throw Invalid(offset: offset, byte: bytes.dropFirst(offset).first ?? 0)
            }
        }
    }
}
