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
        // The first row is selected on arrival: IMS0000005 (newest first, it is newer).
        _ = s.handle(.key(.enter), desk: desk)
        #expect(s.record?.number == "IMS0000005")
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.record?.number == "IMS0000001")
        _ = s.handle(.key(.escape), desk: desk)
        #expect(s.screen == .home)
    }

    @Test func pageKeysMoveByAScreen() {
        var desk = sampleDesk()
        // Walk-ups: a customer's chats would join their open one.
        for i in 0..<60 { desk.run(.intake(type: .walkUp, openedFor: "CUS0000001", queue: nil, text: nil), at: t0.adding(Int64(i))) }
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

    static let open = Key.enter
    static func k(_ action: UIAction, _ context: KeyContext = .record) -> Key { Bindings.key(for: action, in: context)! }

    static let actions: [ActionCase] = [
        ActionCase(name: "hold chat", keys: [open, k(.hold)],
                   effect: .perform(.transition(number: "IMS0000001", .hold(reason: nil), expectedVersion: 3), .stay)),
        ActionCase(name: "end with wrap-up on goes straight to wrap up and asks for it", keys: [open, k(.endConversation)],
                   effect: .perform(.transition(number: "IMS0000001", .endConversation, expectedVersion: 3), .wrapUp)),
        ActionCase(name: "resume is refused in Work in Progress", keys: [open, k(.resume)], effect: nil),
        ActionCase(name: "accept from queue list opens it", keys: [.character("2"), k(.accept, .home)],
                   effect: .perform(.transition(number: "IMS0000002", .accept, expectedVersion: 1), .openSubject)),
        ActionCase(name: "close then Enter cancels", keys: [open, k(.close), .enter], effect: nil),
        ActionCase(name: "close then Esc cancels", keys: [open, k(.close), .escape], effect: nil),
        ActionCase(name: "complete by letter goes through wrap-up (on for chat)", keys: [open, k(.close), .character("c")],
                   effect: .perform(.transition(number: "IMS0000001", .endConversation, expectedVersion: 3), .wrapUp)),
        ActionCase(name: "abandon by arrows", keys: [open, k(.close), .right, .right, .enter],
                   effect: .perform(.transition(number: "IMS0000001", .abandon, expectedVersion: 3), .stay)),
        ActionCase(name: "abandon by letter", keys: [open, k(.close), .character("a")],
                   effect: .perform(.transition(number: "IMS0000001", .abandon, expectedVersion: 3), .stay)),
        ActionCase(name: "transfer to first queue", keys: [open, k(.transfer), .down, .enter],
                   effect: .perform(.transition(number: "IMS0000001", .transfer(.queue("service-desk")), expectedVersion: 3), .stay)),
        ActionCase(name: "transfer to agent by search", keys: [open, k(.transfer), .character("b"), .character("o"), .enter],
                   effect: .perform(.transition(number: "IMS0000001", .transfer(.agent("bo")), expectedVersion: 3), .stay)),
        ActionCase(name: "create case", keys: [open, k(.newTask), .right, .enter],
                   effect: .perform(.createTask(number: "IMS0000001", kind: .case, expectedVersion: 3), .stay)),
        ActionCase(name: "link task", keys: [open, k(.linkTask), .character("i"), .character("n"), .character("c"), .character("1"), .enter],
                   effect: .perform(.linkTask(number: "IMS0000001", task: "INC1", expectedVersion: 3), .stay)),
        ActionCase(name: "work note", keys: [open, k(.addNote), .character("o"), .character("k"), .enter],
                   effect: .perform(.addNote(number: "IMS0000001", text: "ok", expectedVersion: 3), .stay)),
        ActionCase(name: "edit short description in place", keys: [open, k(.editSelected), .control("u"), .character("X"), .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.shortDescription("X")], expectedVersion: 3), .stay)),
        ActionCase(name: "edit opened for", keys: [open, k(.moveDown), k(.editSelected), .character("山"), .down, .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.openedFor("CUS0000002")], expectedVersion: 3), .stay)),
        ActionCase(name: "edit queue", keys: [open, k(.moveDown), k(.moveDown), k(.moveDown), k(.editSelected), .enter],
                   effect: .perform(.edit(number: "IMS0000001", [.queue("service-desk")], expectedVersion: 3), .stay)),
        ActionCase(name: "edit the customer card", keys: [open, k(.editCustomer), .tab, .tab, .tab, .control("u"), .character("Y"), .enter],
                   effect: .perform(.editCustomer(id: "CUS0000001", CustomerDetails(name: "Zoë Müller", email: "zoe@example.com",
                                                                                      phone: "+15551234567", company: "Y")), .stay)),
        ActionCase(name: "archive", keys: [.character("4"), .enter, k(.archive), .character("a")],
                   effect: .perform(.transition(number: "IMS0000005", .archive, expectedVersion: 2), .stay)),
        ActionCase(name: "archive cancelled with Enter", keys: [.character("4"), .enter, k(.archive), .enter], effect: nil),
        ActionCase(name: "new interaction for a chosen customer starts on the type last used",
                   keys: [k(.newInteraction), .tab, .character("z"), .down, .enter, .character("B"), .enter],
                   effect: .perform(.create(type: .phone, openedFor: "CUS0000001", queue: nil, shortDescription: "B", accept: true), .openSubject)),
        ActionCase(name: "new interaction for an exactly typed email", keys: [k(.newInteraction), .tab] + "zoe@example.com".map { .character($0) } + [.tab, .character("B"), .enter],
                   effect: .perform(.create(type: .phone, openedFor: "CUS0000001", queue: nil, shortDescription: "B", accept: true), .openSubject)),
        ActionCase(name: "new interaction with a new customer and, asked, no short description",
                   keys: [k(.newInteraction), .tab, .character("N"), .character("o"), .down, .enter, .character("n"), .character("@"), .enter,
                          .character("c")],
                   effect: .perform(.withNewCustomer(CustomerDetails(name: "No", email: "n@"),
                                                     then: .create(type: .phone, openedFor: CustomerDetails.newCustomerReference, queue: nil,
                                                                   shortDescription: "", accept: true)), .openSubject)),
        ActionCase(name: "quit from home", keys: [k(.quit, .home)], effect: .quit),
        ActionCase(name: "ctrl-c with unsaved note asks", keys: [open, k(.addNote), .character("x"), .control("c")], effect: nil),
        ActionCase(name: "ctrl-c with unsaved note, then Esc stays", keys: [open, k(.addNote), .character("x"), .control("c"), .escape], effect: nil),
        ActionCase(name: "ctrl-c with unsaved note, then quit", keys: [open, k(.addNote), .character("x"), .control("c"), .right, .enter], effect: .quit),
        ActionCase(name: "ctrl-c without edits quits", keys: [open, .control("c")], effect: .quit),
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
        #expect(prompt.options.map(\.label) == ["None", "Waiting on Customer", "Waiting Internal", "Cancel"])
        let effects = s.handle(.key(.enter), desk: desk)
        #expect(effects == [.perform(.transition(number: "IMS0000004", .hold(reason: .waitingOnCustomer), expectedVersion: 2), .stay)])
    }

    @Test func escapeWithTypedTextAsksBeforeDiscarding() {
        var (s, desk) = state()
        _ = s.handle(.key(.enter), desk: desk)
        _ = s.handle(.key(.character("w")), desk: desk)
        _ = s.handle(.key(.character("x")), desk: desk)
        _ = s.handle(.key(.escape), desk: desk)
        guard case .choice(let prompt)? = s.dialog, prompt.title == "Discard what you typed?" else { Issue.record("should ask"); return }
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
        session.press(.character("c"))
        #expect(session.state.status?.isError == true)
        #expect(session.state.status?.text == "the short description must be filled in before closing IMS0000002 (current state: Work in Progress)")
        #expect(source.desk.interaction("IMS0000002") == before)
    }

    @Test func newInteractionWithANewCustomerOpensTheRecord() {
        let (session, source, _) = makeSession()
        session.press(.character("n"), .right, .tab)   // starts on Phone, the type Ana used last
        session.type("Nora Jones")
        session.press(.down, .enter)
        session.type("nora@example.com")
        session.press(.tab)
        session.type("+1 555 000 7777")
        session.press(.tab)
        session.type("Northwind")
        session.press(.tab, .character(" "), .tab)
        session.type("Lost badge")
        session.press(.enter)
        #expect(session.state.screen == .record)
        let r = source.desk.interaction(session.state.record!.number)!
        #expect(r.type == .walkUp)
        #expect(r.state == .workInProgress)
        #expect(source.desk.customers[r.openedFor!]?.phone == "+15550007777")
        #expect(source.desk.customers[r.openedFor!]?.company == "Northwind")
        #expect(source.desk.customers[r.openedFor!]?.vip == true)
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
        session.press(.enter, .character("c"))              // no short description: create without one
        #expect(session.state.status?.text.contains("is not a phone number") == true)
        #expect(source.desk.customers.count == customers)
    }

    @Test func otherConsolesChangesAppearOnTick() {
        let (session, source, _) = makeSession()
        session.press(.character("2"))
        #expect(session.state.list.rows.count == 3)
        source.desk.run(.intake(type: .walkUp, openedFor: "CUS0000001", queue: nil, text: nil), by: "walk-up", at: t0)
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
