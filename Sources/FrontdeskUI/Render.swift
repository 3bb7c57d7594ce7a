import FrontdeskCore

extension ConsoleState {
    /// Draws the whole console for `desk` into a fresh grid. A function of the state and the
    /// desk only: the same inputs draw the same screen, which is what the snapshot tests rely on.
    public func render(_ desk: Desk) -> Grid {
        ConsoleFrame.run { draw(desk) }
    }

    private func draw(_ desk: Desk) -> Grid {
        var grid = Grid(width: width, height: height)
        if isTooSmall {
            drawTooSmall(&grid)
            return grid
        }
        let layout = self.layout
        switch screen {
        case .home: drawHome(&grid, desk, layout)
        case .record: drawRecord(&grid, desk, layout)
        case .report: drawReport(&grid, desk, layout)
        case .appointments: drawAppointments(&grid, desk, layout)
        case .locationSettings: drawLocationSettings(&grid, desk, layout)
        }
        if let offer { drawOffer(offer, &grid, desk, layout.banner) }
        drawMessage(&grid, layout.message)
        drawStatusLine(&grid, desk, layout.status)
        if let dialog { drawDialog(dialog, &grid, desk) }
        if let overlay { drawOverlay(overlay, &grid, desk) }
        return grid
    }

    private func drawTooSmall(_ grid: inout Grid) {
        let lines = ["Window too small", "need \(Self.minimumWidth)×\(Self.minimumHeight)", "have \(width)×\(height)"]
        for (i, line) in lines.enumerated() {
            let y = max(0, height / 2 - 1) + i
            grid.put(line, x: max(0, (width - DisplayWidth.of(line)) / 2), y: y, style: i == 0 ? .bold : .dim)
        }
    }

    /// The offer banner: what is offered (the keys are first on the hint line), how long it
    /// has waited, how long is left to answer.
    private func drawOffer(_ r: Interaction, _ grid: inout Grid, _ desk: Desk, _ area: Rect) {
        guard area.height > 0, let pending = r.pendingOffer else { return }
        let left = max(0, desk.config.routing.offerTimeoutSeconds - pending.at.seconds(until: now))
        let who = r.openedFor.map { desk.customerName($0) } ?? desk.callerAddress(of: r) ?? ""
        let what = r.hasShortDescription ? r.shortDescription : (r.lastCustomerMessage.map { "“\($0)”" } ?? "")
        let about = "\(TextSanitizer.clean(who)) · \(TextSanitizer.clean(what))"
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1, style: .attention)
        // A dialog hides the hint line's offer keys (and takes A as a letter): its key comes first here.
        let key = dialog == nil ? "" : Bindings.key(for: .acceptOffer, in: .dialog).map { "\($0.label) accept · " } ?? ""
        if !key.isEmpty { grid.put(key, x: area.x + 1, y: area.y, style: .attention) }
        let area = Rect(x: area.x + DisplayWidth.of(key), y: area.y, width: area.width - DisplayWidth.of(key), height: area.height)
        guard area.width >= 60 else {
            // Narrow: the number and the countdown first, then whatever fits.
            grid.put("▶ \(r.number) \(left) s · \(r.type.display) · " + about, x: area.x + 1, y: area.y, style: .attention, limit: area.width - 2)
            return
        }
        let tail = " waited \(listSpan(r.openedAt.seconds(until: now))) · \(left) s left "
        let room = area.width - DisplayWidth.of(tail) - 2
        grid.put("▶ Offered \(r.number) \(r.type.display) · " + about, x: area.x + 1, y: area.y, style: .attention, limit: room)
        grid.put(tail, x: area.right - DisplayWidth.of(tail), y: area.y, style: .attention)
    }

    /// The last message, whole, on its own lines.
    private func drawMessage(_ grid: inout Grid, _ area: Rect) {
        guard let status, area.height > 0 else { return }
        for (i, line) in messageLines.prefix(area.height).enumerated() {
            grid.put(line, x: area.x + 1, y: area.y + i, style: status.isError ? .attention : .normal, limit: area.width - 2)
        }
    }

    func drawStatusLine(_ grid: inout Grid, _ desk: Desk, _ area: Rect) {
        let y = area.y
        grid.fill(x: area.x, y: y, width: area.width, height: 1, style: .status)
        let presence = desk.agents[agent]?.presence.display ?? "Available"
        let clock = now.displayDateTime
        let clockX = area.right - DisplayWidth.of(clock) - 1
        var left = " \(desk.agents[agent]?.displayName ?? agent) · \(presence)"
        // A save waiting for the store comes before the store's name, which gives way to it.
        if let note = storeWait { left += " · " + note }
        // A store that cannot be reached is said even with nothing waiting to be saved.
        else if storeUnreachable { left += " · Store unreachable" }
        if area.width >= 70, area.x + DisplayWidth.of(left + " · " + storeLabel) < clockX - 1 { left += " · \(storeLabel)" }
        let used = grid.put(left, x: area.x, y: y, style: .status, limit: area.width - 1)
        if clockX > area.x + used { grid.put(clock, x: clockX, y: y, style: .status) }
    }

    /// The keys that apply in `context` and may run now, as one line.
    /// Help is always offered, at the right; the others fill the line in the table's order.
    func drawHints(_ grid: inout Grid, _ desk: Desk, _ area: Rect, context: KeyContext, prefix: String = "") {
        let all = Bindings.hintBindings(for: context, scope(desk))
        let help = all.first { $0.binding.action == .help }.map { "\($0.binding.hintKey) \($0.hint)" } ?? ""
        let room = area.width - 2 - DisplayWidth.of(help) - 3
        var line = prefix
        for (binding, hint) in all where binding.action != .help {
            let item = (line == prefix ? "" : " · ") + "\(binding.hintKey) \(hint)"
            guard DisplayWidth.of(line + item) <= room else { break }
            line += item
        }
        grid.put(line, x: area.x + 1, y: area.y, style: .dim, limit: room)
        grid.put(help, x: area.right - 1 - DisplayWidth.of(help), y: area.y, style: .dim)
    }
}

/// A span for a list column: `0:42`, `1:02:03`, `2d 3h` (one format, the command line's too).
func listSpan(_ seconds: Int64) -> String { formatListSpan(seconds) }

/// Right-aligns `text` in `width` cells.
func rightAligned(_ text: String, _ width: Int) -> String {
    let w = DisplayWidth.of(text)
    return w >= width ? text : String(repeating: " ", count: width - w) + text
}
