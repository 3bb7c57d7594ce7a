import FrontdeskCore

/// What a key does. The console dispatches on these; help, hint lines and the README's key
/// table are all generated from `Bindings.all`.
public enum UIAction: Hashable, Sendable {
    case help, messageLog, presence, quit, newInteraction, acceptOffer, rejectOffer, board
    case open, search, nextList, previousList, tab(Int)
    case back, nextPane, previousPane
    case moveUp, moveDown, pageUp, pageDown, first, last
    case accept, hold, resume, transfer, endConversation, wrapUp, close, archive
    case addNote, reply, editSelected, editShortDescription, editCustomer, newTask, linkTask, linkProfile, reopen
    case newLine, insertTemplate
    case keepSearch, clearSearch
    case confirm, cancel, nextField, previousField, previousOption, nextOption, toggle
    /// On a question: the option going ahead (y) or the safe one (n); on a yes/no field, set it.
    case yes, no
    /// On a question: the option whose label starts with the letter typed.
    case optionLetter
    /// The walk-up counter: call the selected visitor to this agent's desk; close one who never came.
    case callVisitor, noShow
    /// The report screen (supervisors): open it (again: read anew), and the period before or after.
    case report, previousPeriod, nextPeriod
    /// A walk-up location's appointments (from its counter), and what is done to the selected one.
    case appointments, cancelAppointment, rescheduleAppointment, bookAppointment
    /// A walk-up location's settings (supervisors, from its counter).
    case locationSettings
}

/// Where a binding applies.
public enum KeyContext: String, CaseIterable, Sendable {
    case everywhere = "Everywhere"
    case home = "Work lists"
    /// A walk-up location's list of visitors (a home list; the work lists' keys apply too).
    case counter = "Walk-up counter"
    /// A walk-up location's appointments, reached from its counter.
    case appointments = "Appointments"
    /// A walk-up location's settings, reached from its counter (supervisors).
    case locationSettings = "Location settings"
    case search = "Searching a list"
    case record = "Record screen"
    /// The supervisors' report screen, and a group's contacts drilled into from it.
    case report = "Report"
    case dialog = "Dialogs"
    case overlay = "Help, message log and conversation"

    var title: String { rawValue }
}

/// What a binding's checks see: the console, the desk, and the record an action would act on
/// (the open record, or the working record selected in a list).
public struct BindingScope {
    public let state: ConsoleState
    public let desk: Desk
    public let record: Interaction?
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    /// Any character key not bound before this binding (a question's options by their first letter).
    var anyCharacter = false
    public var action: UIAction
    public var contexts: [KeyContext]
    /// The line in help and the README.
    public var help: String
    /// The word on the hint line, when this binding earns a place there.
    var hint: @Sendable (BindingScope) -> String?
    /// Why the action cannot run here now, or nil when it can. A refused binding is left off
    /// the hint line, and pressing it says why.
    var refusal: @Sendable (BindingScope) -> String?
    /// Its hint comes first on the line, before the screen's own (answering an offer).
    var leadsHints = false

    init(_ keys: [Key], _ action: UIAction, _ contexts: [KeyContext], help: String, hint: String? = nil,
         dynamicHint: (@Sendable (BindingScope) -> String?)? = nil, leadsHints: Bool = false,
         refusal: @escaping @Sendable (BindingScope) -> String? = { _ in nil }) {
        self.keys = keys; self.action = action; self.contexts = contexts; self.help = help
        self.hint = dynamicHint ?? { _ in hint }
        self.leadsHints = leadsHints
        self.refusal = refusal
    }

    /// A record action: refused when the domain would refuse every command it can run.
    static func onRecord(_ keys: [Key], _ action: UIAction, _ contexts: [KeyContext], help: String, hint: String?) -> KeyBinding {
        KeyBinding(keys, action, contexts, help: help, hint: hint, refusal: { scope in
            guard let r = scope.record else { return "no record selected" }
            return RecordActions.refusal(action, on: r, desk: scope.desk, agent: scope.state.agent, at: scope.state.now)
        })
    }

    /// A binding for every character key the table binds no earlier: typing one chooses by it.
    static func characters(_ action: UIAction, _ contexts: [KeyContext], help: String) -> KeyBinding {
        var binding = KeyBinding([], action, contexts, help: help)
        binding.anyCharacter = true
        return binding
    }

    /// Whether `key` is one of this binding's keys.
    func matches(_ key: Key) -> Bool {
        if keys.contains(key) { return true }
        if anyCharacter, case .character = key { return true }
        return false
    }

    /// The keys as help writes them.
    var keyLabel: String { anyCharacter ? Self.characterLabel : keys.map(\.label).joined(separator: " ") }
    static let characterLabel = "a b c …"
    /// The first key, as the hint line writes it.
    var hintKey: String { keys.first.map(\.label) ?? "" }
}

/// The one table of key bindings.
public enum Bindings {
    /// The table in force: the standard one, or a test's rebinding (`$rebound.withValue`), so
    /// a test can move a key and see every word that names it follow.
    public static var all: [KeyBinding] { rebound ?? standard }

    /// A table that replaces the standard one for the task running (tests only).
    @TaskLocal static var rebound: [KeyBinding]?

    /// The key bindings as shipped.
    public static let standard: [KeyBinding] = [
        // An offer of work, answered from any screen.
        KeyBinding([.character("A")], .acceptOffer, [.everywhere], help: "accept the work offered to you (the banner) and open it",
                   dynamicHint: { $0.state.offer == nil || $0.state.dialog != nil ? nil : "accept offer" }, leadsHints: true,
                   refusal: { $0.state.offer == nil ? "no work is offered to you now" : nil }),
        // From inside a dialog, where A is a letter typed: a key no text field takes.
        KeyBinding([.control("o")], .acceptOffer, [.dialog], help: "accept the work offered to you; what you are typing stays, the record opens after",
                   dynamicHint: { $0.state.offer == nil ? nil : "accept offer" }, leadsHints: true,
                   refusal: { $0.state.offer == nil ? "no work is offered to you now" : nil }),
        KeyBinding([.character("R")], .rejectOffer, [.everywhere], help: "reject the work offered to you, with a reason",
                   dynamicHint: { $0.state.offer == nil || $0.state.dialog != nil ? nil : "reject" }, leadsHints: true,
                   refusal: { $0.state.offer == nil ? "no work is offered to you now" : nil }),
        // Work lists.
        KeyBinding([.enter], .open, [.home], help: "open the selected record", hint: "open"),
        KeyBinding.onRecord([.character("a")], .accept, [.home], help: "accept the selected record", hint: "accept"),
        KeyBinding([.character("/")], .search, [.home], help: "search the list (number, customer, description, notes, conversation)", hint: "search",
                   refusal: { $0.state.home.counter == nil ? nil : "the counter lists everyone waiting, in order: search from the work lists" }),
        KeyBinding([.tab], .nextList, [.home], help: "next list", hint: "next list"),
        KeyBinding([.backTab], .previousList, [.home], help: "previous list"),
        KeyBinding((1...9).map { .character(Character(String($0))) }, .tab(0), [.home],
                   help: "My work / Queue / All open / Closed / Archived / My wrap ups / 7-9: the walk-up counters you serve"),
        KeyBinding([.character("q")], .quit, [.home], help: "quit Frontdesk", hint: "quit"),

        // The walk-up counter: its own keys first, then the work lists'.
        KeyBinding.onRecord([.character("C")], .callVisitor, [.counter],
                            help: "call the selected visitor (the next one, unless you moved) to your desk: the display shows it; calling again counts",
                            hint: "call"),
        KeyBinding.onRecord([.character("a")], .accept, [.counter], help: "accept the visitor who came to your desk and open their record", hint: "accept"),
        KeyBinding.onRecord([.character("h")], .hold, [.counter], help: "put the visitor you are serving on hold: they keep their place", hint: "hold"),
        KeyBinding.onRecord([.character("r")], .resume, [.counter], help: "resume serving a visitor you put on hold", hint: "resume"),
        KeyBinding.onRecord([.character("N")], .noShow, [.counter],
                            help: "close as a no-show (Abandoned), once called the location's number of times without an answer (asks first)",
                            hint: "no show"),
        KeyBinding([.character("p")], .appointments, [.counter],
                   help: "this location's appointments: today's and upcoming, to cancel, reschedule or book", hint: "appointments",
                   refusal: { $0.state.home.counter == nil ? "appointments are a walk-up location's: open its counter first" : nil }),

        KeyBinding([.character("L")], .locationSettings, [.counter],
                   help: "this location's settings (supervisors): hours, messages, reasons, tickets...; Enter edits one, as `config set` does",
                   hint: "settings",
                   refusal: {
                       if $0.state.home.counter == nil { return "location settings are a walk-up location's: open its counter first" }
                       return $0.desk.agents[$0.state.agent]?.isSupervisor == true ? nil : "location settings are for supervisors"
                   }),

        // A location's settings: the selected one edited (the domain checks the value, as for `config set`).
        KeyBinding([.enter], .editSelected, [.locationSettings], help: "edit the selected setting's value (Enter saves, Esc cancels)", hint: "edit"),
        KeyBinding([.escape, .character("q")], .back, [.locationSettings], help: "back to the counter", hint: "back"),

        // A location's appointments: the selected one cancelled or moved, a new one booked.
        KeyBinding([.character("c")], .cancelAppointment, [.appointments], help: "cancel the selected appointment (asks first)", hint: "cancel",
                   refusal: { AppointmentActions.refusal(.cancelAppointment, $0) }),
        KeyBinding([.character("s")], .rescheduleAppointment, [.appointments],
                   help: "reschedule the selected appointment: pick one of the location's free slots", hint: "reschedule",
                   refusal: { AppointmentActions.refusal(.rescheduleAppointment, $0) }),
        KeyBinding([.character("b")], .bookAppointment, [.appointments],
                   help: "book an appointment here: pick a customer, their reason, then a free slot", hint: "book",
                   refusal: { AppointmentActions.refusal(.bookAppointment, $0) }),
        KeyBinding([.escape, .character("q")], .back, [.appointments], help: "back to the counter", hint: "back"),

        // Searching.
        KeyBinding([.enter], .keepSearch, [.search], help: "keep the filter and go back to the list", hint: "keep"),
        KeyBinding([.escape], .clearSearch, [.search, .home], help: "clear the filter",
                   dynamicHint: { $0.state.searchField != nil || !$0.state.searchQuery.isEmpty ? "clear filter" : nil }),

        // Record screen: the actions first, in the order they are needed.
        KeyBinding.onRecord([.character("a")], .accept, [.record], help: "accept", hint: "accept"),
        KeyBinding.onRecord([.character("r")], .resume, [.record], help: "resume", hint: "resume"),
        KeyBinding.onRecord([.character("i")], .reply, [.record],
                            help: "reply to the customer: public, sent through the chat or messaging channel", hint: "reply"),
        KeyBinding.onRecord([.character("h")], .hold, [.record], help: "put on hold", hint: "hold"),
        KeyBinding.onRecord([.character("e")], .endConversation, [.record], help: "end the conversation (asks first when that closes it)", hint: "end"),
        KeyBinding.onRecord([.character("W")], .wrapUp, [.record], help: "wrap up: a code, notes, submit and close", hint: "wrap up"),
        KeyBinding.onRecord([.character("c")], .close, [.record], help: "close: complete or abandon (asks first)", hint: "close"),
        KeyBinding.onRecord([.character("t")], .transfer, [.record], help: "transfer to an agent or a queue", hint: "transfer"),
        KeyBinding.onRecord([.character("w")], .addNote, [.record], help: "add a work note", hint: "note"),
        KeyBinding.onRecord([.character("s")], .editShortDescription, [.record], help: "edit the short description", hint: "short"),
        KeyBinding.onRecord([.character("T")], .newTask, [.record], help: "create an incident, case or request", hint: "task"),
        KeyBinding.onRecord([.character("L")], .linkTask, [.record], help: "associate an existing task by number", hint: nil),
        KeyBinding.onRecord([.character("p")], .linkProfile, [.record], help: "link the channel user profile to a customer (or a new one)", hint: nil),
        KeyBinding.onRecord([.character("u")], .editCustomer, [.record], help: "edit the customer card (email, phone, company, VIP)", hint: nil),
        KeyBinding.onRecord([.character("x")], .archive, [.record], help: "archive", hint: "archive"),
        KeyBinding.onRecord([.character("O")], .reopen, [.record], help: "reopen a record closed by mistake (supervisors, asks why)", hint: "reopen"),
        KeyBinding([.enter], .editSelected, [.record], help: "edit the field / open the interaction / read the conversation"),
        KeyBinding([.tab], .nextPane, [.record], help: "next pane", hint: "panes"),
        KeyBinding([.backTab], .previousPane, [.record], help: "previous pane"),
        KeyBinding([.character("1"), .character("2"), .character("3")], .tab(0), [.record],
                   help: "Details / Related Tasks / User's Interactions"),
        KeyBinding([.escape, .character("q")], .back, [.record], help: "back to the previous record or the lists", hint: "back"),

        // The report screen: groups, periods, a group's contacts, their records.
        KeyBinding([.enter], .open, [.report], help: "the selected group's contacts; on a contact, open its record",
                   dynamicHint: { $0.state.report?.drill == nil ? "contacts" : "open" }),
        KeyBinding([.tab], .nextList, [.report], help: "next grouping: queue, agent, channel, reason, wrap-up code, hour, day", hint: "group by"),
        KeyBinding([.backTab], .previousList, [.report], help: "previous grouping"),
        KeyBinding((1...ReportGrouping.allCases.count).map { .character(Character(String($0))) }, .tab(0), [.report],
                   help: ReportGrouping.allCases.map(\.title).joined(separator: " / ")),
        KeyBinding([.right], .nextPeriod, [.report], help: "next period: today, yesterday, this week, this month, this quarter", hint: "period"),
        KeyBinding([.left], .previousPeriod, [.report], help: "previous period"),
        KeyBinding([.escape, .character("q")], .back, [.report], help: "back: from a group's contacts to the report, from the report to where you were",
                   hint: "back"),

        // Moving, on lists, panes, and the help, log and conversation views.
        KeyBinding([.up, .character("k")], .moveUp, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "move up"),
        KeyBinding([.down, .character("j")], .moveDown, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "move down"),
        KeyBinding([.pageUp], .pageUp, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "page up"),
        KeyBinding([.pageDown], .pageDown, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "page down"),
        KeyBinding([.home], .first, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "first"),
        KeyBinding([.end], .last, [.home, .record, .overlay, .report, .appointments, .locationSettings], help: "last"),
        KeyBinding([.escape, .character("q"), .character("?")], .back, [.overlay], help: "close", hint: "close"),

        // Everywhere outside dialogs.
        KeyBinding([.character("n")], .newInteraction, [.everywhere], help: "new interaction", hint: "new"),
        KeyBinding([.character("P")], .presence, [.everywhere], help: "set your presence: Available, Away, Offline"),
        KeyBinding([.character("m")], .messageLog, [.everywhere], help: "this session's messages, newest last"),
        KeyBinding([.character("B")], .board, [.everywhere], help: "the supervisor's live board: queues, waits, agents, load (supervisors)",
                   refusal: { $0.desk.agents[$0.state.agent]?.isSupervisor == true ? nil : "the board is for supervisors" }),
        // R also rejects an offer (above): with work offered it does that, else it opens reports.
        KeyBinding([.character("R")], .report, [.everywhere],
                   help: "reports (supervisors): today's, yesterday's, this week's, month's or quarter's contacts by group, with charts; again: read anew",
                   dynamicHint: { $0.state.offer == nil && $0.state.screen == .home ? "reports" : nil },
                   refusal: { $0.desk.agents[$0.state.agent]?.isSupervisor == true ? nil : "reports are for supervisors" }),
        KeyBinding([.character("?")], .help, [.everywhere], help: "show or hide this help", hint: "help"),
        KeyBinding([.control("c")], .quit, [.everywhere, .dialog, .overlay, .search], help: "quit (asks first if something typed is unsaved)"),

        // Dialogs.
        KeyBinding([.enter], .confirm, [.dialog], help: "confirm: save, pick, create",
                   dynamicHint: { $0.state.dialog?.confirmLabel($0.desk) }),
        KeyBinding([.escape], .cancel, [.dialog], help: "cancel (asks first if something typed would be lost; Esc again keeps it)",
                   dynamicHint: { $0.state.dialog?.escapeLabel ?? "cancel" }),
        KeyBinding([.tab], .nextField, [.dialog], help: "next field",
                   dynamicHint: { $0.state.dialog?.hasFields == true ? "next field" : nil }),
        KeyBinding([.backTab], .previousField, [.dialog], help: "previous field"),
        KeyBinding([.up], .moveUp, [.dialog], help: "previous choice or item (from a list's first item: back to typing)"),
        KeyBinding([.down], .moveDown, [.dialog], help: "next choice or item (from a search field: its list's first item)",
                   dynamicHint: { $0.state.dialog?.hasChoices == true ? "choose" : nil }),
        KeyBinding([.left], .previousOption, [.dialog], help: "previous option (in a text field: cursor left)"),
        KeyBinding([.right], .nextOption, [.dialog], help: "next option (in a text field: cursor right)"),
        KeyBinding([.pageUp], .pageUp, [.dialog], help: "page up in a list (\(listPage) items)"),
        KeyBinding([.pageDown], .pageDown, [.dialog], help: "page down in a list (\(listPage) items)"),
        KeyBinding([.character(" ")], .toggle, [.dialog], help: "switch a yes/no field (VIP) or the type"),
        KeyBinding([.control("j")], .newLine, [.dialog], help: "a new line in a reply or a work note",
                   dynamicHint: { $0.state.typingMessage ? "new line" : nil }),
        KeyBinding([.control("t")], .insertTemplate, [.dialog], help: "insert a canned reply, filled in for the record (typing filters them)",
                   dynamicHint: { $0.state.typingMessage ? "canned reply" : nil }),
        // Answering a question, and the yes/no fields (VIP); never in a text field, which takes letters.
        KeyBinding([.character("y")], .yes, [.dialog], help: "yes: a question's option going ahead; a yes/no field (VIP) on"),
        KeyBinding([.character("n")], .no, [.dialog], help: "no: a question's safe option (as Esc); a yes/no field off"),
        KeyBinding.characters(.optionLetter, [.dialog], help: "a question's option starting with that letter (the safe one last)"),
    ]

    /// How far PgUp and PgDn move in a dialog's list (a picker, Opened for in the New form).
    static let listPage = 8

    /// Where a key is looked for in `context`: dialogs, the overlay views and the search field
    /// see only their own bindings; the counter falls back on the work lists'; every screen
    /// then on those for everywhere.
    static func lookupOrder(_ context: KeyContext) -> [KeyContext] {
        switch context {
        case .dialog, .overlay, .search: [context]
        case .counter: [.counter, .home, .everywhere]
        default: [context, .everywhere]
        }
    }

    /// The binding of `key` in `context` (bindings for everywhere after the context's own).
    /// Dialogs and the overlay views see only their own.
    public static func binding(for key: Key, in context: KeyContext) -> (KeyBinding, UIAction)? {
        matches(for: key, in: context).first
    }

    /// What `key` runs in `context` now. A key bound twice where it is looked up (R: reject
    /// the work offered, else reports) runs the first binding that may run; when none may, the
    /// first, refused with every binding's reason.
    static func binding(for key: Key, in context: KeyContext, _ scope: BindingScope) -> (binding: KeyBinding, action: UIAction, refusal: String?)? {
        let found = matches(for: key, in: context)
        guard let first = found.first else { return nil }
        guard found.count > 1 else { return (first.0, first.1, first.0.refusal(scope)) }
        var refusals: [String] = []
        for (binding, action) in found {
            guard let refusal = binding.refusal(scope) else { return (binding, action, nil) }
            refusals.append(refusal)
        }
        return (first.0, first.1, refusals.joined(separator: "; "))
    }

    /// Every binding of `key` in `context`, in lookup order (the context's own, then the ones for everywhere).
    private static func matches(for key: Key, in context: KeyContext) -> [(KeyBinding, UIAction)] {
        var found: [(KeyBinding, UIAction)] = []
        let contexts = lookupOrder(context)
        for c in contexts {
            for binding in all where binding.contexts.contains(c) {
                guard binding.matches(key) else { continue }
                if case .tab = binding.action, let index = binding.keys.firstIndex(of: key) { found.append((binding, .tab(index))); continue }
                found.append((binding, binding.action))
            }
        }
        return found
    }

    /// The first key bound to `action` in `context`: what a test presses.
    public static func key(for action: UIAction, in context: KeyContext) -> Key? {
        let contexts = lookupOrder(context)
        if case .tab(let i) = action {
            return all.first { if case .tab = $0.action { contexts.contains(where: $0.contexts.contains) } else { false } }
                .flatMap { i < $0.keys.count ? $0.keys[i] : nil }
        }
        return all.first { $0.action == action && contexts.contains(where: $0.contexts.contains) }?.keys.first
    }

    /// How the key for `action` in `context` is written where prose names it ("Esc closes",
    /// "↓ to choose"): the words follow the table.
    public static func label(for action: UIAction, in context: KeyContext) -> String {
        key(for: action, in: context)?.label ?? "?"
    }

    /// All the keys bound to `action` in `context`, as help writes each.
    public static func labels(for action: UIAction, in context: KeyContext) -> [String] {
        let contexts = lookupOrder(context)
        return all.first { $0.action == action && contexts.contains(where: $0.contexts.contains) }?.keys.map(\.label) ?? []
    }

    /// The hint line of `context`: the bindings that earn a place there and may run now, the
    /// context's own first.
    static func hints(for context: KeyContext, _ scope: BindingScope) -> [String] {
        hintBindings(for: context, scope).map { "\($0.binding.hintKey) \($0.hint)" }
    }

    static func hintBindings(for context: KeyContext, _ scope: BindingScope) -> [(binding: KeyBinding, hint: String)] {
        // The screens' own hints, then the ones for everywhere; a dialog's, the overlay's and the search's alone.
        let contexts = [.home, .record, .counter, .report, .appointments, .locationSettings].contains(context) ? lookupOrder(context) : [context]
        var seen = Set<String>()
        var hints: [(KeyBinding, String)] = []
        for c in contexts {
            for binding in all where binding.contexts.contains(c) {
                guard let hint = binding.hint(scope), binding.refusal(scope) == nil, seen.insert(hint).inserted else { continue }
                hints.append((binding, hint))
            }
        }
        return hints.filter { $0.0.leadsHints } + hints.filter { !$0.0.leadsHints }
    }

    /// Help sections for `contexts`: a title per context, then `keys  description`.
    public static func helpSections(for contexts: [KeyContext]) -> [(title: String, rows: [(keys: String, description: String)])] {
        contexts.map { context in
            (context.title, all.filter { $0.contexts.contains(context) }.map { ($0.keyLabel, $0.help) })
        }
    }

    /// The README's key table, generated from `all`.
    public static var markdownTable: String {
        var lines = ["| Where | Keys | Does |", "|---|---|---|"]
        for context in KeyContext.allCases {
            for binding in all where binding.contexts.contains(context) {
                let keys = binding.anyCharacter ? "`\(KeyBinding.characterLabel)`"
                    : binding.keys.map { "`\($0.label == "`" ? "backtick" : $0.label)`" }.joined(separator: " ")
                lines.append("| \(context.title) | \(keys) | \(binding.help) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
