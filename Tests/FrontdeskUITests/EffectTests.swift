import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// What the console needs from the world is an effect the update function returns: the runner
/// never looks into the state to find work (issue 24, point 4).
struct EffectTests {
    @Test func aSearchOfHistoryIsAskedForAsAnEffect() {
        let desk = historyDesk()
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 100, height: 30)
        s.reloadRows(desk)
        _ = s.handle(.key(Bindings.key(for: .tab(3), in: .home)!), desk: desk)     // Closed: its rows are history's
        #expect(s.view == .closed)
        _ = s.handle(.key(Bindings.key(for: .search, in: .home)!), desk: desk)
        #expect(s.handle(.key(.character("v")), desk: desk) == [.searchHistory(query: "v", view: .closed)])
        #expect(s.handle(.key(.character("p")), desk: desk) == [.searchHistory(query: "vp", view: .closed)])
        // While it runs, other messages ask for nothing more.
        #expect(s.handle(.tick(t0), desk: desk).allSatisfy { if case .searchHistory = $0 { false } else { true } })
        // Its answer is taken, and asks for nothing; a key that keeps the query asks nothing either.
        #expect(s.handle(.historySearched(query: "vp", view: .closed, positions: []), desk: desk) == [])
        #expect(s.list.history == .matches([]))
        #expect(s.handle(.key(Bindings.key(for: .keepSearch, in: .search)!), desk: desk) == [])
    }

    @Test func theCannedRepliesAreReadAsAnEffect() {
        let (s0, desk) = (ConsoleState(agent: "ana", storeLabel: "store", now: t0), sampleDesk())
        var s = s0
        #expect(s.handle(.tick(t0), desk: desk) == [.readTemplates], "never read: read now")
        let read = [ReplyTemplate(name: "hello", text: "Hello {{number}}")]
        #expect(s.handle(.templatesRead(read), desk: desk) == [])
        #expect(s.templates == read)
        #expect(s.handle(.tick(t0.adding(9)), desk: desk) == [])
        #expect(s.handle(.tick(t0.adding(10)), desk: desk) == [.readTemplates], "read again after 10 s")
    }

    @Test func aSessionReadsTheNewCannedRepliesOnATick() {
        let (session, source, clock) = makeSession()
        #expect(session.state.templates.isEmpty)
        source.templateList = [ReplyTemplate(name: "new", text: "New one")]
        clock.instant = t0.adding(5)
        session.tick()
        #expect(session.state.templates.isEmpty, "not yet: read every 10 s")
        clock.instant = t0.adding(10)
        session.tick()
        #expect(session.state.templates == source.templateList)
    }

    @Test func aSavedDialogTravelsInItsEffect() throws {
        let desk = sampleDesk()
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        _ = s.handle(.key(.enter), desk: desk)                                     // IMS0000001
        _ = s.handle(.key(Bindings.key(for: .addNote, in: .record)!), desk: desk)
        _ = s.handle(.key(.character("x")), desk: desk)
        let typed = s.dialog
        let effects = s.handle(.key(Bindings.key(for: .confirm, in: .dialog)!), desk: desk)
        #expect(effects == [.perform(.addNote(number: "IMS0000001", text: "x", expectedVersion: 3), .stay)])
        let returnTo = try #require(effects.first?.returnTo, "the save carries the dialog it was typed in")
        #expect(returnTo == typed)
        #expect(s.dialog == nil && s.awaitingSave)
        // Refused, the runner hands it back with the refusal.
        _ = s.handle(.saveFailed("refused", restoring: returnTo), desk: desk)
        #expect(s.dialog == typed && !s.awaitingSave)
        // A choice that runs a command at once has nothing typed to bring back.
        s.dialog = nil
        let held = s.handle(.key(Bindings.key(for: .hold, in: .record)!), desk: desk)
        #expect(held.count == 1 && held.first?.returnTo == nil, "\(held)")
    }
}

/// Each dialog decides what its keys do (`DialogStep`); the console only carries it out.
struct DialogStepTests {
    func step(_ dialog: Dialog, _ key: Key, desk: Desk = sampleDesk()) -> DialogStep {
        let action = Bindings.binding(for: key, in: .dialog)?.1
        switch dialog {
        case .text(let p): return p.handle(key, action: action)
        case .choice(let p): return p.handle(key, action: action)
        case .picker(let p): return p.handle(key, action: action, items: desk.pickerItems(p))
        case .customer(let f): return f.handle(key, action: action)
        case .newInteraction: return .editing(dialog)
        }
    }

    @Test func aQuestionIsAnsweredByItsOwnKeys() {
        let keep = ChoiceOption("Keep working", .dismiss), end = ChoiceOption("End and close", .quit)
        let prompt = ChoicePrompt(title: "End?", message: "", options: [keep, end], safe: 0)
        #expect(step(.choice(prompt), .character("y")) == .chose(end))
        #expect(step(.choice(prompt), .character("n")) == .chose(keep))
        #expect(step(.choice(prompt), .character("e")) == .chose(end))
        #expect(step(.choice(prompt), .enter) == .chose(keep))
        var moved = prompt
        moved.selected = 1
        #expect(step(.choice(prompt), .right) == .editing(.choice(moved)))
    }

    @Test func aTextPromptTypesAndSaves() {
        let note = TextPrompt(title: "Note", hint: "", field: TextField("hi"), purpose: .workNote("IMS0000001", version: 3), original: "")
        guard case .editing(.text(let typed)) = step(.text(note), .character("!")) else { Issue.record("typing edits"); return }
        #expect(typed.field.text == "hi!")
        #expect(step(.text(note), .enter) == .submit(.addNote(number: "IMS0000001", text: "hi", expectedVersion: 3), from: .text(note), .stay))
        #expect(step(.text(note), .control("t")) == .templates(note))
        // y is a letter typed in a text field, not an answer.
        guard case .editing(.text(let withY)) = step(.text(note), .character("y")) else { Issue.record("y types"); return }
        #expect(withY.field.text == "hiy")
    }

    @Test func aPickerTakesNothingUnchosen() {
        let picker = PickerPrompt(title: "Transfer", purpose: .transfer("IMS0000001", version: 3))
        guard case .say(let text, .picker) = step(.picker(picker), .enter) else { Issue.record("Enter with nothing chosen says why"); return }
        #expect(text.hasPrefix("\(Bindings.label(for: .moveDown, in: .dialog)) to choose"), "\(text)")
        guard case .editing(.picker(let down)) = step(.picker(picker), .down) else { Issue.record("↓ highlights"); return }
        #expect(down.selected == 0)
    }
}

/// The record actions are the record screen's: a function of the record, the desk, who and when.
struct RecordStepTests {
    @Test func anActionIsASaveOrADialog() {
        let desk = sampleDesk()
        let r = desk.interaction("IMS0000001")!       // Ana's chat, Work in Progress
        let c = RecordActionContext(desk: desk, agent: "ana", now: t0, fromList: false)
        #expect(RecordScreen.step(.hold, on: r, c) == .effects([.perform(.transition(number: r.number, .hold(reason: nil), expectedVersion: r.version), .stay)]))
        let fromList = RecordActionContext(desk: desk, agent: "ana", now: t0, fromList: true)
        let queued = desk.interaction("IMS0000002")!
        #expect(RecordScreen.step(.accept, on: queued, fromList)
                == .effects([.perform(.transition(number: queued.number, .accept, expectedVersion: queued.version), .openSubject)]))
        guard case .dialog(.picker(let picker))? = RecordScreen.step(.transfer, on: r, c) else { Issue.record("transfer picks a target"); return }
        #expect(picker.purpose == .transfer(r.number, version: r.version))
        #expect(RecordScreen.step(.moveDown, on: r, c) == nil)
    }
}
