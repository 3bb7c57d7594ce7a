import Foundation
import Testing
@testable import FrontdeskCore

/// Service levels on a queue's business calendar: breaches, "answered within target", the
/// calendar's config keys, and that stores from before calendars read the same.
@Suite struct ServiceLevelTests {
    /// t0 is Tuesday 09:00 UTC; service-desk's target is 300 s.
    static func officeDesk() throws -> Desk {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "queue.service-desk.hours", value: "mon-fri 09:00-17:00"), by: "sue")
        return desk
    }

    @Test func aWaitOvernightBreachesOnlyInBusinessTime() throws {
        var desk = try Self.officeDesk()
        let evening = t0.adding(8 * 3600 - 120)  // 16:58
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "late"), by: "chat", at: evening)
        let r = try #require(desk.interaction("IMS0000001"))
        // 02:00 next day: 14 hours by the wall clock, 2 minutes of business time.
        let night = evening.adding(9 * 3600)
        #expect(desk.businessWaitSeconds(r, at: night) == 120)
        #expect(desk.slaState(of: r, at: night) == nil && !desk.isOverdue(r, at: night))
        // 09:03: 5 business minutes of 300 s: past 80%, not past the target.
        let morning = t0.adding(86_400 + 180)
        #expect(desk.slaState(of: r, at: morning) == .near)
        #expect(desk.slaState(of: r, at: morning.adding(1)) == .breached && desk.isOverdue(r, at: morning.adding(1)))
        let board = desk.board(at: morning.adding(1)).queues.first { $0.id == "service-desk" }
        #expect(board?.breached == 1 && board?.isOverTarget == true)
        #expect(desk.slaRows(at: morning.adding(1)) == [SLARow(number: "IMS0000001", queue: "service-desk", waitedSeconds: 301, targetSeconds: 300, state: .breached)])
        // Around the clock again: the same wait is 16 hours.
        try desk.run(.setConfig(key: "queue.service-desk.hours", value: "24x7"), by: "sue")
        #expect(desk.queues["service-desk"]?.calendar == nil)
        #expect(desk.businessWaitSeconds(try #require(desk.interaction("IMS0000001")), at: morning) == 16 * 3600 + 300)
    }

    @Test func theNearShareIsConfigurable() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "a"), by: "chat", at: t0)
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(desk.slaState(of: r, at: t0.adding(200)) == nil)
        try desk.run(.setConfig(key: "sla.near", value: "50%"), by: "sue")
        #expect(desk.slaState(of: r, at: t0.adding(200)) == .near)
        #expect(try desk.configValue("sla.near") == "50%")
        #expect(throws: DomainError.self) { try desk.run(.setConfig(key: "sla.near", value: "0"), by: "sue") }
    }

    @Test func answeredWithinLateAbandonedOrOpen() throws {
        var desk = try Self.officeDesk()
        let queue = try #require(desk.queues["service-desk"])
        // 1: accepted after 100 s. 2: accepted after 400 s. 3: abandoned unanswered. 4: waiting.
        // 5: arrives 16:59, accepted at 09:03 the next day: 4 business minutes.
        for i in 0..<4 {
            let n = try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "\(i)"), by: "chat", at: t0).subject ?? ""
            try desk.run(.edit(number: n, [.shortDescription("Chat \(i)")]), by: "sue", at: t0)
        }
        try desk.run(.transition(number: "IMS0000001", .accept), by: "ana", at: t0.adding(100))
        try desk.run(.transition(number: "IMS0000002", .accept), by: "bo", at: t0.adding(400))
        try desk.run(.transition(number: "IMS0000003", .abandon), by: "sue", at: t0.adding(500))
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "late"), by: "chat", at: t0.adding(8 * 3600 - 60))
        try desk.run(.transition(number: "IMS0000005", .accept), by: "ana", at: t0.adding(86_400 + 180))
        let outcomes = (1...5).map { serviceLevel(of: desk.interaction("IMS000000\($0)")!, queue: queue, zone: .utc) }
        #expect(outcomes == [.answeredWithin, .answeredLate, .abandoned, .open, .answeredWithin])
    }

    @Test func queueCalendarKeysAndTheWalkUpHoursAreOneCalendar() throws {
        var desk = try walkUpDesk()
        #expect(try desk.configValue("queue.service-desk.hours") == "24x7")
        try desk.run(.setConfig(key: "queue.walk-in.hours", value: "mon-fri 08:00-12:00"), by: "sue")
        #expect(try desk.configValue("queue.walk-in.walk_up.hours") == "mon-fri 08:00-12:00")
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.holidays", value: "2026-12-25"), by: "sue")
        #expect(try desk.configValue("queue.walk-in.holidays") == "2026-12-25")
        #expect(desk.queues["walk-in"]?.businessCalendar == desk.queues["walk-in"]?.walkUp?.calendar)
        #expect(desk.queues["walk-in"]?.calendar == nil, "a location's hours are stored once, in walk_up")
        // A location keeps opening hours: 24x7 is refused and nothing changes.
        let before = desk.queues["walk-in"]
        #expect(throws: DomainError.self) { try desk.run(.setConfig(key: "queue.walk-in.hours", value: "24x7"), by: "sue") }
        #expect(desk.queues["walk-in"] == before)
        try desk.run(.setConfig(key: "queue.service-desk.time_zone", value: "+01:00"), by: "sue")
        #expect(desk.queues["service-desk"]?.calendar == BusinessCalendar(timeZone: "+01:00"))
    }

    @Test func oldQueuesKeepTheirBytesAndOldWalkUpJSONReadsIntoTheCalendar() throws {
        let plain = Queue(id: "q", name: "Q", channels: [.chat], targetWaitSeconds: 60)
        let bytes = String(decoding: try JSONEncoder().encode(plain), as: UTF8.self)
        #expect(!bytes.contains("calendar"))
        let stored = #"{"time_zone":"Europe/London","hours":{"sat":[{"start":600,"end":780}]},"holidays":["2026-12-25"]}"#
        let settings = try JSONDecoder().decode(WalkUpSettings.self, from: Data(stored.utf8))
        #expect(settings.calendar == BusinessCalendar(timeZone: "Europe/London", hours: [.sat: [OpeningSpan(start: 600, end: 780)]],
                                                      holidays: [LocalDate(year: 2026, month: 12, day: 25)]))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let again = try JSONDecoder().decode(WalkUpSettings.self, from: try encoder.encode(settings))
        #expect(again == settings)
        let object = try JSONSerialization.jsonObject(with: try encoder.encode(settings)) as? [String: Any]
        #expect(object?["time_zone"] as? String == "Europe/London" && object?["calendar"] == nil, "walk_up stays flat")
    }
}
