import Testing
@testable import FrontdeskCore

/// Offers as Advanced Work Assignment makes them: who gets what, when it times out, what a
/// rejection does, and what counts against capacity. The clock is a parameter.
@Suite struct RoutingTests {
    /// A desk whose agents are all Available, with `waiting` chat contacts intaken a minute apart.
    func desk(waiting: Int, type: InteractionType = .chat, for customer: String? = nil) throws -> Desk {
        var desk = makeDesk()
        for k in 0..<waiting {
            try desk.run(.intake(type: type, openedFor: customer, queue: "service-desk", text: "hi \(k)"), by: "chat", at: t0.adding(Int64(k) * 60))
        }
        return desk
    }

    func route(_ desk: inout Desk, at now: Instant) throws {
        for decision in desk.routingDecisions(at: now) { try desk.run(decision.command, by: Desk.routingActor, at: now) }
    }

    @Test func theOldestWaitingRecordGoesToTheAgentWithTheMostFreeCapacity() throws {
        var desk = try desk(waiting: 1)
        // ana already works a chat: bo has more free chat capacity.
        try desk.run(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "busy", accept: true), by: "ana")
        #expect(desk.routingDecisions(at: t0.adding(5)) == [.offer(number: "IMS0000001", agent: "bo")])
    }

    @Test func equalCapacityGoesToTheLongestIdle() throws {
        var desk = try desk(waiting: 2)
        // Each has accepted one chat and closed it; bo's was longer ago.
        try desk.run(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "x", accept: true), by: "bo", at: t0.adding(100))
        try desk.run(.transition(number: "IMS0000003", .abandon), by: "bo", at: t0.adding(110))
        try desk.run(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "y", accept: true), by: "ana", at: t0.adding(200))
        try desk.run(.transition(number: "IMS0000004", .abandon), by: "ana", at: t0.adding(210))
        let decisions = desk.routingDecisions(at: t0.adding(300))
        #expect(decisions.first == .offer(number: "IMS0000001", agent: "bo"))
        #expect(decisions.last == .offer(number: "IMS0000002", agent: "ana"), "bo's offer now counts against him")
    }

    @Test func vipCustomersFirstUnlessSwitchedOff() throws {
        var desk = try desk(waiting: 1)
        var vip = desk.customers["CUS0000003"]!
        vip.vip = true
        var c = ChangeSet(); c.customers = [vip]; desk.apply(c)
        try desk.run(.intake(type: .chat, openedFor: "CUS0000003", queue: "service-desk", text: "vip"), by: "chat", at: t0.adding(90))
        // One agent with one chat of capacity: the VIP's record, though newer, goes first.
        try desk.run(.setPresence(login: "bo", .away), by: "bo")
        try desk.run(.setCapacity(login: "ana", type: .chat, 1), by: "ana")
        #expect(desk.routingDecisions(at: t0.adding(100)) == [.offer(number: "IMS0000002", agent: "ana")])
        try desk.run(.setConfig(key: "routing.vip_first", value: "off"), by: "sue")
        #expect(desk.routingDecisions(at: t0.adding(100)) == [.offer(number: "IMS0000001", agent: "ana")])
    }

    @Test(arguments: [
        ("away", "nobody available"), ("full", "no free capacity"), ("pull", "a pull queue"), ("other queue", "not serving it"),
    ])
    func nothingIsOfferedWhen(_ situation: String, _ why: String) throws {
        var desk = try desk(waiting: 1)
        switch situation {
        case "away":
            try desk.run(.setPresence(login: "ana", .away), by: "ana")
            try desk.run(.setPresence(login: "bo", .offline), by: "bo")
        case "full":
            for login in ["ana", "bo"] { try desk.run(.setCapacity(login: login, type: .chat, 0), by: login) }
        case "pull":
            try desk.run(.setConfig(key: "queue.service-desk.routing", value: "pull"), by: "sue")
        default:
            var c = ChangeSet()
            c.agents = desk.agents.values.map { var a = $0; a.queues = ["walk-in"]; return a }
            desk.apply(c)
        }
        #expect(desk.routingDecisions(at: t0.adding(5)).isEmpty, "\(why)")
    }

    @Test func anOfferTimesOutAndGoesToTheNextAgentThenBackAfterTheCoolDown() throws {
        var desk = try desk(waiting: 1)
        try route(&desk, at: t0.adding(1))
        #expect(desk.interaction("IMS0000001")?.pendingOffer?.agent == "ana")
        #expect(desk.routingDecisions(at: t0.adding(30)).isEmpty, "29 s: still waiting for ana")
        try route(&desk, at: t0.adding(31))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.pendingOffer?.agent == "bo")
        #expect(desk.passedOver(r, at: t0.adding(31)) == ["ana"])
        #expect(desk.agents["ana"]?.missedOffers == 1)
        #expect(desk.auditText(r.history[r.history.count - 2]) == "Offer to Ana Lima timed out")
        // bo lets it time out too: nobody is left who has not declined it, for now.
        try route(&desk, at: t0.adding(62))
        #expect(desk.interaction("IMS0000001")?.pendingOffer == nil)
        #expect(desk.routingDecisions(at: t0.adding(100)).isEmpty)
        // Never given up: once ana's decline is older than routing.reoffer_after (2 minutes), ana again.
        #expect(desk.routingDecisions(at: t0.adding(150)).isEmpty, "119 s after ana's timeout")
        #expect(desk.routingDecisions(at: t0.adding(151)) == [.offer(number: "IMS0000001", agent: "ana")])
    }

    @Test func anAgentWhosePresenceChangedIsAskedAgainAtOnce() throws {
        var desk = try desk(waiting: 1)
        try desk.run(.setPresence(login: "bo", .away), by: "bo")
        try route(&desk, at: t0.adding(1))
        try desk.run(.rejectOffer(number: "IMS0000001", reason: "Busy"), by: "ana", at: t0.adding(5))
        #expect(desk.routingDecisions(at: t0.adding(6)).isEmpty)
        // bo comes back: offered to bo; ana steps away and back: asked again too, before the cool-down.
        try desk.run(.setPresence(login: "ana", .away), by: "ana", at: t0.adding(10))
        try desk.run(.setPresence(login: "ana", .available), by: "ana", at: t0.adding(11))
        #expect(desk.routingDecisions(at: t0.adding(12)) == [.offer(number: "IMS0000001", agent: "ana")])
    }

    @Test func theBoardCountsWorkPassedOverAndASupervisorSendsItRoundAgain() throws {
        var desk = try desk(waiting: 1)
        try desk.run(.setPresence(login: "bo", .away), by: "bo")
        try route(&desk, at: t0.adding(1))
        try desk.run(.rejectOffer(number: "IMS0000001", reason: "Busy"), by: "ana", at: t0.adding(5))
        #expect(desk.board(at: t0.adding(6)).queues.first { $0.id == "service-desk" }?.passedOver == 1)
        #expect(desk.routingDecisions(at: t0.adding(6)).isEmpty)
        // Only routing or a supervisor sends it round; then ana is asked again at once.
        #expect(throws: DomainError.self) { try desk.run(.reroute(number: "IMS0000001"), by: "bo", at: t0.adding(7)) }
        try desk.run(.reroute(number: "IMS0000001"), by: "sue", at: t0.adding(7))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(desk.auditText(r.history.last!) == "Offered again to everyone serving its queue")
        #expect(desk.board(at: t0.adding(8)).queues.first { $0.id == "service-desk" }?.passedOver == 0)
        #expect(desk.routingDecisions(at: t0.adding(8)) == [.offer(number: "IMS0000001", agent: "ana")])
        // Offered now: not sent round twice.
        try route(&desk, at: t0.adding(8))
        #expect(throws: DomainError.self) { try desk.run(.reroute(number: "IMS0000001"), by: "sue", at: t0.adding(9)) }
    }

    @Test(arguments: [("0", Int64(0)), ("90", 90), ("5m", 300), ("1h", 3600)])
    func theCoolDownIsConfigured(_ value: String, _ seconds: Int64) throws {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "routing.reoffer_after", value: value), by: "sue")
        #expect(desk.config.routing.reofferAfterSeconds == seconds)
        #expect(throws: DomainError.self) { try desk.run(.setConfig(key: "routing.reoffer_after", value: "2h"), by: "sue") }
    }

    @Test func offersComeOneAtATimeSoABatchNeverLapsesTogether() throws {
        var desk = try desk(waiting: 3)
        try desk.run(.setPresence(login: "bo", .away), by: "bo")
        #expect(desk.routingDecisions(at: t0.adding(200)) == [.offer(number: "IMS0000001", agent: "ana")],
                "ana has room for three chats, but answers one offer at a time")
        try route(&desk, at: t0.adding(200))
        try desk.run(.transition(number: "IMS0000001", .accept), by: "ana", at: t0.adding(205))
        #expect(desk.routingDecisions(at: t0.adding(206)) == [.offer(number: "IMS0000002", agent: "ana")])
    }

    @Test func anAgentGoingAwayHandsTheirOffersOnAtOnce() throws {
        var desk = try desk(waiting: 1)
        try route(&desk, at: t0.adding(1))
        try desk.run(.setPresence(login: "ana", .offline), by: "ana", at: t0.adding(2))
        #expect(desk.routingDecisions(at: t0.adding(3)) == [.timeOut(number: "IMS0000001", agent: "ana"),
                                                            .offer(number: "IMS0000001", agent: "bo")], "in the same pass")
        try route(&desk, at: t0.adding(3))
        #expect(desk.interaction("IMS0000001")?.pendingOffer?.agent == "bo")
        #expect(desk.agents["ana"]?.missedOffers == 0, "not a missed offer: ana had left")
    }

    @Test func missedOffersInARowSetTheAgentAway() throws {
        var desk = try desk(waiting: 3)
        try desk.run(.setPresence(login: "bo", .away), by: "bo")
        try desk.run(.setConfig(key: "routing.timeouts_to_away", value: "2"), by: "sue")
        try route(&desk, at: t0.adding(200))          // one offer to ana
        try route(&desk, at: t0.adding(231))          // it times out
        #expect(desk.agents["ana"]?.presence == .available)
        try route(&desk, at: t0.adding(232))          // the next is offered
        try route(&desk, at: t0.adding(263))          // that one too: two in a row
        #expect(desk.agents["ana"]?.presence == .away)
        #expect(desk.agents["ana"]?.missedOffers == 2)
        // Back and taking an offer: the count starts again.
        try desk.run(.setPresence(login: "ana", .available), by: "ana")
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "new"), by: "chat", at: t0.adding(290))
        try route(&desk, at: t0.adding(300))
        try desk.run(.transition(number: "IMS0000004", .accept), by: "ana", at: t0.adding(301))
        #expect(desk.agents["ana"]?.missedOffers == 0)
    }

    @Test func rejectingNeedsAReasonFromTheListAndSendsItOn() throws {
        var desk = try desk(waiting: 1)
        try route(&desk, at: t0.adding(1))
        #expect(throws: DomainError.offer(number: "IMS0000001", why: "it is offered to ana, not to bo")) {
            try desk.run(.rejectOffer(number: "IMS0000001", reason: "Busy"), by: "bo")
        }
        #expect { try desk.run(.rejectOffer(number: "IMS0000001", reason: "Lunch"), by: "ana") } throws: {
            "\($0)".contains("allowed: Busy, Not my expertise, Language")
        }
        try desk.run(.rejectOffer(number: "IMS0000001", reason: "Not my expertise"), by: "ana", at: t0.adding(3))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(desk.auditText(r.history.last!) == "Offer rejected by Ana Lima: Not my expertise")
        #expect(desk.routingDecisions(at: t0.adding(4)) == [.offer(number: "IMS0000001", agent: "bo")])
    }

    @Test func offeredWorkIsTheOfferedAgentsToAccept() throws {
        var desk = try desk(waiting: 1)
        try route(&desk, at: t0.adding(1))
        #expect { try desk.run(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(2)) } throws: {
            "\($0)".contains("it is offered to ana for 29 s more")
        }
        try desk.run(.transition(number: "IMS0000001", .accept), by: "ana", at: t0.adding(2))
        #expect(desk.interaction("IMS0000001")?.assignedTo == "ana")
        #expect(desk.interaction("IMS0000001")?.pendingOffer == nil)
        // A supervisor may take any: the offer does not stop them.
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "again"), by: "chat", at: t0.adding(5))
        try route(&desk, at: t0.adding(6))
        try desk.run(.transition(number: "IMS0000002", .accept), by: "sue", at: t0.adding(7))
    }

    /// What holds capacity: in progress, on hold (not messaging), wrap up, and pending offers.
    @Test(arguments: [
        (InteractionType.chat, InteractionState.workInProgress, 1), (.chat, .onHold, 1), (.chat, .wrapUp, 1),
        (.messaging, .onHold, 0), (.messaging, .workInProgress, 1), (.chat, .closedComplete, 0), (.chat, .new, 0),
    ])
    func capacityCounts(_ type: InteractionType, _ state: InteractionState, _ held: Int) throws {
        var desk = try deskWithRecord(in: state, type: type)
        #expect(desk.load(of: "ana")[type] ?? 0 == held)
        if state == .new {
            try route(&desk, at: t0.adding(1))
            #expect(desk.load(of: desk.interaction("IMS0000001")!.pendingOffer!.agent)[type] == 1, "an offer holds its capacity")
        }
    }

    @Test func capacityIsTheAgentsOwnElseTheDesks() throws {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "capacity.chat", value: "2"), by: "sue")
        #expect(desk.capacity(of: desk.agents["ana"]!, for: .chat) == 2)
        try desk.run(.setCapacity(login: "ana", type: .chat, 4), by: "ana")
        #expect(desk.capacity(of: desk.agents["ana"]!, for: .chat) == 4)
        #expect(throws: DomainError.supervisorOnly(operation: "set another agent's capacity", actor: "bo")) {
            try desk.run(.setCapacity(login: "ana", type: .chat, 1), by: "bo")
        }
        try desk.run(.setCapacity(login: "ana", type: .chat, nil), by: "ana")
        #expect(desk.capacity(of: desk.agents["ana"]!, for: .chat) == 2)
    }

    @Test func onlyRoutingOrASupervisorOffers() throws {
        var desk = try desk(waiting: 1)
        #expect(throws: DomainError.supervisorOnly(operation: "offer work to agents", actor: "ana")) {
            try desk.run(.offerRecord(number: "IMS0000001", agent: "ana"), by: "ana")
        }
        try desk.run(.offerRecord(number: "IMS0000001", agent: "bo"), by: "sue")
        #expect { try desk.run(.offerRecord(number: "IMS0000001", agent: "ana"), by: Desk.routingActor) } throws: {
            "\($0)".contains("already offered to bo")
        }
        #expect { try desk.run(.timeOutOffer(number: "IMS0000001"), by: Desk.routingActor, at: t0.adding(10)) } throws: {
            "\($0)".contains("has 20 s left")
        }
    }
}
