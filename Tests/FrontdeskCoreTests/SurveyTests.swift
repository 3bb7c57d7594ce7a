import Testing
@testable import FrontdeskCore

/// The satisfaction survey: sent through the outbox when chat, messaging or walk-up work
/// closes in a queue that asks for it, never twice in the cooldown, answered by intake.
@Suite struct SurveyTests {
    static let phone = "+447700900123"

    /// A messaging contact from `phone`, accepted and completed by ana at `at`.
    static func closeMessaging(_ desk: inout Desk, from phone: String = phone, at: Instant) throws -> String {
        let number = try desk.run(.intakeMessage(channel: .sms, identifier: phone, text: "help", queue: nil), by: "sms", at: at).subject ?? ""
        try desk.run(.transition(number: number, .accept), by: "ana", at: at.adding(10))
        try desk.run(.edit(number: number, [.shortDescription("Help")]), by: "ana", at: at.adding(20))
        try desk.run(.transition(number: number, .complete), by: "ana", at: at.adding(60))
        return number
    }

    static func surveyDesk() throws -> Desk {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "queue.service-desk.survey", value: "on"), by: "sue")
        return desk
    }

    @Test func aClosedMessagingContactIsSurveyedThroughTheOutboxAndAnsweredByIntake() throws {
        var desk = try Self.surveyDesk()
        let n = try Self.closeMessaging(&desk, at: t0)
        let r = try #require(desk.interaction(n))
        let sent = try #require(desk.surveySent(on: r))
        #expect(sent.address == ReplyAddress(channel: "sms", recipient: Self.phone))
        #expect(r.transcript.last?.text == "How did we do with \(n)? Reply with a number from 1 (poor) to 5 (great), and a comment if you like.")
        #expect(desk.outbox().contains { $0.id == sent.id && $0.number == n }, "it goes out as any reply does")
        // The answer: rated, audited, and no new contact opened.
        let before = desk.interactions.count
        let answer = try desk.run(.intakeMessage(channel: .sms, identifier: "+44 7700 900123", text: " 4 great service", queue: nil), by: "sms", at: t0.adding(600))
        let rated = try #require(desk.interaction(n))
        #expect(answer.subject == n && desk.interactions.count == before)
        #expect(rated.rating == 4 && rated.ratingComment == "great service")
        #expect(rated.history.suffix(2).map(\.change.triple.field) == ["rating", "rating_comment"] && rated.history.last?.by == "sms")
        // Answered once: the next "5" is an ordinary message, a new contact.
        let next = try desk.run(.intakeMessage(channel: .sms, identifier: Self.phone, text: "5", queue: nil), by: "sms", at: t0.adding(700))
        #expect(next.subject != n && desk.interaction(n)?.rating == 4)
    }

    @Test func neverTwiceWithinTheCooldownAndOnlyWhereTheQueueAsks() throws {
        var desk = try Self.surveyDesk()
        let first = try Self.closeMessaging(&desk, at: t0)
        let second = try Self.closeMessaging(&desk, at: t0.adding(3600))
        #expect(desk.surveySent(on: desk.interaction(first)!) != nil)
        #expect(desk.surveySent(on: desk.interaction(second)!) == nil, "the same sender within 30 days")
        let later = try Self.closeMessaging(&desk, at: t0.adding(31 * 86_400))
        #expect(desk.surveySent(on: desk.interaction(later)!) != nil, "after the cooldown")
        try desk.run(.setConfig(key: "queue.service-desk.survey", value: "off"), by: "sue")
        let off = try Self.closeMessaging(&desk, from: "+447700900999", at: t0.adding(32 * 86_400))
        #expect(desk.surveySent(on: desk.interaction(off)!) == nil)
    }

    @Test func aWalkUpVisitorIsSurveyedAtTheContactTheyGave() throws {
        var desk = try walkUpDesk([("queue.walk-in.survey", "on")])
        let n = try desk.checkIn(contact: "+44 7700 900555", token: 1).subject ?? ""
        try desk.run(.transition(number: n, .accept), by: "bo", at: t0.adding(60))
        try desk.run(.edit(number: n, [.shortDescription("Password reset")]), by: "bo", at: t0.adding(70))
        try desk.run(.transition(number: n, .complete), by: "bo", at: t0.adding(600))
        let sent = try #require(desk.surveySent(on: desk.interaction(n)!))
        #expect(sent.address == ReplyAddress(channel: "sms", recipient: "+447700900555"))
    }

    struct AnswerCase: Sendable, CustomTestStringConvertible {
        var text: String
        var score: Int?
        var comment: String?
        var testDescription: String { text }
    }

    static let answers: [AnswerCase] = [
        AnswerCase(text: "4", score: 4, comment: nil),
        AnswerCase(text: "4 great service", score: 4, comment: "great service"),
        AnswerCase(text: " 5, thanks ", score: 5, comment: "thanks"),
        AnswerCase(text: "0", score: nil, comment: nil),
        AnswerCase(text: "6", score: nil, comment: nil),
        AnswerCase(text: "45 minutes late", score: nil, comment: nil),
        AnswerCase(text: "my printer", score: nil, comment: nil),
        AnswerCase(text: "", score: nil, comment: nil),
    ]

    @Test(arguments: answers)
    func answersParse(_ c: AnswerCase) {
        let parsed = Survey.answer(c.text)
        #expect(parsed?.score == c.score && parsed?.comment == c.comment)
    }
}
