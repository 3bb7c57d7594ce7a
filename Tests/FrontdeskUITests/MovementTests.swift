import Testing
import FrontdeskCore
@testable import FrontdeskUI

// Desks for moving around: one with nothing in it, one with an unknown caller's chat (a record
// whose Related Tasks and User's Interactions panes are empty), and one where every list,
// pane and picker is longer than the window.

/// Queues and agents, no customers and no records: every list is empty.
func bareDesk() -> Desk {
    var desk = Desk(config: DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk"))
    var base = ChangeSet()
    base.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
    base.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"], role: .supervisor)]
    desk.apply(base)
    return desk
}

/// A fresh desk with one chat from someone unknown (IMS0000001): no task, nobody in Opened for.
func unknownCallerDesk() -> Desk {
    var desk = bareDesk()
    desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "hello"), by: "chat", at: t0.adding(-10))
    return desk
}

/// The sample desk grown past any window: IMS0000001 (Zoë's, worked by ana) has 30 related
/// tasks and Zoë 40 more interactions; ana works IMS0000004, a conversation of 40 messages
/// with replies; 60 chats wait in the queue.
func fullDesk() -> Desk {
    var desk = sampleDesk()
    desk.run(.agentIsSupervisor("ana"), by: "sam")
    for i in 0..<30 { desk.run(.createTask(number: "IMS0000001", kind: TaskKind.allCases[i % TaskKind.allCases.count]), at: t0.adding(Int64(-190 + i))) }
    for i in 0..<40 {
        desk.run(.intake(type: .walkUp, openedFor: "CUS0000001", queue: nil, text: "visit \(i)"), by: "walk-up", at: t0.adding(Int64(-3_000 + i)))
    }
    desk.run(.transition(number: "IMS0000004", .accept), at: t0.adding(-20))
    for i in 0..<40 {
        desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "message \(i) 🙂 ワイド", queue: nil), by: "sms", at: t0.adding(Int64(-19)))
        if i % 4 == 0 { desk.run(.reply(number: "IMS0000004", text: "reply \(i)"), at: t0.adding(-19)) }
    }
    for i in 0..<60 { desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "queued \(i)"), by: "chat", at: t0.adding(Int64(-5 + i % 5))) }
    return desk
}

extension DeskCommand {
    /// Makes `login` a supervisor (the board is theirs).
    static func agentIsSupervisor(_ login: String) -> DeskCommand { .updateAgent(login: login, displayName: nil, queues: nil, role: .supervisor) }
}

/// Every key that moves, as the bindings have them (↑ ↓ j k PgUp PgDn Home End).
let movementKeys: [Key] = [.up, .down, .character("j"), .character("k"), .pageUp, .pageDown, .home, .end]

/// Sequences pressed from each starting point: each key alone, down past the end and back,
/// and every key in turn.
let movementSequences: [[Key]] = movementKeys.map { [$0] }
    + [Array(repeating: .down, count: 45) + Array(repeating: .up, count: 45),
       Array(repeating: .character("j"), count: 45) + Array(repeating: .character("k"), count: 45),
       [.end, .down, .character("j"), .pageDown, .home, .up, .character("k"), .pageUp, .pageDown, .pageDown, .end, .pageUp, .end, .up],
       movementKeys + movementKeys.reversed() + movementKeys]

/// The selections the console holds are all ones it can act on (or none), and the screen draws.
func expectSelectionsValid(_ s: ConsoleState, _ desk: Desk, _ note: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let list = s.list
    #expect(list.count == 0 ? list.selected == nil : list.selected.map { (0..<list.count).contains($0) } == true,
            "list row \(list.selected.map(String.init) ?? "none") of \(list.count): \(note)",
            sourceLocation: sourceLocation)
    #expect(list.top >= 0, "list top \(list.top): \(note)", sourceLocation: sourceLocation)
    if let record = s.record, let r = desk.displayed(record.number) {
        for pane in [record.pane] {
            let lines = s.paneLines(pane, of: r, desk: desk)
            if let i = record.selected[pane.rawValue] {
                #expect(lines.indices.contains(i) && lines[i].target != nil, "\(pane) line \(i) of \(lines.count): \(note)", sourceLocation: sourceLocation)
            }
            #expect(record.top[pane.rawValue] >= 0 && record.top[pane.rawValue] <= max(0, lines.count - 1), "\(pane) top: \(note)",
                    sourceLocation: sourceLocation)
        }
    }
    switch s.dialog {
    case .choice(let prompt):
        #expect(prompt.options.indices.contains(prompt.selected), "option \(prompt.selected): \(note)", sourceLocation: sourceLocation)
    case .picker(let prompt):
        let items = desk.pickerItems(prompt)
        #expect(prompt.selected == SearchList.none || items.indices.contains(prompt.selected), "item \(prompt.selected) of \(items.count): \(note)",
                sourceLocation: sourceLocation)
    case .newInteraction(let form):
        // -1: typing, no row highlighted.
        #expect(form.highlighted == -1 || form.customerItems(desk).indices.contains(form.highlighted),
                "customer row \(form.highlighted): \(note)", sourceLocation: sourceLocation)
    default: break
    }
    #expect(s.overlayTop >= 0, "overlay top: \(note)", sourceLocation: sourceLocation)
    let grid = s.render(desk)
    #expect(grid.width == s.width && grid.height == s.height)
}

/// Where movement keys are pressed: every list, pane, picker, dialog list and view, empty and full.
struct MovementCase: Sendable, CustomTestStringConvertible {
    let name: String
    let desk: Desk
    /// Brings a fresh console (the desk's rows loaded) to the place under test.
    let setUp: @Sendable (inout ConsoleState, Desk) -> Void
    var testDescription: String { name }
}

@Suite struct MovementTests {
    static let bare = bareDesk(), full = fullDesk(), unknownCaller = unknownCallerDesk(), sample = sampleDesk()

    static func press(_ keys: [Key], _ s: inout ConsoleState, _ desk: Desk) {
        for key in keys { _ = s.handle(.key(key), desk: desk) }
    }

    static func home(_ tab: Int) -> @Sendable (inout ConsoleState, Desk) -> Void {
        { s, desk in press([.character(Character(String(tab)))], &s, desk) }
    }

    static func record(_ number: String, pane: Int) -> @Sendable (inout ConsoleState, Desk) -> Void {
        { s, desk in
            s.open(number, from: nil)
            press([.character(Character(String(pane)))], &s, desk)
        }
    }

    static func picker(_ number: String, query: String, _ purpose: @escaping @Sendable (Interaction) -> PickerPrompt.Purpose)
        -> @Sendable (inout ConsoleState, Desk) -> Void {
        { s, desk in
            s.open(number, from: nil)
            guard let r = desk.interaction(number) else { Issue.record("no \(number)"); return }
            s.dialog = .picker(PickerPrompt(title: "Picker", query: TextField(query), selected: SearchList.none, purpose: purpose(r)))
        }
    }

    static func keys(_ keys: [Key], on number: String? = nil) -> @Sendable (inout ConsoleState, Desk) -> Void {
        { s, desk in
            if let number { s.open(number, from: nil) }
            press(keys, &s, desk)
        }
    }

    static let templates = [ReplyTemplate(name: "greeting", text: "Hello {{number}}"), ReplyTemplate(name: "closing", text: "Bye")]
        + (0..<30).map { ReplyTemplate(name: "canned \($0)", text: "Text \($0)") }

    static let cases: [MovementCase] = {
        var cases: [MovementCase] = []
        for tab in 1...6 {
            cases.append(MovementCase(name: "home list \(tab), empty desk", desk: MovementTests.bare, setUp: home(tab)))
            cases.append(MovementCase(name: "home list \(tab), full desk", desk: MovementTests.full, setUp: home(tab)))
        }
        cases += [
            MovementCase(name: "search with no match", desk: MovementTests.full, setUp: keys([.character("/"), .character("∅"), .enter])),
            MovementCase(name: "moving from the search field", desk: MovementTests.full, setUp: keys([.character("2"), .character("/"), .character("q")])),
            // The issue's record: a chat from someone unknown, no task, nobody in Opened for.
            MovementCase(name: "Details of an unknown caller's chat", desk: MovementTests.unknownCaller, setUp: record("IMS0000001", pane: 1)),
            MovementCase(name: "Related Tasks, none", desk: MovementTests.unknownCaller, setUp: record("IMS0000001", pane: 2)),
            MovementCase(name: "User's Interactions, nobody in Opened for", desk: MovementTests.unknownCaller, setUp: record("IMS0000001", pane: 3)),
            MovementCase(name: "Details of a closed record", desk: MovementTests.sample, setUp: record("IMS0000005", pane: 1)),
            MovementCase(name: "Details, full", desk: MovementTests.full, setUp: record("IMS0000001", pane: 1)),
            MovementCase(name: "Details with a long conversation", desk: MovementTests.full, setUp: record("IMS0000004", pane: 1)),
            MovementCase(name: "Related Tasks, full", desk: MovementTests.full, setUp: record("IMS0000001", pane: 2)),
            MovementCase(name: "User's Interactions, full", desk: MovementTests.full, setUp: record("IMS0000001", pane: 3)),
            MovementCase(name: "User's Interactions of a record not in the working set", desk: MovementTests.full, setUp: record("IMS0000005", pane: 3)),
            MovementCase(name: "transfer picker, no match", desk: MovementTests.full, setUp: picker("IMS0000001", query: "zzzz") { .transfer($0.number, version: $0.version) }),
            MovementCase(name: "transfer picker, full", desk: MovementTests.full, setUp: picker("IMS0000001", query: "") { .transfer($0.number, version: $0.version) }),
            MovementCase(name: "queue picker, no match", desk: MovementTests.full, setUp: picker("IMS0000001", query: "zzzz") { .queue($0.number, version: $0.version) }),
            MovementCase(name: "queue picker", desk: MovementTests.full, setUp: picker("IMS0000001", query: "") { .queue($0.number, version: $0.version) }),
            MovementCase(name: "Opened for picker, no customers", desk: MovementTests.unknownCaller,
                         setUp: picker("IMS0000001", query: "zzzz") { .openedFor($0.number, version: $0.version) }),
            MovementCase(name: "Opened for picker, full", desk: MovementTests.full, setUp: picker("IMS0000001", query: "") { .openedFor($0.number, version: $0.version) }),
            MovementCase(name: "link profile picker", desk: MovementTests.full, setUp: picker("IMS0000004", query: "") { .linkProfile($0.channelUserProfile ?? "") }),
            MovementCase(name: "wrap-up code picker, no match", desk: MovementTests.full,
                         setUp: picker("IMS0000001", query: "zzzz") { .wrapUpCode($0.number, version: $0.version, part: false) }),
            MovementCase(name: "wrap-up code picker", desk: MovementTests.full,
                         setUp: picker("IMS0000001", query: "") { .wrapUpCode($0.number, version: $0.version, part: false) }),
            MovementCase(name: "canned replies picker, no match", desk: MovementTests.full, setUp: { s, desk in
                s.templates = templates
                s.open("IMS0000004", from: nil)
                press([.character("i"), .control("t"), .character("∅")], &s, desk)
            }),
            MovementCase(name: "canned replies picker", desk: MovementTests.full, setUp: { s, desk in
                s.templates = templates
                s.open("IMS0000004", from: nil)
                press([.character("i"), .control("t")], &s, desk)
            }),
            MovementCase(name: "New form, type", desk: MovementTests.bare, setUp: keys([.character("n")])),
            MovementCase(name: "New form, Opened for empty", desk: MovementTests.bare, setUp: keys([.character("n"), .tab])),
            MovementCase(name: "New form, Opened for with no customers", desk: MovementTests.bare, setUp: keys([.character("n"), .tab, .character("x")])),
            MovementCase(name: "New form, customer list", desk: MovementTests.full, setUp: keys([.character("n"), .tab, .character("e")])),
            MovementCase(name: "New form, new customer card", desk: MovementTests.full, setUp: keys([.character("n"), .tab, .character("N"), .down, .enter])),
            MovementCase(name: "customer card", desk: MovementTests.full, setUp: keys([.character("u")], on: "IMS0000001")),
            MovementCase(name: "close question", desk: MovementTests.full, setUp: keys([.character("c")], on: "IMS0000001")),
            MovementCase(name: "hold reasons", desk: MovementTests.full, setUp: keys([.character("h")], on: "IMS0000004")),
            MovementCase(name: "new task kinds", desk: MovementTests.full, setUp: keys([.character("T")], on: "IMS0000001")),
            MovementCase(name: "presence", desk: MovementTests.bare, setUp: keys([.character("P")])),
            MovementCase(name: "work note text", desk: MovementTests.full, setUp: keys([.character("w"), .character("x")], on: "IMS0000001")),
            MovementCase(name: "reply text", desk: MovementTests.full, setUp: keys([.character("i")], on: "IMS0000004")),
            MovementCase(name: "help", desk: MovementTests.bare, setUp: keys([.character("?")])),
            MovementCase(name: "help on a record", desk: MovementTests.full, setUp: keys([.character("?")], on: "IMS0000001")),
            MovementCase(name: "message log, empty", desk: MovementTests.bare, setUp: keys([.character("m")])),
            MovementCase(name: "message log, full", desk: MovementTests.bare, setUp: { s, desk in
                for i in 0..<80 { s.say("message \(i) " + String(repeating: "long ", count: i % 9), isError: i % 3 == 0) }
                press([.character("m")], &s, desk)
            }),
            MovementCase(name: "board, empty desk", desk: MovementTests.bare, setUp: keys([.character("B")])),
            MovementCase(name: "board, full desk", desk: MovementTests.full, setUp: keys([.character("B")])),
            MovementCase(name: "whole conversation", desk: MovementTests.full, setUp: { s, desk in
                s.open("IMS0000004", from: nil)
                s.overlay = .conversation("IMS0000004")
                s.overlayTop = Int.max
            }),
        ]
        return cases
    }()

    @Test(arguments: cases)
    func movementKeysNeverLeaveASelectionOutside(_ c: MovementCase) {
        let desk = c.desk
        for (width, height) in [(80, 24), (40, 12)] {
            for sequence in movementSequences {
                var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: width, height: height)
                s.reloadRows(desk)
                c.setUp(&s, desk)
                let context = "\(c.name) at \(width)×\(height), after \(sequence.prefix(16).map(\.label).joined(separator: " "))"
                expectSelectionsValid(s, desk, "\(context) (before)")
                for key in sequence {
                    _ = s.handle(.key(key), desk: desk)
                    expectSelectionsValid(s, desk, context)
                }
            }
        }
    }

    /// The issue's keys: a chat from someone unknown, `3` (All open), Enter, `2` (Related
    /// Tasks, empty), `j`. The console crashed here (SIGILL); now nothing is selected.
    @Test func downInAnEmptyPaneSelectsNothing() {
        let desk = unknownCallerDesk()
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        for key: Key in [.character("3"), .enter, .character("2"), .character("j")] { _ = s.handle(.key(key), desk: desk) }
        #expect(s.record?.number == "IMS0000001")
        #expect(s.record?.pane == .relatedTasks)
        #expect(s.record?.selected[Pane.relatedTasks.rawValue] == nil)
        #expect(s.render(desk).text.contains("None yet. T creates an incident"))
        for key: Key in [.character("3"), .down, .character("k"), .pageDown, .end, .home, .pageUp, .up] {
            _ = s.handle(.key(key), desk: desk)
            #expect(s.record?.selected[Pane.usersInteractions.rawValue] == nil, "after \(key.label)")
        }
        #expect(s.render(desk).text.contains("Opened for is empty"))
        // Enter on an empty pane does nothing.
        #expect(s.handle(.key(.enter), desk: desk).isEmpty)
        #expect(s.dialog == nil && s.record?.number == "IMS0000001")
    }

    /// A pane with nothing to select scrolls with the same keys, both ways.
    @Test func keysScrollAPaneWithNothingToSelect() {
        var desk = sampleDesk()
        desk.run(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "Many notes", accept: true), at: t0.adding(-100))
        for i in 0..<40 { desk.run(.addNote(number: "IMS0000006", text: "note \(i)", expectedVersion: nil), at: t0.adding(Int64(-90 + i))) }
        desk.run(.transition(number: "IMS0000006", .complete), at: t0.adding(-10))
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 80, height: 24)
        s.reloadRows(desk)
        s.open("IMS0000006", from: nil)
        let r = desk.displayed("IMS0000006")!
        let lines = s.paneLines(.details, of: r, desk: desk)
        #expect(!lines.contains { $0.target != nil }, "a closed record's details act on nothing")
        let last = lines.count - s.paneHeight
        func top() -> Int { s.record!.top[Pane.details.rawValue] }
        _ = s.handle(.key(.character("j")), desk: desk)
        #expect(top() == 1)
        _ = s.handle(.key(.character("k")), desk: desk)
        #expect(top() == 0)
        _ = s.handle(.key(.pageDown), desk: desk)
        #expect(top() == s.paneHeight)
        _ = s.handle(.key(.end), desk: desk)
        #expect(top() == last)
        _ = s.handle(.key(.down), desk: desk)
        #expect(top() == last, "stops at the end")
        _ = s.handle(.key(.pageUp), desk: desk)
        #expect(top() == last - s.paneHeight)
        _ = s.handle(.key(.home), desk: desk)
        #expect(top() == 0)
        _ = s.handle(.key(.up), desk: desk)
        #expect(top() == 0)
        #expect(s.record?.selected == [nil, nil, nil])
    }

    /// A selection kept from before the pane shrank (the task list of another console's
    /// change) is not used past the pane's end.
    @Test func aSelectionPastTheEndOfAShrunkPaneIsNotUsed() {
        let desk = unknownCallerDesk()
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        s.open("IMS0000001", from: nil)
        s.record?.pane = .relatedTasks
        for stale in [-1, 5, 1] {
            s.record?.selected[Pane.relatedTasks.rawValue] = stale
            _ = s.render(desk)
            #expect(s.handle(.key(.enter), desk: desk).isEmpty)
            _ = s.handle(.key(.down), desk: desk)
            #expect(s.record?.selected[Pane.relatedTasks.rawValue] == nil)
        }
    }

    /// A picker whose list shrank under its selection (another console's change) moves from
    /// the last item, not from beyond it.
    @Test func aPickerSelectionPastItsShrunkListComesBack() {
        let desk = MovementTests.full
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        s.open("IMS0000001", from: nil)
        let purpose = PickerPrompt.Purpose.queue("IMS0000001", version: desk.interaction("IMS0000001")!.version)
        s.dialog = .picker(PickerPrompt(title: "Queue", query: TextField(), selected: 40, purpose: purpose))
        let count = desk.pickerItems(PickerPrompt(title: "", query: TextField(), selected: 0, purpose: purpose)).count
        _ = s.handle(.key(.up), desk: desk)
        guard case .picker(let prompt)? = s.dialog else { Issue.record("the picker stays"); return }
        // From the last item up one; with a single item, up from it is back to typing.
        #expect(prompt.selected == max(SearchList.none, count - 2))
    }
}

/// The overlay's scroll keys stop where its view ends: both count the lines of one page
/// (`overlayPage`), so End leaves the last line at the bottom of the box and ↓ then moves nothing.
@Suite struct OverlayPageTests {
    static let overlays = MovementTests.cases.filter {
        ["help on a record", "message log, full", "board, full desk", "whole conversation"].contains($0.name)
    }

    @Test(arguments: overlays)
    func scrollingStopsAtTheEndTheViewDraws(_ c: MovementCase) throws {
        for (width, height) in [(80, 24), (40, 12), (100, 40)] {
            var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: width, height: height)
            s.reloadRows(c.desk)
            c.setUp(&s, c.desk)
            let page = s.overlayPage(try #require(s.overlay), c.desk)
            let more = "\(Bindings.label(for: .moveDown, in: .overlay)) more"
            let at = "\(c.name) at \(width)×\(height)"
            _ = s.handle(.key(.end), desk: c.desk)
            #expect(s.overlayTop == page.lastTop, "\(at): End")
            #expect(!s.render(c.desk).text.contains(more), "\(at): the end drawn, nothing below")
            _ = s.handle(.key(.down), desk: c.desk)
            #expect(s.overlayTop == page.lastTop, "\(at): ↓ at the end")
            _ = s.handle(.key(.home), desk: c.desk)
            #expect(s.overlayTop == 0)
            #expect(s.render(c.desk).text.contains(more) == (page.lines.count > page.rows), "\(at): \(page.lines.count) lines in \(page.rows) rows")
            _ = s.handle(.key(.pageDown), desk: c.desk)
            #expect(s.overlayTop == min(page.rows, page.lastTop), "\(at): PgDn moves a page of the box")
        }
    }
}
