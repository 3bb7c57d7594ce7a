import Testing
@testable import FrontdeskCore

/// After the visit: one rating, 1 to 5, on a closed interaction, audited; by an agent or with
/// the visit's own token.
@Suite struct RatingTests {
    @Test func anAgentRecordsARatingWithAComment() throws {
        var desk = try deskWithRecord(in: .closedComplete, type: .walkUp)
        let result = try desk.run(.rate(number: "IMS0000001", score: 4, comment: "  Quick and kind ", token: nil), by: "bo", at: t0.adding(600))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(result.summary == "IMS0000001 rated 4 of 5")
        #expect(r.rating == 4 && r.ratingComment == "  Quick and kind ")
        #expect(r.history.suffix(2).map(\.change.triple.field) == ["rating", "rating_comment"])
        #expect(r.history.last?.by == "bo" && r.history.last?.at == t0.adding(600))
    }

    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var state: InteractionState
        var score: Int
        var comment: String?
        var by: String
        var expected: String
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "score 0", state: .closedComplete, score: 0, comment: nil, by: "bo", expected: "1 to 5"),
        Refusal(name: "score 6", state: .closedComplete, score: 6, comment: nil, by: "bo", expected: "1 to 5"),
        Refusal(name: "still open", state: .workInProgress, score: 3, comment: nil, by: "ana", expected: "still Work in Progress"),
        Refusal(name: "comment too long", state: .closedAbandoned, score: 2, comment: String(repeating: "x", count: 501), by: "bo",
                expected: "at most 500"),
        Refusal(name: "not an agent", state: .closedComplete, score: 5, comment: nil, by: "stranger", expected: "stranger"),
    ]

    @Test(arguments: refusals)
    func refusalsNameTheRuleAndChangeNothing(_ c: Refusal) throws {
        let desk = try deskWithRecord(in: c.state, type: .walkUp)
        do {
            _ = try desk.plan(.rate(number: "IMS0000001", score: c.score, comment: c.comment, token: nil), by: c.by, at: t0.adding(600))
            Issue.record("\(c.name) was accepted")
        } catch {
            #expect(error.description.contains(c.expected), "\(error.description)")
        }
    }

    @Test func aVisitIsRatedOnce() throws {
        var desk = try deskWithRecord(in: .closedComplete, type: .walkUp)
        try desk.run(.rate(number: "IMS0000001", score: 5, comment: nil, token: nil), by: "bo")
        #expect(throws: DomainError.rating(number: "IMS0000001", why: "it was already rated 5 of 5 (one rating a visit)")) {
            try desk.plan(.rate(number: "IMS0000001", score: 1, comment: nil, token: nil), by: "bo", at: t0.adding(9))
        }
    }

    @Test func aTokenThatIsNotTheVisitsIsRefused() throws {
        let desk = try deskWithRecord(in: .closedComplete, type: .walkUp)
        #expect(throws: DomainError.rating(number: "IMS0000001", why: "the link is not this visit's")) {
            try desk.plan(.rate(number: "IMS0000001", score: 3, comment: nil, token: "forged"), by: "walk-up", at: t0.adding(9))
        }
    }

    @Test func aRatingSurvivesTheRecordsJSONAndOldRecordsKeepTheirBytes() throws {
        var desk = try deskWithRecord(in: .closedComplete, type: .walkUp)
        let before = desk.interaction("IMS0000001")!
        #expect(InteractionSchema.fields.filter { ["rating", "rating_comment"].contains($0.key) }.allSatisfy { $0.get(before) == .null })
        try desk.run(.rate(number: "IMS0000001", score: 2, comment: "Long wait", token: nil), by: "bo")
        let field = try #require(InteractionSchema.fields.first { $0.key == "rating" })
        #expect(field.text(of: desk.interaction("IMS0000001")!) == "2")
        #expect(field.presence == .omittedWhenNull)
    }
}
