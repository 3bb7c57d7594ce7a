import Testing
@testable import FrontdeskUI

struct GridTests {
    @Test func wideGlyphsTakeTwoCellsAndColumnsStayAligned() {
        var grid = Grid(width: 10, height: 2)
        grid.put("山田x", x: 0, y: 0)
        grid.put("abcde", x: 0, y: 1)
        #expect(grid.line(0) == "山田x     ")
        #expect(grid[1, 0].isContinuation)
        #expect(grid[4, 0].text == "x")
    }

    @Test func aWideGlyphThatDoesNotFitBecomesASpace() {
        var grid = Grid(width: 5, height: 1)
        grid.put("abcd山", x: 0, y: 0)
        #expect(grid.line(0) == "abcd ")
    }

    @Test func combiningMarksAttach() {
        var grid = Grid(width: 4, height: 1)
        grid.put("e\u{301}x", x: 0, y: 0)
        #expect(grid[0, 0].text == "e\u{301}")
        #expect(grid[1, 0].text == "x")
    }

    @Test func putSanitises() {
        var grid = Grid(width: 12, height: 1)
        grid.put("a\u{1B}[31mb\u{1B}]0;x\u{07}c\u{7F}", x: 0, y: 0)
        #expect(grid.line(0).hasPrefix("abc "))
    }

    @Test func overwritingHalfAWideGlyphLeavesNoHalf() {
        var grid = Grid(width: 4, height: 1)
        grid.put("山", x: 0, y: 0)
        grid.put("z", x: 1, y: 0)
        #expect(grid.line(0) == " z  ")
    }

    @Test func changedRowsAreTheOnesThatDiffer() {
        var a = Grid(width: 4, height: 3)
        a.put("x", x: 0, y: 0)
        var b = a
        b.put("y", x: 1, y: 2)
        #expect(b.changedRows(since: a) == [2])
        #expect(b.changedRows(since: nil) == [0, 1, 2])
    }
}
