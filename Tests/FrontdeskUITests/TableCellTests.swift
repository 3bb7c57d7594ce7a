import Testing
import FrontdeskCore
import FrontdeskUI

/// `TableCell`, the cells of `frontdesk list`'s table laid out on bytes: the same text as the
/// String functions laid out before (a search at 1M prints tens of thousands of rows).
@Suite struct TableCellTests {
    /// The cell as the table laid it out before it worked on bytes.
    static func reference(_ cell: String, width: Int, rightAligned: Bool) -> String {
        let text = DisplayWidth.pad(TextSanitizer.clean(cell), to: width)
        guard rightAligned else { return text }
        let trimmed = String(text.reversed().drop { $0 == " " }.reversed())
        return String(repeating: " ", count: max(0, width - DisplayWidth.of(trimmed))) + trimmed
    }

    static let cells = [
        "", " ", "a", "IMS0000001", "Printer on floor 3 jams", "exactly ten", "  lead", "trail  ", "   ",
        "12:34", "1d 02:03", "Zoë Müller", "山田 花子", "Иванова", "fire 🔥", "👩‍👩‍👧", "e\u{301}",
        "esc \u{1B}[31mred\u{1B}[0m", "tab\there", "bell\u{7}", "del\u{7F}", "bidi \u{202E}evil", "…already",
    ]

    @Test(arguments: cells, [0, 1, 2, 5, 7, 10, 16])
    func cellIsAsBefore(_ cell: String, width: Int) {
        for rightAligned in [false, true] {
            var column = TableCell(width: width, rightAligned: rightAligned)
            let expected = Self.reference(cell, width: width, rightAligned: rightAligned)
            // Twice: the second time from what the column remembers.
            for _ in 0..<2 {
                var out: [UInt8] = [0x78]
                column.append(cell, to: &out)
                #expect(String(decoding: out.dropFirst(), as: UTF8.self) == expected,
                        "\(cell.debugDescription) width \(width) right-aligned \(rightAligned)")
                #expect(out.first == 0x78, "appends")
            }
        }
    }
}
