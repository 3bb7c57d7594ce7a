/// The walk-up counter's queries: a location's status, its queue in serving order, who is
/// being served, and the one estimate of a wait. Pure functions of the desk and the time.
extension Desk {
    /// The settings of walk-up location `id`; nil when it is no walk-up location.
    public func walkUpSettings(_ id: String) -> WalkUpSettings? { queues[id]?.walkUp }

    /// Every walk-up location, by id.
    public var walkUpLocations: [Queue] { queues.values.filter { $0.walkUp != nil }.sorted { $0.id < $1.id } }

    /// The location's time zone (UTC when its id is unknown to `zones`).
    public func zone(ofLocation id: String) -> ZoneOffsets {
        zone(of: walkUpSettings(id)?.calendar)
    }

    /// Open, closed (a holiday, outside its hours) or past its last check-in.
    public func locationStatus(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> LocationStatus {
        guard let s = walkUpSettings(id) else { return .closed(message: "") }
        let local = (zone ?? self.zone(ofLocation: id)).local(now)
        guard let span = s.calendar.openSpan(at: local) else { return .closed(message: s.closedMessage) }
        let lastCheckIn = span.end - max(0, s.lastCheckInMinutes)
        if local.minuteOfDay >= lastCheckIn {
            let closing = LocalTime(date: local.date, minuteOfDay: span.end % 1440).clock
            let last = LocalTime(date: local.date, minuteOfDay: max(0, lastCheckIn)).clock
            return .checkInEnded(message: "Check-in ended at \(last); we close at \(closing). " + s.closedMessage)
        }
        return .open
    }

    /// Serving order (see `WalkUpSortKey`).
    public func walkUpSortKey(_ r: Interaction) -> WalkUpSortKey { walkUpSortKey(r, changed: []) }

    /// The serving order's key once appointments `changed` are saved.
    func walkUpSortKey(_ r: Interaction, changed: [Appointment]) -> WalkUpSortKey {
        appointmentSortKey(r, changed: changed) ?? WalkUpSortKey(priority: 1, since: r.waitingSince ?? r.openedAt, number: r.number)
    }

    /// The records waiting at a location in serving order, as the desk would leave them once
    /// `changes` is applied (its records replace or join the desk's, its appointments rank
    /// theirs). Every question about a place in the queue, before or after a change, reads
    /// this one order; it orders only the location's waiting records, never a copy of the desk.
    func waitingRecords(at id: String, after changes: ChangeSet = ChangeSet()) -> [Interaction] {
        var waiting: [Interaction] = []
        let replaced = Set(changes.interactions.lazy.filter { $0.type == .walkUp }.map(\.number))
        for r in interactions.records(where: { $0.type == .walkUp && $0.queue == id && $0.isWaiting && !replaced.contains($0.number) }) { waiting.append(r) }
        for r in changes.interactions where r.type == .walkUp && r.queue == id && r.isWaiting { waiting.append(r) }
        let keys = waiting.map { walkUpSortKey($0, changed: changes.appointments) }
        return keys.indices.sorted { keys[$0] < keys[$1] }.map { waiting[$0] }
    }

    /// The 1-based place of record `number` in `waitingRecords(at:after:)`; nil when it is not waiting there.
    func waitingPosition(of number: String, at id: String, after changes: ChangeSet) -> Int? {
        waitingRecords(at: id, after: changes).firstIndex { $0.number == number }.map { $0 + 1 }
    }

    /// The visitors waiting at a location, in serving order, each with their estimate.
    public func walkUpQueue(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> [WalkUpVisitor] {
        guard let s = walkUpSettings(id) else { return [] }
        let model = waitModel(location: id, at: now, zone: zone)
        return waitingRecords(at: id).enumerated().map { i, r in
            let call = r.lastCall
            return WalkUpVisitor(number: r.number, ticket: r.ticket ?? "", displayName: visitorName(r, format: s.nameFormat),
                                 reason: TextSanitizer.clean(r.reason ?? r.shortDescription), checkedInAt: r.openedAt,
                                 waitedSeconds: r.queueWaitSeconds(at: now), position: i + 1, estimate: model.estimate(position: i + 1),
                                 hasAppointment: walkUpSortKey(r).priority == 0, calledAt: call?.at, callCount: r.callCount,
                                 calledDesk: call.map { TextSanitizer.clean($0.desk) })
        }
    }

    /// Visitors called today (local day) and still open, latest call first.
    public func nowServing(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> [ServingEntry] {
        let start = (zone ?? self.zone(ofLocation: id)).startOfDay(containing: now)
        return interactions.records { $0.type == .walkUp && $0.queue == id && $0.state.isOpen }.compactMap { r -> ServingEntry? in
            guard let call = r.lastCall, call.at >= start else { return nil }
            // Never a record number on the room's screen: a visitor without a ticket has none there.
            return ServingEntry(number: r.number, ticket: r.ticket ?? "", desk: TextSanitizer.clean(call.desk), calledAt: call.at)
        }.sorted { ($0.calledAt, $0.number) > ($1.calledAt, $1.number) }
    }

    /// The estimated wait of the visitor at `position` (1-based): see `WaitModel`.
    public func estimatedWait(location id: String, position: Int, at now: Instant, zone: ZoneOffsets? = nil) -> WaitEstimate {
        waitModel(location: id, at: now, zone: zone).estimate(position: position)
    }

    /// What the estimate is made of, read once for a whole queue.
    public func waitModel(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> WaitModel {
        let zone = zone ?? self.zone(ofLocation: id)
        if case .closed = locationStatus(location: id, at: now, zone: zone) { return WaitModel(unknown: .closed) }
        var servers = 0, free = 0
        for agent in agents.values where !agent.disabled && agent.presence == .available && agent.queues.contains(id) {
            let capacity = capacity(of: agent, for: .walkUp)
            servers += capacity
            free += max(0, capacity - (load(of: agent.login)[.walkUp] ?? 0))
        }
        guard servers > 0 else { return WaitModel(unknown: .nobodyAvailable) }
        return WaitModel(servers: servers, free: free, handleSeconds: medianHandleSeconds(location: id, at: now, zone: zone))
    }

    /// The median time from accept to close of the location's walk-ups closed today (local
    /// day); else in the last 7 days; else `WalkUpSettings.defaultHandleSeconds`.
    public func medianHandleSeconds(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> Int64 {
        let startOfDay = (zone ?? self.zone(ofLocation: id)).startOfDay(containing: now)
        let weekAgo = now.adding(-7 * 86_400)
        var today: [Int64] = [], week: [Int64] = []
        // Facts only: the location's closed walk-ups are not decoded to be timed.
        for k in interactions.positions(where: { $0.type == .walkUp && $0.queue == id && $0.state == .closedComplete }) {
            guard let accepted = interactions.acceptedAt(at: k), let closed = interactions.closedAt(at: k), closed <= now, closed >= weekAgo else { continue }
            let handle = accepted.seconds(until: closed)
            week.append(handle)
            if closed >= startOfDay { today.append(handle) }
        }
        func median(_ xs: [Int64]) -> Int64 {
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        if !today.isEmpty { return median(today) }
        if !week.isEmpty { return median(week) }
        return WalkUpSettings.defaultHandleSeconds
    }

    /// A visitor's name for the room: the customer's or the guest's, formatted; words that
    /// look like an email, a phone or a record number are left out (a guest may type one as
    /// their name), and control characters never reach a screen.
    public func visitorName(_ r: Interaction, format: DisplayNameFormat) -> String {
        let raw = r.openedFor.flatMap { customers[$0]?.name } ?? r.guestName ?? ""
        return Self.displayName(raw, format: format)
    }

    public static func displayName(_ raw: String, format: DisplayNameFormat) -> String {
        let words = TextSanitizer.clean(raw).split(whereSeparator: { $0.isWhitespace }).filter { word in
            !word.contains("@") && !word.contains(where: \.isNumber)
        }.map { String($0.prefix(30)) }
        guard let first = words.first else { return "Visitor" }
        switch format {
        case .first: return first
        case .firstInitial:
            guard words.count > 1, let initial = words.last?.first else { return first }
            return "\(first) \(initial)."
        case .full: return String(words.joined(separator: " ").prefix(60))
        }
    }
}

/// The estimate's inputs at one moment: the walk-up capacity of the Available agents serving
/// the location (`servers`), how much of it is free now (`free`), and the median handle time.
///
/// The visitor at position p is served at once when p ≤ free. Otherwise they wait for
/// p − free services to end across `servers` parallel places; the first of those ends, on
/// average, half a service from now: (p − free − ½) × handle ÷ servers, rounded to the minute.
public struct WaitModel: Equatable, Sendable {
    public var unknown: WaitUnknown?
    public var servers: Int
    public var free: Int
    public var handleSeconds: Int64

    public init(unknown: WaitUnknown) { self.unknown = unknown; servers = 0; free = 0; handleSeconds = 0 }

    public init(servers: Int, free: Int, handleSeconds: Int64) {
        self.unknown = nil; self.servers = servers; self.free = free; self.handleSeconds = handleSeconds
    }

    public func estimate(position: Int) -> WaitEstimate {
        if let unknown { return .unknown(unknown) }
        guard position > free else { return .minutes(0) }
        let halves = Int64(2 * (position - free) - 1)
        let seconds = halves * handleSeconds / Int64(2 * servers)
        return .minutes(Int((seconds + 30) / 60))
    }
}
