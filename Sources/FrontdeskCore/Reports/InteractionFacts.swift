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
    /// Whether an answered contact was answered within its queue's target in business time
    /// (`Desk.metTarget`); nil when not answered or when its queue has no target.
    public var metTarget: Bool?
    /// When it last joined its queue before its first accept, and that first accept (nil if
    /// never accepted): the raw instants `metTarget` is measured between, kept so a derived
    /// copy can recompute it under today's calendars.
    public var serviceWaitFrom: Instant?
    public var answeredAt: Instant?
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
                hourOpened: Int, dayOpened: LocalDate, serviceWaitFrom: Instant? = nil, answeredAt: Instant? = nil) {
        self.number = number; self.channel = channel; self.queue = queue; self.agent = agent; self.reason = reason
        self.wrapUpCode = wrapUpCode; self.openedAt = openedAt; self.acceptedAt = acceptedAt; self.closedAt = closedAt
        self.outcome = outcome; self.waitSeconds = waitSeconds; self.metTarget = metTarget; self.handleSeconds = handleSeconds
        self.holdSeconds = holdSeconds; self.transfers = transfers; self.replies = replies; self.rating = rating
        self.hourOpened = hourOpened; self.dayOpened = dayOpened
        self.serviceWaitFrom = serviceWaitFrom; self.answeredAt = answeredAt
    }

    /// The facts of `r` as of `now` (an open record's wait or duration is live), without its
    /// service level, which needs the desk's queues (`Desk.reportFacts` fills it in).
    public init(from r: Interaction, zone: ZoneOffsets, at now: Instant) {
        let timers = r.timers(at: now)
        let local = zone.local(r.openedAt)
        self.init(number: r.number, channel: r.type, queue: r.queue, agent: r.finalAgent, reason: r.reason,
                  wrapUpCode: r.wrapUpOutcome?.code, openedAt: r.openedAt, acceptedAt: r.acceptedAt, closedAt: r.closedAt,
                  outcome: ReportOutcome(r.state), waitSeconds: timers.waitIsKnown ? timers.wait : nil, metTarget: nil,
                  handleSeconds: timers.durationIsKnown ? timers.duration + timers.wrapUp : nil,
                  holdSeconds: timers.hold, transfers: r.transferCount, replies: r.replies.count, rating: r.rating,
                  hourOpened: local.minuteOfDay / 60, dayOpened: local.date,
                  serviceWaitFrom: r.serviceWaitFrom, answeredAt: r.answeredAt)
    }
}

extension InteractionFacts {
    /// The facts a derived copy keeps of a record (history's facts file, PostgreSQL's facts
    /// table): as of its close (a closed record's timers no longer run), in UTC. The hour and
    /// day opened and the service level are worked out again when read.
    public init(stored r: Interaction) {
        self.init(from: r, zone: .utc, at: r.closedAt ?? r.lastChangeAt)
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
    /// The report facts of `r`, with its service level under its queue's calendar today.
    public func reportFacts(of r: Interaction, zone: ZoneOffsets, at now: Instant) -> InteractionFacts {
        var facts = InteractionFacts(from: r, zone: zone, at: now)
        facts.metTarget = metTarget(facts)
        return facts
    }

    /// Service level's test for one contact, the one rule reports count: answered (closed
    /// complete) and `serviceLevel` `.answeredWithin` its queue's target, in business time (the
    /// queue's calendar read in its own zone). Nil when it was not answered (a contact accepted
    /// in time and abandoned later counts for no service level, as it counts for no wait), when
    /// its queue has no target, or when nothing recorded its first accept (an import).
    public func metTarget(_ f: InteractionFacts) -> Bool? {
        guard f.outcome == .answered, let id = f.queue, let queue = queues[id], queue.targetWaitSeconds > 0,
              let from = f.serviceWaitFrom, let answered = f.answeredAt else { return nil }
        return serviceLevel(waitFrom: from, answeredAt: answered, queue: queue, zone: zone(of: queue.businessCalendar)) == .answeredWithin
    }
}
