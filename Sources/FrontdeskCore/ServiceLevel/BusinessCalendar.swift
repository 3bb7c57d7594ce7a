/// When a queue is open for business: weekly hours, holidays and the time zone they are read
/// in. The one calendar of the desk: a walk-up location's opening hours are its calendar
/// (`WalkUpSettings.calendar`), and any other queue may have one (`Queue.calendar`); a queue
/// without one works around the clock (24x7), and its business time is wall time.
public struct BusinessCalendar: Equatable, Sendable, Codable {
    /// IANA time zone id (`Europe/London`): hours and holidays are local to it.
    public var timeZone: String
    /// Open spans per weekday, in local minutes from midnight; a day without spans is closed.
    public var hours: [Weekday: [OpeningSpan]]
    /// Whole days it is closed.
    public var holidays: [LocalDate]

    public init(timeZone: String = "UTC", hours: [Weekday: [OpeningSpan]] = BusinessCalendar.officeHours, holidays: [LocalDate] = []) {
        self.timeZone = timeZone; self.hours = hours; self.holidays = holidays
    }

    /// Monday to Friday, 09:00 to 17:00.
    public static let officeHours: [Weekday: [OpeningSpan]] =
        Dictionary(uniqueKeysWithValues: [Weekday.mon, .tue, .wed, .thu, .fri].map { ($0, [OpeningSpan(start: 9 * 60, end: 17 * 60)]) })

    /// The spans open on a local date (none on a holiday).
    public func spans(on date: LocalDate) -> [OpeningSpan] {
        holidays.contains(date) ? [] : hours[date.weekday] ?? []
    }

    /// The span open at a local time, if any.
    public func openSpan(at local: LocalTime) -> OpeningSpan? {
        spans(on: local.date).first { $0.contains(local.minuteOfDay) }
    }

    enum CodingKeys: String, CodingKey { case timeZone = "time_zone", hours, holidays }

    /// Every key may be absent (reads as UTC office hours, no holidays): a walk-up location's
    /// stored settings carry these same keys and read into the same calendar.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = BusinessCalendar()
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? d.timeZone
        if let raw = try c.decodeIfPresent([String: [OpeningSpan]].self, forKey: .hours) {
            var hours: [Weekday: [OpeningSpan]] = [:]
            for (key, spans) in raw {
                guard let day = Weekday(rawValue: key) else {
                    throw DecodingError.dataCorruptedError(forKey: .hours, in: c, debugDescription: "unknown weekday \(key)")
                }
                hours[day] = spans
            }
            self.hours = hours
        } else {
            hours = d.hours
        }
        holidays = try c.decodeIfPresent([LocalDate].self, forKey: .holidays) ?? d.holidays
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &c, timeZone: .timeZone, hours: .hours, holidays: .holidays)
    }

    /// Writes the three keys into a container that holds them among others (walk-up settings).
    func encodeFields<K: CodingKey>(into c: inout KeyedEncodingContainer<K>, timeZone tz: K, hours h: K, holidays hol: K) throws {
        try c.encode(timeZone, forKey: tz)
        try c.encode(Dictionary(uniqueKeysWithValues: hours.map { ($0.key.rawValue, $0.value) }), forKey: h)
        try c.encode(holidays, forKey: hol)
    }
}

/// Seconds of business time between two instants: the parts of `[from, to)` that fall in the
/// calendar's open spans, each span placed through `zone` on its own local date (so a span
/// keeps its wall-clock times across a DST change and measures what the clocks say). No
/// calendar: the queue works around the clock, every second counts. Zero when `to` is not
/// after `from`.
public func businessSeconds(from: Instant, to: Instant, calendar: BusinessCalendar?, zone: ZoneOffsets) -> Int64 {
    guard from < to else { return 0 }
    guard let calendar else { return from.seconds(until: to) }
    var total: Int64 = 0
    // Start a day early: a span of the day before may still run past local midnight in UTC terms.
    var date = zone.local(from.adding(-86_400)).date
    let last = zone.local(to).date
    while date <= last {
        let next = date.next
        for span in calendar.spans(on: date) {
            let start = zone.instant(date, minute: span.start)
            let end = span.end >= 1440 ? zone.instant(next, minute: 0) : zone.instant(date, minute: span.end)
            let a = max(start, from), b = min(end, to)
            if a < b { total += a.seconds(until: b) }
        }
        date = next
    }
    return total
}

extension LocalDate {
    /// The day after.
    public var next: LocalDate {
        let civil = Instant(CivilTime(year: year, month: month, day: day)).adding(86_400).civil
        return LocalDate(year: civil.year, month: civil.month, day: civil.day)
    }
}
