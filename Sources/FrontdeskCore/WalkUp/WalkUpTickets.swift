/// Daily tickets (`W-042`): numbered per location from 1 each local day, never twice in a day.
///
/// The day's counter is kept on the location's queue (`Queue.ticketDay`), which both stores
/// keep whole and no compaction moves to history: closed walk-ups of the morning may leave
/// the working set (`history.window 0d`), but the number they had is not handed out again.
public struct TicketDay: Codable, Equatable, Sendable {
    /// The location's local date the counter counts.
    public var date: LocalDate
    /// The tickets' prefix (`W`): a location whose prefix changes starts its new tickets at 1.
    public var prefix: String
    /// The last ticket number handed out that day.
    public var last: Int

    public init(date: LocalDate, prefix: String, last: Int) { self.date = date; self.prefix = prefix; self.last = last }
}

extension Desk {
    /// The next daily ticket at a location: one more than the highest handed out there since
    /// local midnight (`W-001` first), by the location's counter or by today's walk-ups in the
    /// working set (a store written before the counter has only those). Planning is serialised
    /// by the stores' write lock, so no two check-ins get the same ticket.
    public func nextTicket(location id: String, at now: Instant, zone: ZoneOffsets? = nil) -> String {
        let zone = zone ?? self.zone(ofLocation: id)
        return ticketText(location: id, nextTicketNumber(location: id, at: now, zone: zone))
    }

    /// Hands out the next ticket at a location: the ticket, with the location's counter
    /// advanced in `changes` (so saving the change saves the counter with it).
    func takeTicket(location id: String, at now: Instant, zone: ZoneOffsets, changes: inout ChangeSet) -> String {
        let n = nextTicketNumber(location: id, at: now, zone: zone)
        if var q = changes.queues.last(where: { $0.id == id }) ?? queues[id] {
            q.ticketDay = TicketDay(date: zone.local(now).date, prefix: (walkUpSettings(id) ?? WalkUpSettings()).ticketPrefix, last: n)
            changes.queues.removeAll { $0.id == id }
            changes.queues.append(q)
        }
        return ticketText(location: id, n)
    }

    private func nextTicketNumber(location id: String, at now: Instant, zone: ZoneOffsets) -> Int {
        let ticketPrefix = (walkUpSettings(id) ?? WalkUpSettings()).ticketPrefix
        let prefix = ticketPrefix + "-"
        let start = zone.startOfDay(containing: now)
        var highest = 0
        if let day = queues[id]?.ticketDay, day.date == zone.local(now).date, day.prefix == ticketPrefix { highest = day.last }
        for r in interactions.records(where: { $0.type == .walkUp && $0.queue == id && $0.openedAt >= start }) {
            guard let t = r.ticket, t.hasPrefix(prefix), let n = Int(t.dropFirst(prefix.count)) else { continue }
            highest = max(highest, n)
        }
        return highest + 1
    }

    private func ticketText(location id: String, _ n: Int) -> String {
        let digits = String(n)
        return (walkUpSettings(id) ?? WalkUpSettings()).ticketPrefix + "-" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
