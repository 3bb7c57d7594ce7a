import FrontdeskCore

/// The figures of a report row as every output names and writes them: one list, so the
/// CSV's columns, the JSON's keys and the HTML table's columns cannot drift apart.
public enum ReportFigures {
    /// Machine names, in order (CSV header, JSON keys).
    public static let keys = [
        "contacts", "answered", "abandoned", "abandonment_rate", "wait_median_seconds", "wait_p90_seconds",
        "handle_median_seconds", "handle_p90_seconds", "hold_seconds", "within_target", "with_target", "service_level",
        "transfers", "replies", "satisfaction_count", "satisfaction_mean",
        "rated_1", "rated_2", "rated_3", "rated_4", "rated_5",
    ]

    /// A row's figures by key; nil where there is nothing to measure (no closed contact, no rating).
    public static func values(_ r: ReportRow) -> [ReportValue] {
        [
            .int(r.contacts), .int(r.answered), .int(r.abandoned), .ratio(r.abandonmentRate),
            .seconds(r.waitMedian), .seconds(r.waitP90), .seconds(r.handleMedian), .seconds(r.handleP90),
            .seconds(r.holdSeconds), .int(r.withinTarget), .int(r.withTarget), .ratio(r.serviceLevel),
            .int(r.transfers), .int(r.replies), .int(r.ratings), .mean(r.ratingMean),
        ] + r.ratingDistribution.map { .int($0) }
    }
}

/// One figure, as the outputs write it.
public enum ReportValue: Equatable, Sendable {
    case int(Int)
    case seconds(Int64?)
    /// 0...1
    case ratio(Double?)
    /// A mean rating.
    case mean(Double?)

    /// For CSV and JSON: whole numbers as they are, ratios and means to four decimals, "" for none.
    public var plain: String {
        switch self {
        case .int(let v): String(v)
        case .seconds(let v): v.map { String($0) } ?? ""
        case .ratio(let v), .mean(let v): v.map { Self.decimal($0, places: 4) } ?? ""
        }
    }

    /// For people: spans as `m:ss`, ratios as percentages, means to one decimal, "–" for none.
    public func display(ascii: Bool = false) -> String {
        let none = ascii ? "-" : "–"
        switch self {
        case .int(let v): return String(v)
        case .seconds(let v): return v.map(formatSpan) ?? none
        case .ratio(let v): return v.map { Self.decimal($0 * 100, places: 1) + "%" } ?? none
        case .mean(let v): return v.map { Self.decimal($0, places: 1) } ?? none
        }
    }

    /// `value` rounded half away from zero to `places` decimals, without Foundation's formatting.
    static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * scale).rounded())
        let whole = scaled / Int64(scale), fraction = String(scaled % Int64(scale))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return places == 0 ? sign + String(whole)
            : sign + String(whole) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }
}
