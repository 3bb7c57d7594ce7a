import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskUI

/// The console's screens on a real store: the Closed list paging through history, a search
/// keystroke until its answer is on screen, and a long User's Interactions pane.
enum UIFigures {
    static func measure(_ row: inout Row, store location: String, tools: Tools, quick: Bool) throws {
        let store = try BenchBackend.open(location)
        // As the console opens it: PostgreSQL reads the profiles for its search meanwhile.
        (store as? PostgresStore)?.readProfilesInBackground()
        let desk = store.desk
        let now = Instant(seconds: Int64(time(nil)))
        var state = ConsoleState(agent: "alex", storeLabel: "bench", now: now, width: 120, height: 40)
        state.reloadRows(desk)
        _ = state.render(desk)

        // Closed: first frame, a page down, the end.
        row.closedFirst = Measure.time {
            state.view = .closed
            state.list.selected = 0
            state.list.top = 0
            state.reloadRows(desk)
            _ = state.render(desk)
        }
        row.closedPageDown = Measure.time { _ = state.handle(.key(.pageDown), desk: desk); _ = state.render(desk) }
        row.closedEnd = Measure.time { _ = state.handle(.key(.end), desk: desk); _ = state.render(desk) }
        row.closedRows = state.list.count

        // A search typed into the Closed list: each keystroke to the screen with its answer.
        let source = BenchSource(store)
        let session = ConsoleSession(source: source, clock: FixedTime(now), agent: "alex", storeLabel: "bench", width: 120, height: 40)
        session.press(.character("4"), .character("/"))
        var worst = 0.0
        for c in "printer" {
            let start = Measure.now()
            session.send(.key(.character(c)))
            _ = session.render()
            // The keystroke returned at once; the history's answer arrives from the background.
            let typed = Measure.now() - start
            row.searchKeyReturn = max(row.searchKeyReturn.isNaN ? 0 : row.searchKeyReturn, typed)
            while session.isSearching { usleep(200); session.poll() }
            session.poll()
            _ = session.render()
            worst = max(worst, Measure.now() - start)
        }
        row.searchKey = worst
        row.searchHits = session.state.list.count

        // User's Interactions of the customer with the most records.
        if let history = desk.history {
            var best = (id: "", count: 0)
            for id in desk.customers.keys.sorted().prefix(quick ? 50 : 900) {
                let n = history.rows(ofCustomer: id).count
                if n > best.count { best = (id, n) }
            }
            if let number = desk.interactions(ofCustomer: best.id).first?.number ?? history.rows(ofCustomer: best.id).first?.number {
                var s = ConsoleState(agent: "alex", storeLabel: "bench", now: now, width: 120, height: 40)
                s.open(number, from: nil)
                _ = s.handle(.key(.character("3")), desk: desk)
                row.usersInteractions = Measure.time { _ = s.render(desk) }
                row.usersInteractionsCount = desk.customerRecordCount(best.id)
            }
        }
    }
}

/// The store as the console's desk source, for the search figure.
final class BenchSource: DeskSource {
    let store: any DeskBackend
    init(_ store: any DeskBackend) { self.store = store }
    var desk: Desk { store.desk }
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        try store.perform(command, by: actor, clock: clock)
    }
    func refresh() throws -> Bool { try store.refresh() }
}

extension ConsoleSession {
    func press(_ keys: Key...) { for key in keys { send(.key(key)) } }
}
