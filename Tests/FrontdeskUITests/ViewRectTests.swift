import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Views are functions of (model, rect, grid): each draws into the rectangle it is given,
/// nothing outside it. A layout moved right leaves the columns it no longer covers blank.
struct ViewRectTests {
    /// The cells drawn outside `area`, as "x,y:text".
    static func drawnOutside(_ grid: Grid, _ area: Rect) -> [String] {
        var outside: [String] = []
        for y in 0..<grid.height {
            for x in 0..<grid.width where !(area.x..<area.right).contains(x) || !(area.y..<area.bottom).contains(y) {
                if grid[x, y] != .blank { outside.append("\(x),\(y):\(grid[x, y].text)") }
            }
        }
        return outside
    }

    /// Every area of `layout` moved `dx` columns right (and as much narrower).
    static func shifted(_ layout: Layout, by dx: Int) -> Layout {
        var moved = layout
        let parts: [WritableKeyPath<Layout, Rect>] = [\.header, \.body, \.banner, \.message, \.hints, \.status]
        for part in parts {
            let area = layout[keyPath: part]
            moved[keyPath: part] = Rect(x: area.x + dx, y: area.y, width: area.width - dx, height: area.height)
        }
        return moved
    }

    static let dx = 10

    @Test(arguments: ["IMS0000006", "IMS0000007", "IMS0000008"])
    func theRecordScreenDrawsInItsAreas(_ number: String) {
        let desk = ProseKeysTests.talkativeDesk()
        for pane in Pane.allCases {
            var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 100, height: 20)
            state.reloadRows(desk)
            state.open(number, from: nil)
            state.record?.pane = pane
            _ = state.handle(.key(.down), desk: desk)   // a selected line is filled across its pane
            let layout = Self.shifted(state.layout, by: Self.dx)
            var grid = Grid(width: state.width, height: state.height)
            state.drawRecord(&grid, desk, layout)
            state.drawStatusLine(&grid, desk, layout.status)
            let whole = Rect(x: Self.dx, y: 0, width: state.width - Self.dx, height: state.height)
            #expect(Self.drawnOutside(grid, whole).isEmpty, "\(number), \(pane): \(Self.drawnOutside(grid, whole).prefix(8))")
            #expect(grid.line(layout.header.y).hasPrefix(String(repeating: " ", count: Self.dx) + " \(number)"))
        }
    }

    @Test func theWorkListsDrawInTheirAreas() {
        let desk = HintTests.statesDesk()
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 100, height: 20)
        state.reloadRows(desk)
        for key: Key in [.character("3"), .down, .character("/"), .character("I")] { _ = state.handle(.key(key), desk: desk) }
        #expect(state.searchField != nil && state.list.selected != nil)
        let layout = Self.shifted(state.layout, by: Self.dx)
        var grid = Grid(width: state.width, height: state.height)
        state.drawHome(&grid, desk, layout)
        let whole = Rect(x: Self.dx, y: 0, width: state.width - Self.dx, height: state.height)
        #expect(Self.drawnOutside(grid, whole).isEmpty, "\(Self.drawnOutside(grid, whole).prefix(8))")
    }

    @Test func aPaneDrawsInsideItsRectangle() {
        let desk = ProseKeysTests.talkativeDesk()
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 100, height: 20)
        state.reloadRows(desk)
        state.open("IMS0000006", from: nil)
        _ = state.handle(.key(.down), desk: desk)
        let record = state.record!
        let lines = state.paneLines(.details, of: desk.interaction("IMS0000006")!, desk: desk)
        let area = Rect(x: 12, y: 3, width: 50, height: 6)
        var grid = Grid(width: 80, height: 14)
        record.drawPane(&grid, lines: lines, in: area)
        #expect(Self.drawnOutside(grid, area).isEmpty, "\(Self.drawnOutside(grid, area).prefix(8))")
        #expect(grid.line(area.bottom - 1).contains("more lines"), "the last row of the rectangle says what is below")
    }
}
