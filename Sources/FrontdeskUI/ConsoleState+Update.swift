import FrontdeskCore

extension ConsoleState {
    /// The update function: applies one message and says what the runner should do.
    public mutating func handle(_ message: ConsoleMessage, desk: Desk) -> [ConsoleEffect] {
        switch message {
        case .tick(let instant):
            now = instant
            return []
        case .resize(let w, let h):
            width = w
            height = h
            clampList()
            return []
        case .deskChanged:
            reloadRows(desk)
            return []
        case .commandSucceeded(let result, let followUp):
            submitted = nil
            storeWait = nil
            status = StatusMessage(text: result.summary, isError: false)
            reloadRows(desk)
            if followUp == .openSubject, let number = result.subject, desk.interaction(number) != nil {
                open(number, from: nil)
            }
            return []
        case .commandFailed(let text):
            storeWait = nil
            status = StatusMessage(text: text, isError: true)
            // Nothing typed is lost: the dialog comes back as it was, for the agent to correct and retry.
            if let submitted, dialog == nil { dialog = submitted }
            submitted = nil
            return []
        case .waiting(let text):
            storeWait = text
            submitted = nil
            return []
        case .saveFailed(let text, let restoring):
            storeWait = nil
            status = StatusMessage(text: text, isError: true)
            if let restoring, dialog == nil { dialog = restoring }
            return []
        case .historySearched(let query, let searchedView, let positions):
            // Only the answer to the search now shown; an older one is dropped.
            guard searchedView == view, list.history == .searching(query: query) else { return [] }
            list.history = .matches(positions)
            lastHistorySearch = query
            clampList()
            return []
        case .key(let key):
            return handleKey(key, desk: desk)
        }
    }

    /// Recomputes the rows of the current list (after a change to the desk, the view or the
    /// search), keeping the same record selected where it is still listed.
    public mutating func reloadRows(_ desk: Desk) {
        let kept = selectedNumber(in: desk)
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
        if let kept, let index = rows.firstIndex(where: { desk.interactions[$0].number == kept }) {
            list.selected = index
        }
        clampList()
    }

    /// Matches already shown for this very query (a refresh keeps them rather than search again).
    private func isCurrentMatches(for query: String) -> Bool {
        if case .matches = list.history, lastHistorySearch == query { return true }
        return false
    }

    mutating func clampList() {
        list.selected = max(0, min(list.selected, list.count - 1))
        if list.selected < list.top { list.top = list.selected }
        if list.selected >= list.top + listHeight { list.top = list.selected - listHeight + 1 }
        list.top = max(0, min(list.top, max(0, list.count - listHeight)))
    }

    // MARK: Keys

    private mutating func handleKey(_ key: Key, desk: Desk) -> [ConsoleEffect] {
        if isTooSmall {
            return key == .control("c") || key == .character("q") ? [.quit] : []
        }
        if showHelp {
            switch key {
            case .character("?"), .escape, .character("q"): showHelp = false
            case .control("c"): return [.quit]
            case .up, .character("k"): helpTop = max(0, helpTop - 1)
            case .down, .character("j"): helpTop += 1
            case .pageUp: helpTop = max(0, helpTop - (height - 6))
            case .pageDown: helpTop += height - 6
            default: break
            }
            return []
        }
        if dialog != nil { return handleDialogKey(key, desk: desk) }
        if var field = searchField {
            switch key {
            case .enter:
                searchField = nil
            case .escape:
                searchField = nil
                searchQuery = ""
                reloadRows(desk)
            case .up, .down, .pageUp, .pageDown:
                searchField = nil
                return handleKey(key, desk: desk)
            case .control("c"):
                return [.quit]
            default:
                if field.handle(key) {
                    searchField = field
                    searchQuery = field.text
                    list.selected = 0
                    reloadRows(desk)
                }
            }
            return []
        }
        let context: KeyContext = screen == .home ? .home : .record
        guard let action = KeyMap.action(for: key, in: context) else { return [] }
        return perform(action, desk: desk)
    }

    private mutating func perform(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        status = nil
        switch action {
        case .help:
            showHelp = true
            helpTop = 0
        case .quit:
            return [.quit]
        case .back:
            if screen == .record, var record {
                if let previous = record.previous.popLast() {
                    record.number = previous
                    record.pane = .details
                    self.record = record
                } else {
                    screen = .home
                    self.record = nil
                    reloadRows(desk)
                }
            } else if !searchQuery.isEmpty {
                searchQuery = ""
                reloadRows(desk)
            }
        case .open:
            if let number = selectedNumber(in: desk) { open(number, from: nil) }
        case .search:
            searchField = TextField(searchQuery)
        case .newInteraction:
            let types = InteractionType.allCases.filter { $0 != .phone || desk.config.phoneChannel }
            dialog = .newInteraction(NewInteractionForm(
                types: types, typeIndex: 0, customerQuery: TextField(), selected: -1, short: TextField(),
                creatingCustomer: false, newName: TextField(), newEmail: TextField(), newPhone: TextField(), focus: .type))
        case .nextTab, .previousTab, .tab:
            switchTab(action, desk: desk)
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            move(action, desk: desk)
        case .accept:
            guard let number = currentNumber(desk) else { break }
            return [.perform(.transition(number: number, .accept, expectedVersion: desk.displayed(number)?.version), .stay)]
        default:
            guard screen == .record, let record, let r = desk.displayed(record.number) else { break }
            return recordAction(action, on: r, desk: desk)
        }
        return []
    }

    /// The record the action applies to: the open one, or the selected row on a list.
    private func currentNumber(_ desk: Desk) -> String? {
        screen == .record ? record?.number : selectedNumber(in: desk)
    }

    public mutating func open(_ number: String, from current: String?) {
        var state = RecordState(number: number)
        if let current, let existing = record { state.previous = existing.previous + [current] }
        record = state
        screen = .record
        searchField = nil
    }

    private mutating func switchTab(_ action: UIAction, desk: Desk) {
        if screen == .home {
            let views = WorkView.allCases
            let index = views.firstIndex(of: view) ?? 0
            switch action {
            case .nextTab: view = views[(index + 1) % views.count]
            case .previousTab: view = views[(index + views.count - 1) % views.count]
            case .tab(let i) where i < views.count: view = views[i]
            default: return
            }
            list = ListState()
            reloadRows(desk)
        } else if var record {
            let panes = Pane.allCases
            switch action {
            case .nextTab: record.pane = panes[(record.pane.rawValue + 1) % panes.count]
            case .previousTab: record.pane = panes[(record.pane.rawValue + panes.count - 1) % panes.count]
            case .tab(let i) where i < panes.count: record.pane = panes[i]
            default: return
            }
            self.record = record
        }
    }

    private mutating func move(_ action: UIAction, desk: Desk) {
        if screen == .home {
            let page = listHeight
            switch action {
            case .moveUp: list.selected -= 1
            case .moveDown: list.selected += 1
            case .pageUp: list.selected -= page; list.top -= page
            case .pageDown: list.selected += page; list.top += page
            case .first: list.selected = 0
            case .last: list.selected = list.count - 1
            default: break
            }
            clampList()
        } else if var record, let r = desk.displayed(record.number) {
            let lines = desk.paneLines(record.pane, of: r, at: now)
            let pane = record.pane.rawValue
            let selectable = lines.indices.filter { lines[$0].target != nil }
            var selected = record.selected[pane]
            switch action {
            case .moveUp: selected = selectable.last { $0 < selected } ?? selected
            case .moveDown: selected = selectable.first { $0 > selected } ?? selected
            case .pageUp: selected = selectable.last { $0 <= selected - paneHeight } ?? selectable.first ?? 0
            case .pageDown: selected = selectable.first { $0 >= selected + paneHeight } ?? selectable.last ?? 0
            case .first: selected = selectable.first ?? 0
            case .last: selected = selectable.last ?? 0
            default: break
            }
            record.selected[pane] = selected
            // Keep the selection visible; with nothing selectable below, scroll to the end.
            var top = record.top[pane]
            if action == .moveDown && selectable.first(where: { $0 > selected }) == nil { top += 1 }
            if action == .last || action == .pageDown { top = max(top, lines.count - paneHeight) }
            if action == .moveUp && selected < top { top = selected }
            if selected < top { top = selected }
            if selected >= top + paneHeight { top = selected - paneHeight + 1 }
            record.top[pane] = max(0, min(top, max(0, lines.count - paneHeight)))
            self.record = record
        }
    }
}
