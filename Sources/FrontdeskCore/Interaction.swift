/// An interaction record: one customer contact through one channel.
public struct Interaction: Equatable, Sendable {
    public var number: String
    public var type: InteractionType
    public var state: InteractionState
    public var stateReason: StateReason?
    /// Customer id (`CUS…`), or nil while a messaging sender is not yet linked to a customer.
    public var openedFor: String?
    /// Channel user profile id (`CUP…`); messaging only.
    public var channelUserProfile: String?
    /// Agent login; nil while the record waits in a queue.
    public var assignedTo: String?
    public var queue: String?
    public var shortDescription: String
    public var openedAt: Instant
    public var archivedAt: Instant?
    /// Internal notes, oldest first, append-only.
    public var workNotes: [WorkNote]
    /// What the customer wrote through the channel (messaging and chat intake), oldest first.
    public var transcript: [TranscriptLine]
    /// Every field and state change, oldest first. Timers are derived from its state changes.
    public var history: [AuditEntry]
    /// Numbers of linked incidents, cases and requests, in the order they were linked.
    public var relatedTasks: [String]
    /// Bumped on every change; a change made against an older version is a conflict.
    public var version: Int
    /// Set on records imported from ServiceNow.
    public var origin: ServiceNowOrigin?
    /// Why a walk-up visitor came (one of the location's reasons), or why any contact came.
    public var reason: String?
    /// A walk-up visitor's daily ticket (`W-042`), unique per location and local day.
    public var ticket: String?
    /// The unguessable token of a walk-up visitor's private status link. Never exported, never
    /// shown in lists: whoever holds it sees the visitor's place in the queue.
    public var statusToken: String?
    /// The name a walk-up guest gave at check-in (a visitor who is no customer).
    public var guestName: String?

    public init(number: String, type: InteractionType, state: InteractionState = .new, stateReason: StateReason? = nil,
                openedFor: String? = nil, channelUserProfile: String? = nil, assignedTo: String? = nil,
                queue: String? = nil, shortDescription: String = "", openedAt: Instant, archivedAt: Instant? = nil,
                workNotes: [WorkNote] = [], transcript: [TranscriptLine] = [], history: [AuditEntry] = [],
                relatedTasks: [String] = [], version: Int = 1, origin: ServiceNowOrigin? = nil,
                reason: String? = nil, ticket: String? = nil, statusToken: String? = nil, guestName: String? = nil) {
        self.number = number; self.type = type; self.state = state; self.stateReason = stateReason
        self.openedFor = openedFor; self.channelUserProfile = channelUserProfile; self.assignedTo = assignedTo
        self.queue = queue; self.shortDescription = shortDescription; self.openedAt = openedAt
        self.archivedAt = archivedAt; self.workNotes = workNotes; self.transcript = transcript
        self.history = history; self.relatedTasks = relatedTasks; self.version = version; self.origin = origin
        self.reason = reason; self.ticket = ticket; self.statusToken = statusToken; self.guestName = guestName
    }

    public var isArchived: Bool { archivedAt != nil }

    /// A customer's message arrived after the record was put On Hold or into Wrap Up: the
    /// agent has not seen it at work. Derived from the audit trail's order, not stored.
    public var hasNewMessage: Bool {
        guard state == .onHold || state == .wrapUp,
              let message = history.lastIndex(where: { if case .message = $0.change { true } else { false } }) else { return false }
        let entered = history.lastIndex { $0.change.stateChange?.to == state } ?? 0
        return message > entered
    }
    public var hasShortDescription: Bool { !shortDescription.trimmedWhitespace.isEmpty }

    /// Closed without a short description, as imported: the source closed it against rule 1
    /// (nothing here can). Derived, not stored, so no record carries a flag that could lie.
    public var sourceClosedWithoutShortDescription: Bool {
        state.isClosed && !hasShortDescription && origin != nil
    }

    /// Who called or chatted when the contact came in (a number or a chat handle), from the trail.
    public var caller: String? {
        for entry in history { if case .caller(let address) = entry.change { return address } }
        return nil
    }

    /// When an agent first accepted it (the end of the wait time).
    public var acceptedAt: Instant? {
        history.first { $0.change.stateChange?.to == .workInProgress }?.at
    }

    /// The time of its latest recorded change: no later change may be stamped earlier.
    public var lastChangeAt: Instant {
        var latest = max(openedAt, archivedAt ?? openedAt)
        if let at = history.last?.at { latest = max(latest, at) }
        if let at = workNotes.last?.at { latest = max(latest, at) }
        if let at = transcript.last?.at { latest = max(latest, at) }
        return latest
    }

    /// When it was closed (complete or abandon); nil while open.
    public var closedAt: Instant? {
        guard state.isClosed else { return nil }
        return history.last { $0.change.stateChange?.to.isClosed == true }?.at
    }
}

public struct WorkNote: Equatable, Sendable, Codable {
    public var author: String
    public var at: Instant
    public var text: String
    public init(author: String, at: Instant, text: String) { self.author = author; self.at = at; self.text = text }
}

public struct TranscriptLine: Equatable, Sendable, Codable {
    /// Who wrote it: a profile id or customer id for the customer, an agent login for an agent.
    public var from: String
    public var at: Instant
    public var text: String
    /// An agent's public reply: its outbox id (`MSG…`), which a gateway deduplicates on.
    /// Its delivery is on the audit trail (see `Replies.swift`). Nil for what the customer wrote.
    public var id: String?
    public init(from: String, at: Instant, text: String, id: String? = nil) {
        self.from = from; self.at = at; self.text = text; self.id = id
    }

    public var isReply: Bool { id != nil }
}

/// An incident, case or request linked to one or more interactions.
public struct RelatedTask: Equatable, Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case number, kind, state, shortDescription = "short_description", openedFor = "opened_for"
        case assignedTo = "assigned_to", openedAt = "opened_at", interactions, sysID = "sys_id"
    }

    public var number: String
    public var kind: TaskKind
    public var state: TaskState
    public var shortDescription: String
    public var openedFor: String?
    public var assignedTo: String?
    public var openedAt: Instant
    /// Interactions this task is linked to, in link order.
    public var interactions: [String]
    /// The ServiceNow row this task was imported from; nil for tasks created here.
    public var sysID: String?

    public init(number: String, kind: TaskKind, state: TaskState = .new, shortDescription: String,
                openedFor: String?, assignedTo: String?, openedAt: Instant, interactions: [String], sysID: String? = nil) {
        self.number = number; self.kind = kind; self.state = state; self.shortDescription = shortDescription
        self.openedFor = openedFor; self.assignedTo = assignedTo; self.openedAt = openedAt
        self.interactions = interactions; self.sysID = sysID
    }
}

extension StringProtocol {
    /// Trims spaces, tabs and newlines (ASCII and Unicode) at both ends, without Foundation.
    public var trimmedWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }

    /// Text as an agent typed it or a customer sent it, kept exactly (spaces and line breaks
    /// round it included), or "" when it holds nothing but whitespace: blank text is no text.
    public var givenText: String { trimmedWhitespace.isEmpty ? "" : String(self) }
}
