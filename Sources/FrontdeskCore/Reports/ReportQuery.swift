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
    public func key(of facts: InteractionFacts) -> String {
        switch self {
        case .queue: facts.queue ?? ""
        case .agent: facts.agent ?? ""
        case .channel: facts.channel.rawValue
        case .reason: facts.reason ?? ""
        case .wrapUp: facts.wrapUpCode ?? ""
        case .hour: (facts.hourOpened < 10 ? "0" : "") + "\(facts.hourOpened):00"
        case .day: facts.dayOpened.description
        }
    }
}

/// One filter: only contacts whose group under `grouping` is `value`.
public struct ReportFilter: Equatable, Sendable {
    public var grouping: ReportGrouping
    public var value: String

    public init(_ grouping: ReportGrouping, _ value: String) { self.grouping = grouping; self.value = value }

    public func matches(_ facts: InteractionFacts) -> Bool { grouping.key(of: facts) == value }
}
