import FrontdeskCore

/// What reports read: the facts of the contacts opened in a period. `DeskBackend.reportFacts`
/// is a requirement so a backend can answer it faster (a derived copy of the facts, SQL over
/// columns); this default walks the working set and history, decoding each record of the period.
extension DeskBackend {
    public func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts> {
        AnySequence(try walkReportFacts(from: from, to: to, zone: zone, at: now))
    }

    /// The walk, prepared here and run wherever the caller likes, over the working set as it is now.
    public func reportFactsReader(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> ReportFactsReader {
        try requireHistory()
        let desk = self.desk
        return { try desk.walkReportFacts(from: from, to: to, zone: zone, at: now) }
    }

    /// The slow, plainly correct walk: every record opened in `[from, to)`, working set then history.
    public func walkReportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> [InteractionFacts] {
        try requireHistory()
        return try desk.walkReportFacts(from: from, to: to, zone: zone, at: now)
    }
}

extension Desk {
    /// The walk over this desk (a working set taken at some moment, and its history).
    public func walkReportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> [InteractionFacts] {
        let desk = self
        var facts: [InteractionFacts] = []
        var seen = Set<String>()
        for r in desk.interactions.records(where: { $0.openedAt >= from && $0.openedAt < to }) {
            facts.append(desk.reportFacts(of: r, zone: zone, at: now))
            seen.insert(r.number)
        }
        guard let history = desk.history else { return facts }
        for view in [WorkView.closed, .archived] {
            for index in 0..<history.count(in: view) {
                guard let row = history.row(in: view, at: index), row.openedAt >= from, row.openedAt < to,
                      !seen.contains(row.number), let r = try history.record(number: row.number) else { continue }
                facts.append(desk.reportFacts(of: r, zone: zone, at: now))
                seen.insert(r.number)
            }
        }
        return facts
    }
}
