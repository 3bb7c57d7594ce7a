import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The traps agents fell into over whole shifts (issue 11, part 2), one test each, driven
/// through the session by the keys' bindings.
struct TrapTests {
    func k(_ action: UIAction, _ context: KeyContext = .record) -> Key { Bindings.key(for: action, in: context)! }

    // 1 and 16: a name typed into Opened for is never dropped, and never guessed.
    @Test func anUnresolvedNameInOpenedForIsAskedAboutNotDroppedOrGuessed() throws {
        let (session, source, _) = makeSession()
        session.press(k(.newInteraction))
        session.press(.tab)
        session.type("Zo")                                    // partly matches Zoë Müller
        session.press(.tab)
        guard case .choice(let ask)? = session.state.dialog else { Issue.record("Tab on with “Zo” must ask:\n\(session.screen)"); return }
        #expect(ask.title == "Who is “Zo”?")
        #expect(ask.options.map(\.label) == ["Choose a match", "New customer “Zo”", "Leave Opened for empty"])
        // Esc is the safe answer: back to choosing, with what was typed.
        session.press(.escape)
        guard case .newInteraction(let form)? = session.state.dialog else { Issue.record("back to the form"); return }
        #expect(form.customerQuery.text == "Zo" && form.chosen == nil && form.focus == .customer)
        // Enter (create) asks too: nothing is created for a guessed customer.
        session.press(.enter)                                // the first match is highlighted; Enter chooses it
        guard case .newInteraction(let chosen)? = session.state.dialog else { Issue.record("still the form"); return }
        #expect(chosen.chosen == "CUS0000001", "an explicit choice sets the customer")
        // A new name made into a new customer, with everything typed kept.
        session.press(.escape, .character("d"))
        session.press(k(.newInteraction), .tab)
        session.type("Olu Ade")
        session.press(.tab, .character("n"))
        guard case .newInteraction(let creating)? = session.state.dialog else { Issue.record("form in new-customer mode"); return }
        #expect(creating.newCustomer?.name.text == "Olu Ade")
        session.press(.enter, .character("c"))               // asked about the empty short description: create without
        let r = try #require(session.state.record.flatMap { source.desk.interaction($0.number) })
        #expect(source.desk.customers[r.openedFor ?? ""]?.name == "Olu Ade")
        #expect(source.saved.count == 1, "customer and interaction are one change")
    }

    @Test func anExactNameOrEmailIsAsGoodAsChoosing() {
        let (session, _, _) = makeSession()
        session.press(k(.newInteraction), .tab)
        session.type("zoe@example.com")
        session.press(.tab)
        guard case .newInteraction(let form)? = session.state.dialog else { Issue.record("no question for an exact match"); return }
        #expect(form.chosen == "CUS0000001" && form.focus == .short)
    }

    // 2: + New customer from the Opened for and link-profile pickers; the customer card.
    @Test func aNewCustomerFromTheRecordInOneChange() throws {
        let (session, source, _) = makeSession()
        session.press(k(.tab(0), .home))
        session.press(.character("3"))                       // All open, newest first: the SMS contact
        session.press(k(.accept, .home))                     // accepting from a list opens the record
        #expect(session.state.record?.number == "IMS0000004")
        session.press(k(.linkProfile))
        session.type("Kim Park")
        #expect(session.screen.contains("+ New customer “Kim Park”"), "\(session.screen)")
        session.press(.enter)
        guard case .customer(let form)? = session.state.dialog else { Issue.record("a customer card opens:\n\(session.screen)"); return }
        #expect(form.fields.name.text == "Kim Park")
        session.press(.tab)
        session.type("kim@example.com")
        session.press(.tab, .tab)
        session.type("Fabrikam")
        session.press(.tab, .character(" "), .enter)
        let saved = source.saved.count
        let r = try #require(source.desk.interaction("IMS0000004"))
        let kim = try #require(source.desk.customers[r.openedFor ?? ""])
        #expect(kim.name == "Kim Park" && kim.email == "kim@example.com" && kim.company == "Fabrikam" && kim.vip)
        #expect(source.desk.profiles[r.channelUserProfile ?? ""]?.customer == kim.id, "the profile is linked to her")
        #expect(saved == 2, "accept, then customer and link as one change")
        #expect(session.screen.contains("Kim Park: Is there an outage?"), "her messages are hers now:\n\(session.screen)")
        // The card shows on the record and can be edited.
        // Her phone is the number she wrote from: not typed again.
        #expect(kim.phone == "+442079460958")
        #expect(session.screen.contains("kim@example.com · +442079460958 · Fabrikam · VIP"), "\(session.screen)")
        session.press(k(.editCustomer), .tab, .tab, .control("u"))
        session.type("+1 555 010 2030")
        session.press(.enter)
        #expect(source.desk.customers[kim.id]?.phone == "+15550102030")
    }

    @Test func openedForPickerOffersANewCustomer() throws {
        let (session, source, _) = makeSession()
        session.press(k(.open, .home), k(.moveDown), k(.editSelected))   // Opened for of IMS0000001
        session.type("Ines Duarte")
        session.press(.enter)                                  // the only item: + New customer
        session.press(.enter)
        let r = try #require(source.desk.interaction("IMS0000001"))
        #expect(source.desk.customers[r.openedFor ?? ""]?.name == "Ines Duarte")
        #expect(source.saved.count == 1)
    }

    // 3: every refusal keeps what was typed.
    @Test func aRefusedNewFormComesBackAsTyped() {
        let (session, source, _) = makeSession()
        session.press(k(.newInteraction), .tab)
        session.type("Nora")
        session.press(.down, .enter)                          // + New customer
        session.type("nora@example.com")
        session.press(.tab)
        session.type("not a phone")
        session.press(.tab, .tab, .tab)
        session.type("Badge")
        session.press(.enter)
        #expect(session.state.status?.text.contains("is not a phone number") == true)
        #expect(session.screen.contains("is not a phone number"), "the reason is read beside the form it brought back:\n\(session.screen)")
        guard case .newInteraction(let form)? = session.state.dialog else { Issue.record("the form comes back"); return }
        #expect(form.newCustomer?.name.text == "Nora" && form.newCustomer?.email.text == "nora@example.com")
        #expect(form.newCustomer?.phone.text == "not a phone" && form.short.text == "Badge")
        #expect(source.saved.isEmpty)
    }

    @Test func aNoteRefusedByAConflictComesBackAndSaysWhoChangedIt() {
        let (session, source, _) = makeSession()
        session.press(k(.open, .home), k(.addNote))
        session.type("Called back")
        source.changeElsewhere(.transition(number: "IMS0000001", .transfer(.agent("bo"))), by: "sam")   // a supervisor moves it
        session.press(.enter)
        let message = session.state.status?.text ?? ""
        #expect(message.contains("IMS0000001 changed since you saw it: transferred to bo by sam"), "\(message)")
        guard case .text(let prompt)? = session.state.dialog else { Issue.record("the note comes back"); return }
        #expect(prompt.field.text == "Called back")
        #expect(session.screen.contains("On Hold"), "the record shows as it is now:\n\(session.screen)")
    }

    // 4: refusals are never cut off; a key shows the session's messages.
    @Test func aLongRefusalIsShownWholeAndKeptInTheLog() {
        let (session, _, _) = makeSession(width: 40, height: 12)
        session.press(.character("2"), k(.open, .home), k(.accept), k(.close))
        let refusal = "the short description must be filled in before closing IMS0000002 (current state: Work in Progress)"
        #expect(session.state.status?.text == refusal)
        let screen = session.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(screen.contains(refusal), "every word of it is on screen:\n\(session.screen)")
        session.press(k(.messageLog))
        #expect(session.state.overlay == .messageLog)
        // It opens on the newest; every scrolling key works from there.
        for action in [UIAction.moveDown, .pageDown, .last, .moveUp, .pageUp, .first, .moveDown] { session.press(action) }
        #expect(session.state.overlayTop >= 0 && session.state.overlayTop <= 1)
        #expect(session.screen.contains("IMS0000002 accepted by"), "\(session.screen)")
        session.press(.escape)
        #expect(session.state.overlay == nil)
    }

    // 5: the customer's messages are read first, whole.
    @Test func aLongSMSIsReadWholeAndFirst() {
        var desk = sampleDesk()
        let long = "My laptop shows a blue screen every morning after the update; I tried restarting twice, "
            + "unplugging the dock and signing in again, and it still happens at 9:05 sharp. Please help."
        desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: long, queue: nil), by: "sms", at: t0.adding(-10))
        let (session, _, _) = makeSession(desk: desk)
        session.press(.character("2"))
        let row = session.screen.split(separator: "\n").first { $0.contains("IMS0000004") }.map(String.init) ?? ""
        #expect(row.contains("+4420794609") && row.contains("“My laptop"), "sender and preview in the list: \(row)")
        session.press(.end, k(.open, .home))
        let lines = session.screen.split(separator: "\n").map(String.init)
        let conversation = lines.firstIndex { $0.contains("Conversation (2)") } ?? 99
        let short = lines.firstIndex { $0.contains("Short description") } ?? -1
        #expect(conversation < short, "the conversation comes first:\n\(session.screen)")
        let text = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for word in ["blue", "dock", "9:05", "sharp.", "help."] { #expect(text.contains(word), "“\(word)” is on screen:\n\(session.screen)") }
        // Down the pane and back with Home: the conversation is in view again.
        session.press(.pageDown, .pageDown, .first)
        #expect(session.screen.contains("Conversation (2)"), "\(session.screen)")
    }

    @Test func aChatFromSomeoneUnknownShowsTheirHandle() {
        var desk = sampleDesk()
        desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "hi there", caller: "@kim_p"), by: "chat")
        let (session, _, _) = makeSession(desk: desk)
        session.press(.character("2"))
        let row = session.screen.split(separator: "\n").first { $0.contains("“hi there”") }.map(String.init) ?? ""
        #expect(row.contains("@kim_p"), "\(session.screen)")
    }

    // 6: a message that arrives On Hold is highlighted, said, and audited.
    @Test func aMessageOnHoldIsHighlightedAndAudited() {
        let (session, source, _) = makeSession()
        session.press(.character("3"), k(.accept, .home), k(.hold), .enter)
        #expect(source.desk.interaction("IMS0000004")?.state == .onHold)
        source.desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "Any news?", queue: nil), by: "sms", at: t0.adding(60))
        session.send(.deskChanged)
        #expect(session.screen.contains("✉ new message"), "\(session.screen)")
        #expect(source.desk.interaction("IMS0000004")?.history.last?.change.field == AuditField.message)
        session.press(k(.back))
        session.press(.character("1"))
        let row = session.screen.split(separator: "\n").first { $0.contains("IMS0000004") }.map(String.init) ?? ""
        #expect(row.contains("✉ new message"), "\(row)")
        let grid = session.render()
        let y = session.screen.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("IMS0000004") } ?? 0
        #expect(grid[2, y].style == .attention || grid[2, y].style == .selected)
        // Resumed, it is no longer new.
        session.press(.end, k(.open, .home), k(.resume))
        #expect(source.desk.interaction("IMS0000004")?.hasNewMessage == false)
    }

    // 9: Esc on a question is the safe answer.
    @Test func escOnAQuestionKeepsWhatWasTyped() {
        let (session, _, _) = makeSession()
        session.press(k(.open, .home), k(.addNote))
        session.type("draft")
        session.press(.escape)                       // "Discard what you typed?"
        session.press(.escape)                       // Esc: keep editing
        guard case .text(let prompt)? = session.state.dialog else { Issue.record("Esc must keep the draft"); return }
        #expect(prompt.field.text == "draft")
        session.press(.control("c"))                 // "Quit Frontdesk?"
        session.press(.escape)                       // Esc: stay
        #expect(!session.wantsToQuit)
        guard case .text? = session.state.dialog else { Issue.record("back to the draft"); return }
    }

    // 10: ending a contact that closes it asks first; staying is the default.
    @Test func endingWithoutWrapUpAsksFirst() {
        var desk = sampleDesk()
        desk.run(.create(type: .phone, openedFor: "CUS0000001", queue: nil, shortDescription: "Printer", accept: true))
        let (session, source, _) = makeSession(desk: desk)
        session.press(.end, k(.open, .home), k(.endConversation))
        guard case .choice(let ask)? = session.state.dialog else { Issue.record("must ask:\n\(session.screen)"); return }
        #expect(ask.options[ask.selected].label == "Keep working")
        session.press(.enter)
        #expect(source.desk.interaction("IMS0000006")?.state == .workInProgress)
        session.press(k(.endConversation), .character("e"))
        #expect(source.desk.interaction("IMS0000006")?.state == .closedComplete)
    }

    // 11 and 18: a lost accept race shows the list as it is and says who won.
    @Test func aLostAcceptRaceReloadsAndNamesTheWinner() {
        let (session, source, _) = makeSession()
        session.press(.character("2"))
        #expect(session.screen.contains("IMS0000002"))
        source.changeElsewhere(.transition(number: "IMS0000002", .accept), by: "sam")
        session.press(k(.accept, .home))
        #expect(session.state.status?.text.contains("accepted by sam") == true, "\(session.state.status?.text ?? "")")
        #expect(session.state.list.rows.map { source.desk.interactions[$0].number } == ["IMS0000003", "IMS0000004"],
                "the Queue list is reloaded:\n\(session.screen)")
    }

    // 14: the New form starts on the type this agent used last.
    @Test func theNewFormStartsOnTheTypeUsedLast() {
        let (session, _, _) = makeSession()
        session.press(k(.newInteraction))
        guard case .newInteraction(let form)? = session.state.dialog else { return }
        #expect(form.type == .phone, "Ana's last record was a phone call")
        session.press(.right, .tab, .tab)
        session.type("Lost badge")
        session.press(.enter)
        session.press(k(.back), k(.newInteraction))
        guard case .newInteraction(let next)? = session.state.dialog else { return }
        #expect(next.type == .walkUp)
    }

    // 15: Enter acts on the first row of Related Tasks and User's Interactions at once.
    @Test func theFirstRowOfAPaneIsSelected() {
        let (session, _, _) = makeSession()
        session.press(k(.open, .home), .character("2"), k(.editSelected))
        #expect(session.state.status?.text.hasPrefix("INC0000001: Incident") == true, "\(session.state.status?.text ?? "")")
        session.press(.character("3"), k(.editSelected))
        #expect(session.state.record?.number == "IMS0000005")
    }

    // 17: the audit trail in words.
    @Test func theAuditTrailShowsDisplayNames() {
        let (session, _, _) = makeSession(width: 100, height: 60)
        session.press(k(.open, .home))
        let screen = session.screen
        #expect(screen.contains("State: New → Work in Progress"), "\(screen)")
        #expect(screen.contains("Assigned to: — → Ana Lima"))
        #expect(screen.contains("Related task: Incident INC0000001 created"))
        #expect(!screen.contains("work_in_progress") && !screen.contains("assigned_to"))
    }

    // 19: q on the record screen goes back; q again quits.
    @Test func qGoesBackThenQuits() {
        let (session, _, _) = makeSession()
        session.press(k(.open, .home), .character("q"))
        #expect(session.state.screen == .home && !session.wantsToQuit)
        session.press(.character("q"))
        #expect(session.wantsToQuit)
    }

    // 20: presence from the console.
    @Test func presenceIsShownAndChangedWithAKey() {
        let (session, source, _) = makeSession()
        #expect(session.screen.contains("Ana Lima · Available"))
        session.press(k(.presence, .home), .enter)           // it opens on Away, the likely change
        #expect(source.desk.agents["ana"]?.presence == .away)
        #expect(session.screen.contains("Ana Lima · Away"), "\(session.screen)")
    }
}
