import FrontdeskCore

/// The report screen drawn into the layout's areas: the periods and the groupings as tabs; a
/// line of figures and a sparkline of contacts over the period; then the groups, each with a
/// bar of its contacts and its figures, or, drilled into, the group's contacts.
enum ReportView {
    /// Body rows above the list: the figures, the sparkline, the column header.
    static let rowsAboveList = 3

    static func periodTitle(_ period: ReportPeriod) -> String {
        switch period {
        case .today: "Today"
        case .yesterday: "Yesterday"
        case .week: "Week"
        case .month: "Month"
        case .quarter: "Quarter"
        }
    }

    /// How the empty report names its period ("No contacts opened today.").
    static func periodPhrase(_ period: ReportPeriod) -> String {
        switch period {
        case .today: "today"
        case .yesterday: "yesterday"
        case .week: "this week"
        case .month: "this month"
        case .quarter: "this quarter"
        }
    }

    /// A whole number as a share, "85%"; "–" for none.
    static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "–" }
        return "\(Int((ratio * 100).rounded()))%"
    }

    static func span(_ seconds: Int64?) -> String { seconds.map(formatListSpan) ?? "–" }

    /// A mean rating to one decimal, "4.3"; "–" for none.
    static func mean(_ value: Double?) -> String {
        guard let value else { return "–" }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// The figures of a row in one line, most telling first (it is cut at the window's edge).
    static func summary(_ row: ReportRow) -> String {
        var parts = ["\(row.contacts) contact\(row.contacts == 1 ? "" : "s")", "\(row.answered) answered",
                     "\(row.abandoned) abandoned" + (row.abandonmentRate.map { " (\(percent($0)))" } ?? "")]
        if row.serviceLevel != nil { parts.append("SL \(percent(row.serviceLevel))") }
        parts.append("wait \(span(row.waitMedian))/\(span(row.waitP90))")
        parts.append("handle \(span(row.handleMedian))/\(span(row.handleP90))")
        if row.ratings > 0 { parts.append("CSAT \(mean(row.ratingMean)) (\(row.ratings))") }
        if row.transfers > 0 { parts.append("\(row.transfers) transferred") }
        return parts.joined(separator: " · ")
    }

    /// A group's name as people read it: the queue's or agent's name, the channel's; "(none)"
    /// for contacts without one. Raw: the caller sanitises.
    static func groupName(_ key: String, _ grouping: ReportGrouping, _ desk: Desk) -> String {
        guard !key.isEmpty else { return "(none)" }
        switch grouping {
        case .queue: return desk.queues[key]?.name ?? key
        case .agent: return desk.agents[key]?.displayName ?? key
        case .channel: return InteractionType(rawValue: key)?.display ?? key
        case .reason, .wrapUp, .hour, .day: return key
        }
    }

    /// The series squeezed into at most `cells` values: neighbouring steps summed, and how many
    /// steps each value holds.
    static func squeezed(_ values: [Int], into cells: Int) -> (values: [Int], stepsPerCell: Int) {
        guard cells > 0, !values.isEmpty else { return ([], 1) }
        let per = (values.count + cells - 1) / cells
        guard per > 1 else { return (values, 1) }
        return (stride(from: 0, to: values.count, by: per).map { values[$0..<min(values.count, $0 + per)].reduce(0, +) }, per)
    }
}

/// One column of the report's table of groups.
struct ReportColumn {
    let title: String
    let width: Int
    let value: (ReportRow) -> String

    /// The figures beside the bar for a window `width` cells wide: all from 72, the counts and
    /// the service level from 56, none below (the bar and its number only).
    static func figures(width: Int) -> [ReportColumn] {
        guard width >= 56 else { return [] }
        var columns = [
            ReportColumn(title: "ANS", width: 4) { String($0.answered) },
            ReportColumn(title: "ABND", width: 4) { String($0.abandoned) },
            ReportColumn(title: "SL", width: 4) { ReportView.percent($0.serviceLevel) },
            ReportColumn(title: "WAIT", width: 6) { ReportView.span($0.waitMedian) },
        ]
        if width >= 72 {
            columns.append(ReportColumn(title: "HANDLE", width: 6) { ReportView.span($0.handleMedian) })
            columns.append(ReportColumn(title: "CSAT", width: 4) { ReportView.mean($0.ratingMean) })
        }
        return columns
    }
}

extension ConsoleState {
    func drawReport(_ grid: inout Grid, _ desk: Desk, _ layout: Layout) {
        guard let report else { return }
        drawReportTabs(report, &grid, layout.header)
        let body = layout.body
        defer { drawHints(&grid, desk, layout.hints, context: .report) }
        guard let data = report.data, let computed = report.report else {
            let lines = report.failure.map { ["Could not read the report.", $0] } ?? ["Loading…"]
            drawReportNote(lines, &grid, body)
            return
        }
        let shown = report.drill?.report ?? computed
        var top = shown.total
        top.key = ""
        let prefix = report.drill.map { "\(report.grouping.title) \(ReportView.groupName($0.key, $0.grouping, desk)): " } ?? ""
        grid.put(prefix + ReportView.summary(top), x: body.x + 1, y: body.y, style: .bold, limit: body.width - 2)
        drawSparkline(shown, &grid, Rect(x: body.x, y: body.y + 1, width: body.width, height: 1))
        let list = Rect(x: body.x, y: body.y + ReportView.rowsAboveList - 1, width: body.width,
                        height: max(0, body.height - ReportView.rowsAboveList + 1))
        if let drill = report.drill {
            drawContacts(drill, data.zone, &grid, desk, list)
        } else if computed.rows.isEmpty {
            drawReportNote(["No contacts opened \(ReportView.periodPhrase(report.period)).",
                            "\(Bindings.label(for: .previousPeriod, in: .report)) \(Bindings.label(for: .nextPeriod, in: .report)) choose another period."],
                           &grid, Rect(x: list.x, y: list.y, width: list.width, height: list.height))
        } else {
            drawGroups(report, computed, &grid, desk, list)
        }
    }

    /// The periods, then the groupings, as tabs; the period's days at the right when they fit.
    private func drawReportTabs(_ report: ReportScreen, _ grid: inout Grid, _ area: Rect) {
        let periods = ReportPeriod.allCases
        let used = grid.drawTabs(periods.map { " \(ReportView.periodTitle($0)) " }, active: periods.firstIndex(of: report.period) ?? 0,
                                 x: area.x, y: area.y, width: area.width)
        if let data = report.data {
            let first = data.zone.local(data.from).date, last = data.zone.local(data.to.adding(-1)).date
            let days = (first == last ? "\(first)" : "\(first) – \(last)") + " \(data.zone.identifier)"
            let x = area.right - DisplayWidth.of(days) - 1
            if x > area.x + used + 1 { grid.put(days, x: x, y: area.y, style: .dim) }
        }
        let groupings = ReportGrouping.allCases
        grid.drawTabs(groupings.enumerated().map { " \($0.offset + 1) \($0.element.title) " },
                      active: groupings.firstIndex(of: report.grouping) ?? 0, x: area.x, y: area.y + 1, width: area.width)
    }

    /// Contacts per step over the period, squeezed to the width, with its peak.
    private func drawSparkline(_ report: Report, _ grid: inout Grid, _ area: Rect) {
        let counts = report.series.map(\.row.contacts)
        guard !counts.isEmpty else { return }
        let peak = counts.max() ?? 0
        let tail = "  peak \(peak)"
        let label = "Per \(report.seriesStep.rawValue) "
        let room = area.width - 2 - DisplayWidth.of(label) - DisplayWidth.of(tail) - 8
        let (values, per) = ReportView.squeezed(counts, into: room)
        let step = per == 1 ? label : "Per \(per) \(report.seriesStep.rawValue)s "
        var x = area.x + 1
        x += grid.put(step, x: x, y: area.y, style: .dim)
        x += grid.put(TextChart.sparkline(values.map(Double.init), ascii: asciiCharts), x: x, y: area.y, style: .normal)
        grid.put(per == 1 ? tail : "  peak \(values.max() ?? 0)", x: x, y: area.y, style: .dim, limit: area.right - x - 1)
    }

    /// The groups: name, a bar of contacts against the largest group, the count, the figures.
    private func drawGroups(_ report: ReportScreen, _ computed: Report, _ grid: inout Grid, _ desk: Desk, _ area: Rect) {
        guard area.height > 1 else { return }
        let figures = ReportColumn.figures(width: area.width)
        let figuresWidth = figures.reduce(0) { $0 + $1.width + 1 }
        let nameWidth = area.width >= 72 ? 18 : area.width >= 56 ? 14 : 12
        let countWidth = 5
        let barWidth = max(1, area.width - 2 - nameWidth - 1 - countWidth - 1 - figuresWidth)
        // The header.
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, style: .header)
        var x = area.x + 1
        grid.put(report.grouping.title.uppercased(), x: x, y: area.y, style: .header, limit: nameWidth)
        x += nameWidth + 1
        grid.put("CONTACTS", x: x, y: area.y, style: .header, limit: barWidth + 1 + countWidth)
        x += barWidth + 1 + countWidth
        for c in figures {
            grid.put(rightAligned(c.title, c.width), x: x + 1, y: area.y, style: .header, limit: c.width)
            x += c.width + 1
        }
        // The rows in view.
        let most = Double(computed.rows.map(\.contacts).max() ?? 0)
        let rows = area.height - 1
        for index in report.rows.top..<min(computed.rows.count, report.rows.top + rows) {
            let row = computed.rows[index]
            let y = area.y + 1 + index - report.rows.top
            let style: Style = index == report.rows.selected ? .selected : .normal
            if style == .selected { grid.fill(x: area.x, y: y, width: area.width, height: 1, style: style) }
            var x = area.x + 1
            let name = DisplayWidth.truncate(TextSanitizer.clean(ReportView.groupName(row.key, report.grouping, desk)), to: nameWidth)
            grid.put(name, x: x, y: y, style: style, limit: nameWidth)
            x += nameWidth + 1
            grid.put(TextChart.bar(Double(row.contacts), of: most, width: barWidth, ascii: asciiCharts), x: x, y: y, style: style, limit: barWidth)
            x += barWidth
            grid.put(rightAligned(String(row.contacts), countWidth), x: x, y: y, style: style, limit: countWidth + 1)
            x += countWidth
            for c in figures {
                grid.put(rightAligned(c.value(row), c.width), x: x + 1, y: y, style: style, limit: c.width)
                x += c.width + 1
            }
        }
    }

    /// A group's contacts, newest first: number, channel, how it ended, when it opened (in the
    /// report's zone), wait, handle time, and who served it (or its queue, grouped by agent).
    private func drawContacts(_ drill: ReportScreen.Drill, _ zone: ZoneOffsets, _ grid: inout Grid, _ desk: Desk, _ area: Rect) {
        guard area.height > 1 else { return }
        let wide = area.width >= 72
        let byAgent = drill.grouping == .agent
        var columns: [(title: String, width: Int, right: Bool, value: (InteractionFacts) -> String)] = [
            ("NUMBER", 10, false, { $0.number }),
        ]
        if wide { columns.append(("TYPE", 5, false, { shortType($0.channel) })) }
        columns.append((wide ? "OUTCOME" : "END", wide ? 9 : 4, false, { f in
            switch f.outcome {
            case .answered: wide ? "Answered" : "Ans"
            case .abandoned: wide ? "Abandoned" : "Abnd"
            case .open: "Open"
            }
        }))
        columns.append((wide ? "OPENED" : "AT", wide ? 11 : 5, false, { f in
            let local = zone.local(f.openedAt)
            return wide ? String(local.date.description.dropFirst(5)) + " " + local.clock : local.clock
        }))
        columns.append(("WAIT", 6, true, { ReportView.span($0.waitSeconds) }))
        if wide { columns.append(("HANDLE", 7, true, { ReportView.span($0.handleSeconds) })) }
        let used = columns.reduce(0) { $0 + $1.width + 1 }
        columns.append((byAgent ? "QUEUE" : "AGENT", max(4, area.width - 2 - used), false, { f in
            byAgent ? ReportView.groupName(f.queue ?? "", .queue, desk) : f.agent.map { ReportView.groupName($0, .agent, desk) } ?? ""
        }))
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, style: .header)
        var x = area.x + 1
        for c in columns {
            grid.put(c.right ? rightAligned(c.title, c.width) : c.title, x: x, y: area.y, style: .header, limit: c.width)
            x += c.width + 1
        }
        let rows = area.height - 1
        for index in drill.cursor.top..<min(drill.contacts.count, drill.cursor.top + rows) {
            let contact = drill.contacts[index]
            let y = area.y + 1 + index - drill.cursor.top
            let style: Style = index == drill.cursor.selected ? .selected : .normal
            if style == .selected { grid.fill(x: area.x, y: y, width: area.width, height: 1, style: style) }
            var x = area.x + 1
            for c in columns {
                // Sanitise before measuring: escape bytes must not count towards the width.
                let text = DisplayWidth.truncate(TextSanitizer.clean(c.value(contact)), to: c.width)
                grid.put(c.right ? rightAligned(text, c.width) : text, x: x, y: y, style: style, limit: c.width)
                x += c.width + 1
            }
        }
    }

    /// A note in place of the list: its first line bold, the rest dim, wrapped to the width.
    private func drawReportNote(_ message: [String], _ grid: inout Grid, _ area: Rect) {
        let lines = message.enumerated().flatMap { i, line in
            DisplayWidth.wrap(TextSanitizer.clean(line), width: max(10, area.width - 4)).map { (i, $0) }
        }
        for (row, (i, line)) in lines.enumerated() where area.y + 1 + row < area.bottom {
            grid.put(line, x: area.x + 2, y: area.y + 1 + row, style: i == 0 ? .bold : .dim, limit: area.width - 4)
        }
    }
}

extension Grid {
    /// Tabs in a row, the active one marked, each label whole: when they do not all fit, those
    /// before the active one give way first (`‹` says some are hidden on the left), then those
    /// after it (`›` on the right), so the active tab is always in view and no label is cut at
    /// the edge. The report's two rows (periods, groupings) both draw through this. Returns the
    /// cells used.
    @discardableResult
    mutating func drawTabs(_ labels: [String], active: Int, x left: Int, y: Int, width: Int) -> Int {
        guard !labels.isEmpty else { return 0 }
        let active = max(0, min(active, labels.count - 1))
        let cells = labels.map { DisplayWidth.of($0) + 1 }
        // A lead cell (and `‹` in it when tabs are hidden on the left), the labels each with
        // the gap after it, and `›` after the last gap when tabs are hidden on the right.
        func fits(_ first: Int, _ last: Int) -> Bool {
            let right = last < labels.count - 1 ? 1 : -1
            return 1 + (first > 0 ? 1 : 0) + cells[first...last].reduce(0, +) + right <= width
        }
        var first = 0
        while first < active, !fits(first, active) { first += 1 }
        var last = active
        while last + 1 < labels.count, fits(first, last + 1) { last += 1 }
        var x = 1
        if first > 0 { x += put("‹", x: left + x, y: y, style: .tabInactive, limit: width - x) }
        for i in first...last where x < width {
            x += put(labels[i], x: left + x, y: y, style: i == active ? .tabActive : .tabInactive, limit: width - x) + 1
        }
        if last < labels.count - 1, x < width { x += put("›", x: left + x, y: y, style: .tabInactive, limit: width - x) }
        return x
    }
}
