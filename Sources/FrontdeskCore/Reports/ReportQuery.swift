/// What a report covers: contacts opened in `[from, to)`, grouped one way, narrowed by filters.
public struct ReportQuery: Equatable, Sendable {
    public var from: Instant
    public var to: Instant
    public var grouping: ReportGrouping
    /// Every filter must match (a drill-down is a filter on the bar's group).
    public var filters: [ReportFilter]

    public init(from: Instant, to: Instant, grouping: ReportGrouping, filters: [ReportFilter] = []) {
        self.from = from; self.to = to; self.grouping = grouping; self.filters = filters
    }

    /// Whether a contact belongs in the report.
    public func includes(_ facts: InteractionFacts) -> Bool {
        facts.openedAt >= from && facts.openedAt < to && filters.allSatisfy { $0.matches(facts) }
    }
}

/// How a report's rows are grouped.
public enum ReportGrouping: String, CaseIterable, Sendable {
    case queue, agent, channel, reason, wrapUp = "wrap-up", hour, day

    /// The column heading.
    public var title: String {
        switch self {
        case .queue: "Queue"
        case .agent: "Agent"
        case .channel: "Channel"
        case .reason: "Reason"
        case .wrapUp: "Wrap-up code"
        case .hour: "Hour"
        case .day: "Day"
        }
    }

    /// The group a contact falls in; "" for none (no queue, no agent, no reason...).
    public func key(of facts: InteractionFacts) -> String { groupKey(of: facts).label }

    /// The group as a value that is cheap to hash: a report groups hundreds of thousands of
    /// facts and turns only the few distinct groups into labels.
    func groupKey(of facts: InteractionFacts) -> ReportGroupKey {
        switch self {
        case .queue: .text(facts.queue ?? "")
        case .agent: .text(facts.agent ?? "")
        case .channel: .text(facts.channel.rawValue)
        case .reason: .text(facts.reason ?? "")
        case .wrapUp: .text(facts.wrapUpCode ?? "")
        case .hour: .hour(facts.hourOpened)
        case .day: .day(facts.dayOpened)
        }
    }
}

/// A group before it is named (`ReportGrouping.groupKey(of:)`).
enum ReportGroupKey: Hashable {
    case text(String)
    case hour(Int)
    case day(LocalDate)
    /// A step of an hourly series: an hour of a day.
    case dayHour(LocalDate, Int)

    var label: String {
        switch self {
        case .text(let text): text
        case .hour(let hour): Self.hourLabel(hour)
        case .day(let date): date.description
        case .dayHour(let date, let hour): date.description + " " + Self.hourLabel(hour)
        }
    }

    static func hourLabel(_ hour: Int) -> String { (hour < 10 ? "0" : "") + "\(hour):00" }
}

/// One filter: only contacts whose group under `grouping` is `value`.
public struct ReportFilter: Equatable, Sendable {
    public var grouping: ReportGrouping
    public var value: String

    public init(_ grouping: ReportGrouping, _ value: String) { self.grouping = grouping; self.value = value }

    public func matches(_ facts: InteractionFacts) -> Bool { grouping.key(of: facts) == value }
}
