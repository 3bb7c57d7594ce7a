import FrontdeskCore

/// The walk-up counter drawn into the home screen's areas: a column header, the visible
/// visitors only (waited ticking with the clock), or what an empty counter means now.
extension HomeScreen {
    func drawCounter(_ grid: inout Grid, _ desk: Desk, at now: Instant, _ layout: Layout, openElsewhere: Set<String>) {
        guard let location = counter else { return }
        let top = layout.header.y, body = layout.body, width = body.width, left = body.x
        let columns = CounterColumn.columns(width: width)
        grid.fill(x: left, y: top + 1, width: width, height: 1, style: .header)
        var cx = 1
        for c in columns {
            let title = DisplayWidth.truncate(c.title, to: c.width)
            grid.put(c.rightAligned ? rightAligned(title, c.width) : title, x: left + cx, y: top + 1, style: .header, limit: c.width)
            cx += c.width + 1
        }
        if visitors.isEmpty { drawEmptyCounter(&grid, desk, location, at: now, body) }
        for index in list.top..<min(visitors.count, list.top + body.height) {
            guard let record = workingRecord(index, in: desk) else { continue }
            let visitor = visitors[index]
            // Waiting: since they began waiting; with this agent: how long they had waited.
            let waited = visitor.serving == nil ? record.queueWaitSeconds(at: now) : record.timers(at: now).wait
            let row = CounterRow(visitor: visitor, waitedSeconds: waited)
            let y = body.y + index - list.top
            let selected = index == list.selected
            let overdue = desk.isOverdue(record, at: now)
            var style: Style = selected ? (overdue ? .overdueSelected : .selected) : (overdue ? .overdue : .normal)
            // Called and not yet at a desk: the row asks for attention until they are accepted.
            let called = visitor.callCount > 0 && visitor.serving == nil
            if called, !selected { style = .attention }
            if visitor.serving != nil, !selected { style = .dim }
            if selected || overdue || called { grid.fill(x: left, y: y, width: width, height: 1, style: style) }
            if openElsewhere.contains(visitor.number) { grid.put("◉", x: left, y: y, style: style) }
            var cx = 1
            for c in columns {
                // Sanitise before measuring: escape bytes must not count towards the width.
                let text = DisplayWidth.truncate(TextSanitizer.clean(c.cell(row)), to: c.width)
                grid.put(c.rightAligned ? rightAligned(text, c.width) : text, x: left + cx, y: y, style: style, limit: c.width)
                cx += c.width + 1
            }
        }
    }

    /// Nobody waiting: whether the location is open, and how visitors get onto the list.
    private func drawEmptyCounter(_ grid: inout Grid, _ desk: Desk, _ location: String, at now: Instant, _ body: Rect) {
        let name = TextSanitizer.clean(desk.queues[location]?.name ?? location)
        var message = ["Nobody is waiting at \(name)."]
        let status = desk.locationStatus(location: location, at: now)
        if status.isOpen {
            message.append("Visitors appear here as they check in (the kiosk, or `frontdesk checkin \(location)`).")
        } else if case .closed = status {
            message.append("Closed now. " + TextSanitizer.clean(status.message))
        } else {
            message.append(TextSanitizer.clean(status.message))
        }
        let lines = message.enumerated().flatMap { i, line in DisplayWidth.wrap(line, width: max(10, body.width - 4)).map { (i, $0) } }
        for (row, (i, line)) in lines.enumerated() where body.y + 1 + row < body.bottom {
            grid.put(line, x: body.x + 2, y: body.y + 1 + row, style: i == 0 ? .bold : .dim, limit: body.width - 4)
        }
    }
}
