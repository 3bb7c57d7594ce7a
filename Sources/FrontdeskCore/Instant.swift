/// A moment in time, whole seconds since 1970-01-01T00:00:00Z.
///
/// The domain keeps its own time type (rather than Foundation's `Date`) so it stays
/// pure, compares and hashes cheaply, and formats the same way everywhere.
public struct Instant: Hashable, Comparable, Sendable {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.seconds < rhs.seconds }

    public func adding(_ delta: Int64) -> Instant { Instant(seconds: seconds + delta) }

    /// Seconds from `self` to `later`, never negative (clocks of two consoles may disagree slightly).
    public func seconds(until later: Instant) -> Int64 { max(0, later.seconds - seconds) }
}

/// Where "now" comes from. The console and the CLI use the system clock; tests use a fixed one.
public protocol TimeSource: Sendable {
    func now() -> Instant
}

/// A clock that always answers the instant it was given: for tests and for replaying history.
public struct FixedTime: TimeSource {
    public var instant: Instant
    public init(_ instant: Instant) { self.instant = instant }
    public func now() -> Instant { instant }
}

// MARK: - Civil calendar (UTC), without Foundation

/// A UTC calendar date and time of day.
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second
    }
}

extension Instant {
    /// Days-from-civil, after Howard Hinnant's public-domain algorithm.
    public init(_ civil: CivilTime) {
        let y = Int64(civil.month <= 2 ? civil.year - 1 : civil.year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(civil.month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(civil.day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        self.init(seconds: days * 86_400 + Int64(civil.hour) * 3600 + Int64(civil.minute) * 60 + Int64(civil.second))
    }

    public var civil: CivilTime {
        var days = seconds / 86_400
        var rem = seconds % 86_400
        if rem < 0 { rem += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CivilTime(year: Int(y), month: Int(m), day: Int(d),
                         hour: Int(rem / 3600), minute: Int(rem % 3600 / 60), second: Int(rem % 60))
    }

    /// `2026-11-24T09:05:00Z`
    public var iso8601: String {
        let c = civil
        guard (0...9999).contains(c.year) else {
            return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))Z"
        }
        // Twenty ASCII bytes written in place: JSON output writes several a record, and the
        // interpolation's pieces were a tenth of `list --json`'s time.
        return String(unsafeUninitializedCapacity: 20) { b in
            func two(_ value: Int, at i: Int) { b[i] = UInt8(0x30 + value / 10); b[i + 1] = UInt8(0x30 + value % 10) }
            two(c.year / 100, at: 0); two(c.year % 100, at: 2); b[4] = 0x2D; two(c.month, at: 5); b[7] = 0x2D
            two(c.day, at: 8); b[10] = 0x54; two(c.hour, at: 11); b[13] = 0x3A; two(c.minute, at: 14); b[16] = 0x3A
            two(c.second, at: 17); b[19] = 0x5A
            return 20
        }
    }

    /// `09:05`: the time of day (UTC), for trails and conversations.
    public var timeOfDay: String { String(serviceNowDateTime.dropFirst(11).prefix(5)) }

    /// `2026-11-24 09:05:00`, the way ServiceNow's Table API writes date-times (UTC).
    public var serviceNowDateTime: String {
        let c = civil
        return "\(pad(c.year, 4))-\(pad(c.month))-\(pad(c.day)) \(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` and `YYYY-MM-DD HH:MM:SS` (both UTC); nil for anything else.
    public init?(parsing text: some StringProtocol) {
        var copy = String(text)
        guard let instant = copy.withUTF8({ Instant(utf8: $0) }) else { return nil }
        self = instant
    }

    /// The same, from UTF-8 bytes: the store's decoder reads dates without making strings.
    public init?(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 19 || (bytes.count == 20 && bytes[19] == UInt8(ascii: "Z")) else { return nil }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":") else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for i in from..<(from + count) {
                let b = bytes[i]
                guard b >= 48, b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 else { return nil }
        self.init(CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s))
    }
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
}

/// Formats a span of seconds for people: `0:42`, `12:05`, `3:07:09`, `2d 03:07:09`.
public func formatSpan(_ seconds: Int64) -> String {
    let s = max(0, seconds)
    let days = s / 86_400, h = s % 86_400 / 3600, m = s % 3600 / 60, sec = s % 60
    if days > 0 { return "\(days)d \(pad(Int(h))):\(pad(Int(m))):\(pad(Int(sec)))" }
    if h > 0 { return "\(h):\(pad(Int(m))):\(pad(Int(sec)))" }
    return "\(m):\(pad(Int(sec)))"
}

/// A span for a list: `0:42`, `1:02:03`, and past a day `2d 18h`. The console's lists and
/// the command line's use this one format.
public func formatListSpan(_ seconds: Int64) -> String {
    seconds >= 86_400 ? "\(seconds / 86_400)d \(seconds % 86_400 / 3600)h" : formatSpan(seconds)
}
