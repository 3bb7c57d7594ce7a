import FrontdeskCore

/// The work lists: which list, its rows (the working set's, then history's), the selection
/// and the search. It handles its own moves and draws into the areas the layout gives it.
public struct HomeScreen: Equatable, Sendable {
    public struct ListState: Equatable, Sendable {
        /// Positions in `desk.interactions` of the working-set rows of the current view and search.
        public var rows: [Int] = []
        /// The rows after them that come from history (Closed and Archived).
        public var history = HistoryRows.none
        /// The selected row; nil while the list has none.
        public var selected: Int?
        public var top = 0

        public var count: Int { rows.count + history.count }
    }

    /// A list's rows from history: all of the view's (read a page at a time through the index),
    /// the matches of a search, or a search still running off the input thread.
    public enum HistoryRows: Equatable, Sendable {
        case none
        case all(Int)
        case matches([Int])
        case searching(query: String)

        public var count: Int {
            switch self {
            case .none, .searching: 0
            case .all(let n): n
            case .matches(let positions): positions.count
            }
        }

        /// The position in the view's history order of row `i` of this part.
        func position(_ i: Int) -> Int? {
            switch self {
            case .all(let n): i < n ? i : nil
            case .matches(let positions): i < positions.count ? positions[i] : nil
            case .none, .searching: nil
            }
        }
    }

    public var view: WorkView = .mine
    public var list = ListState()
    /// The search input while it is being typed; `searchQuery` is the filter applied.
    public var searchField: TextField?
    public var searchQuery = ""
    /// The search field shows the previous search selected: the first letter typed replaces it.
    public var searchSelected = false
    /// The query whose history matches `list.history` holds.
    public var lastHistorySearch: String?
    /// The walk-up location whose counter shows instead of `view` (see `HomeScreen+Counter`).
    public var counter: String?
    /// The counter's visitors, row by row, as the desk was last read.
    public var visitors: [CounterEntry] = []
    /// The selected row's record as the last reload saw it: rows are positions in the working
    /// set, and a compaction's swap moves them, so the record to keep selected is found by number.
    private var lastSelection: SelectedRow?

    public init() {}

    /// Row `index` of the list, from the working set or from history.
    func row(_ index: Int?, in desk: Desk, at now: Instant) -> HistoryRow? {
        guard let index, index >= 0 else { return nil }
        if index < list.rows.count {
            // A position from before the working set changed may be past its end (reload mends it).
            guard desk.interactions.indices.contains(list.rows[index]) else { return nil }
            return desk.row(desk.interactions[list.rows[index]], at: now)
        }
        guard let position = list.history.position(index - list.rows.count) else { return nil }
        return desk.history?.row(in: view, at: position)
    }

    /// The record in the working set behind a row, when it is there (history rows are closed).
    func workingRecord(_ index: Int?, in desk: Desk) -> Interaction? {
        guard let index, index >= 0, index < list.rows.count, desk.interactions.indices.contains(list.rows[index]) else { return nil }
        return desk.interactions[list.rows[index]]
    }

    /// Recomputes the rows (after a change to the desk, the list or the search), keeping the
    /// same record selected where it is still listed.
    public mutating func reload(_ desk: Desk, agent: String, at now: Instant, visibleRows: Int) {
        // A counter the agent no longer serves gives way to the work list it was opened from.
        if let counter, desk.counterLocations(for: agent).contains(where: { $0.id == counter }) {
            return reloadCounter(counter, desk, agent: agent, at: now, visibleRows: visibleRows)
        }
        counter = nil
        visitors = []
        let kept = lastSelection.flatMap { $0.index == list.selected ? $0.number : nil } ?? row(list.selected, in: desk, at: now)?.number
        var rows = desk.positions(in: view, agent: agent)
        let searching = !searchQuery.trimmedWhitespace.isEmpty
        if searching { rows = desk.search(searchQuery, in: rows) }
        list.rows = rows
        // History: counted from its index; a search of it runs off the input thread (the
        // session starts it when it sees `.searching`) and its matches arrive later.
        if let history = desk.history, history.count(in: view) > 0 {
            if !searching {
                list.history = .all(history.count(in: view))
            } else if list.history != .searching(query: searchQuery), !isCurrentMatches(for: searchQuery) {
                list.history = .searching(query: searchQuery)
            }
        } else {
            list.history = .none
        }
        if let kept, let index = rows.firstIndex(where: { desk.interactions.number(at: $0) == kept }) {
            list.selected = index
        }
        clamp(visibleRows: visibleRows)
        lastSelection = list.selected.flatMap { i in row(i, in: desk, at: now).map { SelectedRow(index: i, number: $0.number) } }
    }

    /// Matches already shown for this very query (a refresh keeps them rather than search again).
    private func isCurrentMatches(for query: String) -> Bool {
        if case .matches = list.history, lastHistorySearch == query { return true }
        return false
    }

    /// A history search finished: its matches, if they answer the search now shown.
    mutating func historySearched(query: String, view searched: WorkView, positions: [Int], visibleRows: Int) {
        guard searched == view, list.history == .searching(query: query) else { return }
        list.history = .matches(positions)
        lastHistorySearch = query
        clamp(visibleRows: visibleRows)
    }

    /// Keeps the selection on a row (none when there is none) and in view.
    mutating func clamp(visibleRows: Int) {
        guard list.count > 0 else { list.selected = nil; list.top = 0; return }
        let selected = max(0, min(list.selected ?? 0, list.count - 1))
        list.selected = selected
        if selected < list.top { list.top = selected }
        if selected >= list.top + visibleRows { list.top = selected - visibleRows + 1 }
        list.top = max(0, min(list.top, max(0, list.count - visibleRows)))
    }

    /// Moves the selection by a row, a page, or to either end; an empty list keeps none.
    mutating func move(_ action: UIAction, visibleRows page: Int) {
        var selected = list.selected ?? 0
        switch action {
        case .moveUp: selected -= 1
        case .moveDown: selected += 1
        case .pageUp: selected -= page; list.top -= page
        case .pageDown: selected += page; list.top += page
        case .first: selected = 0
        case .last: selected = list.count - 1
        default: break
        }
        list.selected = selected
        clamp(visibleRows: page)
    }

    /// Next, previous or numbered list (the work lists, then the `counters` the agent serves);
    /// true when the list changed.
    mutating func switchList(_ action: UIAction, counters: [String] = []) -> Bool {
        let views = WorkView.allCases
        let count = Self.tabCount(counters: counters)
        let index = tabIndex(counters: counters)
        let next: Int
        switch action {
        case .nextList: next = (index + 1) % count
        case .previousList: next = (index + count - 1) % count
        case .tab(let i) where i < count: next = i
        default: return false
        }
        if next < views.count {
            view = views[next]
            counter = nil
        } else {
            counter = counters[next - views.count]
        }
        visitors = []
        list = ListState()
        // A filter belongs to the list it was typed on: another list starts unfiltered.
        searchField = nil
        searchQuery = ""
        searchSelected = false
        return true
    }
}

/// A list's selected row and the record it showed.
struct SelectedRow: Equatable, Sendable {
    var index: Int
    var number: String
}
