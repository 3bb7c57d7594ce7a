import FrontdeskCore

/// The work lists drawn into their areas: tabs, a column header, the visible rows only, and
/// the search field or the filter's summary.
extension HomeScreen {
    /// `openElsewhere`: numbers another console has open; their rows are marked `◉`.
    /// `unread`: rows with something the agent has not seen (see `SeenWork`), marked `●`.
    func draw(_ grid: inout Grid, _ desk: Desk, at now: Instant, _ layout: Layout, openElsewhere: Set<String> = [],
              unread: [String: UnreadReason] = [:], agent: String = "") {
        let top = layout.header.y, body = layout.body, width = layout.body.width, left = layout.body.x
        drawTabs(&grid, desk, layout, agent: agent)
        if counter != nil {
            return drawCounter(&grid, desk, at: now, layout, openElsewhere: openElsewhere)
        }
        // Header and rows.
        // The columns `frontdesk list` prints for a terminal this wide.
        let columns = WorkListColumn.columns(width: width)
        grid.fill(x: left, y: top + 1, width: width, height: 1, style: .header)
        var cx = 1
        for c in columns {
            let title = DisplayWidth.truncate(c.title, to: c.width)
            grid.put(c.rightAligned ? rightAligned(title, c.width) : title, x: left + cx, y: top + 1, style: .header, limit: c.width)
            cx += c.width + 1
        }
        if list.count == 0 {
            drawEmptyList(&grid, desk, body, agent: agent)
        }
        // Only the visible rows are read: a page of history costs the same at any size.
        for index in list.top..<min(list.count, list.top + body.height) {
            guard var row = row(index, in: desk, at: now) else { continue }
            let unreadReason = unread[row.number]
            if unreadReason == .message { row.hasNewMessage = true }
            let y = body.y + index - list.top
            let selected = index == list.selected
            let sla = workingRecord(index, in: desk).flatMap { desk.slaState(of: $0, at: now) }
            let overdue = sla == .breached
            var style: Style = selected ? (overdue ? .overdueSelected : .selected) : (overdue ? .overdue : .normal)
            // Near its target (business time): the attention style, as unread work has.
            if (row.hasNewMessage || unreadReason != nil || sla == .near) && !selected { style = .attention }
            if selected || overdue || sla == .near { grid.fill(x: left, y: y, width: width, height: 1, style: style) }
            if unreadReason != nil {
                grid.put("●", x: left, y: y, style: style)
            } else if openElsewhere.contains(row.number) {
                grid.put("◉", x: left, y: y, style: style)
            }
            var cx = 1
            for c in columns {
                // Sanitise before measuring: escape bytes must not count towards the width.
                let text = DisplayWidth.truncate(TextSanitizer.clean(c.cell(row)), to: c.width)
                grid.put(c.rightAligned ? rightAligned(text, c.width) : text, x: left + cx, y: y, style: style, limit: c.width)
                cx += c.width + 1
            }
        }
        if let field = searchField {
            let prompt = "/ ", hints = layout.hints
            grid.put(prompt, x: hints.x + 1, y: hints.y, style: .key)
            grid.drawField(field, x: hints.x + 1 + prompt.count, y: hints.y, width: hints.width - 3 - prompt.count)
            if searchSelected {
                grid.restyle(x: hints.x + 1 + prompt.count, y: hints.y, width: min(DisplayWidth.of(field.text), hints.width - 3 - prompt.count), style: .selected)
            }
        }
    }

    /// The tabs: the work lists, then the counters the agent serves. The one shown is always in
    /// view: when it would fall past the right edge, the tabs before it give way (`‹`).
    private func drawTabs(_ grid: inout Grid, _ desk: Desk, _ layout: Layout, agent: String) {
        let top = layout.header.y, width = layout.body.width, left = layout.body.x
        let counters = desk.counterLocations(for: agent)
        let titles = WorkView.allCases.map(\.title) + counters.map { TextSanitizer.clean($0.name) }
        let active = tabIndex(counters: counters.map(\.id))
        let labels = titles.enumerated().map { i, title in i == active ? " \(i + 1) \(title) (\(list.count)) " : " \(i + 1) \(title) " }
        func span(_ range: ClosedRange<Int>) -> Int { labels[range].reduce(0) { $0 + DisplayWidth.of($1) + 1 } }
        var first = 0
        while first < active, 1 + (first > 0 ? 1 : 0) + span(first...active) > width { first += 1 }
        var x = 1
        if first > 0 { x += grid.put("‹", x: left + x, y: top, style: .tabInactive, limit: width - x) }
        for i in first..<labels.count {
            x += grid.put(labels[i], x: left + x, y: top, style: i == active ? .tabActive : .tabInactive, limit: width - x) + 1
        }
    }

    /// What the hint line starts with while a filter is applied.
    var filterSummary: String {
        guard searchField == nil, !searchQuery.isEmpty else { return "" }
        let searching = list.history == .searching(query: searchQuery) ? ", searching history…" : ""
        return "Filter “\(searchQuery)”: \(list.count) match\(list.count == 1 ? "" : "es")\(searching) · "
    }

    private func drawEmptyList(_ grid: inout Grid, _ desk: Desk, _ body: Rect, agent: String) {
        let message: [String]
        if !searchQuery.isEmpty {
            message = ["Nothing in \(view.title) matches \"\(searchQuery)\".", "Press \(Bindings.label(for: .clearSearch, in: .search)) to clear the search."]
        } else if desk.interactions.isEmpty {
            message = ["No interactions yet.",
                       "Press \(Bindings.label(for: .newInteraction, in: .home)) to take a contact: chat, " + (desk.config.phoneChannel ? "phone, " : "") + "walk-up, messaging.",
                       "Gateways add calls, chats and messages with `frontdesk intake`."]
        } else {
            switch view {
            case .mine: message = ["Nothing assigned to you.", Self.howWorkComes(desk, agent: agent)]
            case .queue: message = ["Your queues are empty."]
            default: message = ["Nothing here."]
            }
        }
        // Wrapped, so a narrow window shows all of it (as far as the rows go).
        let lines = message.enumerated().flatMap { i, line in DisplayWidth.wrap(line, width: max(10, body.width - 4)).map { (i, $0) } }
        for (row, (i, line)) in lines.enumerated() where body.y + 1 + row < body.bottom {
            grid.put(line, x: body.x + 2, y: body.y + 1 + row, style: i == 0 ? .bold : .dim, limit: body.width - 4)
        }
    }

    /// How work reaches an agent with nothing assigned: queues that push offer it (the banner),
    /// pull-only queues are taken from the Queue list.
    static func howWorkComes(_ desk: Desk, agent: String) -> String {
        let me = desk.agents[agent]
        let queues = (me?.queues ?? []).compactMap { desk.queues[$0] }
        let accept = Bindings.key(for: .accept, in: .home)?.label ?? "a"
        let queueTab = Bindings.key(for: .tab(1), in: .home)?.label ?? "2"
        if !queues.isEmpty, queues.allSatisfy({ !$0.pullOnly }) {
            let offer = Bindings.key(for: .acceptOffer, in: .home)?.label ?? "A"
            if me?.presence != .available {
                return "Work is offered while you are Available: \(Bindings.key(for: .presence, in: .home)?.label ?? "P") to change."
            }
            return "Work is offered to you as it comes: \(offer) accepts the offer."
        }
        return "Press \(queueTab) for the queue, then \(accept) to accept."
    }

}

extension ConsoleState {
    func drawHome(_ grid: inout Grid, _ desk: Desk, _ layout: Layout) {
        home.draw(&grid, desk, at: now, layout, openElsewhere: Set(viewers.filter { $0.login != agent }.compactMap(\.number)),
                  unread: seen.unread, agent: agent)
        if searchField == nil { drawHints(&grid, desk, layout.hints, context: home.showsCounter ? .counter : .home, prefix: home.filterSummary) }
    }
}

extension Grid {
    /// A text field with a visible cursor cell, scrolled so the cursor stays in view.
    mutating func drawField(_ field: TextField, x: Int, y: Int, width w: Int) {
        guard w > 1 else { return }
        fill(x: x, y: y, width: w, height: 1, style: .input)
        let (visible, cursorColumn) = field.window(width: w)
        put(String(visible), x: x, y: y, style: .input, limit: w)
        if cursorColumn < w {
            restyle(x: x + cursorColumn, y: y, width: 1, style: .selected)
        }
    }
}

func shortState(_ state: InteractionState) -> String {
    switch state {
    case .new: "New"
    case .queued: "Queue"
    case .onHold: "Hold"
    case .workInProgress: "WIP"
    case .wrapUp: "Wrap"
    case .closedComplete: "Done"
    case .closedAbandoned: "Abnd"
    }
}

func mediumState(_ state: InteractionState) -> String {
    switch state {
    case .workInProgress: "In Progress"
    case .closedComplete: "Closed"
    case .closedAbandoned: "Abandoned"
    default: state.display
    }
}

/// A type in five cells or fewer, for narrow columns (lists, the board).
func shortType(_ type: InteractionType) -> String {
    switch type {
    case .chat: "Chat"
    case .phone: "Phone"
    case .walkUp: "Walk"
    case .messaging: "Msg"
    case .other: "Other"
    }
}
