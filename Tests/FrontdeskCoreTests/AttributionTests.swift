import Testing
@testable import FrontdeskCore

/// When a supervisor acts for an agent, the trail names who did it and for whom.
@Suite struct AttributionTests {
    /// A supervisor's note on an agent's record leaves it theirs: no takeover on the trail.
    @Test func aSupervisorsNoteIsNotATakeover() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        let trail = desk.interaction("IMS0000001")!.history.count
        try desk.run(.addNote(number: "IMS0000001", text: "Customer called the hotline too"), by: "sue")
        let r = desk.interaction("IMS0000001")!
        #expect(r.assignedTo == "ana")
        #expect(r.history.count == trail)
        #expect(!r.history.contains { $0.change.field == AuditField.takeover })
        #expect(r.workNotes.last?.author == "sue")
    }

    /// A supervisor rejecting an offer made to an agent: "Offer to Bo Chen rejected by Sue Park
    /// for them", not "rejected by Bo Chen".
    @Test func aSupervisorRejectingAnOfferIsNamed() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: nil), by: "walk-up")
        try desk.run(.offerRecord(number: "IMS0000001", agent: "bo"), by: Desk.routingActor)
        try desk.run(.rejectOffer(number: "IMS0000001", reason: "Busy"), by: "sue")
        let entry = try #require(desk.interaction("IMS0000001")!.history.last)
        #expect(entry.by == "sue")
        #expect(desk.auditText(entry) == "Offer to Bo Chen rejected by Sue Park for them: Busy")
        try desk.run(.offerRecord(number: "IMS0000001", agent: "bo"), by: Desk.routingActor)
        try desk.run(.rejectOffer(number: "IMS0000001", reason: "Busy"), by: "bo")
        #expect(desk.auditText(desk.interaction("IMS0000001")!.history.last!) == "Offer rejected by Bo Chen: Busy")
    }

    /// Another's presence set by a supervisor is logged as by the supervisor.
    @Test func aSupervisorSettingPresenceIsLoggedAsThem() throws {
        var desk = makeDesk()
        try desk.run(.setPresence(login: "bo", .away), by: "sue")
        #expect(desk.agents["bo"]?.presenceLog.last == Agent.PresenceChange(at: t0, presence: .away, by: "sue"))
    }
}
