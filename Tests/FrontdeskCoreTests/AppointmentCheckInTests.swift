import Testing
@testable import FrontdeskCore

/// A visitor checks in for their appointment: the appointment is checked in, the walk-up
/// routing opened takes the visit, and one who came on time is served ahead of walk-ins.
@Suite struct AppointmentCheckInTests {
    static let ten = AppointmentTests.ten
    static func token(_ n: Int) -> String { "token-\(n)-abcdefghijklmnop" }

    func checkIn(_ desk: inout Desk, name: String, appointment: String? = nil, customer: String? = nil, at: Instant, token: Int) throws -> String {
        let result = try desk.run(.checkIn(location: "walk-in", customer: customer, guestName: customer == nil && appointment == nil ? name : nil,
                                           contact: nil, reason: "Badge", token: Self.token(token), appointment: appointment),
                                  by: "walk-up", at: at)
        return try #require(result.subject)
    }

    @Test func checkingInOnTimeRanksAheadOfWalkInsWhoCameEarlier() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        let walkIn1 = try checkIn(&desk, name: "Ada Early", at: Self.ten.adding(-20 * 60), token: 1)
        try desk.run(.openAppointment(id: "APT0000001"), by: Desk.routingActor, at: Self.ten.adding(-15 * 60))
        let opened = try #require(desk.appointments["APT0000001"]?.interaction)
        let walkIn2 = try checkIn(&desk, name: "Bea Later", at: Self.ten.adding(-12 * 60), token: 2)
        // Five minutes before the slot: on time.
        let visit = try checkIn(&desk, name: "", appointment: "APT0000001", at: Self.ten.adding(-5 * 60), token: 3)
        #expect(visit == opened, "the walk-up routing opened takes the check-in")
        let r = try #require(desk.interaction(visit))
        #expect(r.statusToken == Self.token(3) && r.ticket != nil && r.openedFor == "CUS0000001")
        // Then "you are next" (she ranks first now): see AppointmentNextNoticeTests.
        #expect(r.history.contains { $0.change == .field(name: "checked_in", old: nil, new: "APT0000001") })
        let a = try #require(desk.appointments["APT0000001"])
        #expect(a.state == .checkedIn && a.checkedInAt == Self.ten.adding(-5 * 60))
        #expect(desk.interactions.count == 3, "no second record for the visit")
        let queue = desk.walkUpQueue(location: "walk-in", at: Self.ten)
        #expect(queue.map(\.number) == [visit, walkIn1, walkIn2])
        #expect(queue.map(\.hasAppointment) == [true, false, false])
    }

    @Test func checkingInLateKeepsTheAppointmentButNotThePlace() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        let walkIn = try checkIn(&desk, name: "Ada Early", at: Self.ten.adding(-20 * 60), token: 1)
        // Not opened by routing yet (no routing ran): the check-in is a new walk-up, linked to it.
        let visit = try checkIn(&desk, name: "", appointment: "APT0000001", at: Self.ten.adding(2 * 60), token: 2)
        #expect(desk.appointments["APT0000001"]?.interaction == visit)
        #expect(desk.appointments["APT0000001"]?.state == .checkedIn)
        #expect(desk.walkUpQueue(location: "walk-in", at: Self.ten.adding(180)).map(\.number) == [walkIn, visit])
        // Checked in: routing neither opens it again nor marks it missed.
        #expect(!desk.routingDecisions(at: Self.ten.adding(3600)).contains { $0 == .missAppointment(id: "APT0000001") || $0 == .openAppointment(id: "APT0000001") })
    }

    @Test func anAppointmentIsCheckedInOnceAndOnlyAtItsLocation() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        _ = try checkIn(&desk, name: "", appointment: "APT0000001", at: Self.ten.adding(-60), token: 1)
        #expect(throws: DomainError.appointment(subject: "APT0000001", why: "it is checked in; only a booked appointment is checked in")) {
            try desk.plan(.checkIn(location: "walk-in", customer: nil, guestName: nil, contact: nil, reason: "Badge", token: Self.token(2),
                                   appointment: "APT0000001"), by: "walk-up", at: Self.ten)
        }
    }

    /// The rating link: the visit's own token rates it once it is closed.
    @Test func theVisitsOwnTokenRatesIt() throws {
        var desk = makeAppointmentDesk()
        let visit = try checkIn(&desk, name: "Ada Guest", at: Self.ten, token: 7)
        try desk.run(.transition(number: visit, .accept), by: "bo", at: Self.ten.adding(60))
        try desk.run(.transition(number: visit, .complete), by: "bo", at: Self.ten.adding(600))
        try desk.run(.rate(number: visit, score: 5, comment: "Great", token: Self.token(7)), by: "walk-up", at: Self.ten.adding(900))
        #expect(desk.interaction(visit)?.rating == 5)
    }
}

/// The check-in message names the place `walkUpQueue` gives after the change: an appointment
/// checked in on time ranks ahead, so it is told it is number 1 (and, told that at check-in as
/// any walk-in at the notify position is, gets no separate "you are next").
@Suite struct AppointmentNextNoticeTests {
    @Test func anAppointmentRankingAheadIsToldItsRealPlaceAtCheckIn() throws {
        var desk = makeAppointmentDesk { $0.notifyAtPosition = 1 }
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: AppointmentTests.ten, reason: "Laptop repair"), by: "bo")
        try desk.run(.checkIn(location: "walk-in", customer: nil, guestName: "Ada Early", contact: "+44 7700 900123", reason: "Badge",
                              token: AppointmentCheckInTests.token(1)), by: "walk-up", at: AppointmentTests.ten.adding(-20 * 60))
        let result = try desk.run(.checkIn(location: "walk-in", customer: nil, guestName: nil, contact: nil, reason: "Badge",
                                           token: AppointmentCheckInTests.token(2), appointment: "APT0000001"),
                                  by: "walk-up", at: AppointmentTests.ten.adding(-5 * 60))
        let visit = try #require(result.subject)
        let queue = desk.walkUpQueue(location: "walk-in", at: AppointmentTests.ten.adding(-5 * 60))
        #expect(queue.map(\.number) == [visit, "IMS0000001"])
        let told = desk.notices(on: try #require(desk.interaction(visit)))
        #expect(told.map(\.notice) == [.checkedIn] && told.first?.detail == "1", "told once, at the place the queue shows: \(told)")
        #expect(desk.outbox().last.map { "\($0.number) \($0.text)" } == "\(visit) You are number 1, less than a minute. Ticket W-002. Status: ")
    }
}
