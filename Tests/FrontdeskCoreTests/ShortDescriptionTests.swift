import Testing
@testable import FrontdeskCore

/// Rule 1: empty is fine while a channel creates the record and while the agent says who it is
/// for (Opened for alone, as linking a profile does); saving other fields, closing, creating or
/// associating a related task and archiving all need it, and a refusal changes nothing.
struct ShortDescriptionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let state: InteractionState
        let short: String
        let command: DeskCommand
        let refusedWith: ShortDescriptionOperation?
        var testDescription: String { name }
    }

    static let n = "IMS0000001"
    static let cases: [Case] = [
        Case(name: "save with empty", state: .workInProgress, short: "", command: .edit(number: n, [.queue("service-desk")]), refusedWith: .saving),
        Case(name: "save blanks it", state: .workInProgress, short: "x", command: .edit(number: n, [.shortDescription("   ")]), refusedWith: .saving),
        // Identifying the customer is not saving the record's description (linking a profile fills it too).
        Case(name: "opened for alone with empty is fine", state: .workInProgress, short: "", command: .edit(number: n, [.openedFor("CUS0000002")]),
             refusedWith: nil),
        Case(name: "opened for and queue with empty", state: .workInProgress, short: "",
             command: .edit(number: n, [.openedFor("CUS0000002"), .queue("service-desk")]), refusedWith: .saving),
        Case(name: "save fills it", state: .workInProgress, short: "", command: .edit(number: n, [.shortDescription("VPN down")]), refusedWith: nil),
        Case(name: "complete empty", state: .workInProgress, short: "", command: .transition(number: n, .complete), refusedWith: .closing),
        Case(name: "complete from hold empty", state: .onHold, short: "", command: .transition(number: n, .complete), refusedWith: .closing),
        Case(name: "complete from wrap up empty", state: .wrapUp, short: "", command: .transition(number: n, .complete), refusedWith: .closing),
        Case(name: "abandon empty", state: .new, short: "", command: .transition(number: n, .abandon), refusedWith: .closing),
        Case(name: "abandon wip empty", state: .workInProgress, short: "", command: .transition(number: n, .abandon), refusedWith: .closing),
        Case(name: "complete filled", state: .workInProgress, short: "Printer jam", command: .transition(number: n, .complete), refusedWith: nil),
        Case(name: "abandon filled", state: .new, short: "Left the chat", command: .transition(number: n, .abandon), refusedWith: nil),
        Case(name: "create incident empty", state: .workInProgress, short: "", command: .createTask(number: n, kind: .incident), refusedWith: .creatingTask),
        Case(name: "create case empty", state: .new, short: "", command: .createTask(number: n, kind: .case), refusedWith: .creatingTask),
        Case(name: "create request filled", state: .workInProgress, short: "New laptop", command: .createTask(number: n, kind: .request), refusedWith: nil),
        Case(name: "associate empty", state: .workInProgress, short: "", command: .linkTask(number: n, task: "INC0000099"), refusedWith: .associatingTask),
        Case(name: "accept empty is fine", state: .new, short: "", command: .transition(number: n, .accept), refusedWith: nil),
        Case(name: "hold empty is fine", state: .workInProgress, short: "", command: .transition(number: n, .hold(reason: nil)), refusedWith: nil),
        Case(name: "wrap up empty is fine", state: .workInProgress, short: "", command: .transition(number: n, .endConversation), refusedWith: nil),
        Case(name: "note empty short is fine", state: .workInProgress, short: "", command: .addNote(number: n, text: "called back"), refusedWith: nil),
    ]

    @Test(arguments: cases)
    func rule(_ c: Case) throws {
        var desk = try deskWithRecord(in: c.state, short: c.short)
        // An existing task to associate.
        var seed = ChangeSet()
        seed.tasks = [RelatedTask(number: "INC0000099", kind: .incident, shortDescription: "Outage", openedFor: nil,
                                  assignedTo: nil, openedAt: t0, interactions: [])]
        desk.apply(seed)
        let before = desk.interaction(Self.n)
        if let operation = c.refusedWith {
            #expect(throws: DomainError.shortDescriptionRequired(operation: operation, number: Self.n, state: c.state)) {
                try desk.run(c.command)
            }
            #expect(desk.interaction(Self.n) == before)
            #expect(desk.tasks.count == 1)
        } else {
            try desk.run(c.command)
            #expect(desk.interaction(Self.n) != before)
        }
    }

    @Test func channelIntakeMayLeaveItEmpty() throws {
        var desk = makeDesk()
        let result = try desk.run(.intakeMessage(channel: .sms, identifier: "+1 555 000 1111", text: "hi", queue: nil))
        #expect(desk.interaction(result.subject!)?.shortDescription == "")
    }

    @Test func archiveNeedsShortDescription() throws {
        // Closed with a description, then (hypothetically) a record closed before the rule: build it directly.
        var desk = makeDesk()
        var changes = ChangeSet()
        changes.interactions = [Interaction(number: "IMS0000050", type: .chat, state: .closedAbandoned, openedAt: t0,
                                            history: [AuditEntry(at: t0, by: "x", change: .created(state: .new)),
                                                      AuditEntry(at: t0, by: "x", change: .state(from: .new, to: .closedAbandoned))])]
        desk.apply(changes)
        let before = desk.interaction("IMS0000050")
        #expect(throws: DomainError.shortDescriptionRequired(operation: .archiving, number: "IMS0000050", state: .closedAbandoned)) {
            try desk.run(.transition(number: "IMS0000050", .archive))
        }
        #expect(desk.interaction("IMS0000050") == before)
    }

    @Test func messageNamesTheRule() {
        let e = DomainError.shortDescriptionRequired(operation: .closing, number: "IMS0000001", state: .workInProgress)
        #expect(e.description == "the short description must be filled in before closing IMS0000001 (current state: Work in Progress)")
    }
}

struct StateReasonTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let type: InteractionType
        let command: DeskCommand
        let allowed: Bool
        var testDescription: String { "\(type.rawValue) \(command)" }
    }

    static let cases: [Case] = [
        Case(type: .messaging, command: .transition(number: "IMS0000001", .hold(reason: .waitingOnCustomer)), allowed: true),
        Case(type: .messaging, command: .transition(number: "IMS0000001", .hold(reason: .waitingInternal)), allowed: true),
        Case(type: .chat, command: .transition(number: "IMS0000001", .hold(reason: .waitingOnCustomer)), allowed: false),
        Case(type: .phone, command: .transition(number: "IMS0000001", .hold(reason: .waitingInternal)), allowed: false),
        Case(type: .walkUp, command: .edit(number: "IMS0000001", [.stateReason(.waitingInternal)]), allowed: false),
        Case(type: .messaging, command: .edit(number: "IMS0000001", [.stateReason(.waitingInternal)]), allowed: true),
        Case(type: .chat, command: .transition(number: "IMS0000001", .hold(reason: nil)), allowed: true),
    ]

    @Test(arguments: cases)
    func rule3(_ c: Case) throws {
        var desk = try deskWithRecord(in: .workInProgress, type: c.type)
        let before = desk.interaction("IMS0000001")
        if c.allowed {
            try desk.run(c.command)
        } else {
            #expect(throws: DomainError.stateReasonMessagingOnly(number: "IMS0000001", type: c.type)) { try desk.run(c.command) }
            #expect(desk.interaction("IMS0000001") == before)
        }
    }

    @Test func resumeClearsTheReason() throws {
        var desk = try deskWithRecord(in: .workInProgress, type: .messaging)
        try desk.run(.transition(number: "IMS0000001", .hold(reason: .waitingOnCustomer)))
        #expect(desk.interaction("IMS0000001")?.stateReason == .waitingOnCustomer)
        try desk.run(.transition(number: "IMS0000001", .resume))
        #expect(desk.interaction("IMS0000001")?.stateReason == nil)
    }
}
