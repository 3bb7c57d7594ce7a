import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Work offered to the agent shows on whatever screen they are on, and is answered from it.
@Suite struct OfferTests {
    func routed() -> (ConsoleSession, MemorySource, TestClock) {
        let (session, source, clock) = makeSession()
        source.routing = true
        session.tick()
        return (session, source, clock)
    }

    @Test func anOfferShowsAtOnceWithItsCountdownAndIsAcceptedWithOneKey() throws {
        let (session, source, clock) = routed()
        #expect(session.state.offer?.number == "IMS0000002", "the VIP's walk-up, the only one ana's walk-in queue has")
        #expect(session.screen.contains("▶ Offered IMS0000002 Walk-up · 山田 太郎"))
        #expect(session.screen.contains("waited 15:00 · 30 s left"))
        #expect(session.screen.contains(" A accept offer · R reject · "), "the keys come first on the hint line")
        clock.instant = t0.adding(12)
        session.tick()
        #expect(session.screen.contains("18 s left"))
        // From inside another record too.
        session.press(.tab(0), .open)
        #expect(session.state.screen == .record)
        #expect(session.screen.contains("▶ Offered IMS0000002"))
        session.press(.acceptOffer)
        #expect(source.desk.interaction("IMS0000002")?.assignedTo == "ana")
        #expect(session.state.record?.number == "IMS0000002", "accepted, the record opens")
        #expect(!session.screen.contains("▶ Offered"))
    }

    @Test func rejectingAsksWhyAndTheOfferGoes() throws {
        let (session, source, _) = routed()
        session.press(.rejectOffer)
        #expect(session.screen.contains("Reject IMS0000002"))
        #expect(session.screen.contains("Not my expertise"))
        session.press(.moveDown, .confirm)
        #expect(source.saved.last == .rejectOffer(number: "IMS0000002", reason: "Not my expertise"))
        session.tick()
        #expect(session.state.offer == nil, "nobody else serves the walk-in queue: it waits in the list")
        #expect(!session.screen.contains("▶ Offered"))
    }

    @Test func theBellRingsOncePerNewOfferWhenTheDeskWantsIt() throws {
        let (quiet, _, _) = routed()
        #expect(!quiet.takeBell(), "routing.bell is off by default")
        var desk = sampleDesk()
        desk.run(.setConfig(key: "routing.bell", value: "on"), by: "sam")
        let (session, source, _) = makeSession(desk: desk)
        source.routing = true
        #expect(!session.takeBell())
        session.tick()
        #expect(session.takeBell())
        #expect(!session.takeBell(), "once per offer")
    }

    @Test func escapeKeepsTheOfferAndWithoutOneTheKeysSayWhy() throws {
        let (session, _, _) = routed()
        session.press(.rejectOffer)
        session.press(.cancel)
        #expect(session.state.offer?.number == "IMS0000002")
        let (quiet, _, _) = makeSession()
        quiet.press(.character("A"))
        #expect(quiet.screen.contains("no work is offered to you now"))
    }
}

/// Ending a conversation asks for the wrap-up at once; the header counts it down in colour.
@Suite struct WrapUpUITests {
    @Test func endingAsksForACodeThenNotesAndSubmitting() throws {
        let (session, source, clock) = makeSession()
        session.press(.open)                      // IMS0000001, ana's chat in progress
        session.press(.endConversation)
        #expect(source.desk.interaction("IMS0000001")?.state == .wrapUp)
        #expect(session.screen.contains("Wrap up IMS0000001: code"))
        session.type("esc")                       // the list filters as typed
        #expect(session.screen.contains("Escalated") && !session.screen.contains("Callback"))
        session.press(.confirm)
        #expect(session.screen.contains("Wrap up IMS0000001: Escalated"))
        session.type("Sent to network team")
        session.press(.confirm)
        #expect(source.saved.last == .transition(number: "IMS0000001", .submitWrapUp(code: "Escalated", notes: "Sent to network team"),
                                                 expectedVersion: source.desk.interaction("IMS0000001")!.version - 1))
        #expect(source.desk.interaction("IMS0000001")?.state == .closedComplete)
        _ = clock
    }

    @Test func theCountdownChangesColourAsTimeRunsOut() throws {
        let (session, source, clock) = makeSession()
        session.press(.open, .endConversation)
        session.press(.cancel)                     // later: W opens it again
        func countdownStyle() -> Style? {
            let grid = session.render()
            let text = grid.text.split(separator: "\n")[2]
            guard let at = text.range(of: "left") else { return nil }
            let x = text.distance(from: text.startIndex, to: at.lowerBound) - 2
            return grid.cells[2 * grid.width + x].style
        }
        #expect(session.screen.contains("Wrap up 1:00 left"))
        #expect(countdownStyle() == .calm)
        for (seconds, style) in [(35, Style.caution), (50, .urgent)] {
            clock.instant = t0.adding(Int64(seconds))
            session.tick()
            #expect(countdownStyle() == style, "at \(seconds) s")
        }
        session.press(.wrapUp)
        #expect(session.screen.contains("Wrap up IMS0000001: code"))
        _ = source
    }
}

/// The supervisor's board: live, without a keypress; for supervisors.
@Suite struct BoardUITests {
    @Test func aSupervisorSeesTheBoardUpdateEachTick() throws {
        let source = MemorySource(sampleDesk())
        let clock = TestClock(t0)
        let session = ConsoleSession(source: source, clock: clock, agent: "sam", storeLabel: "store", width: 100, height: 30)
        session.press(.board)
        #expect(session.screen.contains("Board · live · 09:00 UTC"))
        #expect(session.screen.contains("Walk-in Counter"))
        #expect(session.screen.contains("15:00/10:00 !"), "the walk-up has waited past the queue's target")
        source.changeElsewhere(.intake(type: .walkUp, openedFor: nil, queue: "walk-in", text: "more"), by: "walk-up", at: t0.adding(1))
        clock.instant = t0.adding(2)
        session.tick()
        #expect(session.screen.contains("Board · live · 09:00 UTC"))
        #expect(session.screen.contains("Walk-in Counter       2"), "\(session.screen)")
        assertSnapshot(session.screen, named: "board-100x30")
    }

    @Test func agentsAreToldTheBoardIsForSupervisors() {
        let (session, _, _) = makeSession()
        session.press(.character("B"))
        #expect(session.screen.contains("the board is for supervisors"))
        #expect(session.state.overlay == nil)
    }
}

/// Who else is on a record: in its header and on list rows, from the other consoles' heartbeats.
@Suite struct ViewersUITests {
    @Test func othersAreShownAndThisConsoleSaysWhatItShows() throws {
        let (session, source, _) = makeSession()
        source.others = [Viewer(login: "bo", number: "IMS0000001", editing: nil)]
        session.tick()
        #expect(session.screen.contains("◉IMS0000001"), "the row is marked")
        session.press(.open)
        session.tick()
        #expect(session.screen.contains("◉ Bo Chen is viewing"))
        #expect(source.announced == Viewer(login: "ana", number: "IMS0000001", editing: nil))
        session.press(.editShortDescription)
        session.tick()
        #expect(source.announced?.editing == "the short description")
        source.others = [Viewer(login: "bo", number: "IMS0000001", editing: "a work note")]
        session.tick()
        #expect(session.screen.contains("Bo Chen is editing a work note"))
        source.others = []
        session.tick()
        #expect(!session.screen.contains("Bo Chen is"))
    }
}

/// An offer reaches an agent who is typing: a key that is not a letter accepts it, and what
/// was typed is kept; routing setting them Away, and each missed offer, is said.
@Suite struct OfferInDialogTests {
    @Test func ctrlOAcceptsFromADialogAndKeepsWhatWasTyped() throws {
        let (session, source, _) = OfferTests().routed()
        session.press(.open)                                  // IMS0000001, ana's chat
        session.press(.addNote)
        session.type("Called back A")
        #expect(session.state.dialog?.hasUnsavedText == true)
        #expect(source.desk.interaction("IMS0000002")?.assignedTo == nil, "A typed in a dialog is text, not an answer")
        #expect(session.screen.contains("▶ Ctrl-O accept · IMS0000002") || session.screen.contains("Ctrl-O accept · ▶ Offered IMS0000002"),
                "the banner names the key that works here:\n\(session.screen)")
        #expect(!session.screen.contains("A accept offer"), "A types here: the hint line does not offer it")
        #expect(session.screen.contains("Ctrl-O accept offer · Enter"), "the dialog's own hints name it (a small window hides the banner)")
        session.press(Key.control("o"))
        #expect(source.desk.interaction("IMS0000002")?.assignedTo == "ana")
        #expect(session.state.record?.number == "IMS0000001", "the dialog's record stays on screen")
        #expect(session.screen.contains("Called back A"), "what was typed is still there")
        #expect(session.screen.contains("it opens when you finish here"))
        session.press(.confirm)
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Called back A")
        #expect(session.state.record?.number == "IMS0000002", "the dialog done, the accepted record opens")
        session.press(.back)
        #expect(session.state.record?.number == "IMS0000001", "Esc goes back to where the agent was")
    }

    @Test func routingSettingTheAgentAwayIsSaidOnceWithWhyAndMissedOffersAreLogged() throws {
        var desk = sampleDesk()
        desk.run(.setConfig(key: "routing.timeouts_to_away", value: "1"), by: "sam")
        let (session, source, clock) = makeSession(desk: desk)
        source.routing = true
        session.tick()
        #expect(session.state.offer?.number == "IMS0000002")
        clock.instant = t0.adding(31)
        session.tick()
        #expect(source.desk.agents["ana"]?.presence == .away)
        #expect(session.screen.contains("Away: you missed an offer (routing.timeouts_to_away); P to change."), "\(session.screen)")
        #expect(session.state.messageLog.contains { $0.text.hasPrefix("Missed the offer of IMS0000002") }, "the log keeps the missed offer")
        let logged = session.state.messageLog.count
        clock.instant = t0.adding(40)
        session.tick()
        session.memory.changedOutside = true
        session.tick()
        #expect(session.state.messageLog.count == logged, "said once per change")
    }
}

/// Work that reaches an agent from someone else, and a customer's new message on it, is
/// announced on the message line and in the log, and its rows are marked until opened.
@Suite struct ArrivalTests {
    @Test func aTransferAReopenAndANewMessageAreAnnouncedAndMarkedUnread() throws {
        let (session, source, clock) = makeSession(width: 100)
        // What ana does herself is no news.
        source.changeElsewhere(.transition(number: "IMS0000004", .accept), by: "ana")
        session.tick()
        #expect(session.state.seen.unread.isEmpty)
        #expect(session.state.status == nil)

        source.changeElsewhere(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "Still down here", queue: nil),
                               by: "sms", at: t0.adding(5))
        clock.instant = t0.adding(5)
        session.tick()
        #expect(session.screen.contains("✉ New message on IMS0000004 from +442079460958: “Still down here”") ||
                session.screen.contains("✉ New message on IMS0000004"), "\(session.screen)")
        #expect(session.state.seen.unread["IMS0000004"] == .message)
        #expect(session.screen.contains("●IMS0000004") && session.screen.contains("✉ new message “Still dow"), "the row says so although it is in progress")

        source.changeElsewhere(.transition(number: "IMS0000003", .accept), by: "bo", at: t0.adding(6))
        source.changeElsewhere(.transition(number: "IMS0000003", .transfer(.agent("ana"))), by: "bo", at: t0.adding(7))
        clock.instant = t0.adding(7)
        session.tick()
        #expect(session.screen.contains("IMS0000003 (Chat · Evil"), "\(session.screen)")
        #expect(session.screen.contains("was transferred to you by Bo Chen."))
        #expect(session.screen.contains("●IMS0000003"), "the row is marked unread")

        source.changeElsewhere(.transition(number: "IMS0000005", .reopen(reason: "Laptop came back broken")), by: "sam", at: t0.adding(8))
        clock.instant = t0.adding(8)
        session.tick()
        #expect(session.screen.contains("IMS0000005 (Phone · Zoë Müller) was reopened by Sam Ortiz and is yours: Laptop came back broken"),
                "\(session.screen)")
        #expect(session.state.messageLog.contains { $0.text.contains("transferred to you by Bo Chen") }, "the log keeps them all")
        // Every list marks the row: the supervisor's All open shows ana's records too.
        session.press(.tab(2))
        #expect(session.screen.contains("●IMS0000003") && session.screen.contains("●IMS0000005"))
        // Opened, it is read.
        session.press(.tab(0))
        let row = try #require(session.state.list.rows.firstIndex { source.desk.interactions[$0].number == "IMS0000003" })
        session.press(.first)
        for _ in 0..<row { session.press(.moveDown) }
        session.press(.open, .back)
        #expect(session.state.seen.unread["IMS0000003"] == nil)
        #expect(!session.screen.contains("●IMS0000003") && session.screen.contains("●IMS0000005"))
    }
}
