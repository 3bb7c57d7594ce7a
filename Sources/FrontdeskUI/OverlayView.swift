import FrontdeskCore

/// Help, the session's message log, and a record's whole conversation: views that read and
/// scroll over the screen.
extension ConsoleState {
    /// The overlay's lines: text, and whether it is a heading.
    func overlayLines(_ overlay: Overlay, _ desk: Desk, width: Int) -> (title: String, lines: [(String, String, Style)]) {
        let closes = "\(Bindings.label(for: .back, in: .overlay)) closes"
        switch overlay {
        case .help:
            let own: [KeyContext] = screen == .locationSettings ? [.locationSettings] : screen == .appointments ? [.appointments] : screen == .report ? [.report] : screen == .record ? [.record] : home.showsCounter ? [.counter, .home] : [.home]
            var lines: [(String, String, Style)] = []
            for section in Bindings.helpSections(for: own + [.everywhere, .search, .dialog, .overlay]) {
                if !lines.isEmpty { lines.append(("", "", .normal)) }
                lines.append((section.title, "", .title))
                // Descriptions wrap under themselves (the box is narrower than the longest).
                let room = max(10, width - Self.helpKeysWidth(width) - 3)
                for row in section.rows {
                    for (i, part) in DisplayWidth.wrap(row.description, width: room).enumerated() {
                        lines.append((i == 0 ? row.keys : "", part, .key))
                    }
                }
            }
            let place = screen == .locationSettings ? "location settings" : screen == .appointments ? "appointments" : screen == .report ? "report" : screen == .record ? "record screen" : home.showsCounter ? "walk-up counter" : "work lists"
            return ("Keys · \(place) · \(closes)", lines)
        case .messageLog:
            var lines: [(String, String, Style)] = []
            for message in messageLog {
                for (i, line) in DisplayWidth.wrap(TextSanitizer.clean(message.text), width: max(10, width - 12)).enumerated() {
                    lines.append((i == 0 ? message.at.timeOfDay : "", line, message.isError ? .attention : .normal))
                }
            }
            if lines.isEmpty { lines.append(("", "No messages yet this session.", .dim)) }
            return ("Messages this session · \(closes)", lines)
        case .conversation(let number):
            guard let r = desk.displayed(number) else { return ("Conversation", [("", "This record is no longer in the store.", .dim)]) }
            let lines = r.transcript.flatMap { desk.messageLines($0, of: r, width: width) }.map { ("", $0.label, $0.style) }
            return ("Conversation of \(number) (\(r.transcript.count)) · \(closes)", lines)
        case .board:
            return ("Board · live · \(now.timeOfDay) UTC · \(closes)", boardLines(desk, width: width))
        }
    }

    /// Help's column of keys in a box `width` wide.
    static func helpKeysWidth(_ width: Int) -> Int { min(18, width / 3) }

    /// The overlay's box is at most this wide inside.
    static let overlayWidth = 76

    /// The overlay as it shows now: its lines for the box's width and how many of them the box
    /// shows. The view draws it and the scroll keys are clamped by it: one count of the lines.
    func overlayPage(_ overlay: Overlay, _ desk: Desk) -> OverlayPage {
        let (title, lines) = overlayLines(overlay, desk, width: min(Self.overlayWidth, width - 4))
        // As `box` sizes itself: the lines, within the window less the border.
        let rows = max(1, min(max(lines.count, 1), boxRows(aboveMessages: false) - 2))
        return OverlayPage(title: title, lines: lines, rows: rows)
    }

    func drawOverlay(_ overlay: Overlay, _ grid: inout Grid, _ desk: Desk) {
        let page = overlayPage(overlay, desk)
        let lines = page.lines
        let inner = box(&grid, title: page.title, innerWidth: Self.overlayWidth, innerHeight: page.rows, aboveMessages: false)
        let top = page.top(from: overlayTop)
        let keysWidth = overlay == .help ? Self.helpKeysWidth(inner.width) : (overlay == .messageLog ? 6 : 0)
        for (offset, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            let y = inner.y + offset
            if line.2 == .title || keysWidth == 0 {
                grid.put(line.0 + line.1, x: inner.x + 1, y: y, style: line.2, limit: inner.width - 2)
            } else {
                grid.put(line.0, x: inner.x + 1, y: y, style: .key, limit: keysWidth)
                grid.put(line.1, x: inner.x + keysWidth + 2, y: y, style: line.2 == .key ? .normal : line.2, limit: inner.width - keysWidth - 3)
            }
        }
        if top + inner.height < lines.count {
            // "↓ more (j)": the keys that scroll on, from the table.
            let down = Bindings.labels(for: .moveDown, in: .overlay)
            let more = " \(down.first ?? "") more" + (down.count > 1 ? " (\(down[1]))" : "") + " "
            grid.put(more, x: inner.right - 1 - DisplayWidth.of(more), y: inner.bottom, style: .dim)
        }
        if top > 0 {
            grid.put(" \(Bindings.label(for: .moveUp, in: .overlay)) ", x: inner.right - 4, y: inner.y - 1, style: .dim)
        }
    }
}

/// What an overlay shows: its title, all its lines, and the rows its box has for them.
struct OverlayPage {
    var title: String
    var lines: [(String, String, Style)]
    var rows: Int

    /// The last first line: the end of the text at the bottom of the box.
    var lastTop: Int { max(0, lines.count - rows) }

    /// The first line shown for the scroll position `top` (`Int.max`: the end, in view).
    func top(from top: Int) -> Int { min(max(0, top), lastTop) }
}
