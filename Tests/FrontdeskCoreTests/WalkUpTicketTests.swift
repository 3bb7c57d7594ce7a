import Foundation
import Testing
@testable import FrontdeskCore

/// The day's ticket counter kept on the location: a number is never handed out twice in a
/// local day, even once that day's visits have left the working set; a store written before
/// the counter reads as before (today's walk-ups in the working set).
@Suite struct WalkUpTicketTests {
    /// `desk` as a compaction with `history.window 0d` leaves it: every closed visit gone from
    /// the working set, the directory (and so the location's counter) kept.
    func compacted(_ desk: Desk) -> Desk {
        var kept = Desk(config: desk.config, counters: desk.counters)
        var changes = ChangeSet()
        changes.queues = Array(desk.queues.values); changes.agents = Array(desk.agents.values); changes.customers = Array(desk.customers.values)
        changes.interactions = desk.interactions.filter { $0.state.isOpen }
        kept.apply(changes)
        return kept
    }

    func closeAll(_ desk: inout Desk, at when: Instant) throws {
        for r in desk.interactions where r.state.isOpen {
            try desk.run(.transition(number: r.number, .accept), by: "bo", at: when)
            try desk.run(.transition(number: r.number, .complete), by: "bo", at: when)
        }
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        /// Check-ins before the next one, a minute apart from t0.
        var before = 3
        /// Whether the visits are closed and compacted away before the next check-in.
        var compact = true
        /// Whether the location's counter is dropped (a store written before it was kept).
        var oldStore = false
        /// Minutes after t0 of the next check-in.
        var nextAt: Int64 = 60
        var expected: String
    }

    static let cases: [Case] = [
        Case(description: "the day's visits compacted away: the counter carries on", expected: "W-004"),
        Case(description: "visits still in the working set", compact: false, expected: "W-004"),
        Case(description: "an old store without the counter: today's walk-ups in the working set", compact: false, oldStore: true, expected: "W-004"),
        Case(description: "the next local day starts at 1", nextAt: 24 * 60, expected: "W-001"),
        Case(description: "the first of the day", before: 0, compact: false, expected: "W-001"),
    ]

    @Test(arguments: cases)
    func theNextTicket(_ c: Case) throws {
        var desk = try walkUpDesk()
        for i in 0..<c.before { try desk.checkIn("Visitor \(i)", token: i, when: t0.adding(Int64(i) * 60)) }
        if c.compact {
            try closeAll(&desk, at: t0.adding(30 * 60))
            desk = compacted(desk)
            #expect(desk.interactions.isEmpty)
        }
        if c.oldStore {
            var q = try #require(desk.queues["walk-in"]); q.ticketDay = nil
            var changes = ChangeSet(); changes.queues = [q]; desk.apply(changes)
        }
        let result = try desk.checkIn("Next", token: 99, when: t0.adding(c.nextAt * 60))
        let number = try #require(result.subject)
        #expect(desk.interaction(number)?.ticket == c.expected)
        let day = try #require(desk.queues["walk-in"]?.ticketDay)
        #expect(day.last == Int(c.expected.dropFirst(2)) && day.prefix == "W", "the check-in saves the counter with the visit")
    }

    @Test func theCounterIsSavedWithTheCheckInAndOnlyWhenSet() throws {
        var desk = try walkUpDesk()
        let plain = try #require(desk.queues["walk-in"])
        let encoder = JSONEncoder(); encoder.outputFormatting = [.sortedKeys]
        #expect(!String(decoding: try encoder.encode(plain), as: UTF8.self).contains("ticket_day"), "a queue without tickets keeps its bytes")
        let result = try desk.checkIn(token: 1)
        #expect(result.changes.queues.map(\.id) == ["walk-in"])
        let saved = try #require(result.changes.queues.first?.ticketDay)
        #expect(saved == TicketDay(date: LocalDate(year: 2026, month: 11, day: 24), prefix: "W", last: 1))
        let json = String(decoding: try encoder.encode(try #require(desk.queues["walk-in"])), as: UTF8.self)
        #expect(json.contains("\"ticket_day\":{\"date\":\"2026-11-24\",\"last\":1,\"prefix\":\"W\"}"), "\(json)")
    }
}
