import Foundation
import Testing
@testable import FrontdeskCore

/// An agent's life on the desk: added Offline, at the desk once they say so, disabled (kept
/// for history, out of routing and the board) and enabled again.
@Suite struct AgentLifecycleTests {
    /// Every way the desk makes an agent leaves them Offline: work is offered only to someone
    /// at the desk (a console open, or presence set).
    @Test func newAgentsStartOfflineAndAreOfferedNothing() throws {
        var desk = makeDesk()
        try desk.run(.addAgent(login: "cy", displayName: "Cy", queues: ["service-desk"]), by: "sue")
        try desk.run(.ensureAgent(login: "dev", displayName: "dev"), by: "dev")
        var fresh = Desk(config: desk.config)
        try fresh.run(.claimSupervision(login: "walt"), by: "walt")
        #expect(desk.agents["cy"]?.presence == .offline)
        #expect(desk.agents["dev"]?.presence == .offline)
        #expect(fresh.agents["walt"]?.presence == .offline)

        // Only cy and dev serve the queue: nobody is offered the chat until one is Available.
        try desk.run(.updateAgent(login: "ana", displayName: nil, queues: [], role: nil), by: "sue")
        try desk.run(.updateAgent(login: "bo", displayName: nil, queues: [], role: nil), by: "sue")
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "hi"), by: "chat")
        #expect(desk.routingDecisions(at: t0.adding(5)).isEmpty)
        try desk.run(.setPresence(login: "cy", .available), by: "cy", at: t0.adding(6))
        #expect(desk.routingDecisions(at: t0.adding(7)) == [.offer(number: "IMS0000001", agent: "cy")])
    }
}

extension AgentLifecycleTests {
    /// A mistyped login is not made an agent on a new desk; a stored config from before the
    /// setting keeps registering its logins, as it always did.
    @Test func selfRegistrationIsOffForNewDesksAndOnForOldConfigs() throws {
        var desk = Desk(config: DeskConfig())
        #expect(DeskConfig().selfRegistration == false)
        #expect(throws: DomainError.selfRegistrationOff(login: "anaa")) {
            try desk.run(.ensureAgent(login: "anaa", displayName: "anaa"), by: "anaa")
        }
        let old = #"{"phone_channel": false, "wrap_up": [], "default_queue": "service-desk"}"#
        let decoded = try JSONDecoder().decode(DeskConfig.self, from: Data(old.utf8))
        #expect(decoded.selfRegistration == true)
        // A new desk still gets its first supervisor.
        var fresh = Desk(config: DeskConfig())
        try fresh.run(.claimSupervision(login: "walt"), by: "walt")
        #expect(fresh.agents["walt"]?.isSupervisor == true)
    }

    @Test func disablingIsRefusedWhileTheAgentHoldsOpenWorkNamingIt() throws {
        var desk = makeDesk()
        try desk.run(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "VPN", accept: true), by: "bo")
        try desk.run(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "Badge", accept: true), by: "bo")
        let before = desk.agents
        #expect(throws: DomainError.agentHoldsOpenWork(login: "bo", numbers: ["IMS0000001", "IMS0000002"])) {
            try desk.run(.setAgentDisabled(login: "bo", true), by: "sue")
        }
        #expect(desk.agents == before)
        #expect("\(DomainError.agentHoldsOpenWork(login: "bo", numbers: ["IMS0000001"]))".contains("--to-queue"))
        #expect(throws: DomainError.supervisorOnly(operation: "disable agents", actor: "ana")) {
            try desk.run(.setAgentDisabled(login: "bo", true), by: "ana")
        }
        try desk.run(.transition(number: "IMS0000001", .transfer(.queue("service-desk"))), by: "sue")
        try desk.run(.transition(number: "IMS0000002", .transfer(.agent("ana"))), by: "sue")
        try desk.run(.setAgentDisabled(login: "bo", true), by: "sue")
        #expect(desk.agents["bo"]?.disabled == true)
    }

    /// Kept for history (their name still reads on the trail), but offered nothing, off the
    /// board, refused every action; enabled again, they are Offline.
    @Test func aDisabledAgentIsKeptButDoesNothing() throws {
        var desk = makeDesk()
        try desk.run(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "Old work", accept: true), by: "bo")
        try desk.run(.transition(number: "IMS0000001", .complete), by: "bo")
        try desk.run(.updateAgent(login: "ana", displayName: nil, queues: [], role: nil), by: "sue")
        try desk.run(.setAgentDisabled(login: "bo", true), by: "sue", at: t0.adding(10))
        #expect(desk.agents["bo"]?.presence == .offline)
        #expect(desk.auditText(desk.interaction("IMS0000001")!.history[2]).contains("Bo Chen"))
        #expect(!desk.board(at: t0.adding(20)).agents.map(\.login).contains("bo"))
        try desk.run(.intake(type: .chat, openedFor: nil, queue: "service-desk", text: "hi"), by: "chat", at: t0.adding(20))
        #expect(desk.routingDecisions(at: t0.adding(21)).isEmpty)
        #expect(throws: DomainError.agentDisabled(login: "bo", operation: "accept IMS0000002")) {
            try desk.run(.transition(number: "IMS0000002", .accept), by: "bo", at: t0.adding(22))
        }
        #expect(throws: DomainError.agentDisabled(login: "bo", operation: "set the presence of bo")) {
            try desk.run(.setPresence(login: "bo", .available), by: "bo", at: t0.adding(22))
        }
        #expect(throws: DomainError.agentDisabled(login: "bo", operation: "transfer IMS0000002 to bo")) {
            try desk.run(.transition(number: "IMS0000002", .transfer(.agent("bo"))), by: "sue", at: t0.adding(22))
        }
        try desk.run(.setAgentDisabled(login: "bo", false), by: "sue", at: t0.adding(30))
        #expect(desk.agents["bo"]?.disabled == false && desk.agents["bo"]?.presence == .offline)
        #expect(desk.board(at: t0.adding(31)).agents.map(\.login).contains("bo"))
    }

    @Test func theDisabledFlagIsStoredOnlyWhenSet() throws {
        var agent = Agent(login: "bo", displayName: "Bo", queues: [])
        #expect(!String(decoding: try JSONEncoder().encode(agent), as: UTF8.self).contains("disabled"))
        agent.disabled = true
        let data = try JSONEncoder().encode(agent)
        #expect(String(decoding: data, as: UTF8.self).contains(#""disabled":true"#))
        #expect(try JSONDecoder().decode(Agent.self, from: data) == agent)
    }
}
