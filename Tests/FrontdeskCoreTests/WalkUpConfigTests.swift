import Testing
@testable import FrontdeskCore

/// A walk-up location's settings through `config`, and the bytes of what existed before.
@Suite struct WalkUpConfigTests {
    @Test func everySettingReadsBackAsSet() throws {
        let set: [(String, String)] = [
            ("time_zone", "+02:00"), ("hours", "mon-thu 08:30-16:00; fri 08:30-12:00"), ("holidays", "2026-12-26,2026-12-25"),
            ("last_check_in", "30m"), ("closed_message", "Closed, see you tomorrow"), ("away_message", "Back soon"),
            ("reasons", "Laptop repair, Badge ,laptop REPAIR,Collect equipment"), ("name_format", "full"), ("guest_check_in", "off"),
            ("notify_at_position", "2"), ("no_show_after_calls", "2"), ("no_show_reason", "No show"), ("gateway", "sms"),
            ("ticket_prefix", "K"), ("public_url", "https://desk.example.com"), ("message.called", "{{ticket}} to {{desk}}"),
            ("slot_minutes", "20"), ("slot_capacity", "2"), ("offer_lead_minutes", "5"),
        ]
        let desk = try walkUpDesk(set.map { ("queue.walk-in.walk_up.\($0.0)", $0.1) })
        let expected = ["holidays": "2026-12-25,2026-12-26", "reasons": "Laptop repair,Badge,Collect equipment"]
        for (name, value) in set {
            #expect(try desk.configValue("queue.walk-in.walk_up.\(name)") == expected[name] ?? value, "\(name)")
        }
        #expect(try desk.configValue("queue.walk-in.walk_up") == "on" && desk.configValue("queue.service-desk.walk_up") == "off")
        #expect(desk.walkUpSettings("walk-in")?.lastCheckInMinutes == 30)
    }

    struct BadValue: CustomTestStringConvertible, Sendable {
        var key: String, value: String, actor = "sue", refusal: String
        var testDescription: String { "\(key) = \(value) by \(actor)" }
    }

    static let bad: [BadValue] = [
        BadValue(key: "queue.walk-in.walk_up.hours", value: "sometimes", refusal: "walk_up.hours"),
        BadValue(key: "queue.walk-in.walk_up.time_zone", value: "Mars/Olympus", refusal: "IANA time zone"),
        BadValue(key: "queue.walk-in.walk_up.holidays", value: "2026-13-01", refusal: "YYYY-MM-DD"),
        BadValue(key: "queue.walk-in.walk_up.name_format", value: "email", refusal: "first, first-initial, full"),
        BadValue(key: "queue.walk-in.walk_up.gateway", value: "bo", refusal: "walk_up.gateway"),
        BadValue(key: "queue.walk-in.walk_up.reasons", value: " , ", refusal: "cannot be empty"),
        BadValue(key: "queue.walk-in.walk_up.ticket_prefix", value: "w1", refusal: "capital letters"),
        BadValue(key: "queue.walk-in.walk_up.public_url", value: "javascript:alert(1)", refusal: "https://"),
        BadValue(key: "queue.walk-in.walk_up.colour", value: "red", refusal: "queue.walk-in.walk_up.hours"),
        BadValue(key: "queue.service-desk.walk_up.hours", value: "mon 09:00-10:00", refusal: "config set queue.service-desk.walk_up on"),
        BadValue(key: "queue.walk-in.walk_up.hours", value: "mon 09:00-10:00", actor: "bo", refusal: "only a supervisor"),
    ]

    @Test(arguments: bad)
    func badValuesAreRefusedAndChangeNothing(_ c: BadValue) throws {
        var desk = try walkUpDesk()
        let before = desk.everything
        #expect(throws: DomainError.self) {
            do { try desk.run(.setConfig(key: c.key, value: c.value), by: c.actor) } catch {
                #expect("\(error)".contains(c.refusal), "\(error)")
                throw error
            }
        }
        #expect(desk.everything == before)
    }

    @Test func aQueueMustServeWalkUpsToBeALocation() throws {
        var desk = makeDesk()
        var changes = ChangeSet()
        changes.queues = [Queue(id: "chat-only", name: "Chat", channels: [.chat], targetWaitSeconds: 60)]
        desk.apply(changes)
        #expect(throws: DomainError.queueDoesNotServe(queue: "chat-only", type: .walkUp)) {
            try desk.run(.setConfig(key: "queue.chat-only.walk_up", value: "on"), by: "sue")
        }
        var walkIn = try walkUpDesk()
        try walkIn.run(.setConfig(key: "queue.walk-in.walk_up", value: "off"), by: "sue")
        #expect(walkIn.queues["walk-in"]?.walkUp == nil && walkIn.walkUpLocations.map(\.id) == ["annex"])
    }
}
