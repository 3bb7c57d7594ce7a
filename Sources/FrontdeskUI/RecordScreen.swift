import FrontdeskCore

/// The record screen's own state: which record, which pane, where in each pane, and the
/// records opened from it. It moves within the pane lines it is given.
public struct RecordScreen: Equatable, Sendable {
    public var number: String
    public var pane: Pane = .details
    /// The selected line of each pane; nil until the agent moves, which means the first
    /// line Enter can act on.
    public var selected: [Int?] = [nil, nil, nil]
    public var top: [Int] = [0, 0, 0]
    /// Records opened from this one (User's Interactions); Esc goes back through them.
    public var previous: [String] = []

    public init(number: String, previous: [String] = []) {
        self.number = number; self.previous = previous
    }

    /// The line Enter acts on: the one the agent moved to, or else the first field (the
    /// conversation's lines above it are a move up away), or else the first it can act on.
    /// Nil only when no line of the pane can be acted on (an empty pane).
    func selectedLine(in lines: [PaneLine]) -> Int? {
        // The lines may have changed since the agent moved (a task unlinked, a record closed).
        if let chosen = selected[pane.rawValue], lines.indices.contains(chosen), lines[chosen].target != nil { return chosen }
        return lines.firstIndex { $0.isEditableField } ?? lines.firstIndex { $0.target != nil }
    }

    /// Back to the record this one was opened from; false when there is none (back to the lists).
    mutating func goBack() -> Bool {
        guard let earlier = previous.popLast() else { return false }
        self = RecordScreen(number: earlier, previous: previous)
        return true
    }

    mutating func switchPane(_ action: UIAction) {
        let panes = Pane.allCases
        switch action {
        case .nextPane: pane = panes[(pane.rawValue + 1) % panes.count]
        case .previousPane: pane = panes[(pane.rawValue + panes.count - 1) % panes.count]
        case .tab(let i) where i < panes.count: pane = panes[i]
        default: break
        }
    }

    /// Moves the selection among the lines Enter can act on, keeping it in view in a pane of
    /// `height` rows. Only such a line is ever selected; a pane with none (no related task,
    /// nobody in Opened for, a closed record's details) keeps no selection and the keys scroll it.
    mutating func move(_ action: UIAction, in lines: [PaneLine], height: Int) {
        let p = pane.rawValue
        let selectable = lines.indices.filter { lines[$0].target != nil }
        guard let current = selectedLine(in: lines) else {
            selected[p] = nil
            scroll(action, lines: lines.count, height: height)
            return
        }
        var chosen = current
        switch action {
        case .moveUp: chosen = selectable.last { $0 < current } ?? current
        case .moveDown: chosen = selectable.first { $0 > current } ?? current
        case .pageUp: chosen = selectable.last { $0 <= current - height } ?? selectable.first ?? current
        case .pageDown: chosen = selectable.first { $0 >= current + height } ?? selectable.last ?? current
        case .first: chosen = selectable.first ?? current
        case .last: chosen = selectable.last ?? current
        default: break
        }
        selected[p] = chosen
        // Keep the selection visible; with nothing selectable below, scroll to the end.
        var first = top[p]
        if action == .moveDown && selectable.first(where: { $0 > chosen }) == nil { first += 1 }
        if action == .last || action == .pageDown { first = max(first, lines.count - height) }
        // With lines below, the pane's last row says so: one row fewer shows lines.
        let visible = lines.count > height ? max(1, height - 1) : height
        if chosen < first { first = chosen }
        // At the first line Enter acts on, show what stands above it (the conversation) too.
        if chosen == selectable.first { first = 0 }
        if chosen >= first + visible { first = chosen - visible + 1 }
        top[p] = max(0, min(first, max(0, lines.count - height)))
    }

    /// Scrolls a pane with nothing to select by a line, a page, or to either end.
    private mutating func scroll(_ action: UIAction, lines count: Int, height: Int) {
        let p = pane.rawValue
        let last = max(0, count - height)
        var first = min(top[p], last)
        switch action {
        case .moveUp: first -= 1
        case .moveDown: first += 1
        case .pageUp: first -= height
        case .pageDown: first += height
        case .first: first = 0
        case .last: first = last
        default: break
        }
        top[p] = max(0, min(first, last))
    }
}
