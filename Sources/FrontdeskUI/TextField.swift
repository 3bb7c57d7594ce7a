import FrontdeskCore

/// A one-line text input with a cursor, edited by keys.
///
/// Edits work on grapheme clusters (what a person sees as one letter): a combining mark, the
/// second half of a flag or a ZWJ sequence typed after a letter joins it, and the cursor
/// stays on a cluster boundary. Each key costs in proportion to the bytes it moves, not to
/// the length of the text squared, so a pasted page stays quick.
public struct TextField: Equatable, Sendable {
    public private(set) var text: String
    /// Cursor position: always the start of a grapheme cluster of `text`, or its end.
    public private(set) var cursor: String.Index

    public init(_ text: String = "") {
        self.text = text
        cursor = text.endIndex
    }

    public var isEmpty: Bool { text.isEmpty }

    /// The cursor as a count of grapheme clusters before it (for tests and status lines).
    public var cursorOffset: Int { text.distance(from: text.startIndex, to: cursor) }

    /// Applies an editing key; returns false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            insert(String(c))
        case .backspace:
            guard cursor > text.startIndex else { return true }
            replace(text.index(before: cursor)..<cursor, with: "")
        case .delete:
            guard cursor < text.endIndex else { return true }
            replace(cursor..<text.index(after: cursor), with: "")
        case .left:
            if cursor > text.startIndex { cursor = text.index(before: cursor) }
        case .right:
            if cursor < text.endIndex { cursor = text.index(after: cursor) }
        case .home, .control("a"): cursor = text.startIndex
        case .end, .control("e"): cursor = text.endIndex
        case .control("u"): replace(text.startIndex..<cursor, with: "")
        case .control("k"): replace(cursor..<text.endIndex, with: "")
        default:
            return false
        }
        return true
    }

    /// Inserts text at the cursor and puts the cursor after it.
    public mutating func insert(_ typed: String) {
        replace(cursor..<cursor, with: typed)
    }

    /// Replaces `range` with `new` and leaves the cursor just after `new`. Joining may merge
    /// clusters across the edit (a mark after a letter), so the cursor is found again from its
    /// byte offset and moved to the next cluster boundary.
    private mutating func replace(_ range: Range<String.Index>, with new: String) {
        let offset = text.utf8.distance(from: text.startIndex, to: range.lowerBound) + new.utf8.count
        text.replaceSubrange(range, with: new)
        let position = text.utf8.index(text.startIndex, offsetBy: offset)
        if let boundary = String.Index(position, within: text) {
            cursor = boundary
        } else {
            // Inside a cluster: the first boundary after it. Rare (typing a letter before a
            // lone mark), and cluster breaks may depend on everything before, so walk from the start.
            var i = text.startIndex
            while i < position { i = text.index(after: i) }
            cursor = i
        }
    }

    /// What a field `width` cells wide shows: the text around the cursor and the cursor's
    /// column. Measures only the visible clusters, not the whole text.
    public func window(width: Int) -> (visible: Substring, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        // Back from the cursor while the clusters fit, leaving a cell for the cursor itself.
        var start = cursor, used = 0
        while start > text.startIndex {
            let before = text.index(before: start)
            let w = DisplayWidth.of(text[before])
            if used + w > width - 1 { break }
            used += w
            start = before
        }
        // Then forward from the cursor to fill the rest.
        var end = cursor, total = used
        while end < text.endIndex {
            let w = DisplayWidth.of(text[end])
            if total + w > width { break }
            total += w
            end = text.index(after: end)
        }
        return (text[start..<end], used)
    }
}
