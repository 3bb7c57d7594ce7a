import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// A store that cannot be reached (a database server restarting, a network cut): the status
/// line says so (not "busy", not saved), what the agent typed stays, and the save goes
/// through once the store answers again.
struct StoreUnreachableTests {
    /// The failure a PostgreSQL store reports for a dropped connection (`StoreError.unreachable`).
    struct Unreachable: TemporaryFailure, CustomStringConvertible {
        var isTemporary: Bool { true }
        var isUnreachable: Bool { true }
        var description: String {
            "cannot reach the store postgres://desk.example/frontdesk: Connection refused. Nothing was saved; it is tried again on the next action."
        }
    }

    /// A desk in memory whose every call fails as a store cut off does while `down` is on.
    final class CutOffSource: DeskSource {
        var inner: MemorySource
        var down = true
        init(_ desk: Desk) { inner = MemorySource(desk) }
        var desk: Desk { inner.desk }
        func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
            if down { throw Unreachable() }
            return try inner.perform(command, by: actor, clock: clock)
        }
        func refresh() throws -> Bool {
            if down { throw Unreachable() }
            return false
        }
    }

    func session() -> (ConsoleSession, CutOffSource, TestClock) {
        let source = CutOffSource(sampleDesk())
        let clock = TestClock(t0)
        let session = ConsoleSession(source: source, clock: clock, agent: "ana", storeLabel: "store", width: 100, height: 24)
        return (session, source, clock)
    }

    func statusLine(_ session: ConsoleSession) -> String { session.screen.split(separator: "\n").last.map(String.init) ?? "" }

    @Test func aSaveWhileTheStoreIsUnreachableSaysSoAndGoesThroughWhenItIsBack() {
        let (session, source, clock) = session()
        session.press(.enter, .character("w"))              // a work note on IMS0000001
        session.type("Called back, no answer")
        session.press(.enter)
        #expect(session.isWaitingForStore)
        #expect(statusLine(session).contains("Store unreachable, retrying…"), "\(statusLine(session))")
        #expect(!session.screen.contains("Store busy"))
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text != "Called back, no answer")
        clock.instant = t0.adding(4)
        session.tick()
        #expect(statusLine(session).contains("Store unreachable (4 s), retrying"), "\(statusLine(session))")
        // Back: the retry saves what was typed, and the status line no longer says unreachable.
        source.down = false
        session.poll()
        #expect(!session.isWaitingForStore)
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Called back, no answer")
        #expect(session.state.status?.isError == false)
        #expect(!statusLine(session).contains("unreachable"), "\(statusLine(session))")
    }

    @Test func aSaveThatNeverReachesTheStoreGivesUpNamingWhyAndKeepsTheText() {
        let (session, source, clock) = session()
        session.press(.enter, .character("w"))
        session.type("Customer will call at 3")
        session.press(.enter)
        clock.instant = t0.adding(11)
        session.poll()
        #expect(!session.isWaitingForStore)
        let message = session.state.status?.text ?? ""
        #expect(session.state.status?.isError == true)
        #expect(message.contains("cannot reach the store postgres://desk.example/frontdesk") && message.contains("what you typed is kept"), "\(message)")
        #expect(!message.contains("locked"), "\(message)")
        guard case .text(let prompt)? = session.state.dialog else {
            Issue.record("the note dialog comes back"); return
        }
        #expect(prompt.field.text == "Customer will call at 3")
        source.down = false
        session.press(.enter)
        #expect(source.desk.interaction("IMS0000001")?.workNotes.last?.text == "Customer will call at 3")
    }

    /// Nothing to save: the tick that cannot read the store says so on the status line, and
    /// the first tick that can takes it away.
    @Test func theStatusLineSaysTheStoreIsUnreachableUntilItAnswers() {
        let (session, source, clock) = session()
        clock.instant = t0.adding(1)
        session.tick()
        #expect(statusLine(session).contains("Store unreachable"), "\(statusLine(session))")
        source.down = false
        clock.instant = t0.adding(2)
        session.tick()
        #expect(!statusLine(session).contains("unreachable"), "\(statusLine(session))")
    }
}
