import FrontdeskCore

/// One cell of `frontdesk list`'s table (`Output.table`): sanitised, cut with "…" or padded to
/// its width in cells, and for a right-aligned column its trailing spaces moved to the front.
/// Printable ASCII (most cells) is laid out on the bytes; anything else goes through
/// `TextSanitizer` and `DisplayWidth` once per distinct text (names repeat down a long list),
/// which the ASCII path agrees with (`TableCellTests`).
public struct TableCell {
    public let width: Int
    public let rightAligned: Bool
    /// Texts beyond printable ASCII already laid out, up to `remembered` of them.
    private var laidOut: [String: [UInt8]] = [:]
    static let remembered = 4096

    public init(width: Int, rightAligned: Bool) {
        self.width = width; self.rightAligned = rightAligned
    }

    public mutating func append(_ cell: String, to out: inout [UInt8]) {
        if Self.appendASCII(cell, width: width, rightAligned: rightAligned, to: &out) { return }
        if let known = laidOut[cell] { out.append(contentsOf: known); return }
        let bytes = Array(Self.laidOut(cell, width: width, rightAligned: rightAligned).utf8)
        if laidOut.count < Self.remembered { laidOut[cell] = bytes }
        out.append(contentsOf: bytes)
    }

    /// Printable ASCII laid out on its bytes; false (nothing written) for any other text.
    static func appendASCII(_ cell: String, width: Int, rightAligned: Bool, to out: inout [UInt8]) -> Bool {
        var cell = cell
        return cell.withUTF8 { bytes -> Bool in
            for b in bytes where b < 0x20 || b >= 0x7F { return false }
            guard width > 0 else { return true }
            let cut = bytes.count > width
            // What is shown of the text: all of it, or what fits before the "…".
            var shown = cut ? UnsafeBufferPointer(rebasing: bytes[..<(width - 1)]) : bytes
            if rightAligned, !cut {
                while let last = shown.last, last == 0x20 { shown = UnsafeBufferPointer(rebasing: shown.dropLast()) }
                out.append(contentsOf: repeatElement(0x20, count: width - shown.count))
            }
            out.append(contentsOf: shown)
            if cut { out.append(contentsOf: [0xE2, 0x80, 0xA6]) }     // "…"
            if !rightAligned, !cut { out.append(contentsOf: repeatElement(0x20, count: width - shown.count)) }
            return true
        }
    }

    /// Any text, through the Unicode functions.
    static func laidOut(_ cell: String, width: Int, rightAligned: Bool) -> String {
        let text = DisplayWidth.pad(TextSanitizer.clean(cell), to: width)
        guard rightAligned else { return text }
        let trimmed = String(text.reversed().drop { $0 == " " }.reversed())
        return String(repeating: " ", count: max(0, width - DisplayWidth.of(trimmed))) + trimmed
    }
}
