import FrontdeskCore

extension ConsoleState {
    /// The update function: applies one message and says what the runner should do.
    /// One frame: what it asks of the domain is asked once (`ConsoleFrame`).
    public mutating func handle(_ message: ConsoleMessage, desk: Desk) -> [ConsoleEffect] {
        ConsoleFrame.run { handleInFrame(message, desk: desk) }
    }

    private mutating func handleInFrame(_ message: ConsoleMessage, desk: Desk) -> [ConsoleEffect] {
        let searchedBefore = (list.history, view)
        var effects = update(message, desk: desk)
        openWhenDialogIsDone(desk)
        // The list now waits for history's matches of a query (typed, or on another list):
        // ask for that search; its answer arrives as `.historySearched`.
        if case .searching(let query) = list.history, searchedBefore != (list.history, view) {
            effects.append(.searchHistory(query: query, view: view))
        }
        return effects
    }

    private mutating func update(_ message: ConsoleMessage, desk: Desk) -> [ConsoleEffect] {
        switch message {
        case .tick(let instant):
            now = instant
            // The canned replies are read again now and then: a supervisor's new one shows soon.
            if templatesReadAt.map({ $0.seconds(until: now) >= Self.templatesRereadSeconds }) ?? true { return [.readTemplates] }
            return []
        case .templatesRead(let read):
            templates = read
            templatesReadAt = now
            return []
        case .resize(let w, let h):
            width = w
            height = h
            clampList()
            clampReport()
            clampAppointments()
            clampLocationSettings(desk)
            return []
        case .deskChanged:
            reloadRows(desk)
            return []
        case .viewers(let others):
            viewers = others
            return []
        case .commandSucceeded(let result, let followUp):
            awaitingSave = false
            storeWait = nil
            say(result.summary + (result.clockNote.map { " (\($0))" } ?? ""), isError: false)
            reloadRows(desk)
            if followUp == .openSubject, let number = result.subject, desk.interaction(number) != nil {
                // A dialog opened meanwhile (or accepting from inside one) keeps the screen it is on.
                if dialog == nil {
                    open(number, from: nil)
                } else {
                    openAfterDialog = number
                    say("\(result.summary): it opens when you finish here.", isError: false)
                }
            }
            if followUp == .ring { bellRequested = true }
            appointmentSaved(result, desk)
            if followUp == .wrapUp, let number = result.subject, let r = desk.interaction(number), r.state == .wrapUp {
                openWrapUp(r)
            }
            return []
        case .commandFailed(let text):
            storeWait = nil
            awaitingSave = false
            say(text, isError: true)
            // What was refused is shown as it is now (the runner re-read the store).
            reloadRows(desk)
            return []
        case .waiting(let text):
            storeWait = text
            awaitingSave = false
            return []
        case .storeReachable(let reachable):
            storeUnreachable = !reachable
            return []
        case .saveFailed(let text, let restoring):
            storeWait = nil
            awaitingSave = false
            say(text, isError: true)
            // Nothing typed is lost: the dialog comes back as it was, for the agent to correct and retry.
            if let restoring, dialog == nil { dialog = restoring }
            reloadRows(desk)
            return []
        case .historySearched(let query, let searchedView, let positions):
            // Only the answer to the search now shown; an older one is dropped.
            home.historySearched(query: query, view: searchedView, positions: positions, visibleRows: listHeight)
            return []
        case .notice(let text):
            say(text, isError: false)
            return []
        case .reportRead(let data):
            receivedReport(data)
            return []
        case .reportFailed(let text):
            reportFailed(text)
            return []
        case .key(let key):
            return handleKey(key, desk: desk)
        }
    }

    /// A record accepted from inside a dialog opens once the dialog is done (saved, or
    /// closed), with Esc leading back to the record the dialog was on.
    private mutating func openWhenDialogIsDone(_ desk: Desk) {
        guard let number = openAfterDialog, dialog == nil, !awaitingSave, storeWait == nil else { return }
        openAfterDialog = nil
        guard desk.interaction(number) != nil, record?.number != number else { return }
        open(number, from: screen == .record ? record?.number : nil)
    }

    /// Recomputes the rows of the work list (after a change to the desk, the list or the search).
    /// Only a desk that may have changed is looked at for news to say (`announceChanges` reads
    /// every record): a key typed into the search or a list switched is not such a change.
    public mutating func reloadRows(_ desk: Desk, deskMayHaveChanged: Bool = true) {
        let shownOffer = offer
        offer = desk.offers(for: agent).first
        if deskMayHaveChanged { announceChanges(desk, shownOffer: shownOffer) }
        home.reload(desk, agent: agent, at: now, visibleRows: listHeight)
        reloadAppointments(desk)
        clampLocationSettings(desk)
    }

    mutating func clampList() { home.clamp(visibleRows: listHeight) }

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
        switch screen {
        case .home: return home.showsCounter ? .counter : .home
        case .record: return .record
        case .report: return .report
        case .appointments: return .appointments
        case .locationSettings: return .locationSettings
        }
    }

    // MARK: Keys

    private mutating func handleKey(_ key: Key, desk: Desk) -> [ConsoleEffect] {
        if isTooSmall {
            // Only quitting works in a window too small to show anything else.
            return Bindings.binding(for: key, in: .home)?.1 == .quit ? [.quit] : []
        }
        let context = keyContext
        if context == .dialog {
            // The offer is answered from inside a dialog by a key no text field takes; what
            // is being typed stays as it is.
            if Bindings.binding(for: key, in: .dialog)?.1 == .acceptOffer { return acceptOffer(desk) }
            return handleDialogKey(key, desk: desk)
        }
        if context == .search, var field = searchField {
            // The previous search shows selected: typing replaces it, Backspace or Delete
            // clears it, moving the cursor keeps it for editing.
            if home.searchSelected {
                home.searchSelected = false
                switch key {
                case .character: field = TextField()
                case .backspace, .delete: field = TextField(); searchField = field; searchQuery = ""; reloadRows(desk, deskMayHaveChanged: false); return []
                default: break
                }
            }
            if field.handle(key) {
                searchField = field
                searchQuery = field.text
                list.selected = 0
                reloadRows(desk, deskMayHaveChanged: false)
                return []
            }
        }
        if Bindings.binding(for: key, in: .everywhere)?.1 == .quit { return [.quit] }
        guard let (_, action, refusal) = Bindings.binding(for: key, in: context, scope(desk)) else {
            // Moving from the search field goes on to the list.
            if context == .search, [.up, .down, .pageUp, .pageDown].contains(key) {
                searchField = nil
                return handleKey(key, desk: desk)
            }
            return []
        }
        if let refusal {
            say(refusal, isError: true)
            return []
        }
        return perform(action, desk: desk)
    }

    private mutating func perform(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        if overlay != nil { return scrollOverlay(action, desk: desk) }
        // The last message has been seen once the agent acts; it stays in the log (m).
        if action != .messageLog { status = nil }
        if screen == .report, let effects = reportAction(action, desk: desk) { return effects }
        if screen == .appointments, let effects = appointmentAction(action, desk: desk) { return effects }
        if screen == .locationSettings, let effects = locationSettingsAction(action, desk: desk) { return effects }
        switch action {
        case .help:
            overlay = .help
            overlayTop = 0
        case .messageLog:
            overlay = .messageLog
            overlayTop = Int.max   // the newest at the bottom, in view
        case .board:
            overlay = .board
            overlayTop = 0
        case .presence:
            openPresence(desk)
        case .acceptOffer:
            return acceptOffer(desk)
        case .rejectOffer:
            if let offer { openRejectOffer(offer, desk) }
        case .quit:
            return [.quit]
        case .back:
            goBack(desk)
        case .open:
            if let number = selectedNumber(in: desk) { open(number, from: nil) }
        case .search:
            // A new search: the last one's text is offered, selected (typing replaces it).
            searchField = TextField(searchQuery)
            home.searchSelected = !searchQuery.isEmpty
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
        case .callVisitor, .noShow:
            return counterAction(action, desk: desk)
        case .appointments:
            openAppointments(desk)
        case .locationSettings:
            openLocationSettings(desk)
        case .report:
            // The report leads back to the counter, not to the appointments left behind.
            if screen == .appointments { leaveAppointments(desk) }
            if screen == .locationSettings { leaveLocationSettings(desk) }
            return openReport()
        default:
            guard let r = currentRecord(desk) else { break }
            return recordAction(action, on: r, desk: desk)
        }
        return []
    }

    /// Accepted, the record opens: that is where the work is; with a dialog open, it opens
    /// once the dialog is done (see `.commandSucceeded`).
    private mutating func acceptOffer(_ desk: Desk) -> [ConsoleEffect] {
        guard let offer else {
            say("no work is offered to you now", isError: true)
            return []
        }
        return [.perform(.transition(number: offer.number, .accept, expectedVersion: offer.version), .openSubject)]
    }

    private mutating func goBack(_ desk: Desk) {
        guard screen == .record, var record else { return }
        if record.goBack() {
            self.record = record
        } else if report != nil {
            // Opened from a report's list of contacts: back to that list.
            screen = .report
            self.record = nil
        } else if locationSettings != nil {
            // Opened over a location's settings (a new interaction, an offer): back to them.
            screen = .locationSettings
            self.record = nil
            reloadRows(desk)
        } else if appointments != nil {
            // Opened over a location's appointments (a new interaction, an offer): back to them.
            screen = .appointments
            self.record = nil
            reloadRows(desk)
        } else {
            screen = .home
            self.record = nil
            reloadRows(desk)
        }
    }

    private mutating func scrollOverlay(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        guard let shown = overlay else { return [] }
        // The page the view draws; the top is kept in range first, so the "newest at the
        // bottom" start (Int.max) scrolls from where it shows.
        let page = overlayPage(shown, desk)
        let visible = page.rows, last = page.lastTop
        let top = page.top(from: overlayTop)
        switch action {
        case .back: overlay = nil
        case .moveUp: overlayTop = max(0, top - 1)
        case .moveDown: overlayTop = min(last, top + 1)
        case .pageUp: overlayTop = max(0, top - visible)
        case .pageDown: overlayTop = min(last, top + visible)
        case .first: overlayTop = 0
        case .last: overlayTop = last
        case .quit: return [.quit]
        default: break
        }
        return []
    }

    public mutating func open(_ number: String, from current: String?) {
        let earlier = current.map { (record?.previous ?? []) + [$0] } ?? []
        record = RecordScreen(number: number, previous: earlier)
        screen = .record
        searchField = nil
    }

    private mutating func switchTab(_ action: UIAction, desk: Desk) {
        if screen == .home {
            if home.switchList(action, counters: desk.counterLocations(for: agent).map(\.id)) { reloadRows(desk, deskMayHaveChanged: false) }
        } else {
            record?.switchPane(action)
        }
    }

    private mutating func move(_ action: UIAction, desk: Desk) {
        if screen == .home {
            home.move(action, visibleRows: listHeight)
        } else if var record, let r = desk.displayed(record.number) {
            record.move(action, in: paneLines(record.pane, of: r, desk: desk), height: paneHeight)
            self.record = record
        }
    }
}
