import FrontdeskCore

/// A multi-line text field laid out in rows of a width: its own line breaks kept, long lines
/// broken by display width, and where the cursor falls.
struct MessageLayout {
    private(set) var rows: [String] = [""]
    private(set) var cursorRow = 0
    private(set) var cursorColumn = 0

    init(_ field: TextField, width: Int) {
        let w = max(1, width)
        var column = 0
        var index = 0
        let cursor = field.cursorOffset
        // What an agent types or a template inserts holds no control but the line break.
        for ch in field.text {
            if index == cursor { place(column: column, width: w, atEnd: false) }
            index += 1
            if ch == "\n" { rows.append(""); column = 0; continue }
            let cw = DisplayWidth.of(ch)
            if column + cw > w { rows.append(""); column = 0 }
            rows[rows.count - 1].append(ch)
            column += cw
        }
        if index <= cursor { place(column: column, width: w, atEnd: true) }
    }

    /// The cursor before the next character: after a full row it starts the next one (which
    /// the next character opens, or, at the end, an empty row).
    private mutating func place(column: Int, width: Int, atEnd: Bool) {
        guard column >= width else { cursorRow = rows.count - 1; cursorColumn = column; return }
        if atEnd { rows.append("") }
        cursorRow = atEnd ? rows.count - 1 : rows.count
        cursorColumn = 0
    }
}
