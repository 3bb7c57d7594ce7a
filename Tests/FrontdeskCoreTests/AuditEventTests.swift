import Testing
@testable import FrontdeskCore

/// Typed audit events: each case has one stored triple (field, old, new), reads back from it
/// as itself, and has its line of the trail.
@Suite struct AuditEventTests {
    typealias Change = AuditEntry.Change

    /// Every case: the event, the triple the store keeps for it, the trail's words (by `ana`).
    static let table: [(change: Change, field: String, old: String?, new: String?, text: String)] = [
        (.created(state: .queued), "created", nil, "queued", "Created (Queued)"),
        (.state(from: .new, to: .workInProgress), "state", "new", "work_in_progress", "State: New → Work in Progress"),
        (.assigned(from: nil, to: "bo"), "assigned_to", nil, "bo", "Assigned to: — → Bo Chen"),
        (.assigned(from: "bo", to: nil), "assigned_to", "bo", nil, "Assigned to: Bo Chen → —"),
        (.offer(agent: "bo"), "offer", nil, "bo", "Offered to Bo Chen"),
        (.offerRejected(agent: "ana", reason: "Busy"), "offer_rejected", "ana", "Busy", "Offer rejected by Ana Lima: Busy"),
        (.offerTimedOut(agent: "bo"), "offer_timed_out", "bo", nil, "Offer to Bo Chen timed out"),
        (.rerouted, "rerouted", nil, nil, "Offered again to everyone serving its queue"),
        (.reply(id: "MSG0000001", address: "sms:+15551234567"), "reply", "sms:+15551234567", "MSG0000001",
         "Reply MSG0000001 sent to sms +15551234567 (queued for the gateway)"),
        (.reply(id: "MSG0000002", address: nil), "reply", nil, "MSG0000002", "Reply MSG0000002 sent to the customer (queued for the gateway)"),
        (.replyDelivered(id: "MSG0000001"), "reply_delivered", nil, "MSG0000001", "Reply MSG0000001 delivered"),
        (.replyFailed(id: "MSG0000001", reason: "HTTP 500"), "reply_failed", "MSG0000001", "HTTP 500", "Reply MSG0000001 failed: HTTP 500"),
        (.replyRetried(id: "MSG0000001"), "reply_retried", nil, "MSG0000001", "Reply MSG0000001 retried"),
        (.wrapUpCode(agent: "ana", code: "Resolved"), "wrap_up_code", "ana", "Resolved", "Wrap-up code: Resolved"),
        (.wrapUpCode(agent: nil, code: "Callback"), "wrap_up_code", nil, "Callback", "Wrap-up code: Callback"),
        (.wrapUpNotes("Called back"), "wrap_up_notes", nil, "Called back", "Wrap-up notes: Called back"),
        (.wrapUpDue(agent: "bo"), "wrap_up_due", nil, "bo", "Wrap-up of their part due from Bo Chen (transferred while working it)"),
        (.takeover(owner: "bo", supervisor: "sue"), "takeover", "bo", "sue", "Taken over from Bo Chen by supervisor Sue Park"),
        (.caller("+15559876543"), "caller", nil, "+15559876543", "Caller: +15559876543"),
        (.message("Is there an outage?"), "message", nil, "Is there an outage?", "Message received: “Is there an outage?”"),
        (.relatedTask("Incident INC0000001 created"), "related_task", nil, "Incident INC0000001 created", "Related task: Incident INC0000001 created"),
        (.reopened(reason: "closed by mistake"), "reopen_reason", nil, "closed by mistake", "Reopened: closed by mistake"),
        (.field(name: "queue", old: nil, new: "walk-in"), "queue", nil, "walk-in", "Queue: — → Walk-in Counter"),
        (.field(name: "opened_for", old: nil, new: "CUS0000001"), "opened_for", nil, "CUS0000001", "Opened for: — → Zoë Müller (CUS0000001)"),
        (.field(name: "priority", old: "3", new: "1"), "priority", "3", "1", "Priority: 3 → 1"),
    ]

    @Test func everyCaseHasOneTripleAndReadsBackAsItself() throws {
        let desk = makeDesk()
        for row in Self.table {
            let triple = row.change.triple
            #expect(triple.field == row.field && triple.old == row.old && triple.new == row.new, "\(row.change)")
            let back = try #require(Change(field: row.field, old: row.old, new: row.new), "\(row.field)")
            #expect(back == row.change)
            #expect(String(describing: back) == String(describing: row.change), "decoded as the same case, not only the same triple")
            #expect(desk.auditText(AuditEntry(at: t0, by: "ana", change: back)) == row.text)
        }
    }

    /// Every event except the plain field change is in the table (a new case without a row fails here).
    @Test func theTableCoversEveryEvent() {
        let named = Set(Self.table.map(\.field))
        for name in [AuditField.created, AuditField.state, AuditField.assignedTo, AuditField.offer, AuditField.offerRejected,
                     AuditField.offerTimedOut, AuditField.rerouted, AuditField.reply, AuditField.replyDelivered, AuditField.replyFailed,
                     AuditField.replyRetried, AuditField.wrapUpCode, AuditField.wrapUpNotes, AuditField.wrapUpDue, AuditField.takeover,
                     AuditField.caller, AuditField.message, AuditField.relatedTask, AuditField.reopenReason] {
            #expect(named.contains(name), "\(name)")
        }
    }

    /// A triple whose shape is not its name's event stays a plain field change, and goes
    /// back to exactly the same triple: nothing stored is lost or read as something else.
    @Test func anOddTripleStaysAPlainFieldChange() throws {
        let odd: [(String, String?, String?)] = [
            ("offer", "x", "bo"), ("offer", nil, nil), ("offer_timed_out", "bo", "x"), ("rerouted", nil, "x"),
            ("reply_failed", nil, "why"), ("takeover", nil, "sue"), ("message", "x", "hi"), ("wrap_up_code", "ana", nil),
        ]
        for (field, old, new) in odd {
            let change = try #require(Change(field: field, old: old, new: new))
            guard case .field(let name, let o, let n) = change else { Issue.record("\(field) read as \(change)"); continue }
            #expect(name == field && o == old && n == new)
        }
        #expect(Change(field: "state", old: "new", new: "bogus") == nil, "a state change names states")
        #expect(Change(field: "created", old: "new", new: "queued") == nil)
    }

    /// A change spelled as a plain field is read as its event, so queries see it.
    @Test func aFieldSpelledByHandIsItsEvent() {
        let entry = AuditEntry(at: t0, by: "routing", change: .field(name: AuditField.offer, old: nil, new: "bo"))
        guard case .offer(let agent) = entry.change else { Issue.record("\(entry.change)"); return }
        #expect(agent == "bo")
        var r = Interaction(number: "IMS0000009", type: .chat, state: .queued, openedAt: t0,
                            history: [AuditEntry(at: t0, by: "chat", change: .created(state: .queued)), entry])
        #expect(r.pendingOffer == PendingOffer(agent: "bo", at: t0))
        r.history[1].change = .field(name: AuditField.offerTimedOut, old: "bo", new: nil)
        #expect(r.pendingOffer == nil && r.declines == ["bo": t0])
    }

    /// An entry made up on import says so and whose name it took.
    @Test func anInferredEntryIsMarkedInTheTrail() {
        var desk = makeDesk()
        var changes = ChangeSet()
        changes.agents = [Agent(login: "kiosk.lobby", displayName: "Lobby Kiosk", queues: [])]
        desk.apply(changes)
        let accepted = AuditEntry(at: t0, by: "kiosk.lobby", change: .state(from: .new, to: .workInProgress), inferred: .createdBy)
        #expect(desk.auditText(accepted) == "imported: accepted by Lobby Kiosk, inferred from sys_created_by")
        let created = AuditEntry(at: t0, by: "ana", change: .created(state: .new), inferred: .importer)
        #expect(desk.auditText(created) == "imported: created (New) by Ana Lima, inferred from who ran the import (the row has no sys_created_by)")
        let closed = AuditEntry(at: t0, by: "bo", change: .state(from: .workInProgress, to: .closedComplete), inferred: .updatedBy)
        #expect(desk.auditText(closed) == "imported: closed (Closed Complete) by Bo Chen, inferred from sys_updated_by")
        #expect(AuditEntry(at: t0, by: "bo", change: .rerouted).inferred == nil, "recorded here: not inferred")
    }
}
