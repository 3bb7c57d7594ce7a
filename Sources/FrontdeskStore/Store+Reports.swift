import FrontdeskCore

/// Reports on the file store: the working set's records of the period as they are, and from
/// history only the facts rows opened in the period (`FactsFile`, found by a binary search on
/// opened and read in place, lazily, one row at a time), never a line of history's JSON.
extension Store {
    public func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts> {
        try requireHistory()
        return try Self.facts(of: desk, history: history, from: from, to: to, zone: zone, at: now)
    }

    /// The same read prepared here (the working set as it is now) and run on any thread: the
    /// console's report screen reads off its input thread.
    public func reportFactsReader(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> ReportFactsReader {
        try requireHistory()
        let desk = self.desk, history = self.history
        return { Array(try Self.facts(of: desk, history: history, from: from, to: to, zone: zone, at: now)) }
    }

    private static func facts(of desk: Desk, history: History?, from: Instant, to: Instant, zone: ZoneOffsets,
                              at now: Instant) throws -> AnySequence<InteractionFacts> {
        var working: [InteractionFacts] = []
        var seen = Set<String>()
        for r in desk.interactions.records(where: { $0.openedAt >= from && $0.openedAt < to }) {
            working.append(desk.reportFacts(of: r, zone: zone, at: now))
            seen.insert(r.number)
        }
        guard let history, history.manifest.records > 0 else { return AnySequence(working) }
        let view = try history.facts().view
        let first = view.firstOpened(atOrAfter: from.seconds)
        return AnySequence { FactsRows(working: working, seen: seen, view: view, position: first, end: to.seconds, desk: desk, zone: zone) }
    }
}

/// The working set's facts, then history's rows of the period less those the working set
/// holds. One concrete iterator: a chain of lazy generic sequences cost a third of a year's
/// report in generic metadata look-ups.
struct FactsRows: IteratorProtocol {
    var working: [InteractionFacts]
    let seen: Set<String>
    let view: FactsView
    var position: Int
    let end: Int64
    let desk: Desk
    let zone: ZoneOffsets
    private var workingIndex = 0

    init(working: [InteractionFacts], seen: Set<String>, view: FactsView, position: Int, end: Int64, desk: Desk, zone: ZoneOffsets) {
        self.working = working; self.seen = seen; self.view = view; self.position = position; self.end = end; self.desk = desk; self.zone = zone
    }

    mutating func next() -> InteractionFacts? {
        if workingIndex < working.count {
            defer { workingIndex += 1 }
            return working[workingIndex]
        }
        while position < view.count, view.openedAt(position) < end {
            let i = position
            position += 1
            var f = view.facts(i, zone: zone)
            if !seen.isEmpty, seen.contains(f.number) { continue }
            f.metTarget = desk.metTarget(f)
            return f
        }
        return nil
    }
}
