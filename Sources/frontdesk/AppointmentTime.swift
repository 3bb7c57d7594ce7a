import Foundation
import FrontdeskCore

/// Slot times as people type and read them: local to the location's time zone.
enum AppointmentTime {
    /// `2026-11-24 10:30` (or `T` between) in the location's zone; ISO 8601 with `Z` or an
    /// offset as given. A local time the clocks skip (a DST change) is refused, naming it.
    static func instant(_ text: String, location: String, in desk: Desk) throws -> Instant {
        let typed = text.trimmingCharacters(in: .whitespaces)
        if let utc = Instant(parsing: typed) { return utc }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: typed) { return Instant(seconds: Int64(date.timeIntervalSince1970)) }
        let parts = typed.replacingOccurrences(of: "T", with: " ").split(separator: " ")
        guard parts.count == 2, let day = day(String(parts[0])) else { throw badTime(text) }
        let clock = parts[1].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { throw badTime(text) }
        let zoneID = desk.appointmentTimeZone(location)
        guard let zone = TimeZone(identifier: zoneID) else {
            throw CLIRefusal(message: "location \(location) names time zone \"\(zoneID)\", which this system does not know")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: clock[0], minute: clock[1])
        guard let date = calendar.date(from: wanted),
              calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date) == wanted else {
            throw CLIRefusal(message: "\(text) does not exist in \(zoneID): the clocks change that day; pick another time")
        }
        return Instant(seconds: Int64(date.timeIntervalSince1970))
    }

    /// `2026-11-24 10:30 CET`: the slot as the location reads it.
    static func local(_ instant: Instant, location: String, in desk: Desk) -> String {
        guard let zone = TimeZone(identifier: desk.appointmentTimeZone(location)) else { return instant.serviceNowDateTime + " UTC" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm zzz"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
    }

    /// The slot's day in the location's zone, `YYYY-MM-DD`.
    static func localDay(_ instant: Instant, location: String, in desk: Desk) -> String {
        String(local(instant, location: location, in: desk).prefix(10))
    }

    static func day(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), (1...31).contains(d) else { return nil }
        return (y, m, d)
    }

    /// `APT0000007` from what was typed: lower case and the digits alone (`7`) too.
    static func id(_ typed: String) -> String {
        let upper = typed.uppercased()
        if let value = Int(upper), value > 0 { return Counters.format(.appointment, value) }
        return upper
    }

    private static func badTime(_ text: String) -> CLIRefusal {
        CLIRefusal(message: "--at \(text): give the slot as YYYY-MM-DD HH:MM (local to the location), or ISO 8601 such as 2026-11-24T10:30:00Z",
                   status: 2)
    }
}
