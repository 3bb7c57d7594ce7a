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

    /// Boxes and bars computed for a window smaller than they expect are clipped, never a trap.
    @Test func fillAndRestyleOffTheGridOrOfNegativeSizeDoNothing() {
        var grid = Grid(width: 6, height: 2)
        grid.put("abcdef", x: 0, y: 0)
        let before = grid
        grid.fill(x: 5, y: 0, width: -10, height: 1, style: .selected)
        grid.fill(x: 8, y: 3, width: 4, height: 4, style: .selected)
        grid.fill(x: -9, y: -9, width: 2, height: 2, style: .selected)
        grid.restyle(x: 9, y: 0, width: 3, style: .selected)
        grid.restyle(x: 4, y: 0, width: -7, style: .selected)
        #expect(grid == before)
        grid.fill(x: -2, y: 1, width: 4, height: 5, style: .selected)
        #expect(grid[1, 1].style == .selected && grid[2, 1].style == .normal)
    }
}
