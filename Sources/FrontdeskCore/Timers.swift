/// The record's clocks, derived from its timestamped state changes (never counted up in memory),
/// so they agree across restarts, consoles and exports.
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

    public init(wait: Int64, duration: Int64, hold: Int64, wrapUp: Int64, waitIsLive: Bool, durationIsLive: Bool) {
        self.wait = wait; self.duration = duration; self.hold = hold; self.wrapUp = wrapUp
        self.waitIsLive = waitIsLive; self.durationIsLive = durationIsLive
    }
}

extension Interaction {
    /// When it last began waiting in its queue, at or before `end`: the latest move into
    /// Queued (or New, in stores from before Queued) — intake, a transfer back to a queue, a
    /// reopen into its queue — else when it was opened.
    func queueEntry(atOrBefore end: Instant) -> Instant {
        history.last { $0.at <= end && ($0.change.stateChange.map { $0.to == .queued || $0.to == .new } ?? false) }?.at ?? openedAt
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
        var duration: Int64 = 0, hold: Int64 = 0, wrapUp: Int64 = 0
        var accepted: Instant?
        var current: (state: InteractionState, since: Instant)?

        func close(_ segment: (state: InteractionState, since: Instant), at end: Instant) {
            let span = segment.since.seconds(until: end)
            switch segment.state {
            case .workInProgress: duration += span
            case .onHold where accepted != nil: hold += span
            case .wrapUp: wrapUp += span
            default: break
            }
        }

        for entry in history {
            guard let change = entry.change.stateChange else { continue }
            if let segment = current { close(segment, at: entry.at) }
            if change.to == .workInProgress, accepted == nil { accepted = entry.at }
            current = (change.to, entry.at)
        }
        if let segment = current, segment.state.isOpen { close(segment, at: now) }

        let waitEnd = accepted ?? (state.isOpen ? now : closedAt ?? now)
        var wait = queueEntry(atOrBefore: waitEnd).seconds(until: waitEnd)
        if state.isClosed, let origin {
            // What ServiceNow computed stands for a record closed there.
            wait = origin.waitTime ?? wait
            duration = origin.duration ?? duration
        }
        return Timers(wait: wait, duration: duration, hold: hold, wrapUp: wrapUp,
                      waitIsLive: accepted == nil && state.isOpen,
                      durationIsLive: state == .workInProgress)
    }
}
