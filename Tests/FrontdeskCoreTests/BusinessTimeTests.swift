import Testing
@testable import FrontdeskCore

/// Business time: the seconds of a span that fall in a calendar's open hours, local to its zone.
@Suite struct BusinessTimeTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var from: CivilTime
        var to: CivilTime
        var calendar: BusinessCalendar?
        var zone: ZoneOffsets = .utc
        var expected: Int64
        var testDescription: String { name }
    }

    static func at(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int = 0) -> CivilTime { CivilTime(year: y, month: mo, day: d, hour: h, minute: mi) }
    static func hours(_ text: String) -> [Weekday: [OpeningSpan]] { (try? WalkUpConfig.parseHours(text)) ?? [:] }

    /// Mon–Fri 09:00–17:00; Christmas Day (a Friday) a holiday.
    static let office = BusinessCalendar(hours: BusinessCalendar.officeHours, holidays: [LocalDate(year: 2026, month: 12, day: 25)])
    /// A night shift: 22:00 to 06:00 every night, as two spans either side of midnight.
    static let nights = BusinessCalendar(hours: hours("mon-sun 00:00-06:00,22:00-24:00"))
    static let newYork = ZoneOffsets.fixed(-5 * 3600, identifier: "-05:00")

    // 2026-11-24 is a Tuesday; 2026-11-27 a Friday.
    static let cases: [Case] = [
        Case(name: "zero-length", from: at(2026, 11, 24, 10), to: at(2026, 11, 24, 10), calendar: office, expected: 0),
        Case(name: "backwards is zero", from: at(2026, 11, 24, 11), to: at(2026, 11, 24, 10), calendar: office, expected: 0),
        Case(name: "within one day's hours", from: at(2026, 11, 24, 10), to: at(2026, 11, 24, 10, 30), calendar: office, expected: 1800),
        Case(name: "no calendar: around the clock", from: at(2026, 11, 24, 16), to: at(2026, 11, 25, 10), calendar: nil, expected: 18 * 3600),
        Case(name: "overnight: 16:00 to 10:00 next day counts 17-16 and 9-10", from: at(2026, 11, 24, 16), to: at(2026, 11, 25, 10),
             calendar: office, expected: 2 * 3600),
        Case(name: "before opening counts nothing", from: at(2026, 11, 24, 6), to: at(2026, 11, 24, 9), calendar: office, expected: 0),
        Case(name: "weekend: Friday 16:30 to Monday 09:15", from: at(2026, 11, 27, 16, 30), to: at(2026, 11, 30, 9, 15),
             calendar: office, expected: 45 * 60),
        Case(name: "holiday: Thursday 16:00 over Christmas Friday to Monday 10:00", from: at(2026, 12, 24, 16), to: at(2026, 12, 28, 10),
             calendar: office, expected: 2 * 3600),
        Case(name: "span crossing midnight: 23:00 to 05:00 on a night shift", from: at(2026, 11, 24, 23), to: at(2026, 11, 25, 5),
             calendar: nights, expected: 6 * 3600),
        Case(name: "night shift: daytime is closed", from: at(2026, 11, 24, 7), to: at(2026, 11, 24, 21), calendar: nights, expected: 0),
        Case(name: "second zone: 14:00 UTC is 09:00 in New York, opening", from: at(2026, 11, 24, 13), to: at(2026, 11, 24, 15),
             calendar: office, zone: newYork, expected: 3600),
        Case(name: "second zone: 23:00 UTC Tuesday is still Tuesday 18:00 in New York (closed)", from: at(2026, 11, 24, 21, 30),
             to: at(2026, 11, 24, 23), calendar: office, zone: newYork, expected: 30 * 60),
        // London goes to BST on Sunday 29 March: Monday's 09:00 is 08:00 UTC.
        Case(name: "DST: Friday GMT 16:00 to Monday BST 09:00 local", from: at(2026, 3, 27, 16), to: at(2026, 3, 30, 8),
             calendar: office, zone: london, expected: 3600),
        Case(name: "DST: a full BST Monday is 8 hours", from: at(2026, 3, 30, 0), to: at(2026, 3, 31, 0), calendar: office, zone: london,
             expected: 8 * 3600),
        Case(name: "DST night: the short night of the change (22:00 GMT to 06:00 BST) is 7 hours", from: at(2026, 3, 28, 20),
             to: at(2026, 3, 29, 8), calendar: nights, zone: london, expected: 7 * 3600),
    ]

    @Test(arguments: cases)
    func businessSecondsInTheCalendarsLocalTime(_ c: Case) {
        #expect(businessSeconds(from: Instant(c.from), to: Instant(c.to), calendar: c.calendar, zone: c.zone) == c.expected, "\(c.name)")
    }

    struct StateCase: CustomTestStringConvertible, Sendable {
        var waited: Int64, target: Int64, near: Int, expected: SLAState?
        var testDescription: String { "\(waited)/\(target) at \(near)%" }
    }

    static let states: [StateCase] = [
        StateCase(waited: 0, target: 300, near: 80, expected: nil),
        StateCase(waited: 239, target: 300, near: 80, expected: nil),
        StateCase(waited: 240, target: 300, near: 80, expected: .near),
        StateCase(waited: 300, target: 300, near: 80, expected: .near),
        StateCase(waited: 301, target: 300, near: 80, expected: .breached),
        StateCase(waited: 299, target: 300, near: 100, expected: nil),
        StateCase(waited: 150, target: 300, near: 50, expected: .near),
    ]

    @Test(arguments: states)
    func breachAndNearBreach(_ c: StateCase) {
        #expect(Desk.slaState(waited: c.waited, target: c.target, nearPercent: c.near) == c.expected)
    }
}
