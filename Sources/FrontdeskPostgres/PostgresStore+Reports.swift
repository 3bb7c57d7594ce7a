import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

extension PostgresStore {
    /// Reports on PostgreSQL: the working set's records of the period as they are (an open
    /// record's wait is live), and every other record's facts from `frontdesk_report_facts`
    /// (`PostgresFacts`) with one query on `opened_at`, no JSON decoded.
    public func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts> {
        try requireHistory()
        let desk = self.desk
        var facts: [InteractionFacts] = []
        var seen = Set<String>()
        for r in desk.interactions where r.openedAt >= from && r.openedAt < to {
            facts.append(desk.reportFacts(of: r, zone: zone, at: now))
            seen.insert(r.number)
        }
        if try PostgresFacts.needsBackfill(session) { try PostgresFacts.backfill(session) }
        for var f in try PostgresFacts.facts(openedFrom: from, to: to, zone: zone, in: session) where !seen.contains(f.number) {
            f.metTarget = desk.metTarget(f)
            facts.append(f)
        }
        return AnySequence(facts)
    }
}
