import FrontdeskCore

/// Reports on the file store: the working set's records of the period as they are, and from
/// history only the facts rows opened in the period (`FactsFile`, found by a binary search on
/// opened and read in place, lazily, one row at a time), never a line of history's JSON.
extension Store {
    public func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts> {
        try requireHistory()
        let desk = self.desk
        var working: [InteractionFacts] = []
        var seen = Set<String>()
        for r in desk.interactions where r.openedAt >= from && r.openedAt < to {
            working.append(desk.reportFacts(of: r, zone: zone, at: now))
            seen.insert(r.number)
        }
        guard let history, history.manifest.records > 0 else { return AnySequence(working) }
        let view = try history.facts().view
        let first = view.firstOpened(atOrAfter: from.seconds)
        let rows = (first..<view.count).lazy
            .prefix { view.openedAt($0) < to.seconds }
            .compactMap { i -> InteractionFacts? in
                var f = view.facts(i, zone: zone)
                if !seen.isEmpty, seen.contains(f.number) { return nil }
                f.metTarget = desk.metTarget(f)
                return f
            }
        return AnySequence([AnySequence(working), AnySequence(rows)].joined())
    }
}
