import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

extension PostgresStore {
    /// Reports on PostgreSQL: the working set's records of the period as they are (an open
    /// record's wait is live), and every other record's facts from `frontdesk_report_facts`
    /// (`PostgresFacts`) with one query on `opened_at`, no JSON decoded.
    public func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts> {
        AnySequence(try reportFactsReader(from: from, to: to, zone: zone, at: now)())
    }

    /// The same read, prepared here and run on any thread: it takes the working set as it is
    /// now, and history's own connection (`PostgresHistory` serialises its queries).
    public func reportFactsReader(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> ReportFactsReader {
        try requireHistory()
        let desk = self.desk
        guard let history = desk.history as? PostgresHistory else {
            return { try desk.walkReportFacts(from: from, to: to, zone: zone, at: now) }
        }
        return {
            var facts: [InteractionFacts] = []
            var seen = Set<String>()
            for r in desk.interactions where r.openedAt >= from && r.openedAt < to {
                facts.append(desk.reportFacts(of: r, zone: zone, at: now))
                seen.insert(r.number)
            }
            for var f in try history.reportFacts(openedFrom: from, to: to, zone: zone) where !seen.contains(f.number) {
                f.metTarget = desk.metTarget(f)
                facts.append(f)
            }
            return facts
        }
    }
}
