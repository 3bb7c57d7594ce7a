/// What a desk reads of a record it has not decoded: the fields its indexes and scans filter
/// on (`RecordHead`), and the few facts derived from the audit trail and transcript that they
/// read (`RecordFacts`). A store that keeps its records as stored bytes (`StoredRecords`)
/// hands the desk these, so opening the store decodes no record (issue 28: a command decodes
/// what it touches); the record itself is decoded when something reads it.
public struct RecordHead: Equatable, Sendable {
    public var number: String
    public var type: InteractionType
    public var state: InteractionState
    public var openedFor: String?
    public var channelUserProfile: String?
    public var assignedTo: String?
    public var queue: String?
    public var openedAt: Instant
    public var archivedAt: Instant?
    /// A walk-up visitor's status token: check-in makes sure no two records share one.
    public var statusToken: String?

    public init(number: String, type: InteractionType, state: InteractionState, openedFor: String?,
                channelUserProfile: String?, assignedTo: String?, queue: String?, openedAt: Instant, archivedAt: Instant?, statusToken: String?) {
        self.number = number; self.type = type; self.state = state; self.openedFor = openedFor
        self.channelUserProfile = channelUserProfile; self.assignedTo = assignedTo; self.queue = queue
        self.openedAt = openedAt; self.archivedAt = archivedAt; self.statusToken = statusToken
    }

    public init(_ r: borrowing Interaction) {
        self.init(number: r.number, type: r.type, state: r.state, openedFor: r.openedFor, channelUserProfile: r.channelUserProfile,
                  assignedTo: r.assignedTo, queue: r.queue, openedAt: r.openedAt, archivedAt: r.archivedAt, statusToken: r.statusToken)
    }

    public var isArchived: Bool { archivedAt != nil }

    /// Waiting in a queue for an agent (`Interaction.isWaiting`, on the same fields).
    public var isWaiting: Bool { Interaction.isWaiting(state: state, assignedTo: assignedTo) }
}

/// Facts of a record derived from its audit trail and transcript, kept beside a stored record
/// so that scans over the working set need not decode it. Each is the record's own property
/// (`init(_:)` reads them there): one definition, stored as a cache of it.
public struct RecordFacts: Equatable, Sendable {
    /// `Interaction.closedAt`.
    public var closedAt: Instant?
    /// `Interaction.acceptedAt`.
    public var acceptedAt: Instant?
    /// `Interaction.holdsSomeCapacity`.
    public var holdsSomeCapacity: Bool
    /// `Interaction.hasQueuedReply`.
    public var hasQueuedReply: Bool

    public init(closedAt: Instant?, acceptedAt: Instant?, holdsSomeCapacity: Bool, hasQueuedReply: Bool) {
        self.closedAt = closedAt; self.acceptedAt = acceptedAt
        self.holdsSomeCapacity = holdsSomeCapacity; self.hasQueuedReply = hasQueuedReply
    }

    public init(_ r: borrowing Interaction) {
        self.init(closedAt: r.closedAt, acceptedAt: r.acceptedAt, holdsSomeCapacity: r.holdsSomeCapacity, hasQueuedReply: r.hasQueuedReply)
    }
}

extension Interaction {
    /// Takes up some agent's capacity: open with someone holding it (owner, offer, a part
    /// still to wrap up), or closed with a part still to be wrapped up. What `Desk.load(of:)`
    /// reads, through the desk's index of such records.
    public var holdsSomeCapacity: Bool {
        state.isOpen ? !capacityHolders.isEmpty : !wrapUpsDue.isEmpty
    }
}

/// Records a store keeps in their stored form, in number order, decoded one at a time.
/// `record(at:)` is called from any thread; an implementation decodes a record at most once
/// or every time, as it likes, and always returns the same value for the same position.
public protocol StoredRecords: Sendable {
    /// One per record, in number order (strictly increasing numbers).
    var heads: [RecordHead] { get }
    /// The same positions as `heads`.
    var facts: [RecordFacts] { get }
    /// The record at `position`, decoded.
    func record(at position: Int) -> Interaction
    /// Decodes these positions now, on all cores: a command is about to read them all.
    func prefetch(_ positions: [Int])
}
