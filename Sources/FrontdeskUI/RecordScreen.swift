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

/// What a record action leads to: saves for the runner, or a dialog to open first.
enum RecordStep: Equatable {
    case effects([ConsoleEffect])
    case dialog(Dialog)
}

/// What a record action is decided from: the desk, who acts and when, and whether it was
/// pressed on a list (accepted there, the record opens).
struct RecordActionContext {
    let desk: Desk
    let agent: String
    let now: Instant
    let fromList: Bool
}

extension RecordScreen {
    /// What `action` does to `r`: straight to the store, or a dialog first; nil when nothing.
    static func step(_ action: UIAction, on r: Interaction, _ c: RecordActionContext) -> RecordStep? {
        let n = r.number, v = r.version
        func go(_ transition: RecordTransition) -> RecordStep {
            .effects([.perform(.transition(number: n, transition, expectedVersion: v), .stay)])
        }
        func run(_ transition: RecordTransition) -> ChoiceOutcome { .run(.transition(number: n, transition, expectedVersion: v), .stay) }
        var next: Dialog?
        switch action {
        case .accept:
            // Accepted from a list, the record opens: that is where the work is.
            return .effects([.perform(.transition(number: n, .accept, expectedVersion: v), c.fromList ? .openSubject : .stay)])
        case .resume: return go(.resume)
        case .hold:
            guard r.type == .messaging else { return go(.hold(reason: nil)) }
            var prompt = ChoicePrompt(title: "Put \(n) on hold", message: "State reason:",
                                      options: [ChoiceOption("None", run(.hold(reason: nil)))]
                                        + StateReason.allCases.map { ChoiceOption($0.display, run(.hold(reason: $0))) }
                                        + [ChoiceOption("Cancel", .dismiss)],
                                      safe: StateReason.allCases.count + 1)
            prompt.selected = 1
            next = .choice(prompt)
        case .endConversation:
            // Without wrap-up, ending closes the record for good: ask, staying is the default.
            let ending = try? PlanCount.plan(c.desk, .transition(number: n, .endConversation, expectedVersion: v), by: c.agent, at: c.now)
            guard let after = ending?.changes.interactions.first(where: { $0.number == n }), after.state.isClosed else {
                // Into Wrap Up: the wrap-up (code, notes) is asked at once.
                return .effects([.perform(.transition(number: n, .endConversation, expectedVersion: v), .wrapUp)])
            }
            next = .choice(ChoicePrompt(title: "End the conversation of \(n)?",
                                        message: "Wrap-up is off for \(r.type.display): this closes it as \(after.state.display), for good.",
                                        options: [ChoiceOption("Keep working", .dismiss), ChoiceOption("End and close", run(.endConversation))],
                                        safe: 0))
        case .wrapUp:
            next = wrapUpDialog(r, agent: c.agent)
        case .close:
            let options = [(RecordTransition.complete, "Complete"), (.abandon, "Abandon (the customer left)")].filter { transition, _ in
                (try? PlanCount.plan(c.desk, .transition(number: n, transition, expectedVersion: v), by: c.agent, at: c.now)) != nil
            }.map { transition, label in transition == .complete ? completing(r, c) : ChoiceOption(label, run(transition)) }
            next = .choice(ChoicePrompt(title: "Close \(n)?", message: "Closed records change no more; only archiving remains.",
                                        options: [ChoiceOption("Cancel", .dismiss)] + options, safe: 0))
        case .archive:
            next = .choice(ChoicePrompt(title: "Archive \(n)?", message: "Archived records leave the working lists but stay searchable.",
                                        options: [ChoiceOption("Cancel", .dismiss), ChoiceOption("Archive", run(.archive))], safe: 0))
        case .transfer:
            next = .picker(PickerPrompt(title: "Transfer \(n) to an agent or a queue", purpose: .transfer(n, version: v)))
        case .addNote:
            next = textPrompt(.workNote(n, version: v), title: "INTERNAL work note on \(n)",
                              hint: "INTERNAL: the desk reads this; the customer never does.", text: "")
        case .reply:
            let to = c.desk.replyAddress(of: r).map { "\($0.channel) to \($0.recipient)" } ?? ""
            let who = r.openedFor.map { c.desk.customerName($0) } ?? c.desk.replyAddress(of: r)?.recipient ?? "the customer"
            next = textPrompt(.reply(n), title: "PUBLIC reply to \(who)",
                              hint: "PUBLIC: the customer reads this (\(to)).", text: "")
        case .editShortDescription:
            next = textPrompt(.shortDescription(n, version: v), title: "Short description of \(n)", hint: "A brief summary of the contact.", text: r.shortDescription)
        case .newTask:
            var prompt = ChoicePrompt(title: "Create a task from \(n)", message: "It copies the short description and opened for.",
                                      options: TaskKind.allCases.map { ChoiceOption($0.display, .run(.createTask(number: n, kind: $0, expectedVersion: v), .stay)) }
                                        + [ChoiceOption("Cancel", .dismiss)],
                                      safe: TaskKind.allCases.count)
            prompt.selected = 0
            next = .choice(prompt)
        case .reopen:
            next = textPrompt(.reopenReason(n, version: v), title: "Reopen \(n)", hint: "Why? It goes on the audit trail.", text: "")
        case .linkTask:
            next = textPrompt(.linkTask(n, version: v), title: "Associate a task with \(n)", hint: "The task's number: INC…, CS… or REQ…", text: "")
        case .linkProfile:
            guard let profile = r.channelUserProfile else { return nil }
            next = .picker(PickerPrompt(title: "Link profile \(profile) to a customer", purpose: .linkProfile(profile)))
        case .editCustomer:
            guard let id = r.openedFor, let customer = c.desk.customers[id] else { return nil }
            next = .customer(CustomerForm(title: "Customer \(id)", fields: CustomerFields(CustomerDetails(customer)), purpose: .edit(id)))
        default:
            break
        }
        return next.map(RecordStep.dialog)
    }

    private static func textPrompt(_ purpose: TextPrompt.Purpose, title: String, hint: String, text: String) -> Dialog {
        .text(TextPrompt(title: title, hint: hint, field: TextField(text), purpose: purpose, original: text))
    }

    /// The wrap-up: a code from the type's list (typing filters it), then notes.
    static func wrapUpDialog(_ r: Interaction, agent: String) -> Dialog {
        // Their own record in Wrap Up, else their part of one they transferred on.
        let part = !(r.state == .wrapUp && r.assignedTo == agent) && r.wrapUpsDue.contains { $0.agent == agent }
        return .picker(PickerPrompt(title: "Wrap up \(part ? "your part of " : "")\(r.number): code", purpose: .wrapUpCode(r.number, version: r.version, part: part)))
    }

    /// Complete in the close dialog. On a type whose wrap-up is on, completing goes through
    /// wrap-up (a code and notes, as `e` then `W` would) rather than around it; only a record
    /// that cannot reach Wrap Up (On Hold) completes without, and the option says so.
    private static func completing(_ r: Interaction, _ c: RecordActionContext) -> ChoiceOption {
        let complete = ChoiceOutcome.run(.transition(number: r.number, .complete, expectedVersion: r.version), .stay)
        guard c.desk.config.wrapUp.contains(r.type) else { return ChoiceOption("Complete", complete) }
        switch r.state {
        case .workInProgress:
            return ChoiceOption("Complete (wrap-up code next)",
                                .run(.transition(number: r.number, .endConversation, expectedVersion: r.version), .wrapUp))
        case .wrapUp:
            return ChoiceOption("Complete (wrap-up code next)", .open(wrapUpDialog(r, agent: c.agent)))
        default:
            return ChoiceOption("Complete, skipping wrap-up", complete)
        }
    }
}
