import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The update function: keys in, state and effects out. No terminal, no files.
struct UpdateTests {
    func state(_ screen: (ConsoleState) -> ConsoleState = { $0 }) -> (ConsoleState, Desk) {
        let desk = sampleDesk()
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        return (screen(s), desk)
    }

    @Test func navigationBetweenListsAndRecord() {
        var (s, desk) = state()
        #expect(s.view == .mine)
        #expect(s.list.rows.map { desk.interactions[$0].number } == ["IMS0000001"])
        _ = s.handle(.key(.tab), desk: desk)
        #expect(s.view == .queue)
        #expect(s.list.rows.map { desk.interactions[$0].number } == ["IMS0000002", "IMS0000003", "IMS0000004"])
        _ = s.handle(.key(.backTab), desk: desk)
        #expect(s.view == .mine)
        _ = s.handle(.key(.character("5")), desk: desk)
        #expect(s.view == .archived)
        _ = s.handle(.key(.character("2")), desk: desk)
        _ = s.handle(.key(.down), desk: desk)
        _ = s.handle(.key(.character("j")), desk: desk)
        #expect(s.list.selected == 2)
        _ = s.handle(.key(.down), desk: desk)
        #expect(s.list.selected == 2, "stops at the last row")
        _ = s.handle(.key(.home), desk: desk)
        #expect(s.list.selected == 0)
        _ = s.handle(.key(.end), desk: desk)
        #expect(s.list.selected == 2)
        _ = s.handle(.key(.enter), desk: desk)
        #expect(s.screen == .record)
        #expect(s.record?.number == "IMS0000004")
        _ = s.handle(.key(.tab), desk: desk)
        #expect(s.record?.pane == .relatedTasks)
        _ = s.handle(.key(.backTab), desk: desk)
        _ = s.handle(.key(.backTab), desk: desk)
        #expect(s.record?.pane == .usersInteractions)
        _ = s.handle(.key(.character("1")), desk: desk)
        #expect(s.record?.pane == .details)
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.screen == .home)
    }

    @Test func usersInteractionsOpensAnotherRecordAndEscGoesBack() {
        var (s, desk) = state()
        _ = s.handle(.key(.enter), desk: desk)             // IMS0000001, Zoë
        _ = s.handle(.key(.character("3")), desk: desk)
        _ = s.handle(.key(.down), desk: desk)               // first listed: IMS0000005 (newest first, it is newer)
        _ = s.handle(.key(.enter), desk: desk)
        #expect(s.record?.number == "IMS0000005")
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.record?.number == "IMS0000001")
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.screen == .home)
    }

    @Test func pageKeysMoveByAScreen() {
        var desk = sampleDesk()
        for i in 0..<60 { desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), at: t0.adding(Int64(i))) }
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 80, height: 24)
        s.view = .queue
        s.reloadRows(desk)
        _ = s.handle(.key(.pageDown), desk: desk)
        #expect(s.list.selected == 20)
        #expect(s.list.top == 1 || s.list.top == 20)
        _ = s.handle(.key(.end), desk: desk)
        #expect(s.list.selected == s.list.rows.count - 1)
        #expect(s.list.top == s.list.rows.count - s.listHeight)
        _ = s.handle(.key(.pageUp), desk: desk)
        #expect(s.list.selected == s.list.rows.count - 1 - 20)
    }

    struct ActionCase: Sendable, CustomTestStringConvertible {
        let name: String
        let keys: [Key]
        let effect: ConsoleEffect?
        var testDescription: String { name }
    }

    static let actions: [ActionCase] = [
        ActionCase(name: "hold chat", keys: [.enter, .character("h")],
                   effect: .perform(.transition(number: "IMS0000001", .hold(reason: nil), expectedVersion: 3), .stay)),
        ActionCase(name: "end", keys: [.enter, .character("e")],
                   effect: .perform(.transition(number: "IMS0000001", .endConversation, expectedVersion: 3), .stay)),
        ActionCase(name: "resume", keys: [.enter, .character("r")],
                   effect: .perform(.transition(number: "IMS0000001", .resume, expectedVersion: 3), .stay)),
        ActionCase(name: "accept from queue list", keys: [.character("2"), .character("a")],
                   effect: .perform(.transition(number: "IMS0000002", .accept, expectedVersion: 1), .stay)),
        ActionCase(name: "complete", keys: [.enter, .character("c"), .enter],
                   effect: .perform(.transition(number: "IMS0000001", .complete, expectedVersion: 3), .stay)),
        ActionCase(name: "abandon", keys: [.enter, .character("c"), .right, .enter],
                   effect: .perform(.transition(number: "IMS0000001", .abandon, expectedVersion: 3), .stay)),
        ActionCase(name: "abandon by letter", keys: [.enter, .character("c"), .character("a")],
                   effect: .perform(.transition(number: "IMS0000001", .abandon, expectedVersion: 3), .stay)),
        ActionCase(name: "transfer to first queue", keys: [.enter, .character("t"), .enter],
                   effect: .perform(.transition(number: "IMS0000001", .transfer(.queue("service-desk")), expectedVersion: 3), .stay)),
        ActionCase(name: "transfer to agent by search", keys: [.enter, .character("t"), .character("b"), .character("o"), .enter],
                   effect: .perform(.transition(number: "IMS0000001", .transfer(.agent("bo")), expectedVersion: 3), .stay)),
        ActionCase(name: "create case", keys: [.enter, .character("T"), .right, .enter],
                   effect: .perform(.createTask(number: "IMS0000001", kind: .case, expectedVersion: 3), .stay)),
        ActionCase(name: "link task", keys: [.enter, .character("L"), .character("i"), .character("n"), .character("c"), .character("1"), .enter],
                   effect: .perform(.linkTask(number: "IMS0000001", task: "INC1", expectedVersion: 3), .stay)),
        ActionCase(name: "work note", keys: [.enter, .character("w"), .character("o"), .character("k"), .enter],
                   effect: .perform(.addNote(number: "IMS0000001", text: "ok", expectedVersion: 3), .stay)),
        ActionCase(name: "edit short description in place", keys: [.enter, .enter, .control("u"), .character("X"), .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.shortDescription("X")], expectedVersion: 3), .stay)),
        ActionCase(name: "edit opened for", keys: [.enter, .down, .enter, .character("山"), .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.openedFor("CUS0000002")], expectedVersion: 3), .stay)),
        ActionCase(name: "edit queue", keys: [.enter, .down, .down, .enter, .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.queue("service-desk")], expectedVersion: 3), .stay)),
        ActionCase(name: "archive", keys: [.character("4"), .enter, .character("x"), .enter],
                   effect: .perform(.transition(number: "IMS0000005", .archive, expectedVersion: 2), .stay)),
        ActionCase(name: "archive cancelled", keys: [.character("4"), .enter, .character("x"), .character("n")], effect: nil),
        ActionCase(name: "new interaction for a found customer", keys: [.character("n"), .right, .right, .tab, .character("z"), .tab, .character("B"), .enter],
                   effect: .createInteraction(type: .walkUp, customer: .existing("CUS0000001"), shortDescription: "B")),
        ActionCase(name: "new interaction with a new customer", keys: [.character("n"), .tab, .character("N"), .character("o"), .down, .enter, .character("n"), .character("@"), .enter],
                   effect: .createInteraction(type: .chat, customer: .new(name: "No", email: "n@", phone: ""), shortDescription: "")),
        ActionCase(name: "quit from home", keys: [.character("q")], effect: .quit),
        ActionCase(name: "q on record screen does nothing", keys: [.enter, .character("q")], effect: nil),
        ActionCase(name: "ctrl-c with unsaved note asks", keys: [.enter, .character("w"), .character("x"), .control("c")], effect: nil),
        ActionCase(name: "ctrl-c with unsaved note, then quit", keys: [.enter, .character("w"), .character("x"), .control("c"), .left, .enter], effect: .quit),
        ActionCase(name: "ctrl-c without edits quits", keys: [.enter, .control("c")], effect: .quit),
    ]

    @Test(arguments: actions)
    func recordActions(_ c: ActionCase) {
        var (s, desk) = state()
        var effects: [ConsoleEffect] = []
        for key in c.keys { effects += s.handle(.key(key), desk: desk) }
        #expect(effects == (c.effect.map { [$0] } ?? []))
    }

    @Test func holdOnMessagingAsksForAReason() {
        var (s, desk) = state()
        var source = desk
        source.run(.transition(number: "IMS0000004", .accept))
        desk = source
        s.reloadRows(desk)
        _ = s.handle(.key(.enter), desk: desk)   // My work is ordered by number: IMS0000001 first
        _ = s.handle(.key(.escape), desk: desk)
        _ = s.handle(.key(.down), desk: desk)
        _ = s.handle(.key(.enter), desk: desk)
        #expect(s.record?.number == "IMS0000004")
        _ = s.handle(.key(.character("h")), desk: desk)
        guard case .choice(let prompt)? = s.dialog else { Issue.record("no dialog"); return }
        #expect(prompt.options == ["None", "Waiting on Customer", "Waiting Internal"])
        let effects = s.handle(.key(.enter), desk: desk)
        #expect(effects == [.perform(.transition(number: "IMS0000004", .hold(reason: .waitingOnCustomer), expectedVersion: 2), .stay)])
    }

    @Test func escapeWithTypedTextAsksBeforeDiscarding() {
        var (s, desk) = state()
        _ = s.handle(.key(.enter), desk: desk)
        _ = s.handle(.key(.character("w")), desk: desk)
        _ = s.handle(.key(.character("x")), desk: desk)
        _ = s.handle(.key(.escape), desk: desk)
        guard case .choice(let prompt)? = s.dialog, case .discard = prompt.purpose else { Issue.record("should ask"); return }
        _ = s.handle(.key(.character("k")), desk: desk)   // Keep editing
        guard case .text(let text)? = s.dialog else { Issue.record("back to the note"); return }
        #expect(text.field.text == "x")
        _ = s.handle(.key(.escape), desk: desk)
        _ = s.handle(.key(.character("d")), desk: desk)   // Discard
        #expect(s.dialog == nil)
        #expect(s.screen == .record)
    }

    @Test func refusedCommandShowsTheRuleAndChangesNothing() {
        let (session, source, _) = makeSession()
        session.press(.character("2"), .enter, .character("a"))
        let before = source.desk.interaction("IMS0000002")
        session.press(.character("c"), .enter)
        #expect(session.state.status?.isError == true)
        #expect(session.state.status?.text == "the short description must be filled in before closing IMS0000002 (current state: Work in Progress)")
        #expect(source.desk.interaction("IMS0000002") == before)
    }

    @Test func newInteractionWithANewCustomerOpensTheRecord() {
        let (session, source, _) = makeSession()
        session.press(.character("n"), .right, .right, .tab)
        session.type("Nora Jones")
        session.press(.down, .enter)
        session.type("nora@example.com")
        session.press(.tab)
        session.type("+1 555 000 7777")
        session.press(.tab)
        session.type("Lost badge")
        session.press(.enter)
        #expect(session.state.screen == .record)
        let r = source.desk.interaction(session.state.record!.number)!
        #expect(r.type == .walkUp)
        #expect(r.state == .workInProgress)
        #expect(source.desk.customers[r.openedFor!]?.phone == "+15550007777")
        #expect(r.shortDescription == "Lost badge")
    }

    @Test func badNewCustomerIsRefusedWithoutAHalfMadeCustomer() {
        let (session, source, _) = makeSession()
        let customers = source.desk.customers.count
        session.press(.character("n"), .tab)
        session.type("Nora")
        session.press(.down, .enter)
        session.press(.tab)
        session.type("not a phone")
        session.press(.enter)
        #expect(session.state.status?.text.contains("is not a phone number") == true)
        #expect(source.desk.customers.count == customers)
    }

    @Test func otherConsolesChangesAppearOnTick() {
        let (session, source, _) = makeSession()
        session.press(.character("2"))
        #expect(session.state.list.rows.count == 3)
        source.desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat", at: t0)
        source.changedOutside = true
        session.tick()
        #expect(session.state.list.rows.count == 4)
    }

    @Test func incrementalSearchFiltersAndEscClears() {
        var (s, desk) = state()
        _ = s.handle(.key(.character("3")), desk: desk)
        let all = s.list.rows.count
        _ = s.handle(.key(.character("/")), desk: desk)
        for c in "screensh" { _ = s.handle(.key(.character(c)), desk: desk) }
        #expect(s.list.rows.map { desk.interactions[$0].number } == ["IMS0000001"], "work notes are searched")
        _ = s.handle(.key(.enter), desk: desk)
        #expect(s.searchField == nil)
        #expect(s.searchQuery == "screensh")
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.list.rows.count == all)
    }
}
