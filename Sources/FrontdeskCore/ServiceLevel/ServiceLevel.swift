/// Service levels: a queue's wait target (`Queue.targetWaitSeconds`) measured in the queue's
/// business time (`businessSeconds`). The one definition of "answered within target", which
/// reports count, and of a waiting record's breach, which the board, the work lists and
/// `frontdesk sla` show.

/// How one interaction fared against its queue's target.
public enum ServiceLevelOutcome: String, Sendable, Equatable, CaseIterable {
    /// Accepted by an agent within the target (business time from joining its queue).
    case answeredWithin = "answered_within"
    /// Accepted, after the target.
    case answeredLate = "answered_late"
    /// Closed without ever being accepted.
    case abandoned
    /// Not yet accepted, and still open.
    case open
}

/// A waiting record against its target: past it, or past the near share of it.
public enum SLAState: String, Sendable, Equatable, CaseIterable {
    case breached, near
}

extension Interaction {
    /// When an agent first accepted it (its first move into Work in Progress); nil if never.
    public var answeredAt: Instant? {
        history.first { $0.change.stateChange?.to == .workInProgress }?.at
    }
}

/// Whether `r` was answered within `queue`'s target in business time (the queue's calendar,
/// read in `zone`): the wait runs from when it last joined its queue before it was accepted.
public func serviceLevel(of r: Interaction, queue: Queue, zone: ZoneOffsets) -> ServiceLevelOutcome {
    guard let answered = r.answeredAt else { return r.state.isClosed ? .abandoned : .open }
    return serviceLevel(waitFrom: r.queueEntry(atOrBefore: answered), answeredAt: answered, queue: queue, zone: zone)
}

/// The same rule over the two raw instants it reads (when it last joined its queue before its
/// first accept, and that accept), for a derived copy of the facts that keeps only instants.
public func serviceLevel(waitFrom: Instant, answeredAt: Instant, queue: Queue, zone: ZoneOffsets) -> ServiceLevelOutcome {
    let waited = businessSeconds(from: waitFrom, to: answeredAt, calendar: queue.businessCalendar, zone: zone)
    return waited <= queue.targetWaitSeconds ? .answeredWithin : .answeredLate
}

extension Interaction {
    /// When it last joined its queue before its first accept (nil if never accepted): where
    /// its service-level wait starts.
    public var serviceWaitFrom: Instant? {
        answeredAt.map { queueEntry(atOrBefore: $0) }
    }
}

/// One waiting record past (or near) its target, for `frontdesk sla`.
public struct SLARow: Equatable, Sendable {
    public var number: String
    public var queue: String
    /// Business seconds waited so far.
    public var waitedSeconds: Int64
    public var targetSeconds: Int64
    public var state: SLAState
}

extension Desk {
    /// The zone a calendar's hours are read in (UTC without a calendar, or for a zone this
    /// system does not know).
    public func zone(of calendar: BusinessCalendar?) -> ZoneOffsets {
        calendar.flatMap { zones.zone($0.timeZone) } ?? .utc
    }

    /// Business seconds a waiting record has waited in its queue at `now` (0 when not waiting).
    public func businessWaitSeconds(_ r: Interaction, at now: Instant) -> Int64 {
        guard let since = r.waitingSince else { return 0 }
        let calendar = r.queue.flatMap { queues[$0] }?.businessCalendar
        return businessSeconds(from: since, to: now, calendar: calendar, zone: zone(of: calendar))
    }

    /// Breached when a waiting record's business-time wait passes its queue's target; near from
    /// `slaNearPercent` of it; nil otherwise (and for records that are not waiting).
    public func slaState(of r: Interaction, at now: Instant) -> SLAState? {
        guard r.waitingSince != nil, let queue = r.queue.flatMap({ queues[$0] }) else { return nil }
        return Self.slaState(waited: businessWaitSeconds(r, at: now), target: queue.targetWaitSeconds, nearPercent: config.slaNearPercent)
    }

    /// The rule on its own, for tables of cases.
    public static func slaState(waited: Int64, target: Int64, nearPercent: Int) -> SLAState? {
        if waited > target { return .breached }
        if nearPercent < 100, waited * 100 >= target * Int64(nearPercent) { return .near }
        return nil
    }

    /// Every waiting record breached or near its target, breaches first, then longest wait.
    public func slaRows(at now: Instant) -> [SLARow] {
        var rows: [SLARow] = []
        for r in interactions.records(where: \.isWaiting) {
            guard let state = slaState(of: r, at: now), let queue = r.queue.flatMap({ queues[$0] }) else { continue }
            rows.append(SLARow(number: r.number, queue: queue.id, waitedSeconds: businessWaitSeconds(r, at: now),
                               targetSeconds: queue.targetWaitSeconds, state: state))
        }
        return rows.sorted { ($0.state == .breached ? 0 : 1, -$0.waitedSeconds, $0.number) < ($1.state == .breached ? 0 : 1, -$1.waitedSeconds, $1.number) }
    }
}
