import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

extension PostgresStore {
    /// Reports on PostgreSQL: the working set's records of the period, and from history only
    /// the rows whose `opened_at` column falls in it (an index), instead of walking all of history.
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
            for r in try history.records(openedFrom: from, to: to) where !seen.contains(r.number) {
                facts.append(desk.reportFacts(of: r, zone: zone, at: now))
            }
            return facts
        }
    }
}

extension PostgresHistory {
    /// The records in history opened in `[from, to)`.
    func records(openedFrom from: Instant, to: Instant) throws -> [Interaction] {
        var bindings = PostgresBindings()
        bindings.append(from.seconds)
        bindings.append(to.seconds)
        return try historyRecords(PostgresQuery(unsafeSQL: "SELECT record::text FROM frontdesk_interactions WHERE "
            + historyCondition + " AND opened_at >= $1 AND opened_at < $2 ORDER BY number", binds: bindings))
    }
}
