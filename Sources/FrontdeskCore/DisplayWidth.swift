/// Terminal cell widths of grapheme clusters: CJK and emoji take two cells, combining marks
/// attach to the cluster before them, controls take none. The one width function the UI uses.
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x20 || (0x7F...0x9F).contains(first.value) { return 0 }
        if first.value < 0x300 { return 1 }
        // An emoji presentation selector or a ZWJ sequence makes the whole cluster an emoji.
        if scalars.contains(where: { $0.value == 0xFE0F }) { return 2 }
        let category = first.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark || category == .format { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        return isWide(first.value) ? 2 : 1
    }

    public static func of(_ text: some StringProtocol) -> Int {
        if let ascii = printableASCIICount(text) { return ascii }
        var width = 0
        for ch in text { width += of(ch) }
        return width
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15), compressed to the blocks that matter.
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF, 0x1F200...0x1F2FF,
             0x1F300...0x1F64F, 0x1F680...0x1F6FF, 0x1F900...0x1F9FF, 0x1FA70...0x1FAFF,
             0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Printable ASCII is one cell a byte: the common case, measured without grapheme breaking.
    @inline(__always)
    static func printableASCIICount(_ text: some StringProtocol) -> Int? {
        var count = 0
        for b in text.utf8 {
            guard b >= 0x20, b < 0x7F else { return nil }
            count += 1
        }
        return count
    }

    /// Cuts `text` to at most `width` cells, ending with `…` when something was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if let ascii = printableASCIICount(text) {
            return ascii <= width ? text : String(decoding: text.utf8.prefix(width - 1), as: UTF8.self) + "…"
        }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for ch in text {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// Pads (or truncates) `text` to exactly `width` cells.
    public static func pad(_ text: String, to width: Int) -> String {
        let cut = truncate(text, to: width)
        let w = of(cut)
        return w >= width ? cut : cut + String(repeating: " ", count: width - w)
    }

    /// Breaks `text` into lines of at most `width` cells, at spaces where it can and inside a
    /// word only when the word alone is wider. Newlines in the text start new lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var used = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let w = of(word)
                let gap = line.isEmpty ? 0 : 1
                if used + gap + w <= width {
                    if gap == 1 { line += " " }
                    line += word
                    used += gap + w
                    continue
                }
                if !line.isEmpty { lines.append(line); line = ""; used = 0 }
                for ch in word {
                    let cw = of(ch)
                    if used + cw > width { lines.append(line); line = ""; used = 0 }
                    line.append(ch)
                    used += cw
                }
            }
            lines.append(line)
        }
        return lines
    }
}
