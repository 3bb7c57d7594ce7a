import FrontdeskCore

/// The record screen: a header with live timers, the pane tabs, and the chosen pane.
extension ConsoleState {
    func drawRecord(_ grid: inout Grid, _ desk: Desk) {
        guard let record, let r = desk.displayed(record.number) else {
            grid.put("This record is no longer in the store.", x: 2, y: 2, style: .bold)
            return
        }
        let t = r.timers(at: now)
        // Header: number, type, state and reason; who; timers.
        grid.fill(x: 0, y: 0, width: width, height: 1, style: .title)
        let reason = r.stateReason.map { " · \($0.display)" } ?? ""
        grid.put(" \(r.number) · \(r.type.display) · \(r.state.display)\(reason)\(r.isArchived ? " · Archived" : "")",
                 x: 0, y: 0, style: .title, limit: width - 6)
        grid.put(rightAligned("v\(r.version) ", 6), x: width - 6, y: 0, style: .title)
        let customer = r.openedFor.map { desk.customerName($0) } ?? "(nobody yet)"
        let assignee = r.assignedTo.map { desk.agents[$0]?.displayName ?? $0 } ?? "(queue \(r.queue ?? "none"))"
        var x = 1
        x += grid.put("Opened for ", x: x, y: 1, style: .dim)
        x += grid.put(customer, x: x, y: 1, style: .bold, limit: max(4, width / 2 - x))
        x += grid.put("  Assigned to ", x: x, y: 1, style: .dim)
        grid.put(assignee, x: x, y: 1, style: .bold, limit: width - x - 1)
        x = 1
        x += grid.put("Wait ", x: x, y: 2, style: .dim)
        x += grid.put(formatSpan(t.wait) + (t.waitIsLive ? " ▸" : ""), x: x, y: 2,
                      style: desk.isOverdue(r, at: now) ? .overdue : .bold)
        x += grid.put("  Duration ", x: x, y: 2, style: .dim)
        x += grid.put(formatSpan(t.duration) + (t.durationIsLive ? " ▸" : ""), x: x, y: 2, style: .bold)
        if width >= 60 {
            x += grid.put("  Short ", x: x, y: 2, style: .dim)
            grid.put(r.hasShortDescription ? r.shortDescription : "(empty)", x: x, y: 2,
                     style: r.hasShortDescription ? .normal : .dim, limit: width - x - 1)
        }
        // Pane tabs.
        x = 1
        for pane in Pane.allCases {
            let count: String
            switch pane {
            case .details: count = ""
            case .relatedTasks: count = " (\(r.relatedTasks.count))"
            case .usersInteractions: count = r.openedFor.map { " (\(desk.customerRecordCount($0)))" } ?? ""
            }
            let label = " \(pane.rawValue + 1) \(pane.title)\(count) "
            x += grid.put(label, x: x, y: 3, style: pane == record.pane ? .tabActive : .tabInactive, limit: width - x) + 1
        }
        // The pane, scrolled.
        let lines = desk.paneLines(record.pane, of: r, at: now)
        let pane = record.pane.rawValue
        let labelWidth = record.pane == .details ? min(20, width / 3) : (record.pane == .relatedTasks ? 11 : 11)
        for (offset, line) in lines.dropFirst(record.top[pane]).prefix(paneHeight).enumerated() {
            let index = record.top[pane] + offset
            let y = 4 + offset
            let selected = index == record.selected[pane] && line.target != nil
            let style: Style = selected ? .selected : line.style
            if selected { grid.fill(x: 0, y: y, width: width, height: 1, style: .selected) }
            let editable = line.target.map { if case .field = $0 { return true } else { return false } } ?? false
            if line.value.isEmpty {
                grid.put(line.label, x: 1, y: y, style: style, limit: width - 2)
            } else {
                grid.put(line.label, x: 1, y: y, style: selected ? .selected : (line.style == .dim ? .dim : .key), limit: labelWidth)
                grid.put((editable ? "✎ " : "") + line.value, x: labelWidth + 2, y: y, style: style, limit: width - labelWidth - 3)
            }
        }
        if lines.count > paneHeight {
            let more = lines.count - record.top[pane] - paneHeight
            if more > 0 { grid.put("↓ \(more) more", x: width - 12, y: 3 + paneHeight, style: .dim) }
        }
        drawHints(&grid, recordHints(r))
    }

    /// The actions that make sense in the record's state, first.
    func recordHints(_ r: Interaction) -> String {
        var hints: [String] = []
        switch r.state {
        case .new: hints = ["a accept", "t transfer", "c close"]
        case .onHold: hints = ["r resume", "a accept", "t transfer", "c close"]
        case .workInProgress: hints = ["h hold", "e end", "t transfer", "c close", "w note", "T task"]
        case .wrapUp: hints = ["c close", "w note", "T task"]
        case .closedComplete, .closedAbandoned: hints = r.isArchived ? [] : ["x archive"]
        }
        if r.state.isOpen { hints.append("s short") }
        return (hints + ["Tab panes", "? help", "Esc back"]).joined(separator: " · ")
    }
}
