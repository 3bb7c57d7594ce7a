import Testing
@testable import FrontdeskCore

/// Opening hours, holidays and the last check-in, in the location's local time (a DST change included).
@Suite struct WalkUpHoursTests {
    struct HoursCase: CustomTestStringConvertible, Sendable {
        var name: String
        var utc: CivilTime
        var expected: String
        var testDescription: String { name }
    }

    static func at(_ y: Int, _ mo: Int, _ d: Int, _ h: Int, _ mi: Int = 0) -> CivilTime { CivilTime(year: y, month: mo, day: d, hour: h, minute: mi) }

    static let cases: [HoursCase] = [
        HoursCase(name: "Tuesday at opening (GMT)", utc: at(2026, 11, 24, 9), expected: "open"),
        HoursCase(name: "a minute before opening", utc: at(2026, 11, 24, 8, 59), expected: "closed"),
        HoursCase(name: "the last minute of check-in", utc: at(2026, 11, 24, 16, 44), expected: "open"),
        HoursCase(name: "check-in ended, still open", utc: at(2026, 11, 24, 16, 45), expected: "ended"),
        HoursCase(name: "after closing", utc: at(2026, 11, 24, 17), expected: "closed"),
        HoursCase(name: "Saturday morning: short hours", utc: at(2026, 11, 28, 10, 30), expected: "open"),
        HoursCase(name: "Sunday", utc: at(2026, 11, 29, 11), expected: "closed"),
        HoursCase(name: "Christmas, a Friday: holiday", utc: at(2026, 12, 25, 11), expected: "closed"),
        HoursCase(name: "the day after Christmas is a Saturday, also a holiday", utc: at(2026, 12, 26, 11), expected: "closed"),
        // BST: 08:30 UTC is 09:30 in London; the Friday before the change it was 08:30.
        HoursCase(name: "BST Monday 08:30 UTC is 09:30 local", utc: at(2026, 3, 30, 8, 30), expected: "open"),
        HoursCase(name: "GMT Friday 08:30 UTC is 08:30 local", utc: at(2026, 3, 27, 8, 30), expected: "closed"),
        HoursCase(name: "BST 16:10 UTC is 17:10 local", utc: at(2026, 3, 30, 16, 10), expected: "closed"),
        HoursCase(name: "BST 15:50 UTC is 16:50 local: check-in ended", utc: at(2026, 3, 30, 15, 50), expected: "ended"),
    ]

    @Test(arguments: cases)
    func statusInLocalTime(_ c: HoursCase) throws {
        let desk = try walkUpDesk([("queue.walk-in.walk_up.hours", "mon-fri 09:00-17:00; sat 10:00-13:00"),
                                   ("queue.walk-in.walk_up.holidays", "2026-12-25,2026-12-26")])
        let status = desk.locationStatus(location: "walk-in", at: Instant(c.utc), zone: london)
        switch (c.expected, status) {
        case ("open", .open), ("closed", .closed), ("ended", .checkInEnded): break
        default: Issue.record("\(c.name): \(status)")
        }
    }

    @Test func localDaysStartAtLocalMidnightAcrossTheChange() {
        // The day of the change began at 00:00 GMT; the next at 00:00 BST, 23:00 UTC the day before.
        #expect(london.startOfDay(containing: Instant(CivilTime(year: 2026, month: 3, day: 29, hour: 12))) == Instant(CivilTime(year: 2026, month: 3, day: 29)))
        #expect(london.startOfDay(containing: Instant(CivilTime(year: 2026, month: 3, day: 30, hour: 12))) == Instant(CivilTime(year: 2026, month: 3, day: 29, hour: 23)))
        #expect(london.local(Instant(CivilTime(year: 2026, month: 3, day: 29, hour: 23, minute: 30))).date == LocalDate(year: 2026, month: 3, day: 30))
        #expect(london.local(Instant(CivilTime(year: 2026, month: 10, day: 25, hour: 0, minute: 30))).clock == "01:30")
        #expect(LocalDate(parsing: "2026-02-30") == nil && LocalDate(parsing: "2026-12-25")?.weekday == .fri)
    }

    @Test func theHoursReadBackAsTheyWereSet() throws {
        let typed = "mon-fri 09:00-12:30,13:30-17:00; sat 10:00-13:00"
        let hours = try WalkUpConfig.parseHours(typed)
        #expect(hours[.wed] == [OpeningSpan(start: 540, end: 750), OpeningSpan(start: 810, end: 1020)] && hours[.sun] == nil)
        #expect(WalkUpConfig.formatHours(hours) == typed)
        #expect(WalkUpConfig.formatHours(try WalkUpConfig.parseHours("closed")) == "closed")
        for bad in ["mon 17:00-09:00", "funday 09:00-10:00", "mon 09:00", "fri-mon 09:00-10:00", "mon 09:00-12:00,11:00-13:00", "mon 09:00-25:00"] {
            #expect(throws: DomainError.self, "\(bad)") { try WalkUpConfig.parseHours(bad) }
        }
    }
}
