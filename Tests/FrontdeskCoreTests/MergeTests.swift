import Testing
@testable import FrontdeskCore

/// Merge by field: a save prepared against an earlier version goes through when what changed
/// since touches nothing it depends on, and is a conflict when the state or one of its own
/// fields changed.
struct MergeTests {
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var record = MergeTests.n
        /// What the agent saves, prepared against the version they saw.
        var save: @Sendable (Int) -> DeskCommand
        /// What someone else did meanwhile.
        var meanwhile: [(DeskCommand, String)]
        var merges: Bool
        var description: String { name }
    }

    static let n = "IMS0000001"
    /// A chat from a handle, which the handle's next message joins.
    static let guest = "IMS0000002"
    static let cases: [Case] = [
        Case(name: "note over a delivery receipt", save: { .addNote(number: n, text: "Called", expectedVersion: $0) },
             meanwhile: [(.reply(number: n, text: "On it"), "ana"), (.replyDelivered(id: "MSG0000001"), "chat")], merges: true),
        Case(name: "short description over a customer's message", record: guest, save: { .edit(number: guest, [.shortDescription("VPN")], expectedVersion: $0) },
             meanwhile: [(.intake(type: .chat, openedFor: nil, queue: nil, text: "still there?", caller: "guest42"), "chat")], merges: true),
        Case(name: "short description over someone's work note", save: { .edit(number: n, [.shortDescription("VPN")], expectedVersion: $0) },
             meanwhile: [(.addNote(number: n, text: "FYI", expectedVersion: nil), "sue")], merges: true),
        Case(name: "note over a short description edit", save: { .addNote(number: n, text: "Called", expectedVersion: $0) },
             meanwhile: [(.edit(number: n, [.shortDescription("Other")]), "sue")], merges: true),
        Case(name: "hold over a work note", save: { .transition(number: n, .hold(reason: nil), expectedVersion: $0) },
             meanwhile: [(.addNote(number: n, text: "FYI", expectedVersion: nil), "sue")], merges: true),
        Case(name: "short description over a short description", save: { .edit(number: n, [.shortDescription("VPN")], expectedVersion: $0) },
             meanwhile: [(.edit(number: n, [.shortDescription("Other")]), "sue")], merges: false),
        Case(name: "opened for over opened for", save: { .edit(number: n, [.openedFor("CUS0000002")], expectedVersion: $0) },
             meanwhile: [(.edit(number: n, [.openedFor("CUS0000003")]), "sue")], merges: false),
        Case(name: "note over a state change", save: { .addNote(number: n, text: "Called", expectedVersion: $0) },
             meanwhile: [(.transition(number: n, .hold(reason: nil)), "ana")], merges: false),
        Case(name: "transfer over a transfer", save: { .transition(number: n, .transfer(.queue("service-desk")), expectedVersion: $0) },
             meanwhile: [(.transition(number: n, .transfer(.agent("bo"))), "sue")], merges: false),
        Case(name: "new task over a new task", save: { .createTask(number: n, kind: .incident, expectedVersion: $0) },
             meanwhile: [(.createTask(number: n, kind: .request), "sue")], merges: false),
    ]

    @Test(arguments: cases)
    func aSaveMergesOnlyWhenNothingItDependsOnChanged(_ c: Case) throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "hello", caller: "guest42"), by: "chat")
        try desk.run(.transition(number: Self.guest, .accept))
        let seen = try #require(desk.interaction(c.record))
        for (command, actor) in c.meanwhile { try desk.run(command, by: actor, at: t0.adding(30)) }
        let save = c.save(seen.version)
        // As it was prepared, it is refused: the record moved on.
        #expect(throws: DomainError.self) { try desk.plan(save, by: "ana", at: t0.adding(60)) }
        let rebased = desk.rebase(save, preparedOn: seen)
        #expect((rebased != nil) == c.merges, "\(c.name)")
        if let rebased {
            #expect(rebased.expectedVersion == desk.interaction(c.record)?.version)
            #expect(throws: Never.self) { try desk.run(rebased, by: "ana", at: t0.adding(60)) }
        }
    }

    @Test func aCommandNotCheckedAgainstAVersionIsNeverRebased() throws {
        let desk = try deskWithRecord(in: .workInProgress)
        let seen = try #require(desk.interaction(Self.n))
        #expect(desk.rebase(.reply(number: Self.n, text: "hi"), preparedOn: seen) == nil)
        #expect(desk.rebase(.addNote(number: Self.n, text: "x", expectedVersion: nil), preparedOn: seen) == nil)
    }
}
