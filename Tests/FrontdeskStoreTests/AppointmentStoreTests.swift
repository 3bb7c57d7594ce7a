import Foundation
import Testing
import FrontdeskCore
import FrontdeskExchange
import FrontdeskTestSupport
@testable import FrontdeskStore

/// Appointments through `DeskBackend`, on both backends: saved, seen by another console,
/// opened as walk-ups by whoever routes, and read back after reopening (and, on files, after
/// a compaction wrote them into the snapshot). A desk without appointments keeps its bytes.
@Suite struct AppointmentStoreTests {
    static let ten = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 10))

    func walkInSeed() -> ChangeSet {
        var s = seed()
        s.queues.append(Queue(id: "walk-in", name: "Walk-in Counter", channels: [.walkUp], targetWaitSeconds: 600,
                              walkUp: WalkUpSettings(reasons: ["Badge"], slotMinutes: 30, slotCapacity: 1, offerLeadMinutes: 15)))
        return s
    }

    @Test(arguments: TestBackend.allCases)
    func appointmentsAreSavedRoutedAndReadBack(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let a = try place.open(seed: walkInSeed()), b = try place.open()
        try a.perform(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Badge"), by: "bo", at: t0)
        #expect(try b.refresh() && b.desk.appointments["APT0000001"]?.state == .booked, "the other console sees it")
        // Whoever routes opens it 15 minutes before its slot.
        #expect(try b.takeRouting())
        #expect(try b.route(at: Self.ten.adding(-20 * 60)) == 0)
        #expect(try b.route(at: Self.ten.adding(-15 * 60)) == 1)
        let number = try #require(b.desk.appointments["APT0000001"]?.interaction)
        #expect(b.desk.interaction(number)?.queue == "walk-in")
        b.stopRouting()
        try a.perform(.setConfig(key: "appointments.per_customer", value: "2"), by: "ana", at: t0.adding(1))
        try a.perform(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten.adding(1800), reason: "Badge"), by: "bo",
                      at: t0.adding(2))
        if let files = a as? Store { try files.compact(at: t0.adding(3)) }
        let reopened = try place.open()
        #expect(reopened.desk.appointments.keys.sorted() == ["APT0000001", "APT0000002"])
        #expect(reopened.desk.appointments["APT0000001"]?.interaction == number)
        #expect(reopened.desk.appointment(ofInteraction: number)?.id == "APT0000001")
        #expect(reopened.desk.config.appointmentsPerCustomer == 2)
        #expect(reopened.desk.counters.last[.appointment] == 2)
    }

    /// A snapshot of a desk without appointments has no `appointments` list and reads as before.
    @Test func aSnapshotWithoutAppointmentsKeepsItsLayout() throws {
        let desk = Desk(everything: seed())
        let text = String(decoding: try StoreFormat.encodeSnapshot(desk, generation: 1), as: UTF8.self)
        #expect(!text.contains("appointment"))
        var booked = Desk(everything: walkInSeed())
        let result = try booked.plan(.bookAppointment(customer: "CUS0000001", location: "walk-in", at: Self.ten, reason: "Badge"), by: "bo", at: t0)
        booked.apply(result.changes)
        let bytes = try StoreFormat.encodeSnapshot(booked, generation: 1)
        #expect(String(decoding: bytes, as: UTF8.self).contains(",\n\"appointments\":[\n{"))
        // The fast loader (which reads the header with JSONDecoder) and the plain decoder agree.
        let fast = try #require(SnapshotLoader.load(bytes))
        #expect(fast.appointments == booked.everything.appointments)
    }
}

/// The customer's .ics confirmation, byte for byte: CRLF, escaping, folding at 75 octets.
@Suite struct AppointmentCalendarTests {
    @Test func theConfirmationIsValidICalendarText() {
        let a = Appointment(id: "APT0000042", customer: "CUS0000001", location: "walk-in",
                            slotStart: Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 10, minute: 30)),
                            reason: "Laptop repair; screen, keyboard\\hinge", createdBy: "bo",
                            createdAt: Instant(CivilTime(year: 2026, month: 11, day: 20, hour: 8)), version: 2)
        let ics = AppointmentCalendar.ics(a, locationName: "Walk-in Counter, Floor 2", customerName: "Zoë \u{1B}[31mMüller\nthe second",
                                          slotMinutes: 30, now: Instant(CivilTime(year: 2026, month: 11, day: 21, hour: 9)))
        let expected = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Frontdesk//Walk-up appointments//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "BEGIN:VEVENT",
            "UID:APT0000042-1795161600@frontdesk",
            "DTSTAMP:20261121T090000Z",
            "DTSTART:20261124T103000Z",
            "DTEND:20261124T110000Z",
            "SEQUENCE:1",
            "STATUS:CONFIRMED",
            "SUMMARY:Laptop repair\\; screen\\, keyboard\\\\hinge at Walk-in Counter\\, Floor",
            "  2",
            "LOCATION:Walk-in Counter\\, Floor 2",
            // Zoë and Müller take two octets a letter: the first line is 75 octets, not 75 characters.
            "DESCRIPTION:Appointment APT0000042 for Zoë [31mMüller\\nthe second: Laptop",
            "  repair\\; screen\\, keyboard\\\\hinge. Please check in at Walk-in Counter\\, F",
            " loor 2 when you arrive.",
            "END:VEVENT",
            "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
        #expect(ics == expected)
        for line in ics.split(separator: "\r\n", omittingEmptySubsequences: false) { #expect(line.utf8.count <= 75) }
    }

    /// Folding never splits a character: a line of two-octet letters breaks between them.
    @Test func foldingKeepsCharactersWhole() {
        let folded = AppointmentCalendar.fold("SUMMARY:" + String(repeating: "é", count: 60))
        let lines = folded.components(separatedBy: "\r\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines[0].utf8.count == 74, "8 octets, then 33 two-octet letters: a 34th would make 76")
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == "SUMMARY:" + String(repeating: "é", count: 60))
    }

    @Test func aCancelledAppointmentCancelsTheEvent() {
        var a = Appointment(id: "APT0000001", customer: "CUS0000001", location: "walk-in", slotStart: Instant(seconds: 0), reason: "Badge",
                            createdBy: "bo", createdAt: Instant(seconds: 0))
        a.state = .cancelled
        let ics = AppointmentCalendar.ics(a, locationName: "Walk-in", customerName: "Zoë", slotMinutes: 15, now: Instant(seconds: 60))
        #expect(ics.contains("\r\nMETHOD:CANCEL\r\n") && ics.contains("\r\nSTATUS:CANCELLED\r\n"))
    }
}
