import FrontdeskCore

/// The supervisor's board as overlay lines: queues (waiting, longest wait against target,
/// offers, today's handled work), then agents (presence and for how long, load per channel
/// against capacity, offers). Redrawn every tick, so it is live without a keypress.
extension ConsoleState {
    func boardLines(_ desk: Desk, width: Int) -> [(String, String, Style)] {
        BoardText.lines(desk.board(at: now), width: width)
    }
}

/// The board as lines of text with their styles: the console's overlay, and `frontdesk board`.
public enum BoardText {
    public static func lines(_ board: Board, width: Int) -> [(String, String, Style)] {
        func pad(_ s: String, _ n: Int) -> String {
            let w = DisplayWidth.of(s)
            return w >= n ? DisplayWidth.truncate(s, to: n) : s + String(repeating: " ", count: n - w)
        }
        func span(_ s: Int64?) -> String { s.map(listSpan) ?? "–" }
        let nameWidth = max(10, min(18, width - 56))
        var lines: [(String, String, Style)] = [("Queues", "", .title)]
        lines.append(("", pad("", nameWidth) +  " WAIT  LONGEST/TARGET  OFFERS  TODAY  MEDIAN WAIT/HANDLE", .dim))
        for q in board.queues {
            let longest = q.waiting == 0 ? "–" : listSpan(q.longestWaitSeconds)
            let row = pad(TextSanitizer.clean(q.name), nameWidth) + " " + rightAligned(String(q.waiting), 4) + "  "
                + pad("\(longest)/\(listSpan(q.targetWaitSeconds))\(q.isOverTarget ? " !" : q.nearBreach > 0 ? " ~" : "")", 14) + "  "
                + rightAligned(String(q.offersPending), 6) + "  " + rightAligned(String(q.handledToday), 5) + "  "
                + "\(span(q.medianWaitSeconds))/\(span(q.medianHandleSeconds))"
            lines.append(("", row, q.isOverTarget ? .overdue : q.nearBreach > 0 ? .attention : .normal))
            if q.passedOver > 0 {
                lines.append(("", "  ↳ \(q.passedOver) waiting, declined by the agents free to take \(q.passedOver == 1 ? "it" : "them")", .attention))
            }
        }
        lines.append(("", "", .normal))
        lines.append(("Agents", "", .title))
        let types = InteractionType.allCases
        lines.append(("", pad("", nameWidth) + " PRESENCE        " + types.map { pad(shortType($0), 6) }.joined() + "OFFERS", .dim))
        for a in board.agents {
            let since = a.presenceSeconds.map { " " + listSpan($0) } ?? ""
            let loads = types.map { pad("\(a.load[$0] ?? 0)/\(a.capacity[$0] ?? 0)", 6) }.joined()
            let full = types.contains { (a.load[$0] ?? 0) >= (a.capacity[$0] ?? 0) && (a.capacity[$0] ?? 0) > 0 }
            lines.append(("", pad(TextSanitizer.clean(a.name), nameWidth) + " " + pad(a.presence.display + since, 16) + loads
                              + rightAligned(String(a.offersPending), 6), a.presence == .available ? (full ? .attention : .normal) : .dim))
        }
        return lines
    }
}
