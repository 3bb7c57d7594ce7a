import FrontdeskCore

/// The record screen: a header with live timers, the pane tabs, and the chosen pane, each
/// drawn into its area of the layout.
extension ConsoleState {
    func drawRecord(_ grid: inout Grid, _ desk: Desk, _ layout: Layout) {
        guard let record, let r = desk.displayed(record.number) else {
            grid.put("This record is no longer in the store.", x: layout.body.x + 2, y: layout.body.y, style: .bold, limit: layout.body.width - 2)
            drawHints(&grid, desk, layout.hints, context: .record)
            return
        }
        drawRecordHeader(record, r, &grid, desk, layout.header)
        record.drawPane(&grid, lines: paneLines(record.pane, of: r, desk: desk), in: layout.body)
        drawHints(&grid, desk, layout.hints, context: .record)
    }

    /// The record's header in `area`: number, type, state and reason; who; timers; pane tabs.
    private func drawRecordHeader(_ record: RecordScreen, _ r: Interaction, _ grid: inout Grid, _ desk: Desk, _ area: Rect) {
        let t = r.timers(at: now)
        let top = area.y, left = area.x, width = area.width
        // Header: number, type, state and reason; who; timers.
        grid.fill(x: left, y: top, width: width, height: 1, style: .title)
        let reason = r.stateReason.map { " · \($0.display)" } ?? ""
        let fresh = r.hasNewMessage ? " · ✉ new message" : ""
        let others = othersOn(r.number, desk: desk).map { " · ◉ \($0)" } ?? ""
        grid.put(" \(r.number) · \(r.type.display) · \(r.state.display)\(reason)\(r.isArchived ? " · Archived" : "")\(fresh)\(others)",
                 x: left, y: top, style: .title, limit: width - 6)
        grid.put(rightAligned("v\(r.version) ", 6), x: area.right - 6, y: top, style: .title)
        let customer = r.openedFor.map { desk.customerName($0) } ?? desk.callerAddress(of: r).map { "(nobody yet) \($0)" } ?? "(nobody yet)"
        let assignee = r.assignedTo.map { desk.agents[$0]?.displayName ?? $0 } ?? "(queue \(r.queue ?? "none"))"
        // `x` runs from the area's left edge; limits are what is left of its width.
        var x = 1
        x += grid.put("Opened for ", x: left + x, y: top + 1, style: .dim)
        x += grid.put(customer, x: left + x, y: top + 1, style: .bold, limit: max(4, width / 2 - x))
        x += grid.put("  Assigned to ", x: left + x, y: top + 1, style: .dim)
        grid.put(assignee, x: left + x, y: top + 1, style: .bold, limit: width - x - 1)
        x = 1
        x += grid.put("Wait ", x: left + x, y: top + 2, style: .dim)
        x += grid.put(formatSpan(t.wait) + (t.waitIsLive ? " ▸" : ""), x: left + x, y: top + 2,
                      style: desk.isOverdue(r, at: now) ? .overdue : .bold)
        x += grid.put("  Duration ", x: left + x, y: top + 2, style: .dim)
        x += grid.put(formatSpan(t.duration) + (t.durationIsLive ? " ▸" : ""), x: left + x, y: top + 2, style: .bold)
        if let remaining = desk.wrapUpSecondsLeft(r, at: now) {
            // The wrap-up countdown: green over half left, yellow to a quarter, orange below, red at the end.
            let limit = desk.config.wrapUpRule(for: r.type).enforceSeconds
            let style: Style = remaining <= 0 ? .overdue : remaining * 4 < limit ? .urgent : remaining * 2 <= limit ? .caution : .calm
            x += grid.put("  Wrap up ", x: left + x, y: top + 2, style: .dim)
            x += grid.put(remaining <= 0 ? "0:00 (closing)" : formatSpan(remaining) + " left", x: left + x, y: top + 2, style: style)
        }
        if width >= 60 {
            x += grid.put("  Short ", x: left + x, y: top + 2, style: .dim)
            grid.put(r.hasShortDescription ? r.shortDescription : "(empty)", x: left + x, y: top + 2,
                     style: r.hasShortDescription ? .normal : .dim, limit: width - x - 1)
        }
        // Pane tabs.
        x = 1
        for pane in Pane.allCases {
            let count: String
            switch pane {
            case .details: count = ""
            case .relatedTasks: count = " (\(r.relatedCount))"
            case .usersInteractions: count = r.openedFor.map { " (\(desk.customerRecordCount($0)))" } ?? ""
            }
            let label = " \(pane.rawValue + 1) \(pane.title)\(count) "
            x += grid.put(label, x: left + x, y: top + 3, style: pane == record.pane ? .tabActive : .tabInactive, limit: width - x) + 1
        }
    }
}

extension RecordScreen {
    /// The pane's lines from the scroll position into `body`; with more below, its last row
    /// says so.
    func drawPane(_ grid: inout Grid, lines: [PaneLine], in body: Rect) {
        let width = body.width
        let selectedIndex = selectedLine(in: lines)
        let labelWidth = pane == .details ? min(20, width / 3) : 11
        let first = top[pane.rawValue]
        let more = lines.count - first - body.height
        // With more below, the last row says so instead of a line being drawn under it.
        let rows = more > 0 ? body.height - 1 : body.height
        for (offset, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            let index = first + offset
            let y = body.y + offset
            let selected = index == selectedIndex
            let style: Style = selected ? .selected : line.style
            if selected { grid.fill(x: body.x, y: y, width: width, height: 1, style: .selected) }
            if line.value.isEmpty {
                grid.put(line.label, x: body.x + 1, y: y, style: style, limit: width - 2)
            } else {
                // An editable field keeps its label's look when its value is a dim placeholder ("(nobody yet)").
                let labelStyle: Style = line.style == .dim && !line.isEditableField ? .dim : .key
                grid.put(line.label, x: body.x + 1, y: y, style: selected ? .selected : labelStyle, limit: labelWidth)
                grid.put((line.isEditableField ? "✎ " : "") + line.value, x: body.x + labelWidth + 2, y: y, style: style, limit: width - labelWidth - 3)
            }
        }
        if more > 0 {
            let below = more + 1
            // "↓ 3 more lines (j, PgDn)": the keys that move on, from the table.
            let down = Bindings.labels(for: .moveDown, in: .record)
            let keys = (down.dropFirst() + [Bindings.label(for: .pageDown, in: .record)]).joined(separator: ", ")
            grid.put("\(down.first ?? "") \(below) more line\(below == 1 ? "" : "s") (\(keys))", x: body.x + 1, y: body.y + rows, style: .dim, limit: width - 2)
        }
    }
}
