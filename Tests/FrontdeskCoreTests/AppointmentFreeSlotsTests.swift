import Testing
@testable import FrontdeskCore

/// The free slots a picker offers are exactly the slots rescheduling accepts: every instant of
/// the range on a 15-minute step is planned as a move, and it is offered if and only if the
/// move is accepted. Each case changes one rule: hours, a holiday, capacity, a cancelled
/// place, the weekend, the DST change.
@Suite struct AppointmentFreeSlotsTests {
    /// Thursday 2026-11-26 10:00 UTC: the appointment being moved.
    static let moved = Instant(CivilTime(year: 2026, month: 11, day: 26, hour: 10))
    static let eleven = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 11))

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var now = t0
        var days = 3
        var desk: @Sendable () -> Desk
        /// What the list must show besides agreeing with the command.
        var count: Int
        var first: Instant?
        var description: String { name }
    }

    /// The fixture's walk-in counter (UTC, Monday to Friday 09:00-17:00, 30-minute slots of one
    /// place) with APT0000001 booked for CUS0000001 on Thursday at 10:00.
    static func base(_ settings: @escaping (inout WalkUpSettings) -> Void = { _ in }) -> Desk {
        var desk = makeAppointmentDesk(settings: settings)
        _ = try! desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: moved, reason: "Badge"), by: "bo")
        return desk
    }

    static let cases: [Case] = [
        // 09:00 has begun at 09:00: Tuesday from 09:30 (15), Wednesday (16), Thursday less its own slot (15).
        Case(name: "office hours", desk: { base() }, count: 46, first: t0.adding(1800)),
        Case(name: "a holiday on Wednesday", desk: { base { $0.holidays = [LocalDate(year: 2026, month: 11, day: 25)] } }, count: 30,
             first: t0.adding(1800)),
        Case(name: "a full slot is left out", desk: {
            var desk = base()
            _ = try! desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: eleven, reason: "Badge"), by: "bo")
            return desk
        }, count: 45, first: t0.adding(1800)),
        Case(name: "a slot of two places with one taken stays", desk: {
            var desk = base { $0.slotCapacity = 2 }
            _ = try! desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: eleven, reason: "Badge"), by: "bo")
            return desk
        }, count: 46, first: t0.adding(1800)),
        Case(name: "a cancelled appointment frees its place", desk: {
            var desk = base()
            _ = try! desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: eleven, reason: "Badge"), by: "bo")
            _ = try! desk.run(.cancelAppointment(id: "APT0000002"), by: "bo")
            return desk
        }, count: 46, first: t0.adding(1800)),
        // Friday 16:45: the last slot has begun, and the weekend has none.
        Case(name: "none until Monday", now: Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 16, minute: 45)),
             desk: { base() }, count: 0, first: nil),
        Case(name: "across the DST change", now: AppointmentHoursTests.now.adding(6 * 86_400), days: 5, desk: {
            var desk = AppointmentHoursTests.desk()
            _ = try! desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in",
                                                at: Instant(CivilTime(year: 2026, month: 3, day: 30, hour: 7)), reason: "Badge"),
                               by: "bo", at: AppointmentHoursTests.now)
            return desk
        // Thursday 26 from 13:30 local (7), Friday (16), Saturday 10:00-12:30 (5), Monday less its own 09:00 (15).
        }, count: 43, first: Instant(CivilTime(year: 2026, month: 3, day: 26, hour: 12, minute: 30))),
    ]

    @Test(arguments: cases)
    func theSlotsOfferedAreTheSlotsAMoveAccepts(_ c: Case) {
        let desk = c.desk()
        let free = desk.freeSlots(location: "walk-in", at: c.now, days: c.days, excluding: "APT0000001")
        #expect(free.count == c.count, "\(free.map { "\($0.local.date) \($0.local.clock)" })")
        #expect(free.first?.start == c.first)
        #expect(free.map(\.start) == free.map(\.start).sorted(), "in time order")
        let offered = Set(free.map(\.start))
        let from = desk.zone(ofLocation: "walk-in").startOfDay(containing: c.now)
        for step in 0..<(c.days * 96) {
            let at = from.adding(Int64(step) * 900)
            let accepted = (try? desk.plan(.rescheduleAppointment(id: "APT0000001", at: at), by: "bo", at: c.now)) != nil
            #expect(accepted == offered.contains(at), "\(desk.slotLabel(at, at: "walk-in")): move accepted \(accepted)")
        }
    }

    @Test func placesLeftAreCountedPerSlot() throws {
        var desk = Self.base { $0.slotCapacity = 2 }
        _ = try desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: Self.eleven, reason: "Badge"), by: "bo")
        let slots = desk.freeSlots(location: "walk-in", at: t0, days: 1)
        let eleven = try #require(slots.first { $0.start == Self.eleven })
        #expect(eleven.free == 1 && eleven.capacity == 2)
        #expect(eleven.local.clock == "11:00")
        #expect(slots.first?.free == 2)
    }

    @Test func aQueueThatIsNoLocationHasNoSlots() {
        #expect(Self.base().freeSlots(location: "service-desk", at: t0).isEmpty)
        #expect(Self.base().freeSlots(location: "nowhere", at: t0).isEmpty)
        #expect(makeAppointmentDesk { $0.slotCapacity = 0 }.freeSlots(location: "walk-in", at: t0).isEmpty)
    }
}
