import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The reply box's rows: line breaks kept, long lines broken by width, the cursor found.
@Suite struct MessageLayoutTests {
    func field(_ text: String, cursorAt offset: Int? = nil) -> TextField {
        var f = TextField(text)
        if let offset {
            _ = f.handle(.home)
            for _ in 0..<offset { _ = f.handle(.right) }
        }
        return f
    }

    @Test func linesAndWrappingAndTheCursor() {
        let laid = MessageLayout(field("Hello\nabcdefghij"), width: 4)
        #expect(laid.rows == ["Hell", "o", "abcd", "efgh", "ij"])
        #expect(laid.cursorRow == 4 && laid.cursorColumn == 2)
        let middle = MessageLayout(field("ab\ncd", cursorAt: 3), width: 10)
        #expect(middle.rows == ["ab", "cd"] && middle.cursorRow == 1 && middle.cursorColumn == 0)
        let full = MessageLayout(field("abcd"), width: 4)
        #expect(full.rows == ["abcd", ""] && full.cursorRow == 1 && full.cursorColumn == 0, "a full row: the cursor starts the next")
        let wide = MessageLayout(field("山田太郎"), width: 5)
        #expect(wide.rows == ["山田", "太郎"], "a wide letter never splits")
    }

    // Issue 22: the reply box wrapped mid-word.
    @Test func wrapsAtWordBoundariesAndBreaksOnlyLongWords() {
        let laid = MessageLayout(field("the printer is on fire"), width: 10)
        #expect(laid.rows == ["the ", "printer is ", "on fire"], "a space at a row's end hangs there: \(laid.rows)")
        #expect(laid.cursorRow == 2 && laid.cursorColumn == 7)
        let long = MessageLayout(field("see https://example.com/a/b"), width: 10)
        #expect(long.rows == ["see ", "https://ex", "ample.com/", "a/b"], "a word longer than a row starts one and is broken: \(long.rows)")
        // The cursor inside a word that moves down moves with it.
        let inside = MessageLayout(field("hello world", cursorAt: 7), width: 8)
        #expect(inside.rows == ["hello ", "world"] && inside.cursorRow == 1 && inside.cursorColumn == 1,
                "\(inside.rows) \(inside.cursorRow):\(inside.cursorColumn)")
        // Just after a full row's last word, the cursor follows that word down.
        let after = MessageLayout(field("ab cdefgh", cursorAt: 8), width: 8)
        #expect(after.rows == ["ab ", "cdefgh"] && after.cursorRow == 1 && after.cursorColumn == 5,
                "\(after.rows) \(after.cursorRow):\(after.cursorColumn)")
    }

    @Test func aPastedPageIsLaidOutOnlyAroundTheCursorAndStaysPutWhileTyping() {
        let page = String(repeating: "the printer is on fire 山田 ", count: 400)     // no line breaks, ~12,000 bytes
        var f = field(page)
        let atEnd = MessageLayout(f, width: 60)
        #expect(atEnd.rows.count < 60, "not the whole page: \(atEnd.rows.count) rows")
        #expect(atEnd.cursorRow == atEnd.rows.count - 1)
        #expect(DisplayWidth.of(atEnd.rows[atEnd.cursorRow]) == atEnd.cursorColumn)
        f.insert("x")
        let typed = MessageLayout(f, width: 60)
        #expect(Array(typed.rows.dropLast()) == Array(atEnd.rows.dropLast()), "typing at the end moves no row above")
        // At the start, the first rows are the text's own first rows.
        let atStart = MessageLayout(field(page, cursorAt: 0), width: 60)
        #expect(atStart.cursorRow == 0 && atStart.cursorColumn == 0)
        var first = "", width = 0
        for ch in page { let w = DisplayWidth.of(ch); if width + w > 60 { break }; first.append(ch); width += w }
        #expect(atStart.rows.first == first)
    }
}
