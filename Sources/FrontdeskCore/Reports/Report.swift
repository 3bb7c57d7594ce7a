/// A report: one row per group, a total, and a time series for sparklines. Computed in one
/// pass over the facts (`compute`): only counts and per-second tallies are kept, never the
/// records, so a year costs the memory of its distinct values, not of its contacts.
public struct Report: Equatable, Sendable {
    public var query: ReportQuery
    /// Groups in order: hours and days in time order, the others by name ("" last).
    public var rows: [ReportRow]
    public var total: ReportRow
    /// Contacts per step over the period: hours for a period of up to two days, else days.
    public var series: [ReportPoint]
    public var seriesStep: ReportSeriesStep

    public init(query: ReportQuery, rows: [ReportRow], total: ReportRow, series: [ReportPoint], seriesStep: ReportSeriesStep) {
        self.query = query; self.rows = rows; self.total = total; self.series = series; self.seriesStep = seriesStep
    }

    /// The report of the contacts among `facts` that `query` includes, in `zone` (for the series).
    public static func compute(facts: some Sequence<InteractionFacts>, query: ReportQuery, zone: ZoneOffsets) -> Report {
        var byKey: [ReportGroupKey: ReportTally] = [:]
        let step = ReportSeriesStep(from: query.from, to: query.to)
        // The series shows counts only: its steps keep no distributions of waits and handle times.
        var bucketsByKey: [ReportGroupKey: ReportTally] = [:]
        for f in facts where query.includes(f) {
            byKey[query.grouping.groupKey(of: f), default: ReportTally()].add(f)
            bucketsByKey[step.key(of: f), default: ReportTally(distributions: false)].add(f)
        }
        // Each contact is in exactly one group: the total is their sum, not a third tally per contact.
        var total = ReportTally()
        for tally in byKey.values { total.merge(tally) }
        // Labels only for the distinct groups and steps, not for every contact.
        let groups = Dictionary(uniqueKeysWithValues: byKey.map { ($0.key.label, $0.value) })
        let buckets = Dictionary(uniqueKeysWithValues: bucketsByKey.map { ($0.key.label, $0.value) })
        let keys = groups.keys.sorted { a, b in a.isEmpty != b.isEmpty ? !a.isEmpty : a < b }
        let series = step.labels(from: query.from, to: query.to, zone: zone).map { label in
            ReportPoint(label: label, row: (buckets[label] ?? ReportTally()).row(key: label))
        }
        return Report(query: query, rows: keys.map { groups[$0]!.row(key: $0) }, total: total.row(key: "Total"),
                      series: series, seriesStep: step)
    }
}

/// The figures of one group.
public struct ReportRow: Equatable, Sendable {
    public var key: String
    public var contacts = 0
    public var answered = 0
    public var abandoned = 0
    /// abandoned / (answered + abandoned); nil when none closed.
    public var abandonmentRate: Double?
    /// Over answered contacts whose wait is known (nearest-rank percentiles).
    public var waitMedian: Int64?
    public var waitP90: Int64?
    /// Over answered contacts whose duration is known.
    public var handleMedian: Int64?
    public var handleP90: Int64?
    /// Total seconds On Hold.
    public var holdSeconds: Int64 = 0
    /// Answered within their queue's target (`InteractionFacts.metTarget`), and of how many with a target.
    public var withinTarget = 0
    public var withTarget = 0
    /// withinTarget / withTarget; nil when none had a target.
    public var serviceLevel: Double?
    public var transfers = 0
    public var replies = 0
    public var ratings = 0
    public var ratingMean: Double?
    /// How many rated 1, 2, 3, 4, 5.
    public var ratingDistribution = [0, 0, 0, 0, 0]

    public init(key: String) { self.key = key }
}

/// One step of the series.
public struct ReportPoint: Equatable, Sendable {
    public var label: String
    public var row: ReportRow
}

/// The series' step.
public enum ReportSeriesStep: String, Sendable {
    case hour, day

    init(from: Instant, to: Instant) { self = from.seconds(until: to) <= 2 * 86_400 ? .hour : .day }

    func key(of f: InteractionFacts) -> ReportGroupKey {
        self == .day ? .day(f.dayOpened) : .dayHour(f.dayOpened, f.hourOpened)
    }

    /// Every step of the period, in order, so empty steps show as zero.
    func labels(from: Instant, to: Instant, zone: ZoneOffsets) -> [String] {
        var labels: [String] = []
        var at = from
        while at < to, labels.count < 400 * 24 {
            let local = zone.local(at)
            let hour = local.minuteOfDay / 60
            let label = (self == .day ? ReportGroupKey.day(local.date) : .dayHour(local.date, hour)).label
            if labels.last != label { labels.append(label) }
            at = at.adding(self == .day ? 3600 : 900)
        }
        return labels
    }
}

/// Running sums of one group: counts, and per-value tallies for exact percentiles.
struct ReportTally {
    var row = ReportRow(key: "")
    var waits: [Int64: Int] = [:]
    var handles: [Int64: Int] = [:]
    var ratingSum = 0
    /// Whether waits and handle times are tallied for percentiles (a series' step needs counts only).
    var distributions = true

    init(distributions: Bool = true) { self.distributions = distributions }

    mutating func add(_ f: InteractionFacts) {
        row.contacts += 1
        switch f.outcome {
        case .answered:
            row.answered += 1
            if distributions, let w = f.waitSeconds { waits[w, default: 0] += 1 }
            if distributions, let h = f.handleSeconds { handles[h, default: 0] += 1 }
        case .abandoned: row.abandoned += 1
        case .open: break
        }
        if let met = f.metTarget {
            row.withTarget += 1
            if met { row.withinTarget += 1 }
        }
        row.holdSeconds += f.holdSeconds
        row.transfers += f.transfers
        row.replies += f.replies
        if let rating = f.rating, (1...5).contains(rating) {
            row.ratings += 1
            ratingSum += rating
            row.ratingDistribution[rating - 1] += 1
        }
    }

    /// Adds another tally's contacts, as if each had been added here.
    mutating func merge(_ other: ReportTally) {
        row.contacts += other.row.contacts
        row.answered += other.row.answered
        row.abandoned += other.row.abandoned
        row.withTarget += other.row.withTarget
        row.withinTarget += other.row.withinTarget
        row.holdSeconds += other.row.holdSeconds
        row.transfers += other.row.transfers
        row.replies += other.row.replies
        row.ratings += other.row.ratings
        for i in row.ratingDistribution.indices { row.ratingDistribution[i] += other.row.ratingDistribution[i] }
        ratingSum += other.ratingSum
        waits.merge(other.waits, uniquingKeysWith: +)
        handles.merge(other.handles, uniquingKeysWith: +)
    }

    func row(key: String) -> ReportRow {
        var r = row
        r.key = key
        let closed = r.answered + r.abandoned
        r.abandonmentRate = closed > 0 ? Double(r.abandoned) / Double(closed) : nil
        r.serviceLevel = r.withTarget > 0 ? Double(r.withinTarget) / Double(r.withTarget) : nil
        r.ratingMean = r.ratings > 0 ? Double(ratingSum) / Double(r.ratings) : nil
        (r.waitMedian, r.waitP90) = (Self.percentile(waits, 50), Self.percentile(waits, 90))
        (r.handleMedian, r.handleP90) = (Self.percentile(handles, 50), Self.percentile(handles, 90))
        return r
    }

    /// Nearest rank: the smallest value with at least ceil(p% of n) values at or below it.
    static func percentile(_ tally: [Int64: Int], _ p: Int) -> Int64? {
        let n = tally.values.reduce(0, +)
        guard n > 0 else { return nil }
        let rank = max(1, (p * n + 99) / 100)
        var seen = 0
        for value in tally.keys.sorted() {
            seen += tally[value]!
            if seen >= rank { return value }
        }
        return nil
    }
}
