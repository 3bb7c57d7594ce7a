/// Charts drawn in text, monochrome: bars and sparklines in Unicode block elements, or in
/// plain ASCII where the terminal cannot show them (`--ascii`, LANG=C). The command line's
/// table and the console's `R` screen draw with these.
public enum TextChart {
    static let eighths: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// A bar `value / maximum` of `width` cells, in eighths of a cell (ASCII: whole `#` cells),
    /// padded with spaces to `width`. A value above zero shows at least a sliver.
    public static func bar(_ value: Double, of maximum: Double, width: Int, ascii: Bool = false) -> String {
        guard width > 0 else { return "" }
        guard maximum > 0, value > 0 else { return String(repeating: " ", count: width) }
        let fraction = min(1, value / maximum)
        if ascii {
            let cells = max(1, Int((fraction * Double(width)).rounded()))
            return String(repeating: "#", count: cells) + String(repeating: " ", count: width - cells)
        }
        let eighthsTotal = max(1, Int((fraction * Double(width * 8)).rounded()))
        var text = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { text.append(eighths[eighthsTotal % 8]) }
        return text + String(repeating: " ", count: width - (eighthsTotal + 7) / 8)
    }

    /// One cell per value, its height against the largest (the lowest level for zero).
    public static func sparkline(_ values: [Double], ascii: Bool = false) -> String {
        let glyphs = ascii ? asciiLevels : levels
        let top = values.max() ?? 0
        return String(values.map { value -> Character in
            guard top > 0, value > 0 else { return glyphs[0] }
            return glyphs[max(1, min(glyphs.count - 1, Int((value / top * Double(glyphs.count - 1)).rounded())))]
        })
    }
}
