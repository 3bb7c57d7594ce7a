import Testing
@testable import FrontdeskCore

/// Wrap-up as ServiceNow's wrap-up configurations define it: a code from the type's list,
/// notes, an enforced time after which the system applies the default code.
@Suite struct WrapUpTests {
    @Test(arguments: [("escalated", "Escalated", true), ("Resolved", "Resolved", true), ("Lunch", "", false)])
    func submittingACodeClosesTheRecord(_ typed: String, _ stored: String, _ ok: Bool) throws {
        var desk = try deskWithRecord(in: .wrapUp)
        let submit = DeskCommand.transition(number: "IMS0000001", .submitWrapUp(code: typed, notes: "  Called back, fixed  "))
        if !ok {
            #expect { try desk.run(submit, at: t0.adding(20)) } throws: { "\($0)".contains("allowed: Resolved, Escalated, Callback, No action needed") }
            return
        }
        try desk.run(submit, at: t0.adding(20))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.state == .closedComplete)
        #expect(r.wrapUpOutcome == WrapUpOutcome(code: stored, notes: "  Called back, fixed  ", by: "ana", bySystem: false), "notes as typed")
        #expect(desk.auditText(r.history[r.history.count - 3]) == "Wrap-up code: \(stored)")
        #expect(desk.load(of: "ana")[.chat] == nil, "closed: the capacity is free again")
    }

    @Test func onlyFromWrapUp() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        #expect(throws: DomainError.transitionNotAllowed(action: .complete, number: "IMS0000001", state: .workInProgress)) {
            try desk.run(.transition(number: "IMS0000001", .submitWrapUp(code: "Resolved", notes: "")))
        }
    }

    @Test func whenTheTimeRunsOutTheSystemAppliesTheDefault() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.setConfig(key: "wrap_up.chat.enforce", value: "90s"), by: "sue")
        try desk.run(.setConfig(key: "wrap_up.chat.default", value: "callback"), by: "sue")
        try desk.run(.transition(number: "IMS0000001", .endConversation), at: t0.adding(10))
        let started = try #require(desk.interaction("IMS0000001")?.wrapUpStartedAt)
        #expect(desk.wrapUpSecondsLeft(desk.interaction("IMS0000001")!, at: started.adding(30)) == 60)
        #expect(desk.routingDecisions(at: started.adding(89)).isEmpty)
        #expect(desk.routingDecisions(at: started.adding(90)) == [.expireWrapUp(number: "IMS0000001")])
        #expect { try desk.run(.expireWrapUp(number: "IMS0000001"), by: "ana", at: started.adding(90)) } throws: {
            "\($0)".contains("supervisor")
        }
        try desk.run(.expireWrapUp(number: "IMS0000001"), by: Desk.routingActor, at: started.adding(90))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.state == .closedComplete)
        #expect(r.wrapUpOutcome?.code == "Callback" && r.wrapUpOutcome?.bySystem == true)
        #expect(desk.auditText(r.history[r.history.count - 2]) == "Wrap-up time ran out: Callback applied by the system")
        #expect(r.timers(at: started.adding(500)).wrapUp == 90)
    }

    @Test(arguments: [
        ("wrap_up.chat.codes", "Fixed, Sent on ,", nil, "Fixed,Sent on"),
        ("wrap_up.chat.default", "Nope", "allowed: Resolved, Escalated, Callback, No action needed", nil),
        ("wrap_up.chat.enforce", "0", nil, "0"),
        ("wrap_up.chat.enforce", "soon", "seconds (60s)", nil),
        ("wrap_up.fax.codes", "A", "interaction type", nil),
    ] as [(String, String, String?, String?)])
    func settings(_ key: String, _ value: String, _ refusal: String?, _ stored: String?) throws {
        var desk = makeDesk()
        if let refusal {
            #expect { try desk.run(.setConfig(key: key, value: value), by: "sue") } throws: { "\($0)".contains(refusal) }
        } else {
            try desk.run(.setConfig(key: key, value: value), by: "sue")
            #expect(try desk.configValue(key) == stored)
        }
    }

    @Test func noLimitMeansNoExpiry() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.setConfig(key: "wrap_up.chat.enforce", value: "0"), by: "sue")
        try desk.run(.transition(number: "IMS0000001", .endConversation))
        #expect(desk.routingDecisions(at: t0.adding(86_400)).isEmpty)
        #expect(desk.wrapUpSecondsLeft(desk.interaction("IMS0000001")!, at: t0.adding(86_400)) == nil)
    }

    /// After a transfer each agent wraps up their own part: a segment per agent.
    @Test func eachAgentWrapsUpTheirOwnPartAfterATransfer() throws {
        var desk = try deskWithRecord(in: .workInProgress)           // ana's chat
        try desk.run(.transition(number: "IMS0000001", .transfer(.agent("bo"))), by: "ana", at: t0.adding(100))
        var r = try #require(desk.interaction("IMS0000001"))
        #expect(r.wrapUpsDue.map(\.agent) == ["ana"])
        #expect(desk.load(of: "ana")[.chat] == 1, "the part still to wrap up holds ana's capacity")
        #expect(desk.records(in: .wrapUps, agent: "ana").map(\.number) == ["IMS0000001"])
        #expect { try desk.run(.wrapUpPart(number: "IMS0000001", code: "Resolved", notes: ""), by: "bo", at: t0.adding(110)) } throws: {
            "\($0)".contains("bo owes no wrap-up")
        }
        try desk.run(.wrapUpPart(number: "IMS0000001", code: "escalated", notes: "Handed to Bo"), by: "ana", at: t0.adding(130))
        // bo works it on and wraps up the record itself.
        try desk.run(.transition(number: "IMS0000001", .resume), by: "bo", at: t0.adding(200))
        try desk.run(.transition(number: "IMS0000001", .endConversation), by: "bo", at: t0.adding(300))
        try desk.run(.transition(number: "IMS0000001", .submitWrapUp(code: "Resolved", notes: "")), by: "bo", at: t0.adding(320))
        r = try #require(desk.interaction("IMS0000001"))
        #expect(r.wrapUpSegments == [
            WrapUpSegment(agent: "ana", code: "Escalated", notes: "Handed to Bo", seconds: 30, bySystem: false),
            WrapUpSegment(agent: "bo", code: "Resolved", notes: "", seconds: 20, bySystem: false),
        ])
        #expect(desk.records(in: .wrapUps, agent: "ana").isEmpty)
    }

    @Test func aPartNotWrappedUpInTimeGetsTheDefault() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.transition(number: "IMS0000001", .transfer(.queue("service-desk"))), by: "ana", at: t0.adding(100))
        #expect(desk.routingDecisions(at: t0.adding(159)).contains(.expireWrapUpPart(number: "IMS0000001", agent: "ana")) == false)
        #expect(desk.routingDecisions(at: t0.adding(160)).contains(.expireWrapUpPart(number: "IMS0000001", agent: "ana")))
        try desk.run(.expireWrapUpPart(number: "IMS0000001", agent: "ana"), by: Desk.routingActor, at: t0.adding(160))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.wrapUpSegments == [WrapUpSegment(agent: "ana", code: "Resolved", notes: "", seconds: 60, bySystem: true)])
        #expect(r.wrapUpsDue.isEmpty)
    }
}
