import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Holds a report read until released: a long period being read in the background.
final class ReadGate: @unchecked Sendable {
    private let condition = NSCondition()
    private var open = false
    func wait() { condition.lock(); while !open { condition.wait() }; condition.unlock() }
    func release() { condition.lock(); open = true; condition.broadcast(); condition.unlock() }
}

/// The report's read runs off the input thread: "Loading…" shows meanwhile, keys keep working,
/// and an answer for a period no longer chosen is dropped.
@Suite struct ReportLoadingTests {
    /// A supervisor's session whose report reads wait at `gate`.
    func gatedSession(width: Int = 80, height: Int = 24) -> (ConsoleSession, ReportSource, ReadGate) {
        let (session, source, _) = reportSession(width: width, height: height)
        let gate = ReadGate()
        source.gate = gate
        return (session, source, gate)
    }

    func key(_ session: ConsoleSession, _ action: UIAction) throws -> Key {
        try #require(Bindings.key(for: action, in: session.state.keyContext))
    }

    @Test(arguments: [(80, 24), (40, 12)])
    func theLoadingFrame(_ size: (Int, Int)) throws {
        let (session, _, gate) = gatedSession(width: size.0, height: size.1)
        defer { gate.release(); session.settle() }
        session.send(.key(try key(session, .report)))
        #expect(session.isReadingInBackground)
        let text = session.screen
        expectClean(text)
        assertSnapshot(text, named: "report-loading-\(size.0)x\(size.1)")
    }

    @Test func keysKeepWorkingWhileTheReportIsReadAndItsAnswerShowsWhenItComes() throws {
        let (session, source, gate) = gatedSession()
        session.send(.key(try key(session, .report)))
        // The read is held: the input thread goes on taking keys meanwhile.
        session.send(.key(try key(session, .tab(2))))
        session.send(.key(try key(session, .moveDown)))
        #expect(session.state.report?.grouping == .channel)
        #expect(session.screen.contains("Loading…") && session.screen.contains("3 Channel"))
        session.poll()
        #expect(session.state.report?.data == nil, "nothing arrived yet")
        gate.release()
        session.settle()
        let report = try #require(session.state.report?.report)
        #expect(report.query.grouping == .channel, "the answer is grouped as chosen meanwhile")
        #expect(!session.screen.contains("Loading…"))
        #expect(source.reads == [.today])
    }

    @Test func anAnswerForAPeriodNoLongerChosenIsDropped() throws {
        let (session, source, gate) = gatedSession()
        session.send(.key(try key(session, .report)))
        session.send(.key(try key(session, .nextPeriod)))
        #expect(source.reads == [.today, .yesterday])
        gate.release()
        session.settle()
        #expect(session.state.report?.period == .yesterday)
        #expect(session.state.report?.data?.period == .yesterday, "today's answer, which came first or not at all, is not shown")
    }

    /// The state's own rule, whatever the order answers come in: only the chosen period's is taken.
    @Test func theStateTakesOnlyTheChosenPeriodsAnswer() {
        let desk = reportDesk()
        var state = ConsoleState(agent: "sam", storeLabel: "store", now: t0, width: 80, height: 24)
        #expect(state.handle(.key(Bindings.key(for: .report, in: state.keyContext)!), desk: desk) == [.readReport(.today)])
        #expect(state.handle(.key(Bindings.key(for: .nextPeriod, in: state.keyContext)!), desk: desk) == [.readReport(.yesterday)])
        _ = state.handle(.reportRead(ReportData.inMemory(desk, period: .today, at: t0)), desk: desk)
        #expect(state.report?.data == nil && state.report?.period == .yesterday, "the stale answer is dropped")
        #expect(state.render(desk).text.contains("Loading…"))
        _ = state.handle(.reportRead(ReportData.inMemory(desk, period: .yesterday, at: t0)), desk: desk)
        #expect(state.report?.data?.period == .yesterday)
        #expect(!state.render(desk).text.contains("Loading…"))
    }

    @Test func leavingTheReportWhileItIsReadDropsItsAnswer() throws {
        let (session, source, gate) = gatedSession()
        session.send(.key(try key(session, .report)))
        session.send(.key(try key(session, .back)))
        #expect(session.state.screen == .home)
        source.failure = nil
        gate.release()
        session.settle()
        #expect(session.state.screen == .home && session.state.report == nil)
        #expect(session.state.status?.isError != true)
    }
}
