import FrontdeskCore

/// What a cell means; the terminal's theme turns roles into colours (or, monochrome, into
/// bold and reverse video). Views never name colours.
public enum Style: UInt8, CaseIterable, Sendable {
    case normal, dim, bold, title, header, selected, overdue, overdueSelected, status, statusError, key, border, input, tabActive, tabInactive
    /// Needs the agent's eye: a new customer message, a refusal in the message area.
    case attention
    /// A countdown with time to spare (over half left), getting short (a quarter to half), short.
    case calm, caution, urgent
    /// An agent's public reply: what the customer reads (green; bold in monochrome).
    case reply
    /// Internal work notes, never sent (blue; dim in monochrome).
    case internalNote
}

/// One terminal cell: a grapheme cluster (or "" for the right half of a wide one) and its style.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public static let blank = Cell(text: " ", style: .normal)
    /// The right half of a two-cell glyph.
    public static func continuation(_ style: Style) -> Cell { Cell(text: "", style: style) }
    public var isContinuation: Bool { text.isEmpty }
}

/// An in-memory screen. Views render into it; the terminal copies it out; tests read it as text.
public struct Grid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` at (x, y), clipped to `limit` cells (default: to the right edge).
    /// Text is sanitised here as a last line of defence; a wide glyph that does not fit
    /// is replaced by a space. Returns the number of cells written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .normal, limit: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in TextSanitizer.clean(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > end {
                if column < end { set(column, y, Cell(text: " ", style: style)) }
                break
            }
            if column >= 0 {
                set(column, y, Cell(text: String(character), style: style))
                if w == 2 { set(column + 1, y, .continuation(style)) }
            }
            column += w
        }
        return max(0, column - x)
    }

    /// Fills a rectangle with spaces of one style.
    /// A rectangle partly or wholly off the grid (or of negative size) fills what is on it.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .normal) {
        for row in Self.span(y, h, within: height) {
            for column in Self.span(x, w, within: width) { set(column, row, Cell(text: " ", style: style)) }
        }
    }

    /// The cells from `start` for `length` that lie in 0..<`limit`: empty, never a trap, when none do.
    private static func span(_ start: Int, _ length: Int, within limit: Int) -> Range<Int> {
        let lower = max(0, start)
        return lower..<max(lower, min(limit, start + length))
    }

    /// Restyles a run of cells, keeping their text (a selection bar).
    public mutating func restyle(x: Int, y: Int, width w: Int, style: Style) {
        guard y >= 0, y < height else { return }
        for column in Self.span(x, w, within: width) { cells[y * width + column].style = style }
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width else { return }
        // Overwriting half of a wide glyph blanks its other half, so no stray half remains.
        let i = y * width + x
        if cells[i].isContinuation, x > 0 { cells[i - 1] = Cell(text: " ", style: cells[i - 1].style) }
        if !cells[i].isContinuation, x + 1 < width, cells[i + 1].isContinuation, DisplayWidth.of(cell.text) < 2 {
            cells[i + 1] = Cell(text: " ", style: cells[i + 1].style)
        }
        cells[i] = cell
    }

    /// The screen as lines of text (trailing spaces kept), for tests and the README.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        var s = ""
        for x in 0..<width { s += self[x, y].text }
        return s
    }

    /// Rows where this grid differs from `previous` (all rows when the size changed).
    public func changedRows(since previous: Grid?) -> [Int] {
        guard let previous, previous.width == width, previous.height == height else { return Array(0..<height) }
        return (0..<height).filter { y in
            let range = (y * width)..<((y + 1) * width)
            return cells[range] != previous.cells[range]
        }
    }
}
