import Testing
@testable import FrontdeskCore

/// How the room sees visitors: the name format, and names that are hostile or are no names.
@Suite struct WalkUpDisplayTests {
    struct NameCase: CustomTestStringConvertible, Sendable {
        var raw: String
        var first: String, firstInitial: String, full: String
        var testDescription: String { raw.debugDescription }
    }

    static let names: [NameCase] = [
        NameCase(raw: "Ada Lovelace", first: "Ada", firstInitial: "Ada L.", full: "Ada Lovelace"),
        NameCase(raw: "  Ada   Augusta  King ", first: "Ada", firstInitial: "Ada K.", full: "Ada Augusta King"),
        NameCase(raw: "Cher", first: "Cher", firstInitial: "Cher", full: "Cher"),
        NameCase(raw: "Zoë Müller", first: "Zoë", firstInitial: "Zoë M.", full: "Zoë Müller"),
        NameCase(raw: "山田 太郎", first: "山田", firstInitial: "山田 太.", full: "山田 太郎"),
        // No email, phone or record number ever reaches the display.
        NameCase(raw: "ada@example.com", first: "Visitor", firstInitial: "Visitor", full: "Visitor"),
        NameCase(raw: "+44 7700 900123", first: "Visitor", firstInitial: "Visitor", full: "Visitor"),
        NameCase(raw: "Ada IMS0000042", first: "Ada", firstInitial: "Ada", full: "Ada"),
        NameCase(raw: "Bob bob@evil.example 07700900123", first: "Bob", firstInitial: "Bob", full: "Bob"),
        // Control characters never reach a screen.
        NameCase(raw: "Eve\u{1B}[2J\u{7} Mallory", first: "Eve", firstInitial: "Eve M.", full: "Eve Mallory"),
        NameCase(raw: "\u{202E}evE", first: "evE", firstInitial: "evE", full: "evE"),
        NameCase(raw: "", first: "Visitor", firstInitial: "Visitor", full: "Visitor"),
    ]

    @Test(arguments: names)
    func nameFormats(_ c: NameCase) {
        #expect(Desk.displayName(c.raw, format: .first) == c.first)
        #expect(Desk.displayName(c.raw, format: .firstInitial) == c.firstInitial)
        #expect(Desk.displayName(c.raw, format: .full) == c.full)
    }

    @Test func aCustomerIsShownByTheirNameInTheLocationsFormat() throws {
        var desk = try walkUpDesk([("queue.walk-in.walk_up.name_format", "full")])
        try desk.checkIn("not used", contact: "zoe@example.com", token: 1)
        try desk.checkIn("Grace Hopper", token: 2, when: t0.adding(60))
        #expect(desk.walkUpQueue(location: "walk-in", at: t0.adding(120)).map(\.displayName) == ["Zoë Müller", "Grace Hopper"])
        let visitor = desk.walkUpQueue(location: "walk-in", at: t0.adding(120))[1]
        #expect(visitor.position == 2 && visitor.waitedSeconds == 60 && visitor.checkedInAt == t0.adding(60) && visitor.reason == "Password reset")
    }
}
