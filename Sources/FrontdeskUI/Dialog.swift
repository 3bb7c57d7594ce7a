import FrontdeskCore

/// A dialog over the current screen. Each case carries its own form state.
public enum Dialog: Equatable, Sendable {
    /// Type a line of text: a work note, a short description, a task number.
    case text(TextPrompt)
    /// Pick one of a few options, each with what it does.
    case choice(ChoicePrompt)
    /// Search a list and pick: customers, transfer targets, queues.
    case picker(PickerPrompt)
    /// A customer card: a new customer, or changes to one.
    case customer(CustomerForm)
    case newInteraction(NewInteractionForm)
}

public struct TextPrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case workNote(String, version: Int), shortDescription(String, version: Int), linkTask(String, version: Int)
        case reopenReason(String, version: Int)
        /// A public reply to the customer, through the record's channel.
        case reply(String)
        /// Notes for the wrap-up code already picked; Enter submits (and closes the record, unless
        /// it is the agent's part).
        case wrapUpNotes(String, code: String, version: Int, part: Bool)
        /// A walk-up location's setting, saved as `frontdesk config set KEY VALUE` saves it.
        case locationSetting(key: String)

        func command(_ text: String) -> DeskCommand {
            switch self {
            case let .wrapUpNotes(n, code, v, part):
                part ? .wrapUpPart(number: n, code: code, notes: text) : .transition(number: n, .submitWrapUp(code: code, notes: text), expectedVersion: v)
            case let .workNote(n, v): .addNote(number: n, text: text, expectedVersion: v)
            case let .shortDescription(n, v): .edit(number: n, [.shortDescription(text)], expectedVersion: v)
            case let .linkTask(n, v): .linkTask(number: n, task: text.trimmedWhitespace.uppercased(), expectedVersion: v)
            case let .reopenReason(n, v): .transition(number: n, .reopen(reason: text), expectedVersion: v)
            case let .reply(n): .reply(number: n, text: text)
            case let .locationSetting(key): .setConfig(key: key, value: text)
            }
        }

        /// Text the customer reads (a reply) rather than the desk's own.
        public var isPublic: Bool { if case .reply = self { true } else { false } }
        /// Several lines may be typed (Ctrl-J starts a new one) and a canned reply inserted.
        public var isMessage: Bool { messageRecord != nil }
        /// The record whose conversation this text belongs to (templates are filled in for it).
        var messageRecord: String? {
            switch self {
            case let .reply(n), let .workNote(n, _): n
            default: nil
            }
        }
    }
    public var title: String
    public var hint: String
    public var field: TextField
    public var purpose: Purpose
    /// The text the field started with: leaving with other text asks first.
    public var original: String
}

/// What choosing an option does.
public enum ChoiceOutcome: Equatable, Sendable {
    case run(DeskCommand, FollowUp)
    /// Goes to another dialog (back to a form, on to a customer card).
    indirect case open(Dialog)
    /// Sends the dialog's command; a refusal brings `returnTo` back as it was typed.
    indirect case submit(DeskCommand, returnTo: Dialog, FollowUp)
    case dismiss
    case quit
}

public struct ChoiceOption: Equatable, Sendable {
    public var label: String
    public var outcome: ChoiceOutcome

    public init(_ label: String, _ outcome: ChoiceOutcome) { self.label = label; self.outcome = outcome }
}

public struct ChoicePrompt: Equatable, Sendable {
    public var title: String
    public var message: String
    public var options: [ChoiceOption]
    public var selected: Int
    /// The option Esc takes: the one that changes and loses nothing.
    public var safe: Int

    /// A prompt that starts on its safe option.
    public init(title: String, message: String, options: [ChoiceOption], safe: Int) {
        self.title = title; self.message = message; self.options = options; self.selected = safe; self.safe = safe
    }
}

public struct PickerPrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case transfer(String, version: Int), openedFor(String, version: Int), linkProfile(String), queue(String, version: Int)
        /// The wrap-up code of a record in Wrap Up (or, `part`, of the agent's part of one they
        /// transferred on); notes are asked next.
        case wrapUpCode(String, version: Int, part: Bool)
        /// A canned reply, filled in for the record, to insert into the reply or note being typed.
        case template(returnTo: TextPrompt, choices: [TemplateChoice])
        /// Booking at a location: an existing customer, then their reason, then a slot.
        case appointmentCustomer(location: String)
        case appointmentReason(location: String, customer: String)
        /// A free slot of the location, as found when the picker opened (`Desk.freeSlots`).
        case appointmentSlot(SlotPurpose, location: String, choices: [SlotChoice])
    }
    public var title: String
    public var query: TextField
    public var selected: Int
    public var purpose: Purpose
}

extension PickerPrompt {
    /// A picker on its search field, nothing highlighted (see `SearchList`).
    init(title: String, purpose: Purpose) {
        self.init(title: title, query: TextField(), selected: SearchList.none, purpose: purpose)
    }

    /// What an empty list says: nothing matches the search, or there is nothing to pick at all.
    var emptyText: String {
        switch purpose {
        case .appointmentSlot(_, let location, let choices) where choices.isEmpty:
            "No free slot at \(location) in the next \(Desk.freeSlotDays) days."
        case .appointmentReason where query.text.trimmedWhitespace.isEmpty:
            "Type the reason for the visit."
        default: "No match."
        }
    }
}

/// How every list under a search field behaves (each picker, and Opened for in the New form),
/// defined once so ↓ and Enter mean the same in all of them: typing highlights nothing; ↓
/// highlights the first item, then the next; ↑ from the first goes back to typing; Enter takes
/// the highlighted item, or the only one there is, and otherwise nothing is guessed.
enum SearchList {
    /// Nothing highlighted: the agent is typing.
    static let none = -1
    static let page = Bindings.listPage

    /// The highlight after a moving key, or nil when `action` does not move it.
    static func moved(_ highlighted: Int, by action: UIAction?, count: Int) -> Int? {
        let last = count - 1
        switch action {
        case .moveDown: return min(last, highlighted + 1)
        case .pageDown: return min(last, highlighted + page)
        case .moveUp: return max(none, highlighted - 1)
        case .pageUp: return highlighted <= 0 ? none : max(0, highlighted - page)
        default: return nil
        }
    }

    /// Back onto the list when it shrank under the highlight (the desk changed).
    static func clamped(_ highlighted: Int, count: Int) -> Int { max(none, min(highlighted, count - 1)) }

    /// The item Enter takes: the highlighted one, else the only one; nil when it must be chosen.
    static func taken(_ highlighted: Int, count: Int) -> Int? {
        if highlighted >= 0 { return highlighted < count ? highlighted : nil }
        return count == 1 ? 0 : nil
    }

    /// The line above the list: what ↓ and Enter do now.
    static func caption(_ highlighted: Int, count: Int) -> String {
        let enter = Bindings.label(for: .confirm, in: .dialog), down = Bindings.label(for: .moveDown, in: .dialog)
        if count == 0 || highlighted >= 0 { return count == 0 ? "" : "\(enter) chooses" }
        return count == 1 ? "\(enter) takes the only item" : "\(down) to choose (nothing chosen yet)"
    }
}

/// A canned reply as the picker offers it: its name and its text filled in for the record.
public struct TemplateChoice: Equatable, Sendable {
    public var name: String
    public var text: String
}

/// One pickable item: what it shows, and the value behind it.
public struct PickerItem: Equatable, Sendable {
    public var label: String
    public var detail: String
    public var value: Value

    public enum Value: Equatable, Sendable {
        case agent(String), queue(String), customer(String), wrapUpCode(String)
        /// A canned reply's text, filled in.
        case template(String)
        /// Opens a customer card with the query as the name.
        case newCustomer
        /// A reason for visit; a slot's start.
        case reason(String), slot(Instant)
    }
}

/// The fields of a customer card, shared by the customer dialog and the New interaction form.
public struct CustomerFields: Equatable, Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case name, email, phone, company, vip

        var label: String {
            switch self {
            case .name: "Name"
            case .email: "Email"
            case .phone: "Phone"
            case .company: "Company"
            case .vip: "VIP"
            }
        }
    }
    public var name = TextField()
    public var email = TextField()
    public var phone = TextField()
    public var company = TextField()
    public var vip = false

    public init(name: String = "") { self.name = TextField(name) }

    public init(_ details: CustomerDetails) {
        name = TextField(details.name); email = TextField(details.email); phone = TextField(details.phone)
        company = TextField(details.company); vip = details.vip
    }

    public var details: CustomerDetails {
        CustomerDetails(name: name.text, email: email.text, phone: phone.text, company: company.text, vip: vip)
    }

    func field(_ f: Field) -> TextField? {
        switch f {
        case .name: name
        case .email: email
        case .phone: phone
        case .company: company
        case .vip: nil
        }
    }

    /// An editing key for field `f`; false when the key is not one.
    mutating func handle(_ key: Key, in f: Field) -> Bool {
        switch f {
        case .name: return name.handle(key)
        case .email: return email.handle(key)
        case .phone: return phone.handle(key)
        case .company: return company.handle(key)
        case .vip:
            switch Bindings.binding(for: key, in: .dialog)?.1 {
            case .toggle: vip.toggle()
            case .yes: vip = true
            case .no: vip = false
            default: return false
            }
            return true
        }
    }

    var hasTypedText: Bool { !name.isEmpty || !email.isEmpty || !phone.isEmpty || !company.isEmpty }
}

public struct CustomerForm: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        /// A new customer, then `then` (which names them as `CustomerDetails.newCustomerReference`).
        case create(then: DeskCommand)
        case edit(String)
    }
    public var title: String
    public var fields: CustomerFields
    public var focus: CustomerFields.Field = .name
    public var purpose: Purpose
    /// What the card held when it opened: leaving with changes asks first.
    public var original: CustomerFields

    public init(title: String, fields: CustomerFields, purpose: Purpose) {
        self.title = title; self.fields = fields; self.purpose = purpose
        if case .edit = purpose { original = fields } else { original = CustomerFields() }
    }

    var command: DeskCommand {
        switch purpose {
        case .create(let then): .withNewCustomer(fields.details, then: then)
        case .edit(let id): .editCustomer(id: id, fields.details)
        }
    }
}

extension Dialog {
    /// Has the agent typed something that closing the dialog would lose?
    var hasUnsavedText: Bool {
        switch self {
        case .text(let prompt): prompt.field.text != prompt.original
        case .newInteraction(let form): form.hasTypedText
        case .customer(let form): form.fields != form.original
        case .picker(let prompt): if case .template(let back, _) = prompt.purpose { back.field.text != back.original } else { false }
        case .choice: false
        }
    }

    /// What Enter does, for the hint line.
    func confirmLabel(_ desk: Desk) -> String {
        switch self {
        case .text(let prompt): prompt.purpose.isPublic ? "send to the customer" : "save"
        case .choice: "choose"
        case .picker: "pick"
        case .customer(let form): if case .edit = form.purpose { "save" } else { "create" }
        case .newInteraction(let form):
            // On Opened for, Enter takes the customer list's highlighted (or only) item first.
            form.focus == .customer && SearchList.taken(form.highlighted, count: form.customerItems(desk).count) != nil
                ? "take the item" : "create and accept"
        }
    }

    /// What Esc does, for the hint line: a question's safe option, else cancel.
    var escapeLabel: String {
        if case .picker(let prompt) = self, case .template = prompt.purpose { return "back to the text" }
        if case .choice(let prompt) = self {
            let label = prompt.options[prompt.safe].label
            return label.prefix(1).lowercased() + label.dropFirst()
        }
        return "cancel"
    }

    var hasFields: Bool {
        switch self {
        case .customer, .newInteraction: true
        case .text, .choice, .picker: false
        }
    }

    /// Whether ↑/↓ choose something here now (the New form: only while its customer list shows).
    var hasChoices: Bool {
        switch self {
        case .choice, .picker: true
        case .newInteraction(let form): form.focus == .customer && !form.customerQuery.isEmpty
        case .text, .customer: false
        }
    }
}

extension Desk {
    /// The items a picker offers for its query.
    public func pickerItems(_ prompt: PickerPrompt, limit: Int = 200) -> [PickerItem] {
        let query = SearchQuery(prompt.query.text)
        switch prompt.purpose {
        case .transfer(let number, _):
            let type = interaction(number)?.type
            let agentItems = agents.values.sorted { $0.login < $1.login }
                .filter { query.matches($0.login) || query.matches($0.displayName) }
                .map { PickerItem(label: $0.displayName, detail: "agent \($0.login) · \($0.presence.display)", value: .agent($0.login)) }
            return queueItems(query, serving: type) + agentItems
        case .queue(let number, _):
            return queueItems(query, serving: interaction(number)?.type)
        case .openedFor, .linkProfile:
            return customerChoices(prompt.query.text, limit: limit)
        case .wrapUpCode(let number, _, _):
            guard let r = interaction(number) else { return [] }
            let rule = config.wrapUpRule(for: r.type)
            return rule.codes.filter { query.matches($0) }
                .map { PickerItem(label: $0, detail: $0 == rule.defaultCode ? "the default, when time runs out" : "", value: .wrapUpCode($0)) }
        case .template(_, let choices):
            return choices.filter { query.isEmpty || query.matchesFuzzily($0.name) || query.matches($0.text) }
                .map { PickerItem(label: $0.name, detail: $0.text.split(whereSeparator: \.isNewline).joined(separator: " "), value: .template($0.text)) }
        case .appointmentCustomer, .appointmentReason, .appointmentSlot:
            return appointmentPickerItems(prompt, limit: limit)
        }
    }

    /// The customers `text` finds, then "+ New customer" (with the text as the name).
    func customerChoices(_ text: String, limit: Int = 200) -> [PickerItem] {
        let name = text.trimmedWhitespace
        return customerItems(text, limit: limit)
            + [PickerItem(label: name.isEmpty ? "+ New customer…" : "+ New customer “\(name)”",
                          detail: "name, email, phone, company, VIP", value: .newCustomer)]
    }

    func customerItems(_ text: String, limit: Int) -> [PickerItem] {
        findCustomers(text, limit: limit).map {
            PickerItem(label: $0.name + ($0.vip ? " ★" : ""), detail: [$0.id, $0.email, $0.phone, $0.company].filter { !$0.isEmpty }.joined(separator: " · "),
                       value: .customer($0.id))
        }
    }

    /// The customer `text` names exactly (id, email, phone or whole name, ignoring case),
    /// when exactly one does: typing it in full is as good as choosing it. Text longer than
    /// any of those (an email is at most 254 bytes) names nobody: it is looked up on every key,
    /// and a page pasted into Opened for must not make each key cost more than the last.
    func exactCustomer(_ text: String) -> String? {
        guard text.utf8.count <= Self.longestCustomerReference else { return nil }
        let typed = text.trimmedWhitespace
        guard !typed.isEmpty else { return nil }
        if customers[typed.uppercased()] != nil { return typed.uppercased() }
        if let byEmail = customer(withEmail: typed) { return byEmail.id }
        if typed.contains(where: \.isNumber), let e164 = try? PhoneNumber.normalize(typed, defaultCountry: config.defaultCountry) {
            let owners = customers(withPhone: e164)
            if owners.count == 1 { return owners[0] }
        }
        let wanted = typed.lowercased()
        let named = findCustomers(typed, limit: 50).filter { $0.name.lowercased() == wanted }
        return named.count == 1 ? named[0].id : nil
    }

    /// The most bytes an id, email, phone number or name typed in full may have.
    static let longestCustomerReference = 320

    private func queueItems(_ query: SearchQuery, serving type: InteractionType?) -> [PickerItem] {
        queues.values.sorted { $0.id < $1.id }
            .filter { q in (type.map(q.serves) ?? true) && (query.matches(q.id) || query.matches(q.name)) }
            .map { PickerItem(label: $0.name, detail: "queue \($0.id) · target \(formatSeconds($0.targetWaitSeconds))", value: .queue($0.id)) }
    }
}

extension ConsoleState {
    /// A reply or a work note is being typed: Ctrl-J and Ctrl-T work.
    var typingMessage: Bool {
        if case .text(let prompt) = dialog { return prompt.purpose.isMessage }
        return false
    }
}

/// What a key in a dialog leads to, decided by the dialog itself; the console carries it out
/// (`ConsoleState.handleDialogKey`). Quitting and Esc, which mean the same in every dialog,
/// are the console's.
enum DialogStep: Equatable {
    /// The dialog stays open, as it is now.
    case editing(Dialog)
    /// A question was answered.
    case chose(ChoiceOption)
    /// Save `command`; `from` comes back if it is refused.
    case submit(DeskCommand, from: Dialog, FollowUp)
    /// An item of a picker was taken.
    case picked(PickerItem, PickerPrompt)
    /// The canned replies, to insert into the text being typed.
    case templates(TextPrompt)
    /// The dialog stays open, with something to say.
    case say(String, Dialog)
}

extension TextPrompt {
    /// Text editing first; then a new line or a canned reply in a message; Enter saves.
    func handle(_ key: Key, action: UIAction?) -> DialogStep {
        var prompt = self
        if prompt.field.handle(key) { return .editing(.text(prompt)) }
        switch action {
        case .newLine where purpose.isMessage:
            prompt.field.insert("\n")
            return .editing(.text(prompt))
        case .insertTemplate where purpose.isMessage:
            return .templates(self)
        case .confirm:
            return .submit(purpose.command(field.text), from: .text(self), .stay)
        default:
            return .editing(.text(self))
        }
    }
}

extension ChoicePrompt {
    /// Moving keys move the selection; Enter, y, n or an option's letter answer.
    func handle(_ key: Key, action: UIAction?) -> DialogStep {
        var prompt = self
        switch action {
        case .previousOption, .moveUp, .previousField: prompt.selected = max(0, selected - 1)
        case .nextOption, .moveDown, .nextField: prompt.selected = min(options.count - 1, selected + 1)
        case .confirm: return .chose(options[selected])
        case .yes, .no, .optionLetter:
            if case .character(let c) = key, let option = option(forLetter: c, answering: action) { return .chose(option) }
        default: break
        }
        return .editing(.choice(prompt))
    }
}

extension PickerPrompt {
    /// Typing searches `items`; the moving keys and Enter work as in every list (`SearchList`).
    func handle(_ key: Key, action: UIAction?, items: [PickerItem]) -> DialogStep {
        var prompt = self
        // The list may have shrunk under the selection (the desk changed): back onto it.
        prompt.selected = SearchList.clamped(selected, count: items.count)
        if prompt.query.handle(key) {
            prompt.selected = SearchList.none
        } else if let moved = SearchList.moved(prompt.selected, by: action, count: items.count) {
            prompt.selected = moved
        } else if action == .confirm {
            if let taken = SearchList.taken(prompt.selected, count: items.count) { return .picked(items[taken], prompt) }
            let down = Bindings.label(for: .moveDown, in: .dialog)
            return .say(items.isEmpty ? "Nothing matches “\(prompt.query.text)”: change the search."
                                      : "\(down) to choose one of the \(items.count) items: none is taken until chosen.", .picker(prompt))
        }
        return .editing(.picker(prompt))
    }
}

extension CustomerForm {
    /// Its fields take their keys first; Tab and the arrows go round them; Enter saves.
    func handle(_ key: Key, action: UIAction?) -> DialogStep {
        var form = self
        if form.fields.handle(key, in: focus) { return .editing(.customer(form)) }
        let fields = CustomerFields.Field.allCases
        switch action {
        case .nextField, .moveDown: form.focus = fields[(focus.rawValue + 1) % fields.count]
        case .previousField, .moveUp: form.focus = fields[(focus.rawValue + fields.count - 1) % fields.count]
        case .toggle where focus == .vip: form.fields.vip.toggle()
        case .confirm: return .submit(command, from: .customer(self), .stay)
        default: break
        }
        return .editing(.customer(form))
    }
}
