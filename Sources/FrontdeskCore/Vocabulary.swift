/// The channel a contact came through. Raw values are the store's and the CLI's names.
public enum InteractionType: String, CaseIterable, Sendable, Codable {
    case chat, phone, walkUp = "walk-up", messaging
    /// A channel Frontdesk does not serve (ServiceNow's `email`, say), on imported records
    /// only: it can be viewed, worked and closed, never created, and no queue serves it, so
    /// routing never offers it. The original value is kept on the record's origin.
    case other

    /// The channels a desk serves (queues, capacity, wrap-up, the New form): every type but
    /// `other`, which only an import brings.
    public static var allCases: [InteractionType] { [.chat, .phone, .walkUp, .messaging] }
    /// Every type a record may have, `other` last: the order the history index numbers them in.
    public static let everyType: [InteractionType] = allCases + [.other]

    public var display: String {
        switch self {
        case .chat: "Chat"
        case .phone: "Phone"
        case .walkUp: "Walk-up"
        case .messaging: "Messaging"
        case .other: "Other"
        }
    }
}

public enum InteractionState: String, CaseIterable, Sendable, Codable {
    case new
    /// Routed to a queue, waiting for an agent (ServiceNow's Queued): where intake and
    /// transfers to a queue put a record, and what routing offers.
    case queued
    case onHold = "on_hold"
    case workInProgress = "work_in_progress"
    case wrapUp = "wrap_up"
    case closedComplete = "closed_complete"
    case closedAbandoned = "closed_abandoned"

    public var display: String {
        switch self {
        case .new: "New"
        case .queued: "Queued"
        case .onHold: "On Hold"
        case .workInProgress: "Work in Progress"
        case .wrapUp: "Wrap Up"
        case .closedComplete: "Closed Complete"
        case .closedAbandoned: "Closed Abandoned"
        }
    }

    public var isOpen: Bool { !isClosed }
    public var isClosed: Bool { self == .closedComplete || self == .closedAbandoned }
}

/// Why a record is in its current state. Only messaging interactions carry one (rule 3).
public enum StateReason: String, CaseIterable, Sendable, Codable {
    case waitingOnCustomer = "waiting_on_customer"
    case waitingInternal = "waiting_internal"

    public var display: String {
        switch self {
        case .waitingOnCustomer: "Waiting on Customer"
        case .waitingInternal: "Waiting Internal"
        }
    }
}

public enum TaskKind: String, CaseIterable, Sendable, Codable {
    case incident, `case`, request

    public var prefix: NumberPrefix {
        switch self {
        case .incident: .incident
        case .case: .case
        case .request: .request
        }
    }

    public var display: String {
        switch self {
        case .incident: "Incident"
        case .case: "Case"
        case .request: "Request"
        }
    }
}

/// Related tasks are worked elsewhere; the console shows their state and can close them.
public enum TaskState: String, CaseIterable, Sendable, Codable {
    case new, inProgress = "in_progress", resolved, closed, canceled

    public var display: String {
        switch self {
        case .new: "New"
        case .inProgress: "In Progress"
        case .resolved: "Resolved"
        case .closed: "Closed"
        case .canceled: "Canceled"
        }
    }
}

public enum Presence: String, CaseIterable, Sendable, Codable {
    case available, away, offline
    public var display: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// What an agent may do beyond their own work. A supervisor acts on any record (audited as a
/// takeover when it is someone else's), reopens closed records, and changes the directory
/// and the desk's settings.
public enum Role: String, CaseIterable, Sendable, Codable {
    case agent, supervisor
    public var display: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

/// Messaging channels whose senders get channel user profiles.
public enum MessagingChannel: String, CaseIterable, Sendable, Codable {
    case sms, whatsapp
    public var display: String { self == .sms ? "SMS" : "WhatsApp" }
}

/// Parses a snake_case value or names the allowed ones, for the CLI and the config.
public func parseEnum<E: RawRepresentable & CaseIterable>(_ text: String, field: String) throws(DomainError) -> E
where E.RawValue == String {
    // Only the cases offered: a value kept for imports (`other`) is not one to choose.
    if let value = E(rawValue: text), E.allCases.contains(where: { $0.rawValue == text }) { return value }
    throw .invalidValue(field: field, value: text, allowed: E.allCases.map(\.rawValue))
}
