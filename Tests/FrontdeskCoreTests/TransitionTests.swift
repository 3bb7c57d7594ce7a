import Testing
@testable import FrontdeskCore

/// Every transition from every state: allowed ones land in the documented state,
/// refused ones name the rule and the current state and leave the record unchanged.
struct TransitionTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let from: InteractionState
        let transition: RecordTransition
        /// nil: refused.
        let to: InteractionState?
        var testDescription: String { "\(from.rawValue) --\(transition)--> \(to?.rawValue ?? "refused")" }
    }

    static let all: [RecordTransition] = [
        .accept, .hold(reason: nil), .resume, .transfer(.agent("bo")), .transfer(.queue("service-desk")),
        .endConversation, .complete, .abandon, .archive,
    ]

    static func expected(_ from: InteractionState, _ t: RecordTransition) -> InteractionState? {
        switch (t, from) {
        case (.accept, .new), (.accept, .queued), (.accept, .onHold): return .workInProgress
        case (.hold, .workInProgress): return .onHold
        case (.resume, .onHold): return .workInProgress
        case (.transfer(.queue), let s) where s.isOpen: return .queued    // back in a queue, waiting
        case (.transfer, let s) where s.isOpen: return .onHold
        case (.endConversation, .workInProgress): return .wrapUp  // wrap-up switched on in the fixture
        case (.complete, .workInProgress), (.complete, .onHold), (.complete, .wrapUp): return .closedComplete
        case (.abandon, let s) where s.isOpen: return .closedAbandoned
        case (.archive, let s) where s.isClosed: return s      // archive keeps the state, sets archived_at
        default: return nil
        }
    }

    /// Transferring a Queued record to the queue it waits in changes nothing: see
    /// `aTransferToTheQueueItAlreadyWaitsInChangesNothing`.
    static let cases: [Case] = InteractionState.allCases.flatMap { from in
        all.map { Case(from: from, transition: $0, to: expected(from, $0)) }
    }.filter { !($0.from == .queued && $0.transition == .transfer(.queue("service-desk"))) }

    @Test(arguments: cases)
    func transition(_ c: Case) throws {
        var desk = try deskWithRecord(in: c.from)
        let before = try #require(desk.interaction("IMS0000001"))
        #expect(before.state == c.from)
        let later = t0.adding(60)
        if let to = c.to {
            try desk.run(.transition(number: "IMS0000001", c.transition), by: "ana", at: later)
            let after = try #require(desk.interaction("IMS0000001"))
            #expect(after.state == to)
            #expect(after.version == before.version + 1)
            if c.transition == .archive { #expect(after.archivedAt == later) }
        } else {
            #expect(throws: DomainError.self) {
                try desk.run(.transition(number: "IMS0000001", c.transition), by: "ana", at: later)
            }
            do {
                _ = try desk.plan(.transition(number: "IMS0000001", c.transition), by: "ana", at: later)
            } catch {
                #expect(error.description.contains(c.from.display) || error.description.contains("archived"),
                        "refusal should name the current state: \(error)")
            }
            #expect(desk.interaction("IMS0000001") == before)
        }
    }

    @Test func archivedRecordRefusesEverything() throws {
        var desk = try deskWithRecord(in: .closedComplete)
        try desk.run(.transition(number: "IMS0000001", .archive))
        let before = desk.interaction("IMS0000001")
        for t in Self.all {
            #expect(throws: DomainError.self) { try desk.run(.transition(number: "IMS0000001", t)) }
        }
        #expect(desk.interaction("IMS0000001") == before)
    }

    @Test func endConversationWithoutWrapUpCompletes() throws {
        var desk = try deskWithRecord(in: .workInProgress, wrapUp: [])
        try desk.run(.transition(number: "IMS0000001", .endConversation))
        #expect(desk.interaction("IMS0000001")?.state == .closedComplete)
    }

    @Test func acceptAssignsTheAgentAndTransferToQueueUnassigns() throws {
        var desk = try deskWithRecord(in: .new)
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo")
        #expect(desk.interaction("IMS0000001")?.assignedTo == "bo")
        try desk.run(.transition(number: "IMS0000001", .transfer(.queue("service-desk"))), by: "bo")
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.assignedTo == nil)
        #expect(r.state == .queued, "back in a queue: Queued, waiting for an agent")
        #expect(desk.records(in: .queue, agent: "ana").map(\.number) == ["IMS0000001"])
    }

    @Test func transferToAgentPutsItInTheirWork() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.transition(number: "IMS0000001", .transfer(.agent("bo"))))
        #expect(desk.records(in: .mine, agent: "bo").map(\.number) == ["IMS0000001"])
        #expect(desk.records(in: .mine, agent: "ana").isEmpty)
    }

    struct TransferRefusal: Sendable, CustomTestStringConvertible {
        let target: TransferTarget
        let message: String
        var testDescription: String { "\(target)" }
    }

    @Test(arguments: [
        TransferRefusal(target: .agent("nobody"), message: "no agent \"nobody\""),
        TransferRefusal(target: .queue("nowhere"), message: "no queue \"nowhere\""),
        TransferRefusal(target: .queue("walk-in"), message: "does not serve Chat"),
        TransferRefusal(target: .agent("ana"), message: "already has that value"),
    ])
    func transferRefusals(_ c: TransferRefusal) throws {
        var desk = try deskWithRecord(in: .workInProgress)
        let before = desk.interaction("IMS0000001")
        #expect { try desk.run(.transition(number: "IMS0000001", .transfer(c.target))) } throws: { error in
            "\(error)".contains(c.message)
        }
        #expect(desk.interaction("IMS0000001") == before)
    }

    /// Transferring a Queued record to the queue it waits in would change nothing and leave no
    /// trail: nothing is saved (no new version), and the summary says so instead of "transferred".
    @Test func aTransferToTheQueueItAlreadyWaitsInChangesNothing() throws {
        var desk = try deskWithRecord(in: .queued)
        let before = desk.interaction("IMS0000001")
        let result = try desk.run(.transition(number: "IMS0000001", .transfer(.queue("service-desk"))), by: "sue")
        #expect(result.changes.isEmpty)
        #expect(result.summary.hasPrefix("IMS0000001 already waits in queue service-desk, unassigned: nothing changed"))
        #expect(desk.interaction("IMS0000001") == before)
        // Back into its queue from an agent's hands is a real transfer.
        try desk.run(.transition(number: "IMS0000001", .accept))
        try desk.run(.transition(number: "IMS0000001", .transfer(.queue("service-desk"))))
        #expect(desk.interaction("IMS0000001")?.state == .queued)
    }

    @Test func conflictOnStaleVersion() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        let seen = try #require(desk.interaction("IMS0000001"))
        try desk.run(.addNote(number: "IMS0000001", text: "first", expectedVersion: seen.version), by: "ana")
        let after = desk.interaction("IMS0000001")
        #expect(throws: DomainError.conflict(number: "IMS0000001", expectedVersion: seen.version,
                                             currentVersion: seen.version + 1, lastChange: "work note added by ana at 09:00")) {
            try desk.run(.transition(number: "IMS0000001", .hold(reason: nil), expectedVersion: seen.version), by: "bo")
        }
        #expect(desk.interaction("IMS0000001") == after)
    }

    @Test func auditTrailRecordsWhoWhenOldNew() throws {
        var desk = try deskWithRecord(in: .new)
        try desk.run(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(30))
        let r = try #require(desk.interaction("IMS0000001"))
        let state = try #require(r.history.last { $0.change.field == "state" })
        #expect(state.by == "bo")
        #expect(state.at == t0.adding(30))
        #expect(state.change.oldValue == "new")
        #expect(state.change.newValue == "work_in_progress")
        let assigned = try #require(r.history.last { $0.change.field == "assigned_to" })
        #expect(assigned.change.oldValue == nil)
        #expect(assigned.change.newValue == "bo")
    }
}
