/// The record's clocks, derived from its timestamped state changes (never counted up in memory),
/// so they agree across restarts, consoles and exports.
///
/// A record imported from ServiceNow: its clocks run only from events that happened here.
/// What ServiceNow measured (`wait_time`, `duration`) stands for its part, as it came; time
/// after an imported state change is not counted until something happens here (the import is
/// not an event of the record). A record worked here after import adds what happened here to
/// what the source had. Hold and Wrap Up, which ServiceNow has no column for, count the spans
/// its trail closes and those begun here.
public struct Timers: Equatable, Sendable {
    /// In the queue until the first accept: from when it last began waiting before that accept
    /// (opened, or reopened into its queue), so time spent closed is not counted; live while
    /// nobody has accepted it.
    public var wait: Int64
    /// Time in Work in Progress; live while in Work in Progress. On Hold pauses it.
    public var duration: Int64
    /// Time in On Hold after the first accept.
    public var hold: Int64
    /// Time in Wrap Up.
    public var wrapUp: Int64
    public var waitIsLive: Bool
    public var durationIsLive: Bool
    /// Whether anything measured the wait (always, for a record born here); false for an
    /// imported record whose source had no `wait_time` and that waited nowhere here: an
    /// export writes "" for it, as it came.
    public var waitIsKnown: Bool
    /// Whether anything measured the duration (as `waitIsKnown`).
    public var durationIsKnown: Bool

    public init(wait: Int64, duration: Int64, hold: Int64, wrapUp: Int64, waitIsLive: Bool, durationIsLive: Bool,
                waitIsKnown: Bool = true, durationIsKnown: Bool = true) {
        self.wait = wait; self.duration = duration; self.hold = hold; self.wrapUp = wrapUp
        self.waitIsLive = waitIsLive; self.durationIsLive = durationIsLive
        self.waitIsKnown = waitIsKnown; self.durationIsKnown = durationIsKnown
    }
}

extension Interaction {
    /// Where its own trail begins: the index of the first entry that happened here (0 for a
    /// record born here; after the entries an import brought, for an imported one). Timers
    /// and routing's clocks (offers, wrap-up limits) read only from here on.
    public var localTrailStart: Int {
        guard let origin else { return 0 }
        if let count = origin.sourceTrail { return min(max(0, count), history.count) }
        // Stores from before the count was kept: what ServiceNow last changed came with it.
        return history.prefix { $0.at <= origin.updatedOn }.count
    }

    /// The entries of its trail that happened here.
    public var localHistory: ArraySlice<AuditEntry> { history[localTrailStart...] }

    /// When it last began waiting in its queue, at or before `end`: the latest move into
    /// Queued (or New, in stores from before Queued) — intake, a transfer back to a queue, a
    /// reopen into its queue — else when it was opened.
    func queueEntry(atOrBefore end: Instant) -> Instant {
        history.last { $0.at <= end && Self.entersQueue($0) }?.at ?? openedAt
    }

    static func entersQueue(_ entry: AuditEntry) -> Bool {
        entry.change.stateChange.map { $0.to == .queued || $0.to == .new } ?? false
    }

    /// Since when it has been waiting in its queue now; nil when it is not waiting. The one
    /// definition of "time waiting in queue": the work lists' WAIT, the board's longest wait
    /// and the queue target all count from here.
    public var waitingSince: Instant? {
        guard isWaiting, state.isOpen else { return nil }
        return queueEntry(atOrBefore: lastChangeAt)
    }

    /// Seconds it has been waiting in its queue at `now` (0 when it is not waiting).
    public func queueWaitSeconds(at now: Instant) -> Int64 {
        waitingSince.map { max(0, $0.seconds(until: now)) } ?? 0
    }

    public func timers(at now: Instant) -> Timers {
        let here = localTrailStart
        var duration: Int64 = 0, hold: Int64 = 0, wrapUp: Int64 = 0
        var accepted: Instant?
        // The state it is in, since when, and whether that entry happened here.
        var current: (state: InteractionState, since: Instant, local: Bool)?
        // For an imported record: the spans begun here in Work in Progress, and whether its
        // source accepted it (then the source's wait stands, as for a record born here).
        var localDuration: Int64 = 0, sourceAccepted = false

        func close(_ segment: (state: InteractionState, since: Instant, local: Bool), at end: Instant, closedHere: Bool) {
            // A span begun by an imported entry and ended here ran while nothing happened here.
            guard segment.local || !closedHere else { return }
            let span = segment.since.seconds(until: end)
            switch segment.state {
            case .workInProgress:
                duration += span
                if segment.local { localDuration += span }
            case .onHold where accepted != nil: hold += span
            case .wrapUp: wrapUp += span
            default: break
            }
        }

        for (i, entry) in history.enumerated() {
            guard let change = entry.change.stateChange else { continue }
            let local = i >= here
            if let segment = current { close(segment, at: entry.at, closedHere: local) }
            if change.to == .workInProgress, accepted == nil {
                accepted = entry.at
                sourceAccepted = !local
            }
            current = (change.to, entry.at, local)
        }
        if let segment = current, segment.state.isOpen, segment.local { close(segment, at: now, closedHere: true) }
        let durationIsLive = state == .workInProgress && current?.local ?? true

        guard let origin else {
            let waitEnd = accepted ?? (state.isOpen ? now : closedAt ?? now)
            return Timers(wait: queueEntry(atOrBefore: waitEnd).seconds(until: waitEnd), duration: duration, hold: hold,
                          wrapUp: wrapUp, waitIsLive: accepted == nil && state.isOpen, durationIsLive: durationIsLive)
        }
        // Imported: the source's figures, plus what happened here.
        var wait = origin.waitTime ?? 0, waitKnown = origin.waitTime != nil, waitIsLive = false
        if !sourceAccepted {
            // Not accepted when it came: a wait counts from a move into its queue made here.
            let waitEnd = accepted ?? (state.isOpen ? now : closedAt ?? now)
            if let entered = history[here...].last(where: { $0.at <= waitEnd && Self.entersQueue($0) }) {
                wait += entered.at.seconds(until: waitEnd)
                waitKnown = true
                waitIsLive = accepted == nil && state.isOpen
            }
        }
        let durationKnown = origin.duration != nil || history[here...].contains { $0.change.stateChange?.to == .workInProgress }
        return Timers(wait: wait, duration: (origin.duration ?? 0) + localDuration, hold: hold, wrapUp: wrapUp,
                      waitIsLive: waitIsLive, durationIsLive: durationIsLive && durationKnown,
                      waitIsKnown: waitKnown, durationIsKnown: durationKnown)
    }
}
