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
            say(result.summary + (result.clockNote.map { " (\($0))" } ?? ""), isError: false)
            reloadRows(desk)
            if followUp == .openSubject, let number = result.subject, desk.interaction(number) != nil {
                open(number, from: nil)
            }
            return []
        case .commandFailed(let text):
            storeWait = nil
            say(text, isError: true)
            // Nothing typed is lost: the dialog comes back as it was, for the agent to correct and retry.
            if let submitted, dialog == nil { dialog = submitted }
            submitted = nil
            // What was refused is shown as it is now (the runner re-read the store).
            reloadRows(desk)
            return []
        case .waiting(let text):
            storeWait = text
            submitted = nil
            return []
        case .saveFailed(let text, let restoring):
            storeWait = nil
            say(text, isError: true)
            if let restoring, dialog == nil { dialog = restoring }
            reloadRows(desk)
            return []
        case .historySearched(let query, let searchedView, let positions):
            // Only the answer to the search now shown; an older one is dropped.
            guard searchedView == view, list.history == .searching(query: query) else { return [] }
            list.history = .matches(positions)
            lastHistorySearch = query
            clampList()
            return []
        case .notice(let text):
            say(text, isError: false)
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

    /// What the bindings' checks see now.
    func scope(_ desk: Desk) -> BindingScope {
        BindingScope(state: self, desk: desk, record: currentRecord(desk))
    }

    /// The record an action applies to: the open one, or the selected working record of a list.
    func currentRecord(_ desk: Desk) -> Interaction? {
        if screen == .record { return record.flatMap { desk.displayed($0.number) } }
        return workingRecord(list.selected, in: desk)
    }

    /// Where keys go now.
    var keyContext: KeyContext {
        if overlay != nil { return .overlay }
        if dialog != nil { return .dialog }
        if searchField != nil { return .search }
        return screen == .home ? .home : .record
    }

    // MARK: Keys

    private mutating func handleKey(_ key: Key, desk: Desk) -> [ConsoleEffect] {
        if isTooSmall {
            return key == .control("c") || key == .character("q") ? [.quit] : []
        }
        let context = keyContext
        if context == .dialog { return handleDialogKey(key, desk: desk) }
        if context == .search, var field = searchField {
            if field.handle(key) {
                searchField = field
                searchQuery = field.text
                list.selected = 0
                reloadRows(desk)
                return []
            }
        }
        if key == .control("c") { return [.quit] }
        guard let (binding, action) = Bindings.binding(for: key, in: context) else {
            // Moving from the search field goes on to the list.
            if context == .search, [.up, .down, .pageUp, .pageDown].contains(key) {
                searchField = nil
                return handleKey(key, desk: desk)
            }
            return []
        }
        if let refusal = binding.refusal(scope(desk)) {
            say(refusal, isError: true)
            return []
        }
        return perform(action, desk: desk)
    }

    private mutating func perform(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        if overlay != nil { return scrollOverlay(action, desk: desk) }
        switch action {
        case .help:
            overlay = .help
            overlayTop = 0
        case .messageLog:
            overlay = .messageLog
            overlayTop = Int.max   // the newest at the bottom, in view
        case .presence:
            openPresence(desk)
        case .quit:
            return [.quit]
        case .back:
            goBack(desk)
        case .open:
            if let number = selectedNumber(in: desk) { open(number, from: nil) }
        case .search:
            searchField = TextField(searchQuery)
        case .keepSearch:
            searchField = nil
        case .clearSearch:
            searchField = nil
            searchQuery = ""
            reloadRows(desk)
        case .newInteraction:
            let types = InteractionType.allCases.filter { $0 != .phone || desk.config.phoneChannel }
            dialog = .newInteraction(NewInteractionForm(types: types, startingWith: desk.lastCreatedType(by: agent)))
        case .nextList, .previousList, .nextPane, .previousPane, .tab:
            switchTab(action, desk: desk)
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            move(action, desk: desk)
        default:
            guard let r = currentRecord(desk) else { break }
            return recordAction(action, on: r, desk: desk)
        }
        return []
    }

    private mutating func goBack(_ desk: Desk) {
        guard screen == .record, var record else { return }
        if let previous = record.previous.popLast() {
            record.number = previous
            record.pane = .details
            record.selected = [nil, nil, nil]
            record.top = [0, 0, 0]
            self.record = record
        } else {
            screen = .home
            self.record = nil
            reloadRows(desk)
        }
    }

    private mutating func scrollOverlay(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        let page = max(1, height - 4)
        switch action {
        case .back: overlay = nil
        case .moveUp: overlayTop = max(0, min(overlayTop, overlayLineCount(desk)) - 1)
        case .moveDown: overlayTop += 1
        case .pageUp: overlayTop = max(0, min(overlayTop, overlayLineCount(desk)) - page)
        case .pageDown: overlayTop += page
        case .first: overlayTop = 0
        case .last: overlayTop = Int.max
        case .quit: return [.quit]
        default: break
        }
        return []
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
            case .nextList: view = views[(index + 1) % views.count]
            case .previousList: view = views[(index + views.count - 1) % views.count]
            case .tab(let i) where i < views.count: view = views[i]
            default: return
            }
            list = ListState()
            reloadRows(desk)
        } else if var record {
            let panes = Pane.allCases
            switch action {
            case .nextPane: record.pane = panes[(record.pane.rawValue + 1) % panes.count]
            case .previousPane: record.pane = panes[(record.pane.rawValue + panes.count - 1) % panes.count]
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
            let lines = paneLines(record.pane, of: r, desk: desk)
            let pane = record.pane.rawValue
            let selectable = lines.indices.filter { lines[$0].target != nil }
            let current = selectedLine(in: lines, record) ?? -1
            var selected = current
            switch action {
            case .moveUp: selected = selectable.last { $0 < current } ?? current
            case .moveDown: selected = selectable.first { $0 > current } ?? current
            case .pageUp: selected = selectable.last { $0 <= current - paneHeight } ?? selectable.first ?? 0
            case .pageDown: selected = selectable.first { $0 >= current + paneHeight } ?? selectable.last ?? 0
            case .first: selected = selectable.first ?? 0
            case .last: selected = selectable.last ?? 0
            default: break
            }
            record.selected[pane] = selected
            // Keep the selection visible; with nothing selectable below, scroll to the end.
            var top = record.top[pane]
            if action == .moveDown && selectable.first(where: { $0 > selected }) == nil { top += 1 }
            if action == .last || action == .pageDown { top = max(top, lines.count - paneHeight) }
            // With lines below, the pane's last row says so: one row fewer shows lines.
            let visible = lines.count > paneHeight ? max(1, paneHeight - 1) : paneHeight
            if selected >= 0, selected < top { top = selected }
            if selected >= top + visible { top = selected - visible + 1 }
            record.top[pane] = max(0, min(top, max(0, lines.count - paneHeight)))
            self.record = record
        }
    }

    /// The line Enter acts on: the one the agent moved to, or else the first it can act on.
    func selectedLine(in lines: [PaneLine], _ record: RecordState) -> Int? {
        if let chosen = record.selected[record.pane.rawValue], chosen < lines.count, lines[chosen].target != nil { return chosen }
        return lines.firstIndex { $0.target != nil }
    }
}
