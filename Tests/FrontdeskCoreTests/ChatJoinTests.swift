import Foundation
import Testing
@testable import FrontdeskCore

/// A chat handle writing again while its chat is open joins it, as messaging does.
@Suite struct ChatJoinTests {
    @Test func theSameHandleJoinsItsOpenChatAndANewOneAfterItCloses() throws {
        var desk = makeDesk()
        let first = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Hi", caller: "visitor-7"), by: "chat", at: t0)
        let again = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Anyone there?", caller: "visitor-7"), by: "chat", at: t0.adding(30))
        #expect(again.subject == first.subject)
        #expect(again.summary.contains("joined"))
        let r = try #require(desk.interaction(first.subject!))
        #expect(r.transcript.map(\.text) == ["Hi", "Anyone there?"])
        #expect(desk.auditText(r.history.last!) == "Message received: “Anyone there?”")
        // Another handle is another chat; after the first closes, the same handle starts anew.
        let other = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Hello", caller: "visitor-8"), by: "chat", at: t0.adding(40))
        #expect(other.subject != first.subject)
        try desk.run(.edit(number: first.subject!, [.shortDescription("Gone")]), by: "sue", at: t0.adding(45))
        try desk.run(.transition(number: first.subject!, .abandon), by: "sue", at: t0.adding(50))
        let later = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Back", caller: "visitor-7"), by: "chat", at: t0.adding(60))
        #expect(later.subject != first.subject && later.subject != other.subject)
    }

    /// Neither a handle nor a customer: nothing says it is the same person, so every chat is new.
    @Test func withoutAHandleOrACustomerEveryChatIsNew() throws {
        var desk = makeDesk()
        let a = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "x"), by: "chat", at: t0)
        let b = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "y"), by: "chat", at: t0.adding(1))
        #expect(a.subject != b.subject)
    }

    /// A known customer's chat continues their open chat, not a new record beside it.
    @Test func aKnownCustomersChatJoinsTheirOpenChat() throws {
        var desk = makeDesk()
        let a = try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "x"), by: "chat", at: t0)
        let b = try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "y"), by: "chat", at: t0.adding(1))
        #expect(a.subject == b.subject && b.summary.contains("joined"))
        #expect(desk.interaction(a.subject!)?.transcript.map(\.text) == ["x", "y"])
        let other = try desk.run(.intake(type: .chat, openedFor: "CUS0000003", queue: nil, text: "z"), by: "chat", at: t0.adding(2))
        #expect(other.subject != a.subject, "another customer's chat is another record")
    }

    /// A handle whose chat was opened for a customer is remembered on them: their next chat
    /// from it, after the first closed, is theirs from the start.
    @Test func aHandleLinkedToACustomerIsRememberedOnThem() throws {
        var desk = makeDesk()
        let first = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Hi", caller: "jose-web"), by: "chat", at: t0)
        let n = first.subject!
        try desk.run(.edit(number: n, [.openedFor("CUS0000003"), .shortDescription("VPN")]), by: "sue", at: t0.adding(10))
        #expect(desk.customers["CUS0000003"]?.chatHandles == ["jose-web"])
        #expect(desk.customer(withChatHandle: "jose-web")?.id == "CUS0000003")
        try desk.run(.transition(number: n, .abandon), by: "sue", at: t0.adding(20))
        let next = try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Back", caller: "jose-web"), by: "chat", at: t0.adding(30))
        #expect(next.subject != n)
        #expect(desk.interaction(next.subject!)?.openedFor == "CUS0000003")
        // Linked to someone else later, the handle moves to them.
        try desk.run(.edit(number: next.subject!, [.openedFor("CUS0000001"), .shortDescription("Printer")]), by: "sue", at: t0.adding(40))
        #expect(desk.customers["CUS0000003"]?.chatHandles == [])
        #expect(desk.customer(withChatHandle: "jose-web")?.id == "CUS0000001")
        // Editing the customer's card keeps their handles.
        try desk.run(.editCustomer(id: "CUS0000001", CustomerDetails(name: "Zoë Müller-Lang", email: "zoe@example.com", phone: "+15551234567")), by: "sue")
        #expect(desk.customers["CUS0000001"]?.chatHandles == ["jose-web"])
    }

    @Test func chatHandlesAreStoredOnlyWhenKnown() throws {
        let plain = Customer(id: "CUS0000009", name: "Kim")
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("chat_handles"))
        let known = Customer(id: "CUS0000009", name: "Kim", chatHandles: ["kim-web"])
        #expect(try JSONDecoder().decode(Customer.self, from: try JSONEncoder().encode(known)) == known)
    }
}
