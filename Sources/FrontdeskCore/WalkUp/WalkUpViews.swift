/// What the walk-up surfaces (check-in answer, status link, waiting-room display, the
/// console's counter list, `walkup list`) show, all derived from the desk by `Desk+WalkUp`.

/// One visitor waiting at a location, as the room and the counter see them.
public struct WalkUpVisitor: Equatable, Sendable {
    public var number: String
    public var ticket: String
    /// Formatted per the location's name format; never an email, phone or record number.
    public var displayName: String
    public var reason: String
    public var checkedInAt: Instant
    public var waitedSeconds: Int64
    /// 1-based place in serving order.
    public var position: Int
    public var estimate: WaitEstimate
    public var hasAppointment: Bool
    public var calledAt: Instant?
    public var callCount: Int
    /// The desk they were last called to.
    public var calledDesk: String?
}

/// A visitor called to a desk today and still being served: "W-042 → Desk 2".
public struct ServingEntry: Equatable, Sendable {
    public var number: String
    public var ticket: String
    public var desk: String
    public var calledAt: Instant
}

/// Whether a location takes check-ins now.
public enum LocationStatus: Equatable, Sendable {
    case open
    /// Outside opening hours, or a holiday: the location's closed message.
    case closed(message: String)
    /// Open, but past the last check-in.
    case checkInEnded(message: String)

    public var isOpen: Bool { self == .open }

    /// The words to show; "" when open.
    public var message: String {
        switch self {
        case .open: ""
        case .closed(let m), .checkInEnded(let m): m
        }
    }
}

/// The one estimate of a wait (see `Desk.estimatedWait`).
public enum WaitEstimate: Equatable, Sendable {
    case minutes(Int)
    case unknown(WaitUnknown)

    public var minutes: Int? { if case .minutes(let m) = self { m } else { nil } }

    /// `about 12 minutes`, `less than a minute`, or `—`.
    public var text: String {
        switch self {
        case .minutes(0): "less than a minute"
        case .minutes(1): "about 1 minute"
        case .minutes(let m): "about \(m) minutes"
        case .unknown: "—"
        }
    }
}

public enum WaitUnknown: String, Equatable, Sendable {
    /// Open, but no agent serving the location is Available.
    case nobodyAvailable = "nobody_available"
    /// Outside opening hours.
    case closed
}

/// Serving order: lower first. `priority` is 0 for a visitor with an appointment checked in on
/// time (the appointment helper's), 1 for everyone else; then who came first.
public struct WalkUpSortKey: Comparable, Sendable {
    public var priority: Int
    public var since: Instant
    public var number: String

    public static func < (a: Self, b: Self) -> Bool { (a.priority, a.since, a.number) < (b.priority, b.since, b.number) }
}

extension Interaction {
    /// The walk-up fields search matches besides the record's own text (every search reads
    /// this one list: the working set, the file store's history, PostgreSQL's `search`).
    public var walkUpSearchTexts: [String] { [reason, ticket, guestName].compactMap { $0 } }

    /// The latest call to a desk (`.called` on the trail).
    public var lastCall: (agent: String, desk: String, at: Instant)? {
        for entry in history.reversed() { if case let .called(agent, desk) = entry.change { return (agent, desk, entry.at) } }
        return nil
    }
    /// When the visitor was last called; nil before the first call.
    public var calledAt: Instant? { lastCall?.at }
    /// Who called them last.
    public var calledBy: String? { lastCall?.agent }
    /// How many times they were called.
    public var callCount: Int { history.reduce(0) { n, e in if case .called = e.change { n + 1 } else { n } } }
}
