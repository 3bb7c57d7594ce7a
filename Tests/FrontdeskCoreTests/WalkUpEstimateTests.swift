import Testing
@testable import FrontdeskCore

/// The one estimate of a wait: from the position, the Available agents serving the location
/// and their free walk-up capacity, and the median handle time (today, else 7 days, else the default).
@Suite struct WalkUpEstimateTests {
    struct ModelCase: CustomTestStringConvertible, Sendable {
        var position: Int, servers: Int, free: Int, handleMinutes: Int64
        var minutes: Int
        var testDescription: String { "position \(position), \(servers) places, \(free) free, \(handleMinutes) min handle" }
    }

    static let model: [ModelCase] = [
        ModelCase(position: 1, servers: 1, free: 1, handleMinutes: 10, minutes: 0),
        ModelCase(position: 1, servers: 1, free: 0, handleMinutes: 10, minutes: 5),
        ModelCase(position: 2, servers: 1, free: 0, handleMinutes: 10, minutes: 15),
        ModelCase(position: 3, servers: 1, free: 0, handleMinutes: 10, minutes: 25),
        ModelCase(position: 3, servers: 3, free: 0, handleMinutes: 12, minutes: 10),
        ModelCase(position: 3, servers: 3, free: 2, handleMinutes: 12, minutes: 2),
        ModelCase(position: 2, servers: 3, free: 2, handleMinutes: 12, minutes: 0),
        ModelCase(position: 4, servers: 2, free: 1, handleMinutes: 7, minutes: 9),
    ]

    @Test(arguments: model)
    func theModel(_ c: ModelCase) {
        let m = WaitModel(servers: c.servers, free: c.free, handleSeconds: c.handleMinutes * 60)
        #expect(m.estimate(position: c.position) == .minutes(c.minutes))
    }

    /// A desk where `available` agents serve walk-in (bo, and more), with walk-ups handled in
    /// `handled` minutes each, closed `daysAgo` days before t0 + 1 h.
    func desk(available: Int, handled: [(minutes: Int64, daysAgo: Int64)] = [], capacity: Int = 1) throws -> Desk {
        var desk = try walkUpDesk([("capacity.walk-up", String(capacity)), ("queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00")])
        var changes = ChangeSet()
        changes.agents = (0..<3).map { i in
            Agent(login: "agent\(i)", displayName: "Agent \(i)", queues: ["walk-in"], presence: i < available ? .available : .away)
        }
        changes.agents.append(Agent(login: "bo", displayName: "Bo Chen", queues: ["service-desk"]))
        desk.apply(changes)
        for (i, h) in handled.enumerated() {
            let start = t0.adding(3600 - h.daysAgo * 86_400 - h.minutes * 60 - 60)
            try desk.checkIn(token: 1000 + i, when: start)
            let n = desk.interactions.last!.number
            try desk.run(.transition(number: n, .accept), by: "sue", at: start.adding(60))
            try desk.run(.transition(number: n, .complete), by: "sue", at: start.adding(60 + h.minutes * 60))
        }
        return desk
    }

    @Test func nobodyAvailableIsUnknown() throws {
        let d = try desk(available: 0)
        #expect(d.estimatedWait(location: "walk-in", position: 1, at: t0.adding(3600)) == .unknown(.nobodyAvailable))
        #expect(WaitEstimate.unknown(.nobodyAvailable).text == "—")
    }

    @Test func closedIsUnknown() throws {
        var d = try desk(available: 1)
        try d.run(.setConfig(key: "queue.walk-in.walk_up.hours", value: "closed"), by: "sue")
        #expect(d.estimatedWait(location: "walk-in", position: 1, at: t0.adding(3600)) == .unknown(.closed))
    }

    @Test func todaysMedianFirstThenTheWeeksThenTheDefault() throws {
        let now = t0.adding(3600)
        // Today 4, 6 and 20 minutes (median 6); earlier in the week 30 and 40.
        let both = try desk(available: 1, handled: [(4, 0), (6, 0), (20, 0), (30, 2), (40, 3)])
        #expect(both.medianHandleSeconds(location: "walk-in", at: now) == 360)
        let week = try desk(available: 1, handled: [(30, 2), (40, 3), (12, 9)])
        #expect(week.medianHandleSeconds(location: "walk-in", at: now) == 35 * 60, "the 9-day-old one is out")
        let none = try desk(available: 1)
        #expect(none.medianHandleSeconds(location: "walk-in", at: now) == WalkUpSettings.defaultHandleSeconds)
    }

    struct DeskCase: CustomTestStringConvertible, Sendable {
        var available: Int, capacity: Int, busy: Int, position: Int
        var estimate: WaitEstimate
        var testDescription: String { "\(available) available (capacity \(capacity)), \(busy) busy, position \(position)" }
    }

    static let desks: [DeskCase] = [
        DeskCase(available: 0, capacity: 1, busy: 0, position: 1, estimate: .unknown(.nobodyAvailable)),
        DeskCase(available: 1, capacity: 1, busy: 0, position: 1, estimate: .minutes(0)),
        DeskCase(available: 1, capacity: 1, busy: 1, position: 1, estimate: .minutes(3)),
        DeskCase(available: 1, capacity: 1, busy: 1, position: 3, estimate: .minutes(15)),
        DeskCase(available: 3, capacity: 1, busy: 3, position: 3, estimate: .minutes(5)),
        DeskCase(available: 3, capacity: 1, busy: 1, position: 3, estimate: .minutes(1)),
        DeskCase(available: 1, capacity: 2, busy: 1, position: 2, estimate: .minutes(2)),
    ]

    /// Today's median is 6 minutes; `busy` agents each work a walk-up now.
    @Test(arguments: desks)
    func estimatesAtTheDesk(_ c: DeskCase) throws {
        var d = try desk(available: c.available, handled: [(4, 0), (6, 0), (20, 0)], capacity: c.capacity)
        let now = t0.adding(3600)
        for i in 0..<c.busy {
            try d.checkIn("Busy \(i)", token: 500 + i, when: now.adding(-600))
            try d.run(.transition(number: d.interactions.last!.number, .accept), by: "agent\(i % max(1, c.available))", at: now.adding(-500))
        }
        #expect(d.estimatedWait(location: "walk-in", position: c.position, at: now) == c.estimate)
        // The queue shows the same estimate for the visitor at that place.
        for i in 0..<c.position { try d.checkIn("Visitor \(i)", token: 600 + i, when: now.adding(Int64(i - 10))) }
        #expect(d.walkUpQueue(location: "walk-in", at: now)[c.position - 1].estimate == c.estimate)
    }
}
