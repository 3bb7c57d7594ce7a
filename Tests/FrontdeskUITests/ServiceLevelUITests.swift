import Testing
@testable import FrontdeskCore
@testable import FrontdeskUI

/// Service levels in the work lists and on the board: a breach (in business time) in the
/// overdue style, a near-breach in the attention style.
@Suite struct ServiceLevelUITests {
    /// The sample desk plus a chat that came in Monday 16:58, 16 hours before t0 (Tuesday 09:00),
    /// and one that came in 250 s before t0 (83% of service-desk's 300 s target).
    static func desk(officeHours: Bool) -> Desk {
        var desk = sampleDesk()
        if officeHours { desk.run(.setConfig(key: "queue.service-desk.hours", value: "mon-fri 09:00-17:00"), by: "sam") }
        desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Overnight printer"), by: "chat", at: t0.adding(-16 * 3600 - 120))
        desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "Nearly late"), by: "chat", at: t0.adding(-250))
        return desk
    }

    @Test(arguments: [false, true])
    func aBreachedRowIsOverdueOnlyInBusinessTime(_ officeHours: Bool) {
        let (session, _, _) = makeSession(width: 100, height: 30, desk: Self.desk(officeHours: officeHours))
        session.press(.tab(1))
        session.press(.moveDown)   // the selection off the rows the test reads
        let grid = session.render()
        // Around the clock the overnight chat waited 16 hours: breached, and the other 250 s of
        // 300: near. In office hours the first waited 2 minutes of business time (16:58 to
        // 17:00), under the near share (240 s); the other came before opening: nothing yet.
        #expect(grid.style(of: "Overnight printer") == (officeHours ? .normal : .overdue))
        #expect(grid.style(of: "Nearly late") == (officeHours ? .normal : .attention))
    }

    @Test func theBoardMarksABreachAndANearBreach() {
        var desk = Self.desk(officeHours: false)
        let breached = BoardText.lines(desk.board(at: t0), width: 100).first { $0.1.hasPrefix("Service Desk") }
        #expect(breached?.2 == .overdue)
        desk.run(.edit(number: "IMS0000006", [.shortDescription("Printer")]), by: "sam", at: t0)
        desk.run(.transition(number: "IMS0000006", .abandon), by: "sam", at: t0)
        let near = BoardText.lines(desk.board(at: t0), width: 100).first { $0.1.hasPrefix("Service Desk") }
        #expect(near?.2 == .attention && near?.1.contains(" ~") == true, "\(String(describing: near))")
    }
}
