/// Local time at a walk-up location, without Foundation: the caller supplies the zone's UTC
/// offset at any instant (`ZoneOffsets`), built by the executable from the system's time zone
/// database (`TimeZone(identifier:)`, see FrontdeskBackend's `ZoneResolver.system`); tests
/// build one from a fixed table of offset changes.

/// A calendar date at a location (`2026-12-25`).
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int, month: Int, day: Int

    public init(year: Int, month: Int, day: Int) { self.year = year; self.month = month; self.day = day }

    /// `2026-12-25`; nil for anything else (or a day the month does not have).
    public init?(parsing text: some StringProtocol) {
        let parts = text.trimmedWhitespace.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1 else { return nil }
        let date = LocalDate(year: y, month: m, day: d)
        // A day past the month's end comes back as another date.
        guard Instant(CivilTime(year: y, month: m, day: d)).civil.day == d else { return nil }
        self = date
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public var description: String {
        func pad(_ n: Int, _ w: Int) -> String { let s = String(n); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let days = Instant(CivilTime(year: year, month: month, day: day)).seconds / 86_400
        let index = Int(((days + 3) % 7 + 7) % 7) // 0 = Monday
        return Weekday.allCases[index]
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let date = LocalDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a date (YYYY-MM-DD): \(text)")
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public enum Weekday: String, CaseIterable, Sendable, Codable, Comparable {
    case mon, tue, wed, thu, fri, sat, sun

    public static func < (a: Weekday, b: Weekday) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A moment as a location sees it.
public struct LocalTime: Equatable, Sendable {
    public var date: LocalDate
    /// Minutes since local midnight (0..<1440).
    public var minuteOfDay: Int
    public var weekday: Weekday { date.weekday }

    /// `09:05`
    public var clock: String {
        let h = minuteOfDay / 60, m = minuteOfDay % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }
}

/// A location's time zone: its UTC offset at any instant.
public struct ZoneOffsets: Sendable, CustomStringConvertible {
    /// The IANA id it stands for (`Europe/London`).
    public let identifier: String
    private let offsetAt: @Sendable (Instant) -> Int

    public init(identifier: String, offsetSeconds: @escaping @Sendable (Instant) -> Int) {
        self.identifier = identifier; self.offsetAt = offsetSeconds
    }

    /// A zone that is always `seconds` from UTC.
    public static func fixed(_ seconds: Int, identifier: String = "UTC") -> ZoneOffsets {
        ZoneOffsets(identifier: identifier) { _ in seconds }
    }

    public static let utc = ZoneOffsets.fixed(0)

    /// A table of offsets: `initial` before the first change, then each change's offset from
    /// its instant on (changes in time order). What tests use for a DST change.
    public static func table(_ identifier: String, initial: Int, changes: [(at: Instant, offset: Int)]) -> ZoneOffsets {
        let sorted = changes.sorted { $0.at < $1.at }
        return ZoneOffsets(identifier: identifier) { instant in
            sorted.last { $0.at <= instant }?.offset ?? initial
        }
    }

    public var description: String { identifier }

    public func offsetSeconds(at instant: Instant) -> Int { offsetAt(instant) }

    public func local(_ instant: Instant) -> LocalTime {
        let civil = instant.adding(Int64(offsetAt(instant))).civil
        return LocalTime(date: LocalDate(year: civil.year, month: civil.month, day: civil.day),
                         minuteOfDay: civil.hour * 60 + civil.minute)
    }

    /// The instant a local date and minute of day fall on. In a gap (clocks went forward) the
    /// offset before the change applies; in an overlap (clocks went back), the first of the two.
    public func instant(_ date: LocalDate, minute: Int) -> Instant {
        let wall = Instant(CivilTime(year: date.year, month: date.month, day: date.day)).adding(Int64(minute) * 60)
        // Try the offsets in force a day either side; the earliest that reads back as the wall time.
        let candidates = [wall.adding(-86_400), wall, wall.adding(86_400)].map { offsetAt($0) }
        var best: Instant?
        for offset in candidates {
            let utc = wall.adding(-Int64(offset))
            if utc.adding(Int64(offsetAt(utc))) == wall, best.map({ utc < $0 }) ?? true { best = utc }
        }
        return best ?? wall.adding(-Int64(offsetAt(wall)))
    }

    /// When the local day holding `instant` began.
    public func startOfDay(containing moment: Instant) -> Instant {
        instant(local(moment).date, minute: 0)
    }
}

/// Finds a location's zone by its IANA id. The stores set the system's (FrontdeskBackend's
/// `ZoneResolver.system`); a desk made in memory knows UTC and fixed offsets only.
public struct ZoneResolver: Sendable {
    private let resolve: @Sendable (String) -> ZoneOffsets?

    public init(_ resolve: @escaping @Sendable (String) -> ZoneOffsets?) { self.resolve = resolve }

    /// `UTC`, `Etc/UTC`, `GMT`, and `+01:00` / `-05:30` style fixed offsets.
    public static let fixedOnly = ZoneResolver { ZoneResolver.fixedOffset($0) }

    public func zone(_ identifier: String) -> ZoneOffsets? { resolve(identifier) ?? Self.fixedOffset(identifier) }

    static func fixedOffset(_ id: String) -> ZoneOffsets? {
        if ["UTC", "Etc/UTC", "GMT", "Etc/GMT", "Z"].contains(id) { return .fixed(0, identifier: id) }
        let chars = Array(id)
        guard chars.count == 6, chars[0] == "+" || chars[0] == "-", chars[3] == ":",
              let h = Int(String(chars[1...2])), let m = Int(String(chars[4...5])), h < 15, m < 60 else { return nil }
        return .fixed((chars[0] == "-" ? -1 : 1) * (h * 3600 + m * 60), identifier: id)
    }
}
