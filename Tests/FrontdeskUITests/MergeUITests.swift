import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// A save after a conflict goes through; changes that touch nothing the save sets (a receipt,
/// someone's note) are no conflict at all.
struct MergeUITests {
    func k(_ action: UIAction, _ context: KeyContext = .record) -> Key { Bindings.key(for: action, in: context)! }

    /// ana has IMS0000001 open and the short description dialog typed into.
    func typingShortDescription(_ text: String) -> (ConsoleSession, MemorySource) {
        let (session, source, _) = makeSession()
        session.press(k(.open, .home), k(.editShortDescription))
        session.press(.control("u"))
        session.type(text)
        return (session, source)
    }

    @Test func afterAConflictIsShownTheNextEnterSavesWhatWasTyped() {
        let (session, source) = typingShortDescription("VPN drops on hotel wifi")
        source.changeElsewhere(.edit(number: "IMS0000001", [.shortDescription("Bumped by sam")]), by: "sam")
        session.press(.enter)
        let message = session.state.status?.text ?? ""
        #expect(message.contains("changed since you saw it") && message.contains("Enter saves what you typed over it"), "\(message)")
        guard case .text(let prompt)? = session.state.dialog else { Issue.record("the dialog comes back"); return }
        #expect(prompt.field.text == "VPN drops on hotel wifi")
        #expect(source.desk.interaction("IMS0000001")?.shortDescription == "Bumped by sam", "shown as it is now")
        session.press(.enter)
        #expect(source.desk.interaction("IMS0000001")?.shortDescription == "VPN drops on hotel wifi")
        #expect(session.state.dialog == nil)
        #expect(session.state.status?.isError == false, "\(session.state.status?.text ?? "")")
    }

    @Test func aConflictAgainAfterTheFirstIsShownAgainAndTheThirdEnterSaves() {
        let (session, source) = typingShortDescription("Mine")
        source.changeElsewhere(.edit(number: "IMS0000001", [.shortDescription("Theirs 1")]), by: "sam")
        session.press(.enter)
        source.changeElsewhere(.edit(number: "IMS0000001", [.shortDescription("Theirs 2")]), by: "sam")
        session.press(.enter)
        #expect(session.state.status?.text.contains("changed since you saw it") == true, "a newer change is shown too")
        #expect(source.desk.interaction("IMS0000001")?.shortDescription == "Theirs 2")
        session.press(.enter)
        #expect(source.desk.interaction("IMS0000001")?.shortDescription == "Mine")
    }

    @Test func someoneElsesNoteIsNoConflict() {
        let (session, source) = typingShortDescription("VPN drops on hotel wifi")
        source.changeElsewhere(.addNote(number: "IMS0000001", text: "FYI: outage", expectedVersion: nil), by: "sam")
        session.press(.enter)
        #expect(session.state.status?.isError == false, "\(session.state.status?.text ?? "")")
        #expect(source.desk.interaction("IMS0000001")?.shortDescription == "VPN drops on hotel wifi")
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "FYI: outage")
    }

    /// The issue's own steps: a reply, then the short description typed while the gateway
    /// delivers the reply.
    @Test func aDeliveryReceiptWhileTypingIsNoConflict() throws {
        var desk = sampleDesk()
        desk.run(.transition(number: "IMS0000004", .accept), at: t0)
        let source = MemorySource(desk)
        let session = ConsoleSession(source: source, clock: TestClock(t0.adding(5)), agent: "ana", storeLabel: "store", width: 80, height: 24)
        session.press(k(.search, .home))
        session.type("IMS0000004")
        session.press(.enter, .enter, k(.reply))
        session.type("Looking into it")
        session.press(.enter)
        session.press(k(.editShortDescription))
        session.type("Outage question")
        let reply = try #require(source.desk.interaction("IMS0000004")?.transcript.last?.id)
        source.changeElsewhere(.replyDelivered(id: reply), by: "sms", at: t0.adding(10))
        session.press(.enter)
        #expect(session.state.status?.isError == false, "\(session.state.status?.text ?? "")")
        #expect(source.desk.interaction("IMS0000004")?.shortDescription == "Outage question")
    }

    /// A state change is a conflict; once shown, the next Enter is the plan's to judge: saved,
    /// or refused with its own reason, never the same conflict again.
    @Test func aNoteAfterATransferConflictIsJudgedByTheRulesNext() {
        let (session, source, _) = makeSession()
        session.press(k(.open, .home), k(.addNote))
        session.type("Called back")
        source.changeElsewhere(.transition(number: "IMS0000001", .transfer(.agent("bo"))), by: "sam")
        session.press(.enter)
        #expect(session.state.status?.text.contains("changed since you saw it") == true)
        session.press(.enter)
        let after = session.state.status?.text ?? ""
        #expect(!after.contains("changed since you saw it"), "\(after)")
        let saved = source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Called back"
        if !saved {
            guard case .text(let prompt)? = session.state.dialog else { Issue.record("refused, the note comes back"); return }
            #expect(prompt.field.text == "Called back")
        }
    }
}
