import Testing
@testable import FrontdeskCore

/// Messages to visitors go through the outbox, as agents' replies do: at check-in, on
/// reaching the notify position, when called, and when closed as a no-show.
@Suite struct WalkUpNoticeTests {
    func desk() throws -> Desk {
        var desk = try walkUpDesk([("queue.walk-in.walk_up.public_url", "https://desk.example.com/"),
                                   ("queue.walk-in.walk_up.notify_at_position", "1"),
                                   ("queue.walk-in.walk_up.no_show_after_calls", "1")])
        try desk.run(.setAgentDesk(login: "bo", desk: "Desk 2"), by: "sue")
        return desk
    }

    @Test func theVisitorHearsAtEachStepThroughTheOutbox() throws {
        var desk = try desk()
        try desk.checkIn("Ada Lovelace", contact: "+44 7700 900123", token: 1)
        try desk.checkIn("Grace Hopper", contact: "+44 7700 900456", token: 2, when: t0.adding(60))
        try desk.checkIn("No Phone", token: 3, when: t0.adding(120))
        var out = desk.outbox()
        #expect(out.map(\.number) == ["IMS0000001", "IMS0000002"], "a visitor without a contact gets nothing")
        #expect(out[1].address == ReplyAddress(channel: "sms", recipient: "+447700900456"))
        #expect(out[1].text == "You are number 2, about 5 minutes. Ticket W-002. Status: https://desk.example.com/status/\(statusToken(2))")
        #expect(out[0].text.hasPrefix("You are number 1, less than a minute. Ticket W-001."), "\(out[0].text)")
        // Ada is called to Desk 2, then closed as a no-show: Grace is next now, and told so once.
        try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: t0.adding(300))
        out = desk.outbox()
        #expect(out.last?.text == "W-001: please go to Desk 2." && out.last?.number == "IMS0000001")
        try desk.run(.noShow(number: "IMS0000001"), by: "bo", at: t0.adding(400))
        out = desk.outbox()
        let last = out.suffix(2).map { "\($0.number) \($0.text)" }
        #expect(last == ["IMS0000001 W-001: we called you but could not find you, so your visit is closed. Please check in again.",
                         "IMS0000002 W-002: you are next. Please stay near the counter."])
        let grace = try #require(desk.interaction("IMS0000002"))
        #expect(desk.notices(on: grace).map(\.notice) == [.checkedIn, .next])
        // Nothing more for Grace when the queue moves again.
        try desk.run(.transition(number: "IMS0000003", .accept), by: "bo", at: t0.adding(500))
        #expect(desk.notices(on: desk.interaction("IMS0000002")!).map(\.notice) == [.checkedIn, .next])
        // The gateway delivers them as it delivers replies.
        let id = try #require(desk.outbox().first?.id)
        try desk.run(.replyDelivered(id: id), by: "sms", at: t0.adding(600))
        #expect(!desk.outbox().contains { $0.id == id })
    }

    @Test func emailOnlyWhereAGatewayHandlesEmail() throws {
        var desk = try desk()
        try desk.checkIn(contact: "ada@example.org", token: 1)
        #expect(desk.outbox().isEmpty)
        desk = try self.desk()
        try desk.run(.setConfig(key: "gateways", value: "sms,walk-up,email"), by: "sue")
        try desk.checkIn(contact: "grace@example.org", token: 2)
        #expect(desk.outbox().map(\.address) == [ReplyAddress(channel: "email", recipient: "grace@example.org")])
    }

    @Test func anEmptyTemplateIsNotSentAndUnknownPlaceholdersAreRefused() throws {
        var desk = try desk()
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.message.checked_in", value: ""), by: "sue")
        try desk.checkIn(contact: "+44 7700 900123", token: 1)
        // Not told at check-in, Ada is first: she hears only that she is next.
        #expect(desk.outbox().map(\.text) == ["W-001: you are next. Please stay near the counter."])
        try desk.run(.setConfig(key: "queue.walk-in.walk_up.message.called", value: ""), by: "sue")
        try desk.run(.callVisitor(location: "walk-in", number: nil, agent: "bo"), by: "bo", at: t0.adding(60))
        #expect(desk.outbox().count == 1)
        #expect(throws: DomainError.self) {
            try desk.run(.setConfig(key: "queue.walk-in.walk_up.message.called", value: "Go to {{customer.name}}"), by: "sue")
        }
    }
}
