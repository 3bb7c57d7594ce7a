import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// A store whose lock is held elsewhere: the console stays live, says it is waiting, saves when
/// it can, and never loses what the agent typed.
struct StoreBusyTests {
    struct Busy: TemporaryFailure, CustomStringConvertible {
        var isTemporary: Bool { true }
        var description: String { "could not lock the store" }
    }

    /// A desk in memory whose saves fail as a locked store's do while `busy` is on.
    final class BusySource: DeskSource {
        var inner: MemorySource
        var busy = true
        var attempts = 0
        init(_ desk: Desk) { inner = MemorySource(desk) }
        var desk: Desk { inner.desk }
        func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
            attempts += 1
            if busy { throw Busy() }
            return try inner.perform(command, by: actor, clock: clock)
        }
        func refresh() throws -> Bool {
            if busy { throw Busy() }
            return false
        }
    }

    func session() -> (ConsoleSession, BusySource, TestClock) {
        let source = BusySource(sampleDesk())
        let clock = TestClock(t0)
        let session = ConsoleSession(source: source, clock: clock, agent: "ana", storeLabel: "store", width: 80, height: 24)
        return (session, source, clock)
    }

    @Test func aSaveWaitsWhileTheStoreIsLockedAndGoesThroughAfter() {
        let (session, source, clock) = session()
        session.press(.enter, .character("w"))              // a work note on IMS0000001
        session.type("Called back, no answer")
        session.press(.enter)
        #expect(session.isWaitingForStore)
        #expect(session.screen.contains("Store busy, saving…"), "\(session.screen)")
        // The console stays live: the clock ticks, keys work.
        clock.instant = t0.adding(3)
        session.tick()
        session.press(.character("2"))
        #expect(session.state.record?.pane == .relatedTasks)
        #expect(session.screen.contains("Store busy (3 s)"), "\(session.screen)")
        source.busy = false
        session.poll()
        #expect(!session.isWaitingForStore)
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Called back, no answer")
        #expect(session.state.status?.isError == false)
    }

    /// At 80 columns the wait is said whole: the store's long name gives way to it.
    @Test func theWaitIsReadableAt80ColumnsBesideALongStoreName() {
        let source = BusySource(sampleDesk())
        let clock = TestClock(t0)
        let session = ConsoleSession(source: source, clock: clock, agent: "ana", storeLabel: "~/.local/share/frontdesk", width: 80, height: 24)
        session.press(.enter, .character("w"))
        session.type("Called back")
        session.press(.enter)
        clock.instant = t0.adding(5)
        session.tick()
        let status = session.screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(status.contains("Store busy (5 s)") && status.contains("09:00:05 UTC"), "\(status)")
    }

    @Test func aSaveThatNeverGetsTheStoreGivesUpAndKeepsTheText() {
        let (session, source, clock) = session()
        session.press(.enter, .character("w"))
        session.type("Customer will call at 3")
        session.press(.enter)
        clock.instant = t0.adding(11)
        session.poll()
        #expect(!session.isWaitingForStore)
        #expect(session.state.status?.isError == true)
        #expect(session.state.status?.text.contains("what you typed is kept") == true)
        guard case .text(let prompt)? = session.state.dialog else {
            Issue.record("the note dialog comes back"); return
        }
        #expect(prompt.field.text == "Customer will call at 3")
        // Enter again, the store free now: saved.
        source.busy = false
        session.press(.enter)
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Customer will call at 3")
        #expect(session.state.dialog == nil)
    }

    /// A rule's refusal keeps the text too: the agent corrects and retries.
    @Test func aRefusedSaveBringsTheDialogBack() {
        let (session, source, _) = session()
        source.busy = false
        session.press(.enter, .character("L"))              // associate a task
        session.type("INC9999999")
        session.press(.enter)
        #expect(session.state.status?.isError == true)
        guard case .text(let prompt)? = session.state.dialog else {
            Issue.record("the dialog comes back after the refusal"); return
        }
        #expect(prompt.field.text == "INC9999999")
    }

    /// Saves made while one waits keep their order; one refused on the way (it was made
    /// against the version before the first) comes back with its text, nothing lost.
    @Test func savesWaitInOrderAndNoneIsLost() {
        let (session, source, _) = session()
        session.press(.enter, .character("w"))
        session.type("first")
        session.press(.enter, .character("s"))
        session.press(.control("u"))
        session.type("Second summary")
        session.press(.enter)
        #expect(session.screen.contains("Store busy: 2 wait"), "\(session.screen)")
        source.busy = false
        session.poll()
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "first")
        if source.desk.interaction("IMS0000001")?.shortDescription != "Second summary" {
            guard case .text(let prompt)? = session.state.dialog else { Issue.record("the refused one comes back"); return }
            #expect(prompt.field.text == "Second summary")
        }
    }
}
