import Testing
@testable import FrontdeskCore

/// Who may act on a record: its owner, the agents serving the queue it waits in, and
/// supervisors (audited as a takeover). Each case is a desk state, an actor and a command.
struct OwnershipTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// How IMS0000001 got where it is, each step by the given actor.
        let setup: [(String, RecordTransition)]
        let actor: String
        let command: DeskCommand
        /// nil: allowed; else a piece of the refusal.
        let refusal: String?
        var testDescription: String { name }
    }

    static let n = "IMS0000001"

    static let cases: [Case] = [
        Case(name: "the owner acts", setup: [("ana", .accept)], actor: "ana",
             command: .transition(number: n, .hold(reason: nil)), refusal: nil),
        Case(name: "another agent may not hold it", setup: [("ana", .accept)], actor: "bo",
             command: .transition(number: n, .hold(reason: nil)), refusal: "it is Ana Lima's (ana); only they or a supervisor may act on it"),
        Case(name: "another agent may not add a note", setup: [("ana", .accept)], actor: "bo",
             command: .addNote(number: n, text: "mine now"), refusal: "it is Ana Lima's"),
        Case(name: "another agent may not edit it", setup: [("ana", .accept)], actor: "bo",
             command: .edit(number: n, [.shortDescription("x")]), refusal: "cannot save IMS0000001: it is Ana Lima's"),
        Case(name: "another agent may not close it", setup: [("ana", .accept)], actor: "bo",
             command: .transition(number: n, .complete), refusal: "it is Ana Lima's"),
        Case(name: "transferred to bo: bo resumes", setup: [("ana", .accept), ("ana", .transfer(.agent("bo")))], actor: "bo",
             command: .transition(number: n, .resume), refusal: nil),
        Case(name: "transferred to bo: ana cannot take it back", setup: [("ana", .accept), ("ana", .transfer(.agent("bo")))], actor: "ana",
             command: .transition(number: n, .resume), refusal: "it is Bo Chen's (bo)"),
        Case(name: "waiting in a queue ana serves", setup: [], actor: "ana",
             command: .transition(number: n, .accept), refusal: nil),
        Case(name: "waiting in a queue ana does not serve", setup: [("bo", .accept), ("bo", .transfer(.queue("walk-in")))], actor: "ana",
             command: .transition(number: n, .accept), refusal: "it waits in queue walk-in, which ana does not serve"),
        Case(name: "a supervisor takes over", setup: [("ana", .accept)], actor: "sue",
             command: .transition(number: n, .hold(reason: nil)), refusal: nil),
        Case(name: "not an agent", setup: [("ana", .accept)], actor: "mallory",
             command: .transition(number: n, .complete), refusal: "\"mallory\" is not an agent of this desk"),
        Case(name: "a gateway is not an agent", setup: [], actor: "sms",
             command: .transition(number: n, .accept), refusal: "\"sms\" is not an agent"),
        Case(name: "closed: only its closer archives", setup: [("ana", .accept), ("ana", .complete)], actor: "bo",
             command: .transition(number: n, .archive), refusal: "it is Ana Lima's"),
    ]

    func desk(_ c: Case) throws -> Desk {
        var desk = makeDesk(wrapUp: [])
        try desk.run(.intake(type: .walkUp, openedFor: "CUS0000001", queue: "service-desk", text: nil), by: "walk-up")
        try desk.run(.edit(number: Self.n, [.shortDescription("Badge")]), by: "ana")
        for (actor, step) in c.setup { try desk.run(.transition(number: Self.n, step), by: actor) }
        return desk
    }

    @Test(arguments: cases)
    func ownership(_ c: Case) throws {
        var desk = try self.desk(c)
        let before = desk.interaction(Self.n)
        do {
            try desk.run(c.command, by: c.actor, at: t0.adding(60))
            #expect(c.refusal == nil, "\(c.name): allowed, should be refused with “\(c.refusal ?? "")”")
        } catch {
            #expect(c.refusal.map { "\(error)".contains($0) } == true, "\(c.name): \(error)")
            #expect(desk.interaction(Self.n) == before, "a refusal changes nothing")
        }
    }

    @Test func aSupervisorsTakeoverIsAudited() throws {
        var desk = try self.desk(Self.cases[0])
        try desk.run(.transition(number: Self.n, .hold(reason: nil)), by: "sue", at: t0.adding(60))
        let trail = try #require(desk.interaction(Self.n)).history
        let takeover = try #require(trail.first { $0.change.field == AuditField.takeover })
        #expect(takeover.by == "sue" && takeover.change.oldValue == "ana" && takeover.change.newValue == "sue")
        #expect(trail.firstIndex { $0.change.field == AuditField.takeover }! < trail.lastIndex { $0.change.stateChange?.to == .onHold }!,
                "the takeover comes before what the supervisor did")
        #expect(desk.auditText(takeover) == "Taken over from Ana Lima by supervisor Sue Park")
        // Acting on her own, or on a record waiting in a queue, is no takeover.
        var other = try self.desk(Self.cases[7])
        try other.run(.transition(number: Self.n, .accept), by: "sue")
        #expect(other.interaction(Self.n)?.history.contains { $0.change.field == AuditField.takeover } == false)
    }

    // MARK: Reopen

    struct ReopenCase: Sendable, CustomTestStringConvertible {
        let name: String
        let actor: String
        let after: Int64
        let reason: String
        let archived: Bool
        let refusal: String?
        var testDescription: String { name }
    }

    static let reopenCases: [ReopenCase] = [
        ReopenCase(name: "a supervisor within the window", actor: "sue", after: 3600, reason: "closed by mistake", archived: false, refusal: nil),
        ReopenCase(name: "an agent, even its owner", actor: "ana", after: 60, reason: "oops", archived: false,
                   refusal: "only a supervisor may reopen IMS0000001 (ana is an agent)"),
        ReopenCase(name: "after the window", actor: "sue", after: 86_401, reason: "late", archived: false, refusal: "ago (config reopen_window)"),
        ReopenCase(name: "archived", actor: "sue", after: 60, reason: "x", archived: true, refusal: "only a closed record that is not archived"),
        ReopenCase(name: "no reason", actor: "sue", after: 60, reason: "  ", archived: false, refusal: "the reason for reopening cannot be empty"),
    ]

    @Test(arguments: reopenCases)
    func reopen(_ c: ReopenCase) throws {
        var desk = try self.desk(Self.cases[0])
        try desk.run(.transition(number: Self.n, .complete), by: "ana", at: t0.adding(10))
        if c.archived { try desk.run(.transition(number: Self.n, .archive), by: "ana", at: t0.adding(20)) }
        let before = desk.interaction(Self.n)
        do {
            try desk.run(.transition(number: Self.n, .reopen(reason: c.reason)), by: c.actor, at: t0.adding(10 + c.after))
            #expect(c.refusal == nil, "\(c.name): allowed")
            let r = try #require(desk.interaction(Self.n))
            #expect(r.state == .workInProgress && r.assignedTo == "ana", "back to Work in Progress, assigned as it was")
            #expect(r.history.last?.change == .field(name: AuditField.reopenReason, old: nil, new: c.reason))
            #expect(r.closedAt == nil)
        } catch {
            #expect(c.refusal.map { "\(error)".contains($0) } == true, "\(c.name): \(error)")
            #expect(desk.interaction(Self.n) == before)
        }
    }

    @Test func theReopenWindowIsASetting() throws {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "reopen_window", value: "2h"), by: "sue")
        #expect(desk.config.reopenWindowSeconds == 7200)
        #expect(throws: DomainError.self) { try desk.run(.setConfig(key: "reopen_window", value: "soon"), by: "sue") }
    }

    // MARK: The directory

    @Test func theDirectoryAndSettingsAreForSupervisors() throws {
        var desk = makeDesk()
        for command in [DeskCommand.addAgent(login: "cy", displayName: "Cy", queues: []),
                        .updateAgent(login: "bo", displayName: nil, queues: ["walk-in"], role: nil),
                        .setConfig(key: "phone_channel", value: "off"),
                        .addQueue(id: "vip", name: "VIP", channels: [.chat], targetWaitSeconds: 60),
                        .setPresence(login: "bo", .away)] {
            #expect(throws: DomainError.self, "\(command) by an agent") { try desk.run(command, by: "ana") }
        }
        try desk.run(.setPresence(login: "ana", .away), by: "ana")
        try desk.run(.updateAgent(login: "bo", displayName: "Bo C.", queues: ["walk-in"], role: .supervisor), by: "sue")
        #expect(desk.agents["bo"] == Agent(login: "bo", displayName: "Bo C.", queues: ["walk-in"], role: .supervisor))
        try desk.run(.updateAgent(login: "sue", displayName: nil, queues: nil, role: .agent), by: "bo")
        #expect(throws: DomainError.self, "the last supervisor stays one") {
            try desk.run(.updateAgent(login: "bo", displayName: nil, queues: nil, role: .agent), by: "bo")
        }
        #expect(throws: DomainError.duplicate(kind: "agent", key: "ana")) {
            try desk.run(.addAgent(login: "ana", displayName: "", queues: []), by: "bo")
        }
        #expect("\(DomainError.duplicate(kind: "agent", key: "ana"))" == "an agent \"ana\" already exists")
    }

    @Test func aDeskWithoutASupervisorGetsOneOnce() throws {
        let desk = makeDesk()
        var legacy = Desk(config: desk.config)
        var changes = ChangeSet()
        changes.agents = [Agent(login: "ana", displayName: "Ana", queues: [])]
        legacy.apply(changes)
        #expect(!legacy.hasSupervisor)
        try legacy.run(.claimSupervision(login: "walt"), by: "walt")
        #expect(legacy.agents["walt"]?.isSupervisor == true)
        try legacy.run(.claimSupervision(login: "ana"), by: "ana")
        #expect(legacy.agents["ana"]?.isSupervisor == false, "a second claim changes nothing")
    }

    @Test func selfRegistrationCanBeSwitchedOff() throws {
        var desk = makeDesk()
        try desk.run(.ensureAgent(login: "dev", displayName: "dev"), by: "dev")
        #expect(desk.agents["dev"] != nil)
        try desk.run(.setConfig(key: "self_registration", value: "off"), by: "sue")
        #expect(throws: DomainError.selfRegistrationOff(login: "eve")) { try desk.run(.ensureAgent(login: "eve", displayName: "eve"), by: "eve") }
    }

    @Test func similarLoginsAreOffered() {
        let desk = makeDesk()
        #expect(desk.similarLogins(to: "an") == ["ana"])
        #expect(desk.similarLogins(to: "boo").first == "bo")
        #expect(desk.similarLogins(to: "nobodyhere").isEmpty)
    }

    // MARK: Gateways and agents

    /// Anyone may act as a gateway: no login is both, and every change that makes an agent or
    /// names gateways asks the one rule.
    @Test(arguments: [
        (DeskCommand.addAgent(login: "sms", displayName: "", queues: [], role: .supervisor), "sue", "sms", LoginKind.agent),
        (.ensureAgent(login: "phone", displayName: "phone"), "phone", "phone", .agent),
        (.setConfig(key: "gateways", value: "sms,bo"), "sue", "bo", .gateway),
        (.setConfig(key: "gateways", value: "sms, ana ,phone"), "sue", "ana", .gateway),
    ])
    func noLoginIsBothAGatewayAndAnAgent(_ command: DeskCommand, _ actor: String, _ login: String, _ kind: LoginKind) throws {
        var desk = makeDesk()
        #expect(throws: DomainError.gatewayAndAgent(login: login, becoming: kind)) { try desk.run(command, by: actor) }
        #expect(desk.agents["sms"] == nil && desk.agents["phone"] == nil && desk.config == makeDesk().config)
    }

    @Test func aGatewayLoginIsNotTheFirstSupervisorOfADesk() throws {
        var empty = Desk(config: makeDesk().config)
        #expect(throws: DomainError.gatewayAndAgent(login: "phone", becoming: .agent)) {
            try empty.run(.claimSupervision(login: "phone"), by: "phone")
        }
        #expect(!empty.hasSupervisor)
    }

    /// A store from before the rule may hold a login that is both: as a gateway anyone may act
    /// as it, so it acts as no agent, and its refusals call it a gateway.
    @Test func aGatewayThatIsAlsoAnAgentActsAsNoAgent() throws {
        var desk = try self.desk(Self.cases[0])
        var legacy = ChangeSet()
        legacy.agents = [Agent(login: "phone", displayName: "Phone", queues: ["service-desk"], role: .supervisor)]
        desk.apply(legacy)
        for command in [DeskCommand.setConfig(key: "reopen_window", value: "0"), .addNote(number: Self.n, text: "as the gateway"),
                        .addAgent(login: "eve", displayName: "", queues: [], role: .supervisor),
                        .transition(number: Self.n, .hold(reason: nil)), .offerRecord(number: Self.n, agent: "ana")] {
            do {
                try desk.run(command, by: "phone")
                Issue.record("\(command) by a gateway was allowed")
            } catch {
                guard case .gatewayIsNotAnAgent(login: "phone", _) = error else { Issue.record("\(command): \(error)"); continue }
                #expect("\(error)".contains("\"phone\" is not an agent but one of the desk's gateways"), "\(error)")
            }
        }
        // Taking it out of the gateways (a supervisor's fix) makes it the agent it is.
        try desk.run(.setConfig(key: "gateways", value: "sms"), by: "sue")
        try desk.run(.setConfig(key: "reopen_window", value: "0"), by: "phone")
    }
}
