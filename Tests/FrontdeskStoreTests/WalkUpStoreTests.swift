import Foundation
import Testing
import FrontdeskCore
import FrontdeskTestSupport
@testable import FrontdeskStore

/// The walk-up counter kept by both backends: locations' settings, visitors' fields, desks,
/// local time from the system's zones, and search by reason.
@Suite struct WalkUpStoreTests {
    @Test func theSystemsZonesGiveLocalTime() throws {
        let london = try #require(ZoneResolver.system.zone("Europe/London"))
        #expect(london.offsetSeconds(at: Instant(CivilTime(year: 2026, month: 7, day: 1))) == 3600)
        #expect(london.offsetSeconds(at: Instant(CivilTime(year: 2026, month: 1, day: 1))) == 0)
        #expect(ZoneResolver.system.zone("Mars/Olympus") == nil)
        #expect(ZoneResolver.system.zone("+05:30")?.offsetSeconds(at: t0) == 19_800)
    }

    @Test(arguments: TestBackend.allCases)
    func aLocationAndItsVisitorsComeBackFromTheStore(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        #expect(store.desk.zone(ofLocation: "nowhere").identifier == "UTC")
        for (key, value) in [("queue.service-desk.walk_up", "on"), ("queue.service-desk.walk_up.time_zone", "Europe/London"),
                             ("queue.service-desk.walk_up.hours", "mon-sun 00:00-24:00"), ("queue.service-desk.walk_up.last_check_in", "0")] {
            try store.perform(.setConfig(key: key, value: value), by: "ana", at: t0)
        }
        try store.perform(.setAgentDesk(login: "bo", desk: "Desk 2"), by: "ana", at: t0)
        try store.perform(.checkIn(location: "service-desk", customer: nil, guestName: "Ada Lovelace", contact: "+44 7700 900123",
                                   reason: "Laptop repair", token: "abcdefghijklmnopqrstuvwx"), by: "walk-up", at: t0)
        try store.perform(.callVisitor(location: "service-desk", number: nil, agent: "bo"), by: "bo", at: t0.adding(60))
        let reopened = try place.open()
        let desk = reopened.desk
        #expect(desk.zone(ofLocation: "service-desk").offsetSeconds(at: Instant(CivilTime(year: 2026, month: 7, day: 1))) == 3600,
                "a store's desk knows the system's zones")
        #expect(desk.walkUpSettings("service-desk") == store.desk.walkUpSettings("service-desk"))
        #expect(desk.agents["bo"]?.desk == "Desk 2" && desk.agents["ana"]?.desk == nil)
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r == store.desk.interaction("IMS0000001"))
        #expect(r.ticket == "W-001" && r.reason == "Laptop repair" && r.guestName == "Ada Lovelace" && r.callCount == 1)
        #expect(desk.search("laptop").count == 1 && desk.search("W-001").count == 1)
        #expect(desk.outbox().count == 2, "the check-in and the call")
    }

    /// What existed before keeps its bytes: no `walk_up` on a queue, no `desk` on an agent,
    /// none of the walk-up fields on a record.
    @Test func recordsAndEntitiesWithoutWalkUpsKeepTheirBytes() throws {
        let encoder = StoreFormat.encoder()
        let queue = String(decoding: try encoder.encode(seed().queues[0]), as: UTF8.self)
        let agent = String(decoding: try encoder.encode(seed().agents[0]), as: UTF8.self)
        let record = String(decoding: try encoder.encode(Interaction(number: "IMS0000001", type: .chat, openedAt: t0)), as: UTF8.self)
        #expect(!queue.contains("\"walk_up\"") && !agent.contains("\"desk\""), "\(queue) \(agent)")
        for key in ["reason", "ticket", "status_token", "guest_name"] { #expect(!record.contains("\"\(key)\""), "\(record)") }
    }
}
