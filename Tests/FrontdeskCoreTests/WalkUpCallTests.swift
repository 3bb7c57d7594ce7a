import Testing
@testable import FrontdeskCore

/// Calling visitors to a desk, and closing one who never came as a no-show.
@Suite struct WalkUpCallTests {
    /// Three guests waiting at walk-in (W-001..W-003), bo at "Desk 2".
    func waitingDesk() throws -> Desk {
        var desk = try walkUpDesk()
        try desk.run(.setAgentDesk(login: "bo", desk: "Desk 2"), by: "sue")
        for (i, name) in ["Ada Lovelace", "Grace Hopper", "Alan Turing"].enumerated() {
            try desk.checkIn(name, token: i, when: t0.adding(Int64(i) * 60))
        }
        return desk
    }

    @Test func callingTakesTheNextNotYetCalledAndCallingAgainCounts() throws {
        var desk = try waitingDesk()
        let now = t0.adding(600)
        let first = try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: now)
        #expect(first.summary == "W-001 (IMS0000001) called to Desk 2")
        try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: now.adding(10))
        let again = try desk.run(.callVisitor(location: "walk-in", number: "IMS0000001", agent: "bo"), by: "bo", at: now.adding(20))
        #expect(again.summary == "W-001 (IMS0000001) called to Desk 2 (call 2)")
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.callCount == 2 && r.calledAt == now.adding(20) && r.calledBy == "bo" && r.state == .queued)
        #expect(r.history.last?.change == .called(agent: "bo", desk: "Desk 2"))
        #expect(desk.auditText(r.history.last!) == "Called to Desk 2 by Bo Chen")
        // Called visitors keep their place; the list and the display say who was called where.
        let list = desk.walkUpQueue(location: "walk-in", at: now.adding(30))
        #expect(list.map(\.ticket) == ["W-001", "W-002", "W-003"] && list.map(\.callCount) == [2, 1, 0])
        #expect(list[0].calledDesk == "Desk 2" && list[0].displayName == "Ada L." && list[2].calledAt == nil)
        #expect(desk.nowServing(location: "walk-in", at: now.adding(30)).map(\.ticket) == ["W-001", "W-002"])
        // Accepting from the call: being served, still on the display, off the waiting list.
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo", at: now.adding(40))
        #expect(desk.walkUpQueue(location: "walk-in", at: now.adding(50)).map(\.ticket) == ["W-002", "W-003"])
        #expect(desk.nowServing(location: "walk-in", at: now.adding(50)).first?.desk == "Desk 2")
        // Everyone left was called: calling next calls the first again.
        try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: now.adding(60))
        try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: now.adding(70))
        #expect(desk.interaction("IMS0000003")?.callCount == 1)
        // A desk without a label calls to the agent's name.
        try desk.run(.setAgentDesk(login: "bo", desk: nil), by: "bo")
        try desk.run(.callVisitor(location: "walk-in", number: "IMS0000003", agent: "bo"), by: "bo", at: now.adding(80))
        #expect(desk.interaction("IMS0000003")?.lastCall?.desk == "Bo Chen")
    }

    struct CallRefusal: CustomTestStringConvertible, Sendable {
        var name: String
        var command: DeskCommand
        var actor: String
        var refusal: String
        var testDescription: String { name }
    }

    static let refusals: [CallRefusal] = [
        CallRefusal(name: "an agent who does not serve the location", command: .callVisitor(location: "walk-in", number: nil, agent: "ana"),
                    actor: "ana", refusal: "which ana does not serve"),
        CallRefusal(name: "a gateway", command: .callVisitor(location: "walk-in", number: nil, agent: "walk-up"), actor: "walk-up",
                    refusal: "not an agent but one of the desk's gateways"),
        CallRefusal(name: "for another agent", command: .callVisitor(location: "walk-in", number: nil, agent: "ana"), actor: "bo",
                    refusal: "only a supervisor may call a visitor to another agent's desk"),
        CallRefusal(name: "nobody waiting", command: .callVisitor(location: "annex", number: nil, agent: "sue"), actor: "sue",
                    refusal: "walk-up location annex: nobody is waiting"),
        CallRefusal(name: "a visitor of another location", command: .callVisitor(location: "annex", number: "IMS0000001", agent: "sue"),
                    actor: "sue", refusal: "IMS0000001 is not waiting here"),
        CallRefusal(name: "no-show before enough calls", command: .noShow(number: "IMS0000002"), actor: "bo",
                    refusal: "W-002 was called 1 time; a visitor may be closed as a no-show after 3 calls"),
        CallRefusal(name: "no-show of one being served", command: .noShow(number: "IMS0000001"), actor: "bo",
                    refusal: "IMS0000001 is not waiting (Work in Progress)"),
        CallRefusal(name: "no-show by an agent elsewhere", command: .noShow(number: "IMS0000003"), actor: "ana",
                    refusal: "which ana does not serve"),
    ]

    @Test(arguments: refusals)
    func refusedCallsAndNoShows(_ c: CallRefusal) throws {
        var desk = try waitingDesk()
        try desk.run(.callVisitor(location: "walk-in", number: "IMS0000001", agent: "bo"), by: "bo", at: t0.adding(300))
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(310))
        try desk.run(.callVisitor(location: "walk-in", number: "IMS0000002", agent: "bo"), by: "bo", at: t0.adding(320))
        let before = desk.everything
        do {
            try desk.run(c.command, by: c.actor, at: t0.adding(400))
            Issue.record("not refused")
        } catch {
            #expect("\(error)".contains(c.refusal), "\(error)")
            #expect(desk.everything == before)
        }
    }

    @Test func aVisitorCalledOftenEnoughMayBeClosedAsANoShow() throws {
        var desk = try waitingDesk()
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.no_show_after_calls", value: "2"), by: "sue")
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.no_show_reason", value: "Did not come to the counter"), by: "sue")
        for i in 0..<2 { try desk.run(.callVisitor(location: "walk-in", number: "IMS0000002", agent: "bo"), by: "bo", at: t0.adding(300 + Int64(i) * 60)) }
        let done = try desk.run(.noShow(number: "IMS0000002"), by: "bo", at: t0.adding(500))
        #expect(done.summary == "W-002 (IMS0000002) closed abandoned: Did not come to the counter")
        let r = try #require(desk.interaction("IMS0000002"))
        #expect(r.state == .closedAbandoned && r.workNotes.last?.text == "Did not come to the counter" && r.workNotes.last?.author == "bo")
        #expect(desk.walkUpQueue(location: "walk-in", at: t0.adding(510)).map(\.ticket) == ["W-001", "W-003"])
        #expect(desk.nowServing(location: "walk-in", at: t0.adding(510)).isEmpty, "a no-show is not being served")
    }
}
