import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The number a contact came from is shown and never typed twice (issue 22: 6).
struct CallerUITests {
    @Test func anUnknownCallersNumberIsShownAndStartsTheNewCustomerCard() {
        var desk = sampleDesk()
        desk.run(.intake(type: .phone, openedFor: nil, queue: nil, text: nil, caller: "+44 20 7946 0369"), by: "phone", at: t0)
        desk.run(.transition(number: "IMS0000006", .accept), at: t0)
        let (session, _, _) = makeSession(desk: desk)
        session.press(Bindings.key(for: .search, in: .home)!)
        session.type("IMS0000006")
        session.press(.enter, .enter)
        #expect(session.screen.contains("Opened for (nobody yet) +442079460369"), "\(session.screen)")
        #expect(session.screen.contains("Caller               +442079460369"), "\(session.screen)")
        // Opened for → + New customer: the card starts with the number.
        session.press(.moveDown, .editSelected)
        guard case .picker = session.state.dialog else { Issue.record("Enter on Opened for opens its picker: \(session.screen)"); return }
        session.type("Kim Park")                  // nobody: + New customer is the only item
        session.press(.confirm)
        guard case .customer(let form)? = session.state.dialog else { Issue.record("a new customer card: \(session.screen)"); return }
        #expect(form.fields.phone.text == "+442079460369")
        #expect(form.fields.name.text == "Kim Park")
    }

    @Test func anOfferOfAnUnlinkedMessageNamesItsSendersNumber() {
        var desk = sampleDesk()
        desk.run(.offerRecord(number: "IMS0000004", agent: "ana"), by: Desk.routingActor, at: t0)
        let (session, _, _) = makeSession(desk: desk)
        #expect(session.screen.contains("▶ Offered IMS0000004 Messaging · +442079460958"), "\(session.screen)")
    }
}
