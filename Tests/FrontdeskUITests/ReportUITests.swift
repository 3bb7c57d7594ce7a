import Testing
import FrontdeskCore
@testable import FrontdeskUI

// The supervisors' report screen (`R`): a period's contacts by group with bars in cells, the
// figures, drill-down to a group's contacts and on to a record, and back.

/// A desk with no contacts yet: the queues and the people only.
func emptyReportDesk() -> Desk {
    var desk = Desk(config: DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk"))
    var base = ChangeSet()
    base.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
    base.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"]),
                   Agent(login: "sam", displayName: "Sam Ortiz", queues: ["service-desk"], role: .supervisor)]
    desk.apply(base)
    return desk
}

/// A hostile queue name and agent name: a colour, a terminal title, a bell, a right-to-left
/// override, and wide characters.
let hostileQueueName = "Evil\u{1B}[31m Queue\u{202E} 受付"
let hostileAgentName = "Eve\u{1B}]0;pwned\u{07} 山田"

/// The counter's desk (walk-ups with reasons for visit, in the Lobby) and a morning's work:
/// chats and calls in the Service Desk and in a hostile-named queue, answered after waits of
/// 30 s to 7 min, wrapped up with codes, rated, a few abandoned; one transferred. All today
/// (the clock's 2026-11-24) but IMS0000005, closed yesterday.
func reportDesk() -> Desk {
    var desk = counterDesk()
    var change = ChangeSet()
    change.queues = [Queue(id: "evil", name: hostileQueueName, channels: InteractionType.allCases, targetWaitSeconds: 120)]
    change.agents = [Agent(login: "eve", displayName: hostileAgentName, queues: ["evil"])]
    desk.apply(change)
    for i in 0..<14 {
        let queue = i % 3 == 2 ? "evil" : "service-desk"
        let agent = queue == "evil" ? "eve" : (i % 2 == 0 ? "ana" : "bo")
        let type: InteractionType = i % 2 == 0 ? .chat : .phone
        let opened = t0.adding(Int64(-8 * 3600 + i * 1800))
        let intake = try! desk.plan(.intake(type: type, openedFor: nil, queue: queue, text: "contact \(i)"), by: "chat", at: opened)
        desk.apply(intake.changes)
        let id = intake.subject!
        desk.run(.edit(number: id, [.shortDescription("Contact \(i)")]), by: "sam", at: opened.adding(1))
        if i % 5 == 4 {
            desk.run(.transition(number: id, .abandon), by: agent, at: opened.adding(240))
            continue
        }
        let accepted = opened.adding(Int64(30 * (i + 1)))
        desk.run(.transition(number: id, .accept), by: agent, at: accepted)
        if i == 3 { desk.run(.transition(number: id, .transfer(.agent("ana"))), by: agent, at: accepted.adding(60)) }
        if type == .chat {
            desk.run(.transition(number: id, .endConversation), by: agent, at: accepted.adding(300))
            desk.run(.transition(number: id, .submitWrapUp(code: i % 4 == 0 ? "Resolved" : "Escalated", notes: "")), by: agent,
                     at: accepted.adding(330))
        } else if i != 3 {
            desk.run(.transition(number: id, .complete), by: agent, at: accepted.adding(420))
        }
        if i % 3 == 0, desk.interaction(id)?.state.isClosed == true {
            desk.run(.rate(number: id, score: 3 + i % 3, comment: nil, token: nil), by: agent, at: accepted.adding(600))
        }
    }
    return desk
}

/// A console for the supervisor, Sam, on `desk`.
func reportSession(width: Int = 80, height: Int = 24, desk: Desk = reportDesk()) -> (ConsoleSession, ReportSource, TestClock) {
    let source = ReportSource(desk)
    let clock = TestClock(t0)
    let session = ConsoleSession(source: source, clock: clock, agent: "sam", storeLabel: "store", width: width, height: height)
    return (session, source, clock)
}

/// A desk in memory that counts how often a report period is read, and can fail to read one.
final class ReportSource: DeskSource {
    var desk: Desk
    var reads: [ReportPeriod] = []
    var failure: String?
    init(_ desk: Desk) { self.desk = desk }
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        let result = try desk.plan(command, by: actor, at: clock.now())
        desk.apply(result.changes)
        return result
    }
    func refresh() throws -> Bool { false }
    struct Unreadable: Error, CustomStringConvertible { let description: String }
    /// Holds every read until `release` is called (a long period being read), when set.
    var gate: ReadGate?
    func reportReader(for period: ReportPeriod, at now: Instant) throws -> ReportReader {
        reads.append(period)
        let desk = self.desk, failure = self.failure, gate = self.gate
        return {
            gate?.wait()
            if let failure { throw Unreadable(description: failure) }
            return ReportData.inMemory(desk, period: period, at: now)
        }
    }
}

/// No control character, no escape byte, no direction override reaches the grid.
func expectClean(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{202E}") && !text.contains("pwned"),
            "no control character reaches the grid:\n\(text)", sourceLocation: sourceLocation)
}

struct ReportUITests {
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        let desk: @Sendable () -> Desk
        let steps: @Sendable (ConsoleSession) -> Void
        var testDescription: String { name }
    }

    static let scenes: [Scene] = [
        Scene(name: "report-empty", desk: emptyReportDesk) { $0.press(UIAction.report) },
        Scene(name: "report-full", desk: reportDesk) { $0.press(UIAction.report) },
        Scene(name: "report-yesterday", desk: reportDesk) { $0.press(.report, .nextPeriod) },
        Scene(name: "report-drill", desk: reportDesk) { $0.press(.report, .moveDown, .open) },
        Scene(name: "report-drill-last", desk: reportDesk) { $0.press(.report, .open, .last) },
        Scene(name: "report-help", desk: reportDesk) { $0.press(.report, .help) },
        Scene(name: "report-ascii", desk: reportDesk) { s in s.asciiCharts = true; s.press(UIAction.report) },
    ] + ReportGrouping.allCases.enumerated().map { i, grouping in
        Scene(name: "report-by-\(grouping.rawValue)", desk: reportDesk) { $0.press(.report, .tab(i)) }
    } + ReportPeriod.allCases.enumerated().map { i, period in
        // Each period chosen: its tab stays in view at 40 columns, the others marked ‹ ›.
        Scene(name: "report-period-\(period.rawValue)", desk: reportDesk) { s in
            s.press(UIAction.report)
            for _ in 0..<i { s.press(UIAction.nextPeriod) }
        }
    }

    static let sizes = [(80, 24), (40, 12)]

    @Test(arguments: scenes, sizes)
    func snapshot(_ scene: Scene, _ size: (Int, Int)) {
        let (session, _, _) = reportSession(width: size.0, height: size.1, desk: scene.desk())
        scene.steps(session)
        let text = session.screen
        expectClean(text)
        assertSnapshot(text, named: "\(scene.name)-\(size.0)x\(size.1)")
    }

    @Test func reportsAreForSupervisorsAndAnAgentIsToldWhy() {
        let (agent, _, _) = makeSession(desk: reportDesk())
        #expect(!Bindings.hints(for: .home, agent.state.scope(agent.memory.desk)).contains("R reports"), "not offered to an agent")
        agent.press(.character("R"))
        #expect(agent.state.screen == .home)
        #expect(agent.state.status?.isError == true)
        #expect(agent.state.status?.text.contains("reports are for supervisors") == true, "\(agent.state.status?.text ?? "")")
        let (supervisor, source, _) = reportSession(width: 100)
        #expect(Bindings.hints(for: .home, supervisor.state.scope(source.desk)).contains("R reports"))
        #expect(supervisor.screen.contains("R reports"), "on the hint line:\n\(supervisor.screen)")
        supervisor.press(.character("R"))
        #expect(supervisor.state.screen == .report)
        #expect(source.reads == [.today])
    }

    @Test func withWorkOfferedRStillRejectsIt() {
        var desk = sampleDesk()
        desk.run(.updateAgent(login: "ana", displayName: nil, queues: nil, role: .supervisor), by: "sam")
        let (session, source, _) = makeSession(desk: desk)
        source.routing = true
        session.tick()
        #expect(session.state.offer != nil)
        #expect(!Bindings.hints(for: .home, session.state.scope(source.desk)).contains("R reports"), "R answers the offer now")
        session.press(.character("R"))
        #expect(session.state.screen == .home && session.state.report == nil)
        guard case .choice(let prompt)? = session.state.dialog else { Issue.record("R asks why the offer is rejected"); return }
        #expect(prompt.title.contains("IMS0000002"), "\(prompt.title)")
    }

    @Test func everyGroupingShowsTheSameContactsRegroupedWithoutReadingAgain() throws {
        let (session, source, _) = reportSession(width: 120, height: 40)
        session.press(UIAction.report)
        let today = try #require(session.state.report?.report)
        for (i, grouping) in ReportGrouping.allCases.enumerated() {
            session.press(UIAction.tab(i))
            let report = try #require(session.state.report?.report)
            #expect(report.query.grouping == grouping)
            #expect(report.rows.reduce(0) { $0 + $1.contacts } == today.total.contacts, "\(grouping): every contact in one group")
            #expect(session.screen.contains(grouping.title.uppercased()), "\(grouping): its column header")
        }
        session.press(.nextList, .previousList)
        #expect(source.reads == [.today], "a grouping never reads the store again")
        session.press(UIAction.nextPeriod)
        #expect(source.reads == [.today, .yesterday], "another period is read once")
        session.press(UIAction.report)
        #expect(source.reads == [.today, .yesterday, .yesterday], "R again reads the period anew")
    }

    @Test func theFiguresOnScreenAreTheReportsFigures() throws {
        let (session, source, _) = reportSession(width: 120, height: 40)
        session.press(UIAction.report)
        let report = try #require(session.state.report?.report)
        let data = try #require(session.state.report?.data)
        #expect(data.facts.count == source.desk.interactions.filter { $0.openedAt >= data.from && $0.openedAt < data.to }.count)
        let desk = try #require(report.rows.first { $0.key == "service-desk" })
        let line = try #require(session.screen.split(separator: "\n").first { $0.contains("Service Desk") })
        let cells = line.split(separator: " ").map(String.init)
        for figure in [String(desk.contacts), String(desk.answered), String(desk.abandoned)] {
            #expect(cells.contains(figure), "\(figure) in \(line)")
        }
        #expect(session.screen.contains("\(report.total.contacts) contacts · \(report.total.answered) answered"), "\(session.screen)")
        #expect(report.total.contacts == 21 && report.total.abandoned == 2, "the desk's morning: \(report.total)")
    }

    @Test func drillDownListsTheGroupsContactsEnterOpensOneAndEscGoesBackStepByStep() throws {
        let (session, _, _) = reportSession()
        session.press(UIAction.report)
        let rows = try #require(session.state.report?.report?.rows)
        let index = try #require(rows.firstIndex { $0.key == "service-desk" })
        for _ in 0..<index { session.press(UIAction.moveDown) }
        session.press(UIAction.open)
        let drill = try #require(session.state.report?.drill)
        #expect(drill.key == "service-desk" && drill.contacts.count == rows[index].contacts)
        #expect(drill.contacts.allSatisfy { $0.queue == "service-desk" })
        #expect(drill.contacts.map(\.openedAt) == drill.contacts.map(\.openedAt).sorted(by: >), "newest first")
        #expect(session.screen.contains("Queue Service Desk: \(rows[index].contacts) contacts"), "\(session.screen)")
        #expect(session.screen.contains(drill.contacts[0].number))
        session.press(.moveDown)
        let chosen = drill.contacts[1].number
        session.press(UIAction.open)
        #expect(session.state.screen == .record && session.state.record?.number == chosen)
        #expect(session.screen.contains(chosen + " · "), "\(session.screen)")
        session.press(UIAction.back)
        #expect(session.state.screen == .report, "back from the record: the group's contacts")
        #expect(session.state.report?.drill?.cursor.selected == 1, "as they were left")
        session.press(UIAction.back)
        #expect(session.state.screen == .report && session.state.report?.drill == nil, "then the report")
        #expect(session.state.report?.rows.selected == index, "on the group drilled into")
        session.press(UIAction.back)
        #expect(session.state.screen == .home && session.state.report == nil, "then the work lists")
    }

    @Test func rOverARecordGoesBackToIt() {
        let (session, _, _) = reportSession()
        session.press(.tab(2), .open)
        let number = session.state.record?.number
        #expect(number != nil)
        session.press(UIAction.report)
        #expect(session.state.screen == .report)
        session.press(UIAction.back)
        #expect(session.state.screen == .record && session.state.record?.number == number)
    }

    /// Every movement key on the groups and on a group's contacts, at both sizes, on an empty
    /// desk and a full one: the selection stays on a row, in view, and nothing is read again.
    @Test(arguments: [true, false], [(80, 24), (40, 12)])
    func everyMovementKeyKeepsTheSelectionInView(_ full: Bool, _ size: (Int, Int)) {
        let (session, source, _) = reportSession(width: size.0, height: size.1, desk: full ? reportDesk() : emptyReportDesk())
        session.press(UIAction.report)
        let moves: [UIAction] = [.moveDown, .moveDown, .pageDown, .last, .moveDown, .pageUp, .moveUp, .first, .moveUp, .pageDown, .last]
        for drilled in [false, true] {
            if drilled { session.press(.first, .open) }
            for move in moves {
                session.press(move)
                let report = session.state.report
                let cursor = drilled ? report?.drill?.cursor : report?.rows
                let count = drilled ? report?.drill?.contacts.count ?? 0 : report?.report?.rows.count ?? 0
                let visible = session.state.reportListRows
                if count == 0 {
                    #expect(cursor?.selected == nil, "\(move): nothing to select")
                } else if let cursor, let selected = cursor.selected {
                    #expect((0..<count).contains(selected), "\(move): \(selected) of \(count)")
                    #expect(selected >= cursor.top && selected < cursor.top + visible, "\(move): \(selected) in view from \(cursor.top)")
                } else {
                    Issue.record("\(move): no selection among \(count)")
                }
                expectClean(session.screen)
            }
        }
        #expect(session.state.screen == .report)
        #expect(source.reads == [.today])
    }

    @Test func aResizeKeepsTheSelectedGroupInView() throws {
        let (session, _, _) = reportSession(width: 80, height: 24)
        session.press(.report, .last)
        let last = try #require(session.state.report?.rows.selected)
        session.send(.resize(width: 40, height: 12))
        let cursor = try #require(session.state.report?.rows)
        #expect(cursor.selected == last)
        #expect(cursor.top + session.state.reportListRows > last, "in view after the resize")
    }

    @Test func chartsAreBlockElementsOrPlainASCII() {
        let (blocks, _, _) = reportSession()
        blocks.press(UIAction.report)
        #expect(blocks.screen.contains("█"))
        let (ascii, _, _) = reportSession()
        ascii.asciiCharts = true
        ascii.press(UIAction.report)
        let text = ascii.screen
        #expect(text.contains("###"))
        let chartGlyphs = Set("▏▎▍▌▋▊▉█▁▂▃▄▅▆▇")
        #expect(!text.contains { chartGlyphs.contains($0) }, "\(text)")
    }

    @Test func aReportThatCannotBeReadSaysWhyAndStaysOpen() {
        let (session, source, _) = reportSession()
        source.failure = "database server unreachable"
        session.press(UIAction.report)
        #expect(session.state.screen == .report)
        #expect(session.state.status?.isError == true)
        #expect(session.screen.contains("Could not read the report."))
        #expect(session.screen.contains("database server unreachable"))
        source.failure = nil
        session.press(UIAction.report)
        #expect(session.state.report?.report != nil, "R again reads it")
        #expect(!session.screen.contains("Could not read"))
    }
}
