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
    /// The highlighted row of the customer list; -1 while the agent is typing, not choosing.
    public var highlighted = -1
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
                highlighted = -1
                if let exact = desk.exactCustomer(customerQuery.text) { chosen = exact }
                return .editing
            }
        case .short:
            if short.handle(key) { return .editing }
        case .newCustomer(let field):
            if newCustomer?.handle(key, in: field) == true { return .editing }
        case .type:
            break
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
        case .moveUp, .moveDown:
            guard focus == .customer else { break }
            let items = customerItems(desk)
            highlighted = action == .moveUp ? max(-1, highlighted - 1) : min(items.count - 1, highlighted + 1)
        case .confirm:
            if focus == .customer, highlighted >= 0 {
                let items = customerItems(desk)
                guard highlighted < items.count else { return .editing }
                switch items[highlighted].value {
                case .customer(let id):
                    chosen = id
                    customerQuery = TextField(desk.customers[id]?.name ?? id)
                    highlighted = -1
                    focus = .short
                case .newCustomer:
                    startNewCustomer()
                default: break
                }
                return .editing
            }
            return isUnresolved(desk) ? .askAboutCustomer : .submit(command(desk))
        default:
            break
        }
        return .editing
    }

    /// Turns Opened for into a new customer's card, with what was typed as the name.
    mutating func startNewCustomer() {
        newCustomer = CustomerFields(name: customerQuery.text.trimmedWhitespace)
        chosen = nil
        highlighted = -1
        focus = .newCustomer(.email)
    }

    enum FormStep: Equatable {
        case editing
        case submit(DeskCommand)
        /// Opened for holds text that names nobody: ask what it is.
        case askAboutCustomer
    }
}

extension Desk {
    /// The type of the record `agent` last created, for the New form to start on.
    func lastCreatedType(by agent: String) -> InteractionType? {
        interactions.last { r in r.history.first.map { $0.by == agent && $0.change.field == "created" } ?? false }?.type
    }
}
