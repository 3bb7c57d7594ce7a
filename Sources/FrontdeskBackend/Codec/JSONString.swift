/// The body of a JSON string, from just after its opening quote to its closing quote, with
/// escapes decoded and UTF-8 checked as `JSONDecoder` checks them: the one reader for the
/// store's own decoder and the ServiceNow row reader.
public enum JSONString {
    public enum Problem: Error, Equatable {
        case notClosed, control(UInt8), unknownEscape(UInt8), badHex, loneSurrogate, invalidUTF8

        public var description: String {
            switch self {
            case .notClosed: "a string is not closed"
            case .control(let b): "a string holds a raw control character (0x\(String(b, radix: 16)))"
            case .unknownEscape(let b): "a string has the unknown escape \\\(Character(Unicode.Scalar(b)))"
            case .badHex: "a \\u escape is not four hex digits"
            case .loneSurrogate: "a \\u escape is half of a surrogate pair"
            case .invalidUTF8: "a string is not valid UTF-8"
            }
        }
    }

    /// Reads from `i` (just after the opening quote) through the closing quote.
    @inline(__always)
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, end: Int) throws(Problem) -> String {
        let start = i
        var ascii = true
        while i < end {
            let b = bytes[i]
            if b == 0x22 {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
                i += 1
                return try text(raw, ascii: ascii)
            }
            if b == 0x5C { i = start; return try escaped(bytes, &i, end: end) }
            if b < 0x20 { throw .control(b) }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        throw .notClosed
    }

    /// UTF-8 bytes as a String, refusing invalid UTF-8 as JSONDecoder does. Decoding repairs
    /// invalid sequences, so comparing the result's bytes with the input detects them (the
    /// stdlib's validating initialiser is generic and much slower here).
    @inline(__always)
    public static func text(_ raw: UnsafeBufferPointer<UInt8>, ascii: Bool) throws(Problem) -> String {
        let text = String(decoding: raw, as: UTF8.self)
        if !ascii, !text.utf8.elementsEqual(raw) { throw .invalidUTF8 }
        return text
    }

    /// The slow path for strings holding escapes.
    private static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, end: Int) throws(Problem) -> String {
        var out: [UInt8] = []
        while i < end {
            let b = bytes[i]
            i += 1
            switch b {
            case 0x22:
                return try out.withUnsafeBufferPointer { (raw) throws(Problem) -> String in try text(raw, ascii: false) }
            case 0x5C:
                guard i < end else { throw .notClosed }
                let e = bytes[i]
                i += 1
                switch e {
                case 0x22, 0x5C, 0x2F: out.append(e)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4(bytes, &i, end: end)
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard end - i >= 6, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { throw .loneSurrogate }
                        i += 2
                        let low = try hex4(bytes, &i, end: end)
                        guard (0xDC00...0xDFFF).contains(low) else { throw .loneSurrogate }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw .loneSurrogate
                    }
                    guard let s = Unicode.Scalar(scalar) else { throw .badHex }
                    out.append(contentsOf: Array(String(Character(s)).utf8))
                default: throw .unknownEscape(e)
                }
            default:
                if b < 0x20 { throw .control(b) }
                out.append(b)
            }
        }
        throw .notClosed
    }

    private static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, end: Int) throws(Problem) -> UInt32 {
        guard end - i >= 4 else { throw .badHex }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[i]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw .badHex
            }
            value = value * 16 + digit
            i += 1
        }
        return value
    }

    /// `s` as a quoted JSON string, escaped as JSONEncoder escapes: quote, backslash, the five
    /// short escapes, other controls as `\u00xx`; everything else (slashes, DEL, non-ASCII) as
    /// it is. The one writer for the store's encoder and the `--json` outputs; runs of plain
    /// bytes are copied whole.
    public static func write(_ s: String, into out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                switch b {
                case 0x22: out.append(0x5C); out.append(0x22)
                case 0x5C: out.append(0x5C); out.append(0x5C)
                case 0x08: out.append(0x5C); out.append(0x62)
                case 0x0C: out.append(0x5C); out.append(0x66)
                case 0x0A: out.append(0x5C); out.append(0x6E)
                case 0x0D: out.append(0x5C); out.append(0x72)
                case 0x09: out.append(0x5C); out.append(0x74)
                default:
                    let hex: StaticString = "0123456789abcdef"
                    out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 0xF)]])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }
}
