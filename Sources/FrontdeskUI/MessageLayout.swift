import FrontdeskCore

/// A multi-line text field laid out in rows of a width: its own line breaks kept, long lines
/// broken at word boundaries (a word longer than a row by display width), and where the cursor falls.
///
/// Only the text around the cursor is laid out: from the lines above it that the box can show
/// (or, in a long run without line breaks, a point fixed in steps of `context` bytes, so rows
/// stay put while typing) to a screenful after it. A pasted page costs a frame no more than a
/// sentence does.
struct MessageLayout {
    private(set) var rows: [String] = [""]
    private(set) var cursorRow = 0
    private(set) var cursorColumn = 0

    /// Bytes of context before the cursor: many more than the box shows.
    static let context = 1024

    init(_ field: TextField, width: Int, visibleRows: Int = 8) {
        let w = max(1, width)
        let text = field.text
        let utf8 = text.utf8
        let cursorByte = utf8.distance(from: utf8.startIndex, to: field.cursor)
        // Back to the start of the line `visibleRows` above the cursor's, when that is near;
        // else a point fixed in steps of `context` bytes, so a long line's rows stay put while typing.
        var start = cursorByte
        var breaks = 0
        var i = field.cursor
        var exact = true
        while i > utf8.startIndex {
            let before = utf8.index(before: i)
            if utf8[before] == 0x0A { breaks += 1; if breaks > visibleRows { break } }
            if cursorByte - start >= 2 * Self.context { exact = false; break }
            i = before
            start -= 1
        }
        if !exact { start = max(0, cursorByte - Self.context) / Self.context * Self.context }
        // On a letter's boundary, so the walk below meets the cursor's.
        var from = utf8.index(utf8.startIndex, offsetBy: start)
        while from < field.cursor, from.samePosition(in: text) == nil { from = utf8.index(after: from) }
        let endByte = min(utf8.count, cursorByte + visibleRows * w * 4 + 4)
        let to = utf8.index(utf8.startIndex, offsetBy: endByte)

        var column = 0
        var index = from
        var placed = false
        // Where the current row may break: just after its last space (bytes into the row, column).
        var breakAfter: (bytes: Int, column: Int)?
        // What an agent types or a template inserts holds no control but the line break.
        while index < to {
            if index == field.cursor { place(column: column, width: w, atEnd: false); placed = true }
            let ch = text[index]
            index = text.index(after: index)
            if ch == "\n" { rows.append(""); column = 0; breakAfter = nil; continue }
            let cw = DisplayWidth.of(ch)
            if column + cw > w, ch.isWhitespace {
                // A space at a row's end hangs there (drawn clipped), so no row starts with one.
                rows[rows.count - 1].append(ch)
                rows.append("")
                column = 0
                breakAfter = nil
                continue
            }
            if column + cw > w {
                if let at = breakAfter {
                    column = wrapWord(after: at, placed: placed)
                } else {
                    // A word longer than the row breaks where it is.
                    rows.append("")
                    column = 0
                }
                breakAfter = nil
            }
            rows[rows.count - 1].append(ch)
            column += cw
            if ch.isWhitespace { breakAfter = (rows[rows.count - 1].utf8.count, column) }
        }
        if !placed { place(column: column, width: w, atEnd: true) }
    }

    /// Moves the word being laid out (after the current row's last space) to a new row whole,
    /// and the cursor with it when it is in that word or just after it; returns the new column.
    private mutating func wrapWord(after at: (bytes: Int, column: Int), placed: Bool) -> Int {
        let last = rows.count - 1
        let row = rows[last]
        let cut = row.utf8.index(row.startIndex, offsetBy: at.bytes)
        let word = String(row[cut...])
        let wordWidth = DisplayWidth.of(word)
        // Placed on this row inside the word, or on the next row (the row was full at the cursor).
        let cursorInWord = placed && cursorRow == last && cursorColumn >= at.column
        let cursorAfterWord = placed && cursorRow == rows.count
        rows[last] = String(row[..<cut])
        rows.append(word)
        if cursorInWord { cursorRow += 1; cursorColumn -= at.column }
        if cursorAfterWord { cursorColumn = wordWidth }
        return wordWidth
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
