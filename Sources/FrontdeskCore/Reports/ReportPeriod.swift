/// The named periods of a report, as local days in the report's zone: today, yesterday, and
/// this week (from Monday), month and quarter up to the end of today.
public enum ReportPeriod: String, CaseIterable, Sendable {
    case today, yesterday, week, month, quarter

    /// The instants `[from, to)` the period covers at `now`.
    public func range(at now: Instant, zone: ZoneOffsets) -> (from: Instant, to: Instant) {
        let today = zone.local(now).date
        let first: LocalDate
        var last = today
        switch self {
        case .today: first = today
        case .yesterday: first = today.adding(days: -1); last = first
        case .week: first = today.adding(days: -Weekday.allCases.firstIndex(of: today.weekday)!)
        case .month: first = LocalDate(year: today.year, month: today.month, day: 1)
        case .quarter: first = LocalDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)
        }
        return Self.days(first, through: last, zone: zone)
    }

    /// Whole local days `first` through `last`, as instants `[from, to)`.
    public static func days(_ first: LocalDate, through last: LocalDate, zone: ZoneOffsets) -> (from: Instant, to: Instant) {
        (zone.instant(first, minute: 0), zone.instant(last.adding(days: 1), minute: 0))
    }
}

extension LocalDate {
    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        let c = Instant(CivilTime(year: year, month: month, day: day)).adding(Int64(days) * 86_400).civil
        return LocalDate(year: c.year, month: c.month, day: c.day)
    }
}
