import Testing
@testable import FrontdeskCore

/// The check-in notice names the place the visit really has once the check-in is saved: an
/// appointment checked in on time ranks ahead of walk-ins who came earlier, so its holder is
/// told that place (and its estimate), the one the counter's list and `walkup list` show.
@Suite struct AppointmentCheckInPositionTests {
    static let ten = AppointmentTests.ten

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        /// Minutes from 10:00 (the slot) at which the holder of APT0000001 checks in.
        var checkInAt: Int64
        /// Whether routing opened the appointment's walk-up before the check-in.
        var openedByRouting = false
        /// Whether an appointment at 09:30 (an earlier slot) was checked in on time first.
        var earlierAppointmentFirst = false
        var expectedPosition: Int
    }

    static let cases: [Case] = [
        Case(description: "on time, a new walk-up: ahead of both walk-ins", checkInAt: -5, expectedPosition: 1),
        Case(description: "on time, the walk-up routing opened takes the visit", checkInAt: -5, openedByRouting: true, expectedPosition: 1),
        Case(description: "on time at the slot's start", checkInAt: 0, expectedPosition: 1),
        Case(description: "late: behind the walk-ins", checkInAt: 2, expectedPosition: 3),
        Case(description: "on time, behind an earlier slot checked in on time", checkInAt: -5, earlierAppointmentFirst: true, expectedPosition: 2),
    ]

    @Test(arguments: cases)
    func theCheckInNoticeNamesThePlaceTheQueueShows(_ c: Case) throws {
        var desk = makeAppointmentDesk { $0.slotCapacity = 2 }
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        if c.earlierAppointmentFirst {
            try desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: Self.ten.adding(-30 * 60), reason: "Badge"), by: "bo")
        }
        for (i, name) in ["Ada Early", "Bea Early"].enumerated() {
            try desk.run(.checkIn(location: "walk-in", customer: nil, guestName: name, contact: nil, reason: "Badge",
                                  token: AppointmentCheckInTests.token(i + 1)), by: "walk-up", at: Self.ten.adding(Int64(-40 + i) * 60))
        }
        if c.earlierAppointmentFirst {
            try desk.run(.checkIn(location: "walk-in", customer: nil, guestName: nil, contact: nil, reason: "Badge",
                                  token: AppointmentCheckInTests.token(8), appointment: "APT0000002"), by: "walk-up", at: Self.ten.adding(-35 * 60))
        }
        if c.openedByRouting { try desk.run(.openAppointment(id: "APT0000001"), by: Desk.routingActor, at: Self.ten.adding(-15 * 60)) }
        let at = Self.ten.adding(c.checkInAt * 60)
        let result = try desk.run(.checkIn(location: "walk-in", customer: nil, guestName: nil, contact: nil, reason: "Laptop repair",
                                           token: AppointmentCheckInTests.token(9), appointment: "APT0000001"), by: "walk-up", at: at)
        let visit = try #require(result.subject)
        if c.openedByRouting { #expect(visit == desk.appointments["APT0000001"]?.interaction) }

        // What the counter's list and `walkup list` show.
        let queue = desk.walkUpQueue(location: "walk-in", at: at)
        let shown = try #require(queue.first { $0.number == visit })
        #expect(shown.position == c.expectedPosition)

        // What the visitor was told at check-in: that place, and that place's estimate.
        let record = try #require(desk.interaction(visit))
        let told = desk.notices(on: record).filter { $0.notice == .checkedIn }
        #expect(told.map(\.detail) == [String(c.expectedPosition)])
        let text = record.transcript.last { $0.text.hasPrefix("You are number") }?.text ?? ""
        #expect(text.hasPrefix("You are number \(c.expectedPosition), \(shown.estimate.text)."), "\(text)")
        #expect(result.summary.contains("checked in at walk-in: number \(c.expectedPosition), \(shown.estimate.text); appointment APT0000001 at 10:00"),
                "\(result.summary)")
    }
}
