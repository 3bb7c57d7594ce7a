import Testing
import FrontdeskCore
@testable import FrontdeskUI

// The walk-up counter in the console: a location's visitors as a home list, `C` to call,
// accept from the call, hold, and the no-show once the location's calls are used up.

/// Open all day every day, so the fake clock's 09:00 and the check-ins before it are in hours.
let alwaysOpen = Dictionary(uniqueKeysWithValues: Weekday.allCases.map { ($0, [OpeningSpan(start: 0, end: 24 * 60)]) })

/// The sample desk with a walk-up location, the Lobby (two calls before a no-show), that ana
/// serves from Desk 2. Nobody has checked in yet. (The sample's Walk-in Counter queue stays a
/// plain queue: its walk-up from before any counter is no visitor here.)
func emptyCounterDesk() -> Desk {
    var desk = sampleDesk()
    var change = ChangeSet()
    change.queues = [Queue(id: "lobby", name: "Lobby", channels: [.walkUp], targetWaitSeconds: 900,
                           walkUp: WalkUpSettings(hours: alwaysOpen, nameFormat: .firstInitial, noShowAfterCalls: 2))]
    desk.apply(change)
    desk.run(.updateAgent(login: "ana", displayName: nil, queues: ["service-desk", "walk-in", "lobby"], role: nil), by: "sam")
    desk.run(.setAgentDesk(login: "ana", desk: "Desk 2"))
    return desk
}

/// A hostile guest name: a terminal title, a bell, a colour and a right-to-left override.
let hostileGuest = "Evil\u{1B}]0;pwned\u{07}\u{1B}[31m Hacker\u{202E}"

/// Three visitors at the counter: Zoë (a customer), a hostile guest, and 山田 太郎 (wide
/// characters), checked in 20, 10 and 1 minutes before the clock's 09:00 (W-001 to W-003).
func counterDesk(extraGuests: Int = 0) -> Desk {
    var desk = emptyCounterDesk()
    func checkIn(_ customer: String?, guest: String?, _ reason: String, minutesAgo: Int64, _ i: Int) {
        desk.run(.checkIn(location: "lobby", customer: customer, guestName: guest, contact: nil, reason: reason,
                          token: "token-for-visitor-\(i)-abcdef"), by: "walk-up", at: t0.adding(-60 * minutesAgo))
    }
    checkIn("CUS0000001", guest: nil, "Laptop repair", minutesAgo: 20, 1)
    checkIn(nil, guest: hostileGuest, "Password reset", minutesAgo: 10, 2)
    checkIn(nil, guest: "山田 太郎", "Collect equipment", minutesAgo: 1, 3)
    for i in 0..<extraGuests {
        checkIn(nil, guest: "Guest Number\(i) Visitor", "Other", minutesAgo: 0, 4 + i)
    }
    return desk
}

/// A console on `desk` showing its counter (the first tab after the work lists).
func counterSession(width: Int = 80, height: Int = 24, desk: Desk = counterDesk()) -> (ConsoleSession, MemorySource, TestClock) {
    let (session, source, clock) = makeSession(width: width, height: height, desk: desk)
    session.press(UIAction.tab(WorkView.allCases.count))
    return (session, source, clock)
}

struct CounterUITests {
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        let desk: @Sendable () -> Desk
        let steps: @Sendable (ConsoleSession) -> Void
        var testDescription: String { name }
    }

    static let scenes: [Scene] = [
        Scene(name: "counter-empty", desk: emptyCounterDesk) { _ in },
        Scene(name: "counter-full", desk: { counterDesk() }) { _ in },
        Scene(name: "counter-called", desk: { counterDesk() }) { $0.press(UIAction.callVisitor) },
        Scene(name: "counter-called-twice-second", desk: { counterDesk() }) { s in
            s.press(.moveDown, .callVisitor, .callVisitor)
        },
        Scene(name: "counter-no-show-refused", desk: { counterDesk() }) { s in s.press(.callVisitor); s.press(.character("N")) },
        Scene(name: "counter-no-show-asks", desk: { counterDesk() }) { s in s.press(.callVisitor, .callVisitor, .noShow) },
        Scene(name: "counter-serving-on-hold", desk: { counterDesk() }) { s in
            s.press(.callVisitor, .accept)    // accepted from the call: the record opens
            s.press(.back)                    // back on the counter, with the visitor being served
            s.press(.last, .hold)
        },
        Scene(name: "counter-help", desk: { counterDesk() }) { $0.press(UIAction.help) },
        Scene(name: "counter-long", desk: { counterDesk(extraGuests: 30) }) { $0.press(UIAction.last) },
    ]

    static let sizes = [(80, 24), (40, 12)]

    @Test(arguments: scenes, sizes)
    func snapshot(_ scene: Scene, _ size: (Int, Int)) {
        let (session, _, _) = counterSession(width: size.0, height: size.1, desk: scene.desk())
        scene.steps(session)
        let text = session.screen
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{202E}"), "no control character reaches the grid")
        assertSnapshot(text, named: "\(scene.name)-\(size.0)x\(size.1)")
    }

    @Test func theCounterIsAListAfterTheWorkLists() {
        let (session, _, _) = makeSession(width: 100, desk: counterDesk())
        #expect(session.state.keyContext == .home)
        #expect(session.screen.contains("7 Lobby"), "\(session.screen)")
        session.press(UIAction.tab(5))
        session.press(UIAction.nextList)
        #expect(session.state.home.counter == "lobby")
        #expect(session.state.keyContext == .counter)
        #expect(session.screen.contains("7 Lobby (3)"))
        session.press(UIAction.nextList)
        #expect(session.state.home.counter == nil && session.state.view == .mine, "Tab goes round to My work")
        session.press(UIAction.previousList)
        #expect(session.state.home.counter == "lobby", "and back")
    }

    @Test func anAgentAtACounterWithNothingAssignedStartsOnIt() {
        var desk = counterDesk()
        desk.run(.transition(number: "IMS0000001", .complete))      // ana's only record: nothing assigned now
        let (session, _, _) = makeSession(desk: desk)
        #expect(session.state.home.counter == "lobby" && session.state.keyContext == .counter)
        let (busy, _, _) = makeSession(desk: counterDesk())
        #expect(busy.state.home.counter == nil && busy.state.view == .mine, "with work assigned, My work first")
    }

    @Test func anAgentWithoutALocationHasNoCounter() {
        let (session, _, _) = makeSession(desk: counterDesk())
        #expect(!makeSession(width: 100).0.screen.contains("7 Walk-in Counter"), "a queue without walk-up settings is no counter")
        session.send(.key(.character("7")))
        #expect(session.state.home.counter == "lobby")
        var bo = counterDesk()
        bo.run(.updateAgent(login: "ana", displayName: nil, queues: ["service-desk", "walk-in"], role: nil), by: "sam")
        let (other, _, _) = makeSession(width: 100, desk: bo)
        other.send(.key(.character("7")))
        #expect(other.state.home.counter == nil && other.state.view == .mine, "7 leads nowhere without a location")
        #expect(!other.screen.contains("Lobby"))
    }

    @Test func rowsAreInServingOrderWithTicketNameReasonWaitedAndCalls() throws {
        let (session, _, _) = counterSession(width: 100, height: 24)
        let lines = session.screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("TICKET") })
        for title in ["TICKET", "NAME", "REASON", "APPT", "WAITED", "CALLS", "CALLED TO"] { #expect(header.contains(title), "\(title) in \(header)") }
        let rows = lines.filter { $0.contains("W-00") }
        #expect(rows.count == 3)
        #expect(rows[0].contains("W-001") && rows[0].contains("Zoë M.") && rows[0].contains("Laptop repair") && rows[0].contains("20:00"))
        #expect(rows[1].contains("W-002") && rows[1].contains("Evil H.") && rows[1].contains("10:00"))
        #expect(rows[2].contains("W-003") && rows[2].contains("山田 太.") && rows[2].contains("1:00"))
        #expect(!session.screen.contains("CUS0000001") && !session.screen.contains("zoe@example.com"), "never an id or an email")
    }

    @Test func waitedIsALiveTimer() {
        let (session, _, clock) = counterSession()
        #expect(session.screen.contains("20:00"))
        clock.instant = t0.adding(65)
        session.tick()
        #expect(session.screen.contains("21:05"), "\(session.screen)")
    }

    @Test func callStampsTheCallRingsOnceAndCallingAgainCounts() throws {
        let (session, source, _) = counterSession()
        #expect(!session.takeBell(), "nothing rings before a call")
        session.press(UIAction.callVisitor)
        #expect(source.saved.last == .callVisitor(location: "lobby", number: "IMS0000006", agent: "ana"))
        #expect(session.screen.contains("W-001 (IMS0000006) called to Desk 2"), "\(session.screen)")
        #expect(session.takeBell(), "the terminal rings for the call")
        #expect(!session.takeBell(), "once")
        let first = try #require(source.desk.interaction("IMS0000006"))
        #expect(first.callCount == 1)
        #expect(source.desk.nowServing(location: "lobby", at: t0).first?.desk == "Desk 2", "the display shows the desk")
        session.press(UIAction.callVisitor)
        #expect(source.desk.interaction("IMS0000006")?.callCount == 2)
        #expect(session.screen.contains("(call 2)"))
        #expect(session.takeBell())
        #expect(session.state.home.visitor(session.state.list.selected)?.number == "IMS0000006", "the called visitor stays selected")
    }

    @Test func theSelectedVisitorIsCalledWhenTheAgentMoved() {
        let (session, source, _) = counterSession()
        session.press(.moveDown, .moveDown, .callVisitor)
        #expect(source.saved.last == .callVisitor(location: "lobby", number: "IMS0000008", agent: "ana"))
    }

    @Test func noShowIsRefusedWithItsRuleUntilTheLocationsCallsAreMadeThenAsks() throws {
        let (session, source, _) = counterSession()
        func hints() -> [String] { Bindings.hints(for: .counter, session.state.scope(source.desk)) }
        #expect(!hints().contains("N no show"))
        #expect(hints().contains("C call"))
        session.press(.character("N"))
        let refusal = try #require(session.state.status)
        #expect(refusal.isError && refusal.text.contains("after 2 calls"), "\(refusal.text)")
        #expect(session.state.dialog == nil)
        session.press(UIAction.callVisitor)
        #expect(!hints().contains("N no show"), "one call of two")
        session.press(UIAction.callVisitor)
        #expect(hints().contains("N no show"), "\(hints())")
        let saved = source.saved.count
        session.press(UIAction.noShow)
        guard case .choice(let prompt)? = session.state.dialog else { Issue.record("no-show asks first"); return }
        #expect(prompt.title.contains("W-001"))
        #expect(source.saved.count == saved, "asking saves nothing")
        session.press(.character("N"))                // the "No show" option by its letter
        #expect(source.saved.last == .noShow(number: "IMS0000006"))
        let closed = try #require(source.desk.interaction("IMS0000006"))
        #expect(closed.state == .closedAbandoned)
        #expect(!session.state.home.visitors.contains { $0.number == "IMS0000006" }, "gone from the counter")
        #expect(session.state.home.visitors.first?.ticket == "W-002")
    }

    @Test func escapeOnTheNoShowQuestionKeepsTheVisitor() {
        let (session, source, _) = counterSession()
        session.press(.callVisitor, .callVisitor, .noShow)
        session.press(UIAction.cancel)
        #expect(session.state.dialog == nil)
        #expect(source.desk.interaction("IMS0000006")?.state == .queued)
    }

    @Test func acceptFromTheCallThenHoldKeepsThePlaceAndResume() throws {
        let (session, source, _) = counterSession()
        session.press(.callVisitor, .accept)
        #expect(source.desk.interaction("IMS0000006")?.state == .workInProgress)
        #expect(session.state.screen == .record && session.state.record?.number == "IMS0000006", "accepted from the list, the record opens")
        session.press(UIAction.back)
        #expect(session.state.keyContext == .counter, "back on the counter")
        let serving = try #require(session.state.home.visitors.last)
        #expect(serving.number == "IMS0000006" && serving.serving == .workInProgress)
        #expect(session.state.home.visitors.first?.ticket == "W-002", "the next visitor is first, selected for the next call")
        session.press(.last, .hold)
        #expect(source.desk.interaction("IMS0000006")?.state == .onHold)
        #expect(session.state.home.visitors.last?.serving == .onHold, "on hold, the visitor keeps their place on this counter")
        #expect(session.screen.contains("Hold"))
        session.press(UIAction.resume)
        #expect(source.desk.interaction("IMS0000006")?.state == .workInProgress)
    }

    @Test func aCheckInElsewhereShowsAndTheSelectionStays() {
        let (session, source, _) = counterSession()
        session.press(UIAction.moveDown)
        source.changeElsewhere(.checkIn(location: "lobby", customer: nil, guestName: "Kim Park", contact: nil, reason: "Other",
                                        token: "token-for-kim-park-000001"), by: "walk-up")
        session.tick()
        #expect(session.screen.contains("Kim P."), "\(session.screen)")
        #expect(session.state.home.visitor(session.state.list.selected)?.ticket == "W-002")
    }

    @Test func searchIsRefusedOnTheCounter() {
        let (session, _, _) = counterSession()
        session.press(.character("/"))
        #expect(session.state.searchField == nil)
        #expect(session.state.status?.text.contains("search from the work lists") == true)
    }

    /// The counter's hint line offers only what may run, for a visitor in each state: each
    /// hinted key is pressed and what it leads to is planned against the desk.
    @Test(arguments: ["waiting", "called twice", "served", "on hold"])
    func everyHintedCounterActionIsAllowed(_ stateName: String) {
        var desk = counterDesk()
        switch stateName {
        case "called twice":
            for _ in 0..<2 { desk.run(.callVisitor(location: "lobby", number: "IMS0000006", agent: "ana")) }
        case "served", "on hold":
            desk.run(.callVisitor(location: "lobby", number: "IMS0000006", agent: "ana"))
            desk.run(.transition(number: "IMS0000006", .accept))
            if stateName == "on hold" { desk.run(.transition(number: "IMS0000006", .hold(reason: nil))) }
        default: break
        }
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 220, height: 40)
        state.reloadRows(desk)
        _ = state.handle(.key(.character("7")), desk: desk)
        let row = state.home.visitors.firstIndex { $0.number == "IMS0000006" }
        state.list.selected = row
        let hints = Bindings.hintBindings(for: .counter, state.scope(desk))
        let words = Set(hints.map(\.hint))
        for (binding, hint) in hints {
            var pressed = state
            let effects = pressed.handle(.key(binding.keys[0]), desk: desk)
            #expect(pressed.status?.isError != true, "\(stateName): “\(hint)” is hinted but refused: \(pressed.status?.text ?? "")")
            for case .perform(let command, _, _) in effects {
                #expect(throws: Never.self, "\(stateName): “\(hint)”") { _ = try desk.plan(command, by: "ana", at: t0) }
            }
        }
        let expected: [String: Set<String>] = ["waiting": ["call", "accept"], "called twice": ["call", "accept", "no show"],
                                               "served": ["hold"], "on hold": ["accept", "resume"]]
        let counterWords: Set<String> = ["call", "accept", "hold", "resume", "no show"]
        #expect(words.intersection(counterWords) == expected[stateName], "\(stateName): \(words.sorted())")
    }

    @Test func aCalledVisitorStandsOutUntilAccepted() {
        let (session, _, _) = counterSession()
        session.press(.moveDown, .callVisitor, .moveUp)
        let grid = session.render()
        #expect(grid.style(of: "W-002") == .attention, "the called row")
        #expect(grid.style(of: "W-003") == .normal)
        #expect(grid.style(of: "W-001") == .overdueSelected, "selected, and past the queue's 15-minute target")
    }

    @Test(arguments: [(80, 24), (40, 12)], [false, true])
    func everyMovementKeyOnTheCounter(_ size: (Int, Int), _ full: Bool) {
        for sequence in movementSequences {
            let desk = full ? counterDesk(extraGuests: 30) : emptyCounterDesk()
            let (session, source, _) = counterSession(width: size.0, height: size.1, desk: desk)
            for key in sequence {
                session.press(key)
                expectSelectionsValid(session.state, source.desk, "\(sequence) at \(size)")
                #expect(session.state.keyContext == .counter, "moving stays on the counter")
            }
            let list = session.state.list
            if let selected = list.selected {
                #expect(selected >= list.top && selected < list.top + session.state.listHeight, "the selection is in view")
                let ticket = session.state.home.visitors[selected].ticket
                #expect(session.screen.contains(ticket), "the selected \(ticket) is drawn")
            } else {
                #expect(!full)
                #expect(session.screen.contains("Nobody is waiting at Lobby."))
            }
        }
    }
}
