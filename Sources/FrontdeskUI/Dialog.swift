import FrontdeskCore

/// A dialog over the current screen. Each case carries its own form state.
public enum Dialog: Equatable, Sendable {
    /// Type a line of text: a work note, a short description, a task number.
    case text(TextPrompt)
    /// Pick one of a few options: hold reasons, complete or abandon, task kind, a yes/no.
    case choice(ChoicePrompt)
    /// Search a list and pick: customers, transfer targets, queues.
    case picker(PickerPrompt)
    case newInteraction(NewInteractionForm)
}

public struct TextPrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case workNote(String), shortDescription(String), linkTask(String)
    }
    public var title: String
    public var hint: String
    public var field: TextField
    public var purpose: Purpose
    /// The text the field started with: leaving with other text asks first.
    public var original: String
}

public struct ChoicePrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case hold(String), close(String), taskKind(String), stateReason(String), archive(String)
        /// Esc (or Ctrl-C, `quitting`) on a dialog with typed text: discard it, or go back to it.
        indirect case discard(Dialog, quitting: Bool)
    }
    public var title: String
    public var message: String
    public var options: [String]
    public var selected: Int
    public var purpose: Purpose
}

public struct PickerPrompt: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable {
        case transfer(String), openedFor(String), linkProfile(String), queue(String)
    }
    public var title: String
    public var query: TextField
    public var selected: Int
    public var purpose: Purpose
}

/// One pickable item: what it shows, and the value behind it.
public struct PickerItem: Equatable, Sendable {
    public var label: String
    public var detail: String
    public var value: Value

    public enum Value: Equatable, Sendable {
        case agent(String), queue(String), customer(String)
    }
}

public struct NewInteractionForm: Equatable, Sendable {
    public enum Focus: Int, CaseIterable, Sendable { case type, customer, short, newName, newEmail, newPhone }
    public var types: [InteractionType]
    public var typeIndex: Int
    public var customerQuery: TextField
    /// Index in the customer matches; the item after the last match is "new customer".
    public var selected: Int
    public var short: TextField
    /// Creating the customer inline.
    public var creatingCustomer: Bool
    public var newName: TextField
    public var newEmail: TextField
    public var newPhone: TextField
    public var focus: Focus

    public var type: InteractionType { types[typeIndex] }

    var hasTypedText: Bool {
        !customerQuery.isEmpty || !short.isEmpty || !newName.isEmpty || !newEmail.isEmpty || !newPhone.isEmpty
    }
}

extension Dialog {
    /// Has the agent typed something that closing the dialog would lose?
    var hasUnsavedText: Bool {
        switch self {
        case .text(let prompt): prompt.field.text != prompt.original
        case .newInteraction(let form): form.hasTypedText
        case .choice, .picker: false
        }
    }
}

extension Desk {
    /// The items a picker offers for its query.
    public func pickerItems(_ prompt: PickerPrompt, limit: Int = 200) -> [PickerItem] {
        let query = SearchQuery(prompt.query.text)
        switch prompt.purpose {
        case .transfer(let number):
            let type = interaction(number)?.type
            let agentItems = agents.values.sorted { $0.login < $1.login }
                .filter { query.matches($0.login) || query.matches($0.displayName) }
                .map { PickerItem(label: $0.displayName, detail: "agent \($0.login) · \($0.presence.display)", value: .agent($0.login)) }
            return queueItems(query, serving: type) + agentItems
        case .queue(let number):
            return queueItems(query, serving: interaction(number)?.type)
        case .openedFor, .linkProfile:
            return customerItems(prompt.query.text, limit: limit)
        }
    }

    func customerItems(_ text: String, limit: Int) -> [PickerItem] {
        findCustomers(text, limit: limit).map {
            PickerItem(label: $0.name + ($0.vip ? " ★" : ""), detail: [$0.id, $0.email, $0.phone, $0.company].filter { !$0.isEmpty }.joined(separator: " · "),
                       value: .customer($0.id))
        }
    }

    private func queueItems(_ query: SearchQuery, serving type: InteractionType?) -> [PickerItem] {
        queues.values.sorted { $0.id < $1.id }
            .filter { q in (type.map(q.serves) ?? true) && (query.matches(q.id) || query.matches(q.name)) }
            .map { PickerItem(label: $0.name, detail: "queue \($0.id) · target \(formatSeconds($0.targetWaitSeconds))", value: .queue($0.id)) }
    }
}
