import Testing
@testable import FrontdeskCore

/// The closing notice: a walk-up closed complete hears thanks and the rating link, once.
@Suite struct WalkUpClosingNoticeTests {
    func desk(_ settings: [(String, String)] = [("queue.walk-in.walk_up.public_url", "https://desk.example.com/")]) throws -> Desk {
        var desk = try walkUpDesk(settings + [("queue.walk-in.walk_up.message.checked_in", ""), ("queue.walk-in.walk_up.message.next", "")])
        try desk.checkIn("Ada Lovelace", contact: "+44 7700 900123", token: 1)
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(60))
        return desk
    }

    @Test func closingCompleteSendsTheRatingLinkOnce() throws {
        var desk = try desk()
        #expect(desk.outbox().isEmpty)
        try desk.run(.transition(number: "IMS0000001", .complete), by: "bo", at: t0.adding(600))
        let out = desk.outbox()
        #expect(out.map(\.text) == ["W-001: thank you for your visit. How did we do? One question: https://desk.example.com/rate/\(statusToken(1))"])
        #expect(out.first?.address == ReplyAddress(channel: "sms", recipient: "+447700900123"))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(desk.notices(on: r).map(\.notice) == [.closed])
        #expect(r.history.last?.by == "bo")
        // Reopened and closed again: no second message.
        try desk.run(.transition(number: "IMS0000001", .reopen(reason: "Back for the charger")), by: "sue", at: t0.adding(700))
        try desk.run(.transition(number: "IMS0000001", .complete), by: "bo", at: t0.adding(800))
        #expect(desk.outbox().count == 1)
        #expect(desk.notices(on: desk.interaction("IMS0000001")!).map(\.notice) == [.closed])
    }

    /// A location that also asks for the survey: the closing notice carries the rating link,
    /// so the visitor gets that one message, not a survey as well.
    @Test func aLocationWithTheSurveyOnSendsTheClosingNoticeOnly() throws {
        var desk = try desk([("queue.walk-in.walk_up.public_url", "https://desk.example.com/"), ("queue.walk-in.survey", "on")])
        try desk.run(.transition(number: "IMS0000001", .complete), by: "bo", at: t0.adding(600))
        #expect(desk.outbox().map(\.text) == ["W-001: thank you for your visit. How did we do? One question: https://desk.example.com/rate/\(statusToken(1))"])
        #expect(desk.surveySent(on: desk.interaction("IMS0000001")!) == nil)
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var settings: [(String, String)]
        var close: RecordTransition
        var expected: [String]
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "abandoned: no rating asked", settings: [("queue.walk-in.walk_up.public_url", "https://desk.example.com")],
             close: .abandon, expected: []),
        Case(name: "no public address: no link, not sent", settings: [], close: .complete, expected: []),
        Case(name: "a text without the link is sent without one", settings: [("queue.walk-in.walk_up.message.closed", "{{ticket}}: thanks!")],
             close: .complete, expected: ["W-001: thanks!"]),
        Case(name: "an empty text is not sent",
             settings: [("queue.walk-in.walk_up.public_url", "https://desk.example.com"), ("queue.walk-in.walk_up.message.closed", "")],
             close: .complete, expected: []),
    ]

    @Test(arguments: cases)
    func whenTheClosingNoticeIsSent(_ c: Case) throws {
        var desk = try desk(c.settings)
        try desk.run(.transition(number: "IMS0000001", c.close), by: "bo", at: t0.adding(600))
        #expect(desk.outbox().map(\.text) == c.expected)
    }

    @Test func theRatingLinkIsAKnownPlaceholder() throws {
        var desk = try walkUpDesk()
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.message.closed", value: "Rate us: {{rate_link}}"), by: "sue")
        #expect(desk.walkUpSettings("walk-in")?.messages.closed == "Rate us: {{rate_link}}")
        #expect(throws: DomainError.self) {
            try desk.run(.setConfig(key: "queue.walk-in.walk_up.message.closed", value: "Rate us: {{rating_link}}"), by: "sue")
        }
    }
}
