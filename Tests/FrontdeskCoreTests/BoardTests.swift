import Testing
@testable import FrontdeskCore

@Suite struct BoardTests {
    @Test func queuesShowWaitsAgainstTargetOffersAndTodaysWork() throws {
        var desk = makeDesk()
        // Two waiting (one past the 300 s target), one offered; one handled today.
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "a"), by: "chat", at: t0)
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "b"), by: "chat", at: t0.adding(200))
        try desk.run(.create(type: .phone, openedFor: nil, queue: "service-desk", shortDescription: "call", accept: true), by: "bo", at: t0.adding(10))
        try desk.run(.transition(number: "IMS0000003", .complete), by: "bo", at: t0.adding(130))
        try desk.run(.offerRecord(number: "IMS0000002", agent: "ana"), by: Desk.routingActor, at: t0.adding(210))
        let board = desk.board(at: t0.adding(400))
        let q = try #require(board.queues.first { $0.id == "service-desk" })
        #expect((q.waiting, q.longestWaitSeconds, q.offersPending) == (2, 400, 1))
        #expect(q.isOverTarget)
        #expect((q.handledToday, q.medianWaitSeconds, q.medianHandleSeconds) == (1, 0, 120))
        let walkIn = try #require(board.queues.first { $0.id == "walk-in" })
        #expect(!walkIn.isOverTarget && walkIn.waiting == 0)
        let ana = try #require(board.agents.first { $0.login == "ana" })
        #expect(ana.load[.chat] == 1 && ana.capacity[.chat] == 3 && ana.offersPending == 1)
    }

    @Test func presenceKnowsSinceWhen() throws {
        var desk = makeDesk()
        #expect(desk.board(at: t0).agents.first { $0.login == "bo" }?.presenceSeconds == nil)
        try desk.run(.setPresence(login: "bo", .away), by: "bo", at: t0)
        try desk.run(.setPresence(login: "bo", .away), by: "bo", at: t0.adding(50))   // no change: still since t0
        #expect(desk.board(at: t0.adding(90)).agents.first { $0.login == "bo" }?.presenceSeconds == 90)
        try desk.run(.setPresence(login: "bo", .available), by: "sue", at: t0.adding(100))
        #expect(desk.agents["bo"]?.presenceLog == [Agent.PresenceChange(at: t0, presence: .away, by: "bo"),
                                                   Agent.PresenceChange(at: t0.adding(100), presence: .available, by: "sue")],
                "presence changes are audited per agent")
    }
}
