import Testing
@testable import FrontdeskCore

/// Slots are local: they follow the location's opening hours, holidays and its zone's DST change.
@Suite struct AppointmentHoursTests {
    /// Central European time: +01:00, and +02:00 from 2026-03-29 01:00 UTC.
    static let paris = ZoneOffsets.table("Europe/Paris", initial: 3600,
                                         changes: [(at: Instant(CivilTime(year: 2026, month: 3, day: 29, hour: 1)), offset: 7200)])
    static let now = Instant(CivilTime(year: 2026, month: 3, day: 20, hour: 12))

    static func desk() -> Desk {
        var desk = makeAppointmentDesk(zone: "Europe/Paris") { s in
            s.holidays = [LocalDate(year: 2026, month: 4, day: 6)]
            s.hours[.sat] = [OpeningSpan(start: 10 * 60, end: 12 * 60 + 45)]
        }
        desk.zones = ZoneResolver { $0 == "Europe/Paris" ? paris : nil }
        return desk
    }

    struct Slot: Sendable, CustomStringConvertible {
        var utc: (month: Int, day: Int, hour: Int, minute: Int)
        /// nil: bookable; else words of the refusal.
        var refusal: String?
        var description: String { "03-\(utc.day) \(utc.hour):\(utc.minute) UTC -> \(refusal ?? "booked")" }
        var instant: Instant { Instant(CivilTime(year: 2026, month: utc.month, day: utc.day, hour: utc.hour, minute: utc.minute)) }
    }

    static let slots: [Slot] = [
        // Friday before the change (+01:00): 09:00 local opens, 16:30 is the last slot, 17:00 closed.
        Slot(utc: (3, 27, 8, 0), refusal: nil),
        Slot(utc: (3, 27, 7, 30), refusal: "closed at 2026-03-27 08:30 Europe/Paris (open 09:00-17:00)"),
        Slot(utc: (3, 27, 15, 30), refusal: nil),
        Slot(utc: (3, 27, 16, 0), refusal: "closed at 2026-03-27 17:00"),
        // Monday after it (+02:00): the same wall-clock slots are an hour earlier in UTC.
        Slot(utc: (3, 30, 7, 0), refusal: nil),
        Slot(utc: (3, 30, 8, 0), refusal: nil),
        Slot(utc: (3, 30, 6, 30), refusal: "closed at 2026-03-30 08:30"),
        Slot(utc: (3, 30, 15, 0), refusal: "closed at 2026-03-30 17:00"),
        // Off the 30-minute grid.
        Slot(utc: (3, 30, 7, 15), refusal: "09:15 Europe/Paris is not a slot start: slots are 30 minutes from 09:00"),
        // Sunday: no hours. Saturday 10:00-12:45: the 12:30 slot would end after closing.
        Slot(utc: (3, 29, 9, 0), refusal: "closed on sun"),
        Slot(utc: (3, 28, 11, 0), refusal: nil),
        Slot(utc: (3, 28, 11, 30), refusal: "a 30-minute slot at 2026-03-28 12:30 Europe/Paris ends after closing (12:45)"),
        // Easter Monday, a holiday at the location.
        Slot(utc: (4, 6, 8, 0), refusal: "2026-04-06 is a holiday at walk-in"),
    ]

    @Test(arguments: slots)
    func slotsFollowLocalHoursHolidaysAndDST(_ slot: Slot) throws {
        let desk = Self.desk()
        let command = DeskCommand.bookAppointment(customer: "CUS0000001", location: "walk-in", at: slot.instant, reason: "Badge")
        if let refusal = slot.refusal {
            do {
                _ = try desk.plan(command, by: "bo", at: Self.now)
                Issue.record("booked, though \(refusal)")
            } catch {
                #expect(error.description.contains(refusal), "\(error.description)")
            }
        } else {
            let result = try desk.plan(command, by: "bo", at: Self.now)
            #expect(result.changes.appointments.first?.slotStart == slot.instant)
        }
    }

    /// Capacity counts per slot: two visitors a slot take two bookings, the third is refused.
    @Test func aSlotTakesAsManyAsItsCapacity() throws {
        var desk = Self.desk()
        var queue = desk.queues["walk-in"]!
        queue.walkUp?.slotCapacity = 2
        var changes = ChangeSet(); changes.queues = [queue]; desk.apply(changes)
        let slot = Instant(CivilTime(year: 2026, month: 3, day: 30, hour: 7))
        for customer in ["CUS0000001", "CUS0000002"] {
            try desk.run(.bookAppointment(customer: customer, location: "walk-in", at: slot, reason: "Badge"), by: "bo", at: Self.now)
        }
        #expect(throws: DomainError.appointment(subject: "for Omar Haddad",
                                                 why: "the slot at 2026-03-30 09:00 Europe/Paris is full (2 of 2 booked at walk-in)")) {
            try desk.plan(.bookAppointment(customer: "CUS0000003", location: "walk-in", at: slot, reason: "Badge"), by: "bo", at: Self.now)
        }
        #expect(desk.appointmentsTaken(location: "walk-in", slot: slot) == 2)
    }
}
