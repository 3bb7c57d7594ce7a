import FrontdeskCore

/// A location's settings drawn into the home screen's areas: a title with the location, a
/// column header, then the visible settings, a readable label and the value each.
extension ConsoleState {
    func drawLocationSettings(_ grid: inout Grid, _ desk: Desk, _ layout: Layout) {
        defer { drawHints(&grid, desk, layout.hints, context: .locationSettings) }
        guard let shown = locationSettings else { return }
        let top = layout.header.y, body = layout.body, width = body.width, left = body.x
        let rows = desk.locationSettings(shown.location)
        let name = TextSanitizer.clean(desk.queues[shown.location]?.name ?? shown.location)
        grid.put(" Location settings · \(name) ", x: left + 1, y: top, style: .tabActive, limit: width - 2)
        // The labels' column: as wide as the longest label, but never more than a third of the width.
        let labelWidth = min(rows.map { DisplayWidth.of($0.label) }.max() ?? 7, max(8, width / 3))
        let valueWidth = max(1, width - labelWidth - 3)
        grid.fill(x: left, y: top + 1, width: width, height: 1, style: .header)
        grid.put("SETTING", x: left + 1, y: top + 1, style: .header, limit: labelWidth)
        grid.put("VALUE", x: left + 2 + labelWidth, y: top + 1, style: .header, limit: valueWidth)
        if rows.isEmpty {
            grid.put("\(name) is no longer a walk-up location.", x: left + 2, y: body.y + 1, style: .bold, limit: width - 4)
        }
        for index in shown.cursor.top..<min(rows.count, shown.cursor.top + body.height) {
            let y = body.y + index - shown.cursor.top
            let selected = index == shown.cursor.selected
            let style: Style = selected ? .selected : .normal
            if selected { grid.fill(x: left, y: y, width: width, height: 1, style: style) }
            // Values come from the store: sanitised before measuring, as every stored text.
            let value = TextSanitizer.clean(rows[index].value)
            grid.put(DisplayWidth.truncate(rows[index].label, to: labelWidth), x: left + 1, y: y, style: style, limit: labelWidth)
            grid.put(DisplayWidth.truncate(value.isEmpty ? "(empty)" : value, to: valueWidth), x: left + 2 + labelWidth, y: y,
                     style: value.isEmpty && !selected ? .dim : style, limit: valueWidth)
        }
    }
}
