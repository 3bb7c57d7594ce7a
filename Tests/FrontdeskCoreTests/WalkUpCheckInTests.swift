import Testing
@testable import FrontdeskCore

/// Checking in: daily tickets per location and local day, the reason as a field, and the
/// rules that refuse a check-in (each leaving the desk as it was).
@Suite struct WalkUpCheckInTests {
    @Test func aCheckInIsAQueuedWalkUpWithTicketReasonAndToken() throws {
        var desk = try walkUpDesk()
        let result = try desk.checkIn("Ada Lovelace", reason: "password RESET", token: 1)
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.type == .walkUp && r.state == .queued && r.queue == "walk-in" && r.assignedTo == nil)
        #expect(r.ticket == "W-001" && r.reason == "Password reset" && r.shortDescription == "Password reset")
        #expect(r.statusToken == statusToken(1) && r.guestName == "Ada Lovelace" && r.openedFor == nil)
        #expect(r.history.first?.by == "walk-up")
        #expect(result.summary == "W-001 (IMS0000001) checked in at walk-in: number 1, less than a minute")
        // The reason is searchable.
        #expect(desk.search("password").map { desk.interactions[$0].number } == ["IMS0000001"])
    }

    @Test func aContactThatBelongsToACustomerChecksThemIn() throws {
        var desk = try walkUpDesk([("queue.walk-in.walk_up.guest_check_in", "off")])
        try desk.checkIn("whoever", contact: "zoe@example.com", token: 1)
        try desk.checkIn("whoever", contact: "+1 555 123 4567", token: 2)
        #expect(desk.interaction("IMS0000001")?.openedFor == "CUS0000001" && desk.interaction("IMS0000001")?.guestName == nil)
        #expect(desk.interaction("IMS0000002")?.openedFor == "CUS0000001")
        try desk.run(.checkIn(location: "walk-in", customer: "CUS0000003", guestName: nil, contact: nil, reason: "Other", token: statusToken(3)), by: "bo")
        #expect(desk.interaction("IMS0000003")?.openedFor == "CUS0000003" && desk.interaction("IMS0000003")?.history.first?.by == "bo")
    }

    @Test func ticketsCountPerLocationAndLocalDay() throws {
        // Open all day, in a zone an hour ahead of UTC: 23:10 UTC is already tomorrow there.
        var desk = try walkUpDesk([("queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00"), ("queue.walk-in.walk_up.last_check_in", "0"),
                                   ("queue.walk-in.walk_up.time_zone", "+01:00"),
                                   ("queue.annex.walk_up.hours", "mon-sun 00:00-24:00"), ("queue.annex.walk_up.time_zone", "+01:00")])
        let evening = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 22))
        var tickets: [String] = []
        for (i, (location, minutes)) in [("walk-in", 0), ("walk-in", 10), ("annex", 20), ("walk-in", 30), ("walk-in", 70), ("annex", 75), ("walk-in", 80)].enumerated() {
            try desk.checkIn(at: location, token: i, when: evening.adding(Int64(minutes) * 60))
            tickets.append(desk.interactions.last!.ticket!)
        }
        // 22:00, 22:10, 22:30 UTC are the 24th locally; 23:10 and 23:20 UTC are the 25th.
        #expect(tickets == ["W-001", "W-002", "W-001", "W-003", "W-001", "W-001", "W-002"])
        try desk.run(.setConfig(key: "queue.annex.walk_up.ticket_prefix", value: "A"), by: "sue")
        try desk.checkIn(at: "annex", token: 99, when: evening.adding(90 * 60))
        #expect(desk.interactions.last?.ticket == "A-001")
    }

    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var settings: [(String, String)] = []
        var location = "walk-in"
        var guest: String? = "Ada Lovelace"
        var contact: String?
        var reason = "Password reset"
        var token = statusToken(1)
        var at = t0
        var actor = "walk-up"
        var refusal: String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "closed: before opening", at: t0.adding(-60), refusal: "it is closed: We are closed"),
        Refusal(name: "past the last check-in", at: t0.adding(7 * 3600 + 50 * 60), refusal: "check-in has ended"),
        Refusal(name: "a holiday", settings: [("queue.walk-in.walk_up.holidays", "2026-11-24")], refusal: "it is closed"),
        Refusal(name: "guest check-in off, no customer matches", settings: [("queue.walk-in.walk_up.guest_check_in", "off")],
                contact: "+44 7700 900999", refusal: "guest check-in is off"),
        Refusal(name: "a reason the location does not offer", reason: "Free coffee", refusal: "allowed: Laptop repair, Password reset"),
        Refusal(name: "no reason", reason: "  ", refusal: "reason for visit cannot be empty"),
        Refusal(name: "no name", guest: " ", refusal: "name cannot be empty"),
        Refusal(name: "a 10,000-character name", guest: String(repeating: "A", count: 10_000), refusal: "at most 100 characters"),
        Refusal(name: "a guessable token", token: "1234", refusal: "status token"),
        Refusal(name: "a token unsafe in a link", token: "abc/def?ghi=jklmnop", refusal: "status token"),
        Refusal(name: "an unknown location", location: "moon-base", refusal: "no walk-up location \"moon-base\""),
        Refusal(name: "an ordinary queue", location: "service-desk", refusal: "no walk-up location"),
        Refusal(name: "not a phone number", contact: "call me maybe", refusal: "not a phone number"),
        Refusal(name: "anyone but a gateway or an agent", actor: "mallory", refusal: "not an agent"),
    ]

    @Test(arguments: refusals)
    func refusedCheckIns(_ c: Refusal) throws {
        var desk = try walkUpDesk(c.settings)
        let before = desk.everything
        #expect(throws: DomainError.self) {
            do {
                try desk.run(.checkIn(location: c.location, customer: nil, guestName: c.guest, contact: c.contact, reason: c.reason, token: c.token),
                             by: c.actor, at: c.at)
            } catch {
                #expect("\(error)".contains(c.refusal), "\(error)")
                #expect(desk.everything == before)
                throw error
            }
        }
    }

    @Test func aTokenIsNeverHandedOutTwice() throws {
        var desk = try walkUpDesk()
        try desk.checkIn(token: 1)
        #expect(throws: DomainError.duplicate(kind: "status token", key: "…")) { try desk.checkIn("Bob Ross", token: 1) }
    }
}

/// The agent sets the reason for visit: one of the location's there, any text elsewhere; it
/// fills an empty short description and is on the trail.
@Suite struct VisitReasonEditTests {
    @Test func theAgentSetsTheReason() throws {
        var desk = try walkUpDesk()
        try desk.run(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: nil), by: "walk-up")
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo")
        let before = desk.everything
        #expect(throws: DomainError.self) { try desk.run(.edit(number: "IMS0000001", [.visitReason("Free coffee")]), by: "bo") }
        #expect(desk.everything == before)
        try desk.run(.edit(number: "IMS0000001", [.visitReason("laptop repair")]), by: "bo", at: t0.adding(60))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.reason == "Laptop repair" && r.shortDescription == "Laptop repair")
        #expect(r.history.suffix(2).map { desk.auditText($0) } == ["Reason for visit: — → Laptop repair", "Short description: — → Laptop repair"])
        // A written short description stays when the reason changes.
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Screen cracked"), .visitReason("Collect equipment")]), by: "bo")
        #expect(desk.interaction("IMS0000001")?.shortDescription == "Screen cracked" && desk.interaction("IMS0000001")?.reason == "Collect equipment")
        // Elsewhere any words do.
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hi"), by: "chat")
        try desk.run(.transition(number: "IMS0000002", .accept), by: "ana")
        try desk.run(.edit(number: "IMS0000002", [.visitReason("Printer")]), by: "ana")
        #expect(desk.interaction("IMS0000002")?.reason == "Printer")
    }
}
