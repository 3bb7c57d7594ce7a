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

    @Test func withoutAHandleEveryChatIsNew() throws {
        var desk = makeDesk()
        let a = try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "x"), by: "chat", at: t0)
        let b = try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "y"), by: "chat", at: t0.adding(1))
        #expect(a.subject != b.subject)
    }
}
