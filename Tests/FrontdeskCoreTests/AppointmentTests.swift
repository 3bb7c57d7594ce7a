import Foundation
import Testing
@testable import FrontdeskCore

/// Walk-up appointments: booking rules (slot, capacity, one per customer), cancel, reschedule,
/// and routing's pass that opens them as walk-ups before their slot and marks missed ones.
/// The fixture desk with walk-in as a walk-up location: UTC, Monday to Friday 09:00-17:00,
/// 30-minute slots of one visitor, opened 15 minutes ahead; two reasons.
func makeAppointmentDesk(zone: String = "UTC", settings: (inout WalkUpSettings) -> Void = { _ in }) -> Desk {
    var desk = makeDesk()
    var queue = desk.queues["walk-in"]!
    var s = WalkUpSettings(timeZone: zone, reasons: ["Laptop repair", "Badge"], slotMinutes: 30, slotCapacity: 1, offerLeadMinutes: 15)
    settings(&s)
    queue.walkUp = s
    var changes = ChangeSet()
    changes.queues = [queue]
    desk.apply(changes)
    return desk
}

@Suite struct AppointmentTests {
    /// 10:00 UTC on the fixture's day: a slot on the standard 30-minute grid.
    static let ten = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 10))

    @Test func bookingMakesABookedAppointmentWithTheNextNumber() throws {
        var desk = makeAppointmentDesk()
        let result = try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        #expect(result.subject == "APT0000001")
        #expect(result.changes.counters[.appointment] == 1)
        let a = try #require(desk.appointments["APT0000001"])
        #expect(a == Appointment(id: "APT0000001", customer: "CUS0000001", location: "walk-in", slotStart: Self.ten,
                                 reason: "Laptop repair", createdBy: "bo", createdAt: t0))
        #expect(desk.counterProblem() == nil)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var customer = "CUS0000002"
        var location = "walk-in"
        var at: Instant = AppointmentTests.ten
        var reason = "Badge"
        var by = "bo"
        var expected: String
        var description: String { name }
    }

    /// Each refusal names its rule. The desk holds one appointment already: Zoë's at 10:00.
    static let refusals: [Case] = [
        Case(name: "the slot is full", expected: "appointment for 山田 太郎: the slot at 2026-11-24 10:00 UTC is full (1 of 1 booked at walk-in)"),
        Case(name: "one per customer", customer: "CUS0000001", at: ten.adding(1800), expected: "one open appointment per customer"),
        Case(name: "in the past", at: t0.adding(-1800), expected: "2026-11-24 08:30 UTC has begun or passed"),
        Case(name: "no such location", location: "nowhere", expected: "no location \"nowhere\""),
        Case(name: "not a walk-up location", location: "service-desk", expected: "it is not a walk-up location"),
        Case(name: "not one of the location's reasons", reason: "Coffee", expected: "Laptop repair, Badge"),
        Case(name: "unknown customer", customer: "CUS0000404", expected: "no customer \"CUS0000404\""),
        Case(name: "empty reason", reason: "  ", expected: "reason for visit"),
        Case(name: "not an agent", by: "mallory", expected: "mallory"),
    ]

    @Test(arguments: refusals)
    func bookingRefusalsNameTheRule(_ c: Case) throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        do {
            _ = try desk.plan(.bookAppointment(customer: c.customer, location: c.location, at: c.at, reason: c.reason), by: c.by, at: t0)
            Issue.record("\(c.name) was booked")
        } catch {
            #expect(error.description.contains(c.expected), "\(error.description)")
        }
    }

    @Test func theLimitPerCustomerIsASetting() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.setConfig(key: "appointments.per_customer", value: "2"), by: "sue")
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten.adding(1800), reason: "Badge"), by: "bo")
        #expect(throws: DomainError.self) {
            try desk.plan(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten.adding(3600), reason: "Badge"), by: "bo", at: t0)
        }
        try desk.run(.setConfig(key: "appointments.per_customer", value: "0"), by: "sue")
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten.adding(3600), reason: "Badge"), by: "bo")
        #expect(desk.appointments(at: "walk-in").count == 3)
    }

    @Test func cancellingFreesTheSlotAndTheCustomersTurn() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        try desk.run(.cancelAppointment(id: "APT0000001"), by: "ana", at: t0.adding(60))
        #expect(desk.appointments["APT0000001"]?.state == .cancelled)
        #expect(desk.appointments["APT0000001"]?.version == 2)
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo", at: t0.adding(120))
        #expect(throws: DomainError.appointment(subject: "APT0000001", why: "it is cancelled: only a booked appointment can be cancelled")) {
            try desk.plan(.cancelAppointment(id: "APT0000001"), by: "bo", at: t0.adding(180))
        }
    }

    @Test func reschedulingMovesTheSlotUnderTheSameRules() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        try desk.run(.bookAppointment(customer: "CUS0000002", location: "walk-in", at: Self.ten.adding(1800), reason: "Badge"), by: "bo")
        // Into a full slot: refused, nothing moves.
        #expect(throws: DomainError.appointment(subject: "APT0000001",
                                                 why: "the slot at 2026-11-24 10:30 UTC is full (1 of 1 booked at walk-in)")) {
            try desk.plan(.rescheduleAppointment(id: "APT0000001", at: Self.ten.adding(1800)), by: "bo", at: t0)
        }
        #expect(throws: DomainError.noChange(number: "APT0000001", field: "slot")) {
            try desk.plan(.rescheduleAppointment(id: "APT0000001", at: Self.ten), by: "bo", at: t0)
        }
        try desk.run(.rescheduleAppointment(id: "APT0000001", at: Self.ten.adding(3600)), by: "bo")
        #expect(desk.appointments["APT0000001"]?.slotStart == Self.ten.adding(3600))
        // Its old slot is free again.
        try desk.run(.bookAppointment(customer: "CUS0000003", location: "walk-in", at: Self.ten, reason: "Badge"), by: "bo")
    }

    /// Routing opens an appointment as a Queued walk-up `offerLeadMinutes` (15) before its slot,
    /// not earlier, and marks it missed once the slot has ended with nobody checked in.
    @Test func routingOpensAnAppointmentBeforeItsSlotAndMarksItMissedAfter() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        let early = Self.ten.adding(-16 * 60), lead = Self.ten.adding(-15 * 60)
        #expect(!desk.routingDecisions(at: early).contains(.openAppointment(id: "APT0000001")))
        #expect(desk.routingDecisions(at: lead).contains(.openAppointment(id: "APT0000001")))
        try desk.run(.openAppointment(id: "APT0000001"), by: Desk.routingActor, at: lead)
        let a = try #require(desk.appointments["APT0000001"])
        let number = try #require(a.interaction)
        let r = try #require(desk.interaction(number))
        #expect(r.type == .walkUp && r.state == .queued && r.queue == "walk-in" && r.openedFor == "CUS0000001")
        #expect(r.shortDescription == "Laptop repair")
        #expect(r.history.last?.change == .field(name: "appointment", old: nil, new: "APT0000001"))
        #expect(desk.appointment(ofInteraction: number)?.id == "APT0000001")
        // Opened once: the next pass does not open it again.
        #expect(!desk.routingDecisions(at: lead.adding(60)).contains(.openAppointment(id: "APT0000001")))
        let end = Self.ten.adding(30 * 60)
        #expect(!desk.routingDecisions(at: end.adding(-1)).contains(.missAppointment(id: "APT0000001")))
        #expect(desk.routingDecisions(at: end).contains(.missAppointment(id: "APT0000001")))
        try desk.run(.missAppointment(id: "APT0000001"), by: Desk.routingActor, at: end)
        #expect(desk.appointments["APT0000001"]?.state == .missed)
    }

    @Test func cancellingAnOpenedAppointmentTakesItsWalkUpOutOfTheQueue() throws {
        var desk = makeAppointmentDesk()
        try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Laptop repair"), by: "bo")
        try desk.run(.openAppointment(id: "APT0000001"), by: Desk.routingActor, at: Self.ten.adding(-600))
        #expect(throws: DomainError.self) {
            try desk.plan(.rescheduleAppointment(id: "APT0000001", at: Self.ten.adding(3600)), by: "bo", at: Self.ten.adding(-500))
        }
        try desk.run(.cancelAppointment(id: "APT0000001"), by: "bo", at: Self.ten.adding(-300))
        #expect(desk.interaction("IMS0000001")?.state == .closedAbandoned)
        #expect(desk.appointments["APT0000001"]?.state == .cancelled)
    }

    @Test func anAppointmentSurvivesItsJSONAndAChangeSetWithoutOneKeepsItsBytes() throws {
        var desk = makeAppointmentDesk { $0.reasons = [] }  // any reason, quotes and all
        let result = try desk.run(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Läptop \"repair\""), by: "bo")
        let encoded = try JSONEncoder().encode(result.changes)
        let decoded = try JSONDecoder().decode(ChangeSet.self, from: encoded)
        #expect(decoded == result.changes)
        #expect(String(decoding: try JSONEncoder().encode(ChangeSet()), as: UTF8.self) == "{}")
    }
}
