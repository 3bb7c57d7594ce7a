/// The fixed facts of one interaction that a report reads: the one definition of each
/// figure a report shows (`init(from:…)`), so the terminal table, CSV, JSON, HTML, the
/// console's `R` screen and any faster derived copy a backend keeps all count the same.
public struct InteractionFacts: Equatable, Sendable {
    public var number: String
    public var channel: InteractionType
    public var queue: String?
    /// The agent it ended with (its assignee, or the last agent it was assigned to).
    public var agent: String?
    public var reason: String?
    /// The latest wrap-up code (`WrapUpOutcome`).
    public var wrapUpCode: String?
    public var openedAt: Instant
    public var acceptedAt: Instant?
    public var closedAt: Instant?
    public var outcome: ReportOutcome
    /// Time to the first accept (`Timers.wait`); nil when nothing measured it (an import).
    public var waitSeconds: Int64?
    /// Whether an answered contact's wait met its queue's target; nil when not answered or
    /// when its queue has no target.
    public var metTarget: Bool?
    /// Handle time: duration + wrap-up (`Timers`); nil when nothing measured the duration.
    public var handleSeconds: Int64?
    /// Time On Hold after the first accept.
    public var holdSeconds: Int64
    public var transfers: Int
    /// Agents' public replies.
    public var replies: Int
    /// The customer's satisfaction, 1 to 5.
    public var rating: Int?
    /// Hour of day (0...23) and day it was opened, in the report's zone.
    public var hourOpened: Int
    public var dayOpened: LocalDate

    public init(number: String, channel: InteractionType, queue: String?, agent: String?, reason: String?, wrapUpCode: String?,
                openedAt: Instant, acceptedAt: Instant?, closedAt: Instant?, outcome: ReportOutcome, waitSeconds: Int64?,
                metTarget: Bool?, handleSeconds: Int64?, holdSeconds: Int64, transfers: Int, replies: Int, rating: Int?,
                hourOpened: Int, dayOpened: LocalDate) {
        self.number = number; self.channel = channel; self.queue = queue; self.agent = agent; self.reason = reason
        self.wrapUpCode = wrapUpCode; self.openedAt = openedAt; self.acceptedAt = acceptedAt; self.closedAt = closedAt
        self.outcome = outcome; self.waitSeconds = waitSeconds; self.metTarget = metTarget; self.handleSeconds = handleSeconds
        self.holdSeconds = holdSeconds; self.transfers = transfers; self.replies = replies; self.rating = rating
        self.hourOpened = hourOpened; self.dayOpened = dayOpened
    }

    /// The facts of `r` as of `now` (an open record's wait or duration is live).
    /// `targetWaitSeconds` is its queue's wait target (nil: no target, no service level).
    public init(from r: Interaction, targetWaitSeconds: Int64?, zone: ZoneOffsets, at now: Instant) {
        let timers = r.timers(at: now)
        let outcome = ReportOutcome(r.state)
        let wait: Int64? = timers.waitIsKnown ? timers.wait : nil
        let local = zone.local(r.openedAt)
        self.init(number: r.number, channel: r.type, queue: r.queue, agent: r.finalAgent, reason: r.reason,
                  wrapUpCode: r.wrapUpOutcome?.code, openedAt: r.openedAt, acceptedAt: r.acceptedAt, closedAt: r.closedAt,
                  outcome: outcome, waitSeconds: wait,
                  metTarget: Self.metTarget(outcome: outcome, wait: wait, target: targetWaitSeconds),
                  handleSeconds: timers.durationIsKnown ? timers.duration + timers.wrapUp : nil,
                  holdSeconds: timers.hold, transfers: r.transferCount, replies: r.replies.count, rating: r.rating,
                  hourOpened: local.minuteOfDay / 60, dayOpened: local.date)
    }

    /// Service level's test for one contact: answered with a wait at most the target.
    /// Note for the coordinator: the `sla` helper's business-time `serviceLevel(of:queue:zone:)`
    /// replaces this wall-clock comparison when it lands; this is the one place to change.
    static func metTarget(outcome: ReportOutcome, wait: Int64?, target: Int64?) -> Bool? {
        guard outcome == .answered, let wait, let target, target > 0 else { return nil }
        return wait <= target
    }
}

/// How a contact ended, as reports count it: answered (closed complete), abandoned (closed
/// abandoned) or still open. Abandonment rate = abandoned / (answered + abandoned).
public enum ReportOutcome: String, Sendable, CaseIterable {
    case answered, abandoned, open

    public init(_ state: InteractionState) {
        switch state {
        case .closedComplete: self = .answered
        case .closedAbandoned: self = .abandoned
        default: self = .open
        }
    }
}

extension Interaction {
    /// The agent it ended with: its assignee, else the last agent it was assigned to (a
    /// record that went back to a queue and was abandoned there counts for nobody's work
    /// but its last agent's).
    public var finalAgent: String? {
        if let assignedTo { return assignedTo }
        for entry in history.reversed() { if case .assigned(_, let to?) = entry.change { return to } }
        return nil
    }

    /// Times it was transferred: to an agent (On Hold and assigned to someone else in one
    /// change) or back to a queue from being worked (Work in Progress, On Hold or Wrap Up to
    /// Queued). A hold, a reopen or routing's offers are no transfers.
    public var transferCount: Int {
        var count = 0
        for (i, entry) in history.enumerated() {
            guard let change = entry.change.stateChange, let from = change.from else { continue }
            switch change.to {
            case .onHold:
                guard i + 1 < history.count, history[i + 1].at == entry.at else { continue }
                if case .assigned(let old, let new?) = history[i + 1].change, old != new { count += 1 }
            case .queued where [.workInProgress, .onHold, .wrapUp].contains(from):
                count += 1
            default: continue
            }
        }
        return count
    }
}

extension Desk {
    /// The report facts of `r`, with its queue's wait target.
    public func reportFacts(of r: Interaction, zone: ZoneOffsets, at now: Instant) -> InteractionFacts {
        InteractionFacts(from: r, targetWaitSeconds: r.queue.flatMap { queues[$0]?.targetWaitSeconds }, zone: zone, at: now)
    }
}
