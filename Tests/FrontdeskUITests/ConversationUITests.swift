import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The conversation pane, the reply box and canned replies, rendered at fixed sizes with a fake clock.
@Suite struct ConversationUITests {
    func k(_ action: UIAction, _ context: KeyContext = .record) -> Key { Bindings.key(for: action, in: context)! }

    /// ana has accepted the SMS contact IMS0000004 and has it open.
    func openMessaging(templates: [ReplyTemplate] = [], width: Int = 80, height: Int = 24) -> (ConsoleSession, MemorySource) {
        var desk = sampleDesk()
        desk.run(.transition(number: "IMS0000004", .accept), at: t0)
        let source = MemorySource(desk)
        source.templateList = templates
        let session = ConsoleSession(source: source, clock: TestClock(t0.adding(5)), agent: "ana", storeLabel: "store",
                                     width: width, height: height)
        session.press(k(.search, .home))
        session.type("IMS0000004")
        session.press(.enter, .enter)
        return (session, source)
    }

    @Test func aReplyOfTwoLinesIsSentAndShownQueuedAndUnreadMarksGo() throws {
        let (session, source) = openMessaging()
        #expect(session.screen.contains("● 08:59 +442079460958: Is there an outage?"), "\(session.screen)")
        #expect(session.screen.contains("● 1 unread"))
        #expect(session.screen.contains("i reply"), "reply leads the hints on a contact being worked")
        session.press(k(.reply))
        #expect(session.screen.contains("PUBLIC reply to +442079460958"), "\(session.screen)")
        #expect(session.screen.contains("PUBLIC: the customer reads this (sms to +442079460958)"))
        session.type("Hello")
        session.press(.control("j"))
        session.type("Second line")
        #expect(session.screen.contains("│ Hello") && session.screen.contains("│ Second line"), "two rows:\n\(session.screen)")
        session.press(.enter)
        #expect(source.saved.last == .reply(number: "IMS0000004", text: "Hello\nSecond line"))
        #expect(session.screen.contains("Ana Lima ↗ REPLY, queued: Hello"), "\(session.screen)")
        #expect(!session.screen.contains("unread"), "answered: nothing unread")
    }

    @Test func aRefusedReplyComesBackWithWhatWasTyped() throws {
        let (session, source) = openMessaging()
        session.press(k(.reply))
        session.type("Hi {{customer.first_name}}")
        session.press(.enter)
        #expect(source.saved.isEmpty)
        #expect(session.screen.contains("still holds {{customer.first_name}}"), "\(session.screen)")
        guard case .text(let prompt) = session.state.dialog else { Issue.record("the reply box is gone"); return }
        #expect(prompt.field.text == "Hi {{customer.first_name}}")
    }

    @Test func aCannedReplyIsFilteredFilledInAndEditableBeforeSending() throws {
        let templates = [ReplyTemplate(name: "greeting", text: "Hello, this is {{agent.first_name}} about {{number}}.", isBuiltIn: true),
                         ReplyTemplate(name: "closing", text: "Bye from {{agent.name}}.")]
        let (session, source) = openMessaging(templates: templates)
        session.press(k(.reply))
        session.type("Hi!")
        session.press(.control("t"))
        #expect(session.screen.contains("Canned reply for IMS0000004"), "\(session.screen)")
        #expect(session.screen.contains("closing") && session.screen.contains("greeting"))
        session.press(.escape)
        guard case .text(let kept) = session.state.dialog else { Issue.record("Esc lost the reply"); return }
        #expect(kept.field.text == "Hi!", "Esc goes back to the reply as it was")
        session.press(.control("t"))
        session.type("grt")                                 // fuzzy: g…r…t
        #expect(!session.screen.contains("closing"), "\(session.screen)")
        session.press(.enter)
        guard case .text(let filled) = session.state.dialog else { Issue.record("no reply box"); return }
        #expect(filled.field.text == "Hi! Hello, this is Ana about IMS0000004.")
        session.type(" Thanks")
        session.press(.enter)
        #expect(source.saved.last == .reply(number: "IMS0000004", text: "Hi! Hello, this is Ana about IMS0000004. Thanks"))
    }

    @Test func cannedTextWorksInAWorkNoteToo() throws {
        let (session, source) = openMessaging(templates: [ReplyTemplate(name: "escalated", text: "Escalated {{number}} to network team.")])
        session.press(k(.addNote))
        session.press(.control("t"))
        session.press(.enter)
        session.press(.enter)
        #expect(source.saved.last == .addNote(number: "IMS0000004", text: "Escalated IMS0000004 to network team.", expectedVersion: 2))
        #expect(source.desk.outbox().isEmpty, "a note is never sent")
    }

    @Test func aFailedReplySaysWhyAndEnterRetriesIt() throws {
        let (session, source) = openMessaging()
        session.press(k(.reply))
        session.type("Restart it please")
        session.press(.enter)
        source.changeElsewhere(.replyFailed(id: "MSG0000001", reason: "HTTP 500 from provider"), by: "sms", at: t0.adding(10))
        session.tick()
        #expect(session.screen.contains("REPLY, FAILED ✗ HTTP 500 from provider (Enter retries)"), "\(session.screen)")
        session.press(k(.moveUp), k(.moveUp))               // from the first field: the reply line, then the failed reply
        session.press(.enter)
        #expect(source.saved.last == .retryReply(id: "MSG0000001"))
        #expect(session.screen.contains("REPLY, queued (try 2)"), "\(session.screen)")
        source.changeElsewhere(.replyDelivered(id: "MSG0000001"), by: "sms", at: t0.adding(20))
        session.tick()
        #expect(session.screen.contains("REPLY, delivered ✓: Restart it please"), "\(session.screen)")
    }

    @Test func publicAndInternalLookDifferentInLabelAndStyle() throws {
        let (session, _) = openMessaging(height: 40)
        session.press(k(.reply))
        #expect(session.render().style(of: "PUBLIC:") == .reply)
        session.press(.escape)
        session.press(k(.addNote))
        #expect(session.screen.contains("INTERNAL work note on IMS0000004"), "\(session.screen)")
        #expect(session.render().style(of: "INTERNAL:") == .internalNote)
        session.type("checked the router")
        session.press(.enter)
        session.press(k(.reply))
        session.type("On it")
        session.press(.enter)
        let grid = session.render()
        #expect(grid.style(of: "↗ REPLY") == .reply)
        #expect(grid.style(of: "Work notes (1) · INTERNAL") == .internalNote, "\(grid.text)")
        // Neither style is the other, in colour or in monochrome: labels say it in words too.
        #expect(Style.reply != Style.internalNote)
    }

    @Test func theConversationFitsAt40x12() throws {
        let (session, _) = openMessaging(width: 40, height: 12)
        session.press(k(.reply))
        session.type("Hello, a rather long reply that wraps over several rows of the box")
        let screen = session.screen
        #expect(screen.contains("PUBLIC reply to"), "\(screen)")
        #expect(screen.contains("Ctrl-J"), "the keys are said:\n\(screen)")
    }
}
