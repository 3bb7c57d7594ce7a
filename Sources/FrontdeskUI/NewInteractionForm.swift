import FrontdeskCore

/// The New interaction form: a type, who it is for (found, or a new customer typed here), and
/// a short description. Only an explicit choice or an exact match sets the customer; a name
/// typed and left unresolved is asked about, never dropped and never guessed.
public struct NewInteractionForm: Equatable, Sendable {
    public enum Focus: Equatable, Sendable {
        case type, customer, short
        case newCustomer(CustomerFields.Field)
    }
    public var types: [InteractionType]
    public var typeIndex: Int
    public var customerQuery = TextField()
    /// The customer chosen (from the list, or typed exactly); nil while none is.
    public var chosen: String?
    /// The highlighted row of the customer list; `SearchList.none` while the agent is typing.
    public var highlighted = SearchList.none
    /// Set while a new customer is being filled in here.
    public var newCustomer: CustomerFields?
    public var short = TextField()
    public var focus: Focus = .type

    public init(types: [InteractionType], startingWith type: InteractionType?) {
        self.types = types
        typeIndex = type.flatMap { types.firstIndex(of: $0) } ?? 0
    }

    public var type: InteractionType { types[typeIndex] }

    var hasTypedText: Bool { !customerQuery.isEmpty || !short.isEmpty || (newCustomer?.hasTypedText ?? false) }

    /// The fields in Tab order.
    var focusOrder: [Focus] {
        newCustomer == nil ? [.type, .customer, .short]
            : [.type] + CustomerFields.Field.allCases.map { .newCustomer($0) } + [.short]
    }

    /// Text is in Opened for that names nobody yet: it must be resolved before moving on.
    func isUnresolved(_ desk: Desk) -> Bool {
        newCustomer == nil && chosen == nil && !customerQuery.text.trimmedWhitespace.isEmpty
            && desk.exactCustomer(customerQuery.text) == nil
    }

    /// The command the form creates.
    func command(_ desk: Desk) -> DeskCommand {
        let short = short.text
        if let newCustomer {
            return .withNewCustomer(newCustomer.details, then: .create(type: type, openedFor: CustomerDetails.newCustomerReference,
                                                                         queue: nil, shortDescription: short, accept: true))
        }
        let customer = chosen ?? desk.exactCustomer(customerQuery.text)
        return .create(type: type, openedFor: customer, queue: nil, shortDescription: short, accept: true)
    }

    /// The customer list under Opened for: matches, then "+ New customer".
    func customerItems(_ desk: Desk) -> [PickerItem] {
        guard !customerQuery.isEmpty else { return [] }
        return desk.customerChoices(customerQuery.text)
    }

    /// Handles a key; returns the outcome when the form is done (submitted or asking).
    mutating func handle(_ key: Key, action: UIAction?, desk: Desk) -> FormStep {
        // Text fields take their editing keys first (←/→ move the cursor in them).
        switch focus {
        case .customer:
            if customerQuery.handle(key) {
                chosen = nil
                highlighted = SearchList.none
                if let exact = desk.exactCustomer(customerQuery.text) { chosen = exact }
                return .editing
            }
        case .short:
            if short.handle(key) { return .editing }
        case .newCustomer(let field):
            if newCustomer?.handle(key, in: field) == true { return .editing }
        case .type:
            // A letter on Type starts what the agent means to write, never vanishes: it goes to
            // Short description, and the console says so (Space and ←/→ still change the type).
            if case .character(let c) = key, c != " " {
                focus = .short
                _ = short.handle(key)
                return .typedIntoShort
            }
        }
        guard let action else { return .editing }
        switch action {
        case .nextField, .previousField:
            if focus == .customer, action == .nextField, isUnresolved(desk) { return .askAboutCustomer }
            let order = focusOrder
            let i = order.firstIndex(of: focus) ?? 0
            focus = order[(i + (action == .nextField ? 1 : order.count - 1)) % order.count]
        case .previousOption, .nextOption, .toggle:
            guard focus == .type else { break }
            let step = action == .previousOption ? types.count - 1 : 1
            typeIndex = (typeIndex + step) % types.count
        case .moveUp, .moveDown, .pageUp, .pageDown:
            guard focus == .customer else { break }
            highlighted = SearchList.moved(highlighted, by: action, count: customerItems(desk).count) ?? highlighted
        case .confirm:
            let items = focus == .customer ? customerItems(desk) : []
            if let taken = SearchList.taken(highlighted, count: items.count) {
                switch items[taken].value {
                case .customer(let id):
                    chosen = id
                    customerQuery = TextField(desk.customers[id]?.name ?? id)
                    highlighted = SearchList.none
                    focus = .short
                case .newCustomer:
                    startNewCustomer()
                default: break
                }
                return .editing
            }
            if isUnresolved(desk) { return .askAboutCustomer }
            // Rule 1 needs a short description before the record is saved, closed or given a task:
            // creating without one is asked, never done silently.
            return short.text.trimmedWhitespace.isEmpty ? .askAboutShort : .submit(command(desk))
        default:
            break
        }
        return .editing
    }

    /// Turns Opened for into a new customer's card, with what was typed as the name.
    mutating func startNewCustomer() {
        newCustomer = CustomerFields(name: customerQuery.text.trimmedWhitespace)
        chosen = nil
        highlighted = SearchList.none
        focus = .newCustomer(.email)
    }

    enum FormStep: Equatable {
        case editing
        case submit(DeskCommand)
        /// Opened for holds text that names nobody: ask what it is.
        case askAboutCustomer
        /// Short description is empty: ask whether to type one or create without.
        case askAboutShort
        /// A letter typed on Type went to Short description (focus moved there).
        case typedIntoShort
    }
}

extension Desk {
    /// The type of the record `agent` last created, for the New form to start on.
    func lastCreatedType(by agent: String) -> InteractionType? {
        interactions.last { r in r.history.first.map { if case .created = $0.change { $0.by == agent } else { false } } ?? false }?.type
    }
}
