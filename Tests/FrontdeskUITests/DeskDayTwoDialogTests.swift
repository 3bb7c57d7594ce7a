import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Issue 22, the console's dialogs and record screen: one test per point, driven through the
/// session by the keys' bindings.
@Suite struct DeskDayTwoDialogTests {
    func k(_ action: UIAction, _ context: KeyContext = .record) -> Key { Bindings.key(for: action, in: context)! }

    // 9: letters typed on Type go to Short description (and the console says so); Enter with
    // it empty asks instead of creating.
    @Test func lettersTypedOnTheTypeFieldGoToShortDescription() throws {
        let (session, source, _) = makeSession()
        session.press(k(.newInteraction))
        guard case .newInteraction(let before)? = session.state.dialog else { Issue.record("the New form opens"); return }
        #expect(before.focus == .type)
        session.type("Badge not opening door B2")
        guard case .newInteraction(let form)? = session.state.dialog else { Issue.record("still the form"); return }
        #expect(form.type == before.type, "typing does not change the type")
        #expect(form.short.text == "Badge not opening door B2" && form.focus == .short)
        #expect(session.screen.contains("Typed into Short description"), "\(session.screen)")
        session.press(.enter)
        let r = try #require(session.state.record.flatMap { source.desk.interaction($0.number) })
        #expect(r.type == before.type && r.shortDescription == "Badge not opening door B2")
    }

    @Test func enterWithAnEmptyShortDescriptionAsksFirst() throws {
        let (session, source, _) = makeSession()
        session.press(k(.newInteraction), .enter)
        guard case .choice(let ask)? = session.state.dialog else { Issue.record("must ask:\n\(session.screen)"); return }
        #expect(ask.title == "No short description" && ask.options[ask.selected].label == "Type one")
        #expect(source.saved.isEmpty, "nothing is created silently")
        session.press(.enter)                                // Type one: back in the form, on Short description
        guard case .newInteraction(let form)? = session.state.dialog else { Issue.record("back to the form"); return }
        #expect(form.focus == .short)
        session.press(.enter, .character("c"))               // asked again; Create without one
        let r = try #require(session.state.record.flatMap { source.desk.interaction($0.number) })
        #expect(r.shortDescription.isEmpty && source.saved.count == 1)
    }

    // 11: Complete in the close dialog on a type whose wrap-up is on goes through wrap-up.
    @Test func completeOnATypeWithWrapUpAsksForTheCode() throws {
        let (session, source, _) = makeSession()
        session.press(k(.open, .home))                       // IMS0000001: ana's chat, wrap-up on for chat
        session.press(k(.close))
        guard case .choice(let ask)? = session.state.dialog else { Issue.record("close asks:\n\(session.screen)"); return }
        #expect(ask.options.map(\.label).contains("Complete (wrap-up code next)"), "\(ask.options.map(\.label))")
        session.press(.character("c"))
        #expect(source.desk.interaction("IMS0000001")?.state == .wrapUp, "not closed around wrap-up")
        guard case .picker(let picker)? = session.state.dialog, case .wrapUpCode = picker.purpose else {
            Issue.record("the wrap-up code is asked next:\n\(session.screen)"); return
        }
        session.type("esc")
        session.press(.enter)
        session.type("Sent on")
        session.press(.enter)
        let r = try #require(source.desk.interaction("IMS0000001"))
        #expect(r.state == .closedComplete)
        #expect(r.history.contains { $0.change.field == AuditField.wrapUpCode }, "a code was recorded")
        // From Wrap Up, c → Complete opens the same picker.
        var desk = sampleDesk()
        desk.run(.transition(number: "IMS0000001", .endConversation))
        let (again, _, _) = makeSession(desk: desk)
        again.press(k(.open, .home), k(.close), .character("c"))
        guard case .picker(let next)? = again.state.dialog, case .wrapUpCode = next.purpose else {
            Issue.record("from Wrap Up too:\n\(again.screen)"); return
        }
    }

    // 17: one behaviour for every list under a search field: typing highlights nothing, ↓
    // highlights the first match, Enter takes it (or the only item there is).
    @Test func downPicksTheFirstMatchInTheNewFormAndInTheOpenedForPicker() throws {
        // The New form.
        let (form, _, _) = makeSession()
        form.press(k(.newInteraction), .tab)
        form.type("Zo")
        form.press(.down, .enter)
        guard case .newInteraction(let f)? = form.state.dialog else { Issue.record("still the form"); return }
        #expect(f.chosen == "CUS0000001")
        // The Opened for picker of a record: the same keys, the same customer.
        var desk = sampleDesk()
        desk.run(.create(type: .phone, openedFor: nil, queue: nil, shortDescription: "Printer", accept: true))
        let (session, source, _) = makeSession(desk: desk)
        session.press(.end, k(.open, .home), k(.moveDown), k(.editSelected))   // Opened for of IMS0000006
        guard case .picker(let picker)? = session.state.dialog, case .openedFor = picker.purpose else {
            Issue.record("the Opened for picker:\n\(session.screen)"); return
        }
        session.type("Zo")
        #expect(session.screen.contains("↓ to choose (nothing chosen yet)"), "\(session.screen)")
        session.press(.enter)                                // two items: nothing is guessed
        #expect(source.desk.interaction("IMS0000006")?.openedFor == nil)
        #expect(session.state.status?.text.contains("↓ to choose one of the 2 items") == true, "\(session.state.status?.text ?? "")")
        session.press(.down, .enter)
        #expect(source.desk.interaction("IMS0000006")?.openedFor == "CUS0000001", "↓ took the first match, not + New customer")
    }

    // 10: a new customer typed into Opened for's card is saved on a record with no short
    // description, as linking a profile (`p`) with a new customer is: one rule for both.
    @Test func aNewCustomerCardInOpenedForSavesWithoutAShortDescriptionAsLinkingDoes() throws {
        let (session, source, _) = makeSession(desk: unknownCallerDesk())
        session.press(.character("2"), k(.accept, .home))    // the unknown caller's chat, opened
        #expect(source.desk.interaction("IMS0000001")?.hasShortDescription == false)
        session.press(k(.moveDown), k(.editSelected))        // Opened for
        session.type("Ines Duarte")
        session.press(.enter)                                // the only item: + New customer
        guard case .customer? = session.state.dialog else { Issue.record("the customer card:\n\(session.screen)"); return }
        session.press(.tab)
        session.type("ines@example.com")
        session.press(.enter)
        #expect(session.state.dialog == nil, "saved, not refused: \(session.state.status?.text ?? "")")
        let r = try #require(source.desk.interaction("IMS0000001"))
        let ines = try #require(source.desk.customers[r.openedFor ?? ""])
        #expect(ines.name == "Ines Duarte" && ines.email == "ines@example.com")
        #expect(!r.hasShortDescription, "identifying the customer needs no short description")
        // The same rule through `p`: a new customer linked to an SMS sender's profile.
        let (linking, linked, _) = makeSession()
        linking.press(.character("3"), k(.accept, .home))    // IMS0000004, the SMS contact, no short description
        linking.press(k(.linkProfile))
        linking.type("Kim Park")
        linking.press(.enter, .enter)
        let sms = try #require(linked.desk.interaction("IMS0000004"))
        #expect(linked.desk.customers[sms.openedFor ?? ""]?.name == "Kim Park" && !sms.hasShortDescription)
        // Saving anything else still needs one (rule 1), and `L` says so before a number is typed.
        session.press(k(.linkTask))
        #expect(session.state.dialog == nil)
        #expect(session.state.status?.text.contains("the short description must be filled in before associating") == true,
                "\(session.state.status?.text ?? "")")
    }

    // Low: the presence dialog opens on the change most likely wanted, not on the current state.
    @Test func presenceOpensOnTheLikelyChange() {
        let (session, source, _) = makeSession()
        session.press(k(.presence, .home))
        guard case .choice(let fromAvailable)? = session.state.dialog else { Issue.record("presence asks"); return }
        #expect(fromAvailable.options[fromAvailable.selected].label == "Away")
        session.press(.enter)
        #expect(source.desk.agents["ana"]?.presence == .away)
        session.press(k(.presence, .home))
        guard case .choice(let fromAway)? = session.state.dialog else { Issue.record("presence asks"); return }
        #expect(fromAway.options[fromAway.selected].label == "Available")
    }
}
