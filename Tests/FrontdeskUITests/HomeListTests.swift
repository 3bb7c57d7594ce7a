import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The work lists' small print: what an empty list says, the search, help at 80 columns.
@Suite struct HomeListTests {
    /// An agent whose queues push work is told it is offered (A), not to take it from the queue.
    @Test func anEmptyMyWorkSaysHowWorkComes() throws {
        var desk = sampleDesk()
        desk.run(.transition(number: "IMS0000001", .abandon))
        let (push, _, _) = makeSession(desk: desk)
        push.press(.tab(0))
        #expect(push.screen.contains("Work is offered to you as it comes: A accepts the offer."), "\(push.screen)")
        #expect(!push.screen.contains("then a to accept"))

        var pull = desk
        var queue = try #require(pull.queues["walk-in"])
        queue.pullOnly = true
        var change = ChangeSet()
        change.queues = [queue]
        pull.apply(change)
        let (session, _, _) = makeSession(desk: pull)
        session.press(.tab(0))
        #expect(session.screen.contains("Press 2 for the queue, then a to accept."), "a pull queue is taken from:\n\(session.screen)")
    }

    /// A compaction's swap takes records out of the working set under an open list: the rows'
    /// positions move or fall past its end. The list keeps the record it had selected (found by
    /// number, not by position) and never reads a position the desk no longer has.
    @Test func aWorkingSetThatShrinksUnderTheListKeepsTheSelectedRecord() throws {
        let desk = sampleDesk()
        var home = HomeScreen()
        home.view = .open
        home.reload(desk, agent: "ana", at: t0, visibleRows: 10)
        // The row whose record is furthest into the working set: removing records before it moves it.
        let last = try #require(home.list.rows.indices.max { home.list.rows[$0] < home.list.rows[$1] })
        home.list.selected = last
        home.reload(desk, agent: "ana", at: t0, visibleRows: 10)
        let selected = try #require(home.row(home.list.selected, in: desk, at: t0)?.number)

        var shrunk = desk
        let gone = desk.interactions.map(\.number).filter { $0 != selected }.prefix(2)
        shrunk.remove(Set(gone))
        #expect(shrunk.interactions.firstIndex { $0.number == selected } != home.list.rows[last], "the selected record moved")
        home.reload(shrunk, agent: "ana", at: t0, visibleRows: 10)
        #expect(home.row(home.list.selected, in: shrunk, at: t0)?.number == selected)
    }

    @Test func anEmptyDeskNamesPhoneWhenThePhoneChannelIsOn() {
        var desk = Desk(config: DeskConfig(phoneChannel: true))
        var base = ChangeSet()
        base.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: [])]
        desk.apply(base)
        let (session, _, _) = makeSession(desk: desk)
        #expect(session.screen.contains("Press n to take a contact: chat, phone, walk-up, messaging."), "\(session.screen)")
        #expect(session.screen.contains("calls, chats and messages"))
    }

    /// Each list starts unfiltered; `/` starts a new search with the last one selected, so
    /// typing replaces it rather than adding to it.
    @Test func aFilterStaysWithItsListAndSlashStartsANewSearch() {
        let (session, _, _) = makeSession()
        session.press(.tab(2), .search)
        session.type("VPN")
        session.press(.keepSearch)
        #expect(session.state.searchQuery == "VPN")
        #expect(session.screen.contains("Filter “VPN”: 1 match"))
        session.press(.search)
        #expect(session.state.searchField?.text == "VPN", "the last search is offered")
        session.type("outage")
        #expect(session.state.searchQuery == "outage", "typing replaces it, not “VPNoutage”")
        session.press(.keepSearch)
        session.press(.search)
        session.press(Key.left)
        session.type("s")
        #expect(session.state.searchQuery == "outagse", "moving the cursor first keeps it for editing")
        session.press(.keepSearch)
        session.press(.nextList)
        #expect(session.state.searchQuery.isEmpty, "another list starts unfiltered")
        #expect(!session.screen.contains("Filter “"))
    }

    /// Help wraps its descriptions in the box rather than cutting them ("My wra").
    @Test func helpWrapsAt80Columns() {
        let (session, _, _) = makeSession()
        session.press(.help)
        #expect(session.screen.contains("Archived / My"), "\(session.screen)")
        #expect(session.screen.contains(" wrap ups "))
    }
}

/// The wrap-up code picker names its default in full at 80 columns (it was cut mid-word).
@Suite struct WrapUpDefaultTests {
    @Test func theDefaultCodeIsNamedWhole() {
        let (session, _, _) = makeSession()
        session.press(.open, .endConversation)
        #expect(session.screen.contains("the default, when time runs out"), "\(session.screen)")
    }
}

/// The customer's other interactions line up in columns, with a header, as the lists do.
@Suite struct UsersInteractionsPaneTests {
    @Test(arguments: [80, 100, 40])
    func theRowsAreInColumns(width: Int) throws {
        let (session, _, _) = makeSession(width: width, height: 24)
        session.press(.open, .tab(2))
        let lines = session.screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.hasPrefix(" NUMBER") })
        let rows = lines.drop { $0 != header }.filter { $0.hasPrefix(" IMS0000005") || $0.hasPrefix(" IMS0000001") }
        #expect(rows.count == 2, "\(session.screen)")
        // Each column starts where its title does.
        for title in ["STATE", "OPEN"] {
            let x = try #require(header.range(of: " " + title)).lowerBound.utf16Offset(in: header) + 1
            for row in rows {
                let chars = Array(row)
                #expect(x < chars.count && chars[x] != " " && chars[x - 1] == " ", "\(title) at \(x):\n\(header)\n\(row)")
            }
        }
    }
}
