import Testing
@testable import FrontdeskCore

/// Time waiting in a queue, one definition for the lists, the board and the queue target; and a
/// record reopened after it was abandoned while it waited goes back to wait where it was.
@Suite struct QueueWaitTests {
    /// A walk-up intaken, given a short description and abandoned from the queue, then
    /// reopened an hour later: Queued in its queue again, in the Queue list, acceptable, and
    /// its wait counts from the reopen, not the hour it sat abandoned.
    @Test func aRecordAbandonedWhileQueuedIsReopenedToItsQueue() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: nil), by: "walk-up")
        let n = "IMS0000001"
        try desk.run(.edit(number: n, [.shortDescription("Badge")]), by: "bo", at: t0.adding(30))
        try desk.run(.transition(number: n, .abandon), by: "bo", at: t0.adding(60))
        let reopened = try desk.run(.transition(number: n, .reopen(reason: "Customer came back")), by: "sue", at: t0.adding(3_660))
        let r = try #require(desk.interaction(n))
        #expect(r.state == .queued && r.assignedTo == nil && r.queue == "walk-in")
        #expect(reopened.summary == "\(n) reopened, waiting in queue walk-in")
        #expect(desk.records(in: .queue, agent: "bo").map(\.number) == [n])
        #expect(r.waitingSince == t0.adding(3_660))
        #expect(r.queueWaitSeconds(at: t0.adding(3_720)) == 60)
        #expect(r.timers(at: t0.adding(3_720)).wait == 60)
        #expect(desk.board(at: t0.adding(3_720)).queues.first { $0.id == "walk-in" }?.longestWaitSeconds == 60)
        try desk.run(.transition(number: n, .accept), by: "bo", at: t0.adding(3_700))
        #expect(desk.interaction(n)?.state == .workInProgress && desk.interaction(n)?.assignedTo == "bo")
        #expect(desk.interaction(n)?.timers(at: t0.adding(4_000)).wait == 40)
    }

    /// A record the agent had is reopened to them, as before.
    @Test func aRecordClosedByItsAgentIsReopenedToThem() throws {
        var desk = try deskWithRecord(in: .closedComplete)
        try desk.run(.transition(number: "IMS0000001", .reopen(reason: "Not fixed")), by: "sue", at: t0.adding(60))
        #expect(desk.interaction("IMS0000001")?.state == .workInProgress)
        #expect(desk.interaction("IMS0000001")?.assignedTo == "ana")
    }

    /// Accepted after a minute, worked, then transferred back to the queue: 14 minutes later
    /// the list's WAIT and the board both say 14 minutes (not the first minute's wait).
    @Test func theListAndTheBoardAgreeOnTheWaitOfARecordBackInTheQueue() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "hi"), by: "chat")
        let n = "IMS0000001"
        try desk.run(.transition(number: n, .accept), by: "ana", at: t0.adding(68))
        try desk.run(.transition(number: n, .transfer(.queue("service-desk"))), by: "ana", at: t0.adding(120))
        let now = t0.adding(120 + 14 * 60)
        let r = try #require(desk.interaction(n))
        #expect(r.queueWaitSeconds(at: now) == 14 * 60)
        let row = try #require(desk.records(in: .queue, agent: "ana").first.map { desk.row($0, at: now) })
        #expect(row.waitSeconds == 14 * 60)
        #expect(desk.board(at: now).queues.first { $0.id == "service-desk" }?.longestWaitSeconds == Int64(14 * 60))
        #expect(desk.isOverdue(r, at: now), "14 minutes against the queue's 5-minute target")
        #expect(r.timers(at: now).wait == 68, "the record's wait time is still its wait until first accepted")
    }
}

/// Capacity bounds what routing offers; taking work by hand may go over it, and says so.
@Suite struct AcceptOverCapacityTests {
    @Test func acceptingFromTheQueueOverCapacitySaysSo() throws {
        var desk = makeDesk()
        for _ in 0..<3 { try desk.run(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: nil), by: "walk-up") }
        try desk.run(.setCapacity(login: "bo", type: .walkUp, 2), by: "sue")
        let first = try desk.run(.transition(number: "IMS0000001", .accept), by: "bo")
        #expect(first.summary == "IMS0000001 accepted by bo")
        try desk.run(.transition(number: "IMS0000002", .accept), by: "bo")
        let third = try desk.run(.transition(number: "IMS0000003", .accept), by: "bo")
        #expect(third.summary == "IMS0000003 accepted by bo; over capacity: bo now holds 3 Walk-up records against a capacity of 2")
        #expect(desk.interaction("IMS0000003")?.assignedTo == "bo")
    }

    @Test func acceptingAnOfferAddsNothingToTheLoadItAlreadyHeld() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: nil), by: "walk-up")
        try desk.run(.offerRecord(number: "IMS0000001", agent: "bo"), by: Desk.routingActor)
        #expect(try desk.run(.transition(number: "IMS0000001", .accept), by: "bo").summary == "IMS0000001 accepted by bo")
    }
}
