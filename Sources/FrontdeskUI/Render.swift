import FrontdeskCore

extension ConsoleState {
    /// Draws the whole console for `desk` into a fresh grid. A function of the state and the
    /// desk only: the same inputs draw the same screen, which is what the snapshot tests rely on.
    public func render(_ desk: Desk) -> Grid {
        var grid = Grid(width: width, height: height)
        if isTooSmall {
            drawTooSmall(&grid)
            return grid
        }
        switch screen {
        case .home: drawHome(&grid, desk)
        case .record: drawRecord(&grid, desk)
        }
        drawStatusLine(&grid, desk)
        if let dialog { drawDialog(dialog, &grid, desk) }
        if showHelp { drawHelp(&grid) }
        return grid
    }

    private func drawTooSmall(_ grid: inout Grid) {
        let lines = ["Window too small", "need \(Self.minimumWidth)×\(Self.minimumHeight)", "have \(width)×\(height)"]
        for (i, line) in lines.enumerated() {
            let y = max(0, height / 2 - 1) + i
            grid.put(line, x: max(0, (width - DisplayWidth.of(line)) / 2), y: y, style: i == 0 ? .bold : .dim)
        }
    }

    func drawStatusLine(_ grid: inout Grid, _ desk: Desk) {
        let y = height - 1
        grid.fill(x: 0, y: y, width: width, height: 1, style: .status)
        let presence = desk.agents[agent]?.presence.display ?? "Available"
        let clock = now.serviceNowDateTime + " UTC"
        var left = " \(desk.agents[agent]?.displayName ?? agent) · \(presence)"
        if width >= 70 { left += " · \(storeLabel)" }
        let used = grid.put(left, x: 0, y: y, style: .status, limit: width - 1)
        let clockX = width - DisplayWidth.of(clock) - 1
        if let wait = storeWait, clockX - used > 4 {
            grid.put(" " + wait, x: used + 1, y: y, style: .status, limit: clockX - used - 2)
        } else if let status, clockX - used > 4 {
            grid.put(" " + status.text, x: used + 1, y: y, style: status.isError ? .statusError : .status, limit: clockX - used - 2)
        }
        if clockX > used { grid.put(clock, x: clockX, y: y, style: .status) }
    }

    func drawHints(_ grid: inout Grid, _ text: String) {
        grid.put(text, x: 1, y: height - 2, style: .dim, limit: width - 2)
    }
}

/// A span for a list column: `0:42`, `1:02:03`, `2d 3h` (one format, the command line's too).
func listSpan(_ seconds: Int64) -> String { formatListSpan(seconds) }

/// Right-aligns `text` in `width` cells.
func rightAligned(_ text: String, _ width: Int) -> String {
    let w = DisplayWidth.of(text)
    return w >= width ? text : String(repeating: " ", count: width - w) + text
}
