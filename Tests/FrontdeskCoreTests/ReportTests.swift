import Testing
@testable import FrontdeskCore

/// The report engine: each fact's one definition, the one-pass figures, periods and text charts.
struct ReportTests {
    // MARK: Facts

    struct FactCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// (seconds after t0, transition, actor)
        let steps: [(Int64, RecordTransition, String)]
        let outcome: ReportOutcome
        let agent: String?
        let transfers: Int
        let wait: Int64
        let handle: Int64
        let hold: Int64
        /// Queue service-desk's target is 300 s.
        let metTarget: Bool?
        var testDescription: String { name }
    }

    static let factCases: [FactCase] = [
        FactCase(name: "waiting: open, no agent, no service level", steps: [], outcome: .open, agent: nil, transfers: 0,
                 wait: 1000, handle: 0, hold: 0, metTarget: nil),
        FactCase(name: "answered within target, wrap-up in handle time",
                 steps: [(100, .accept, "ana"), (400, .endConversation, "ana"), (460, .submitWrapUp(code: "Resolved", notes: ""), "ana")],
                 outcome: .answered, agent: "ana", transfers: 0, wait: 100, handle: 360, hold: 0, metTarget: true),
        FactCase(name: "answered past target", steps: [(301, .accept, "ana"), (401, .complete, "ana")],
                 outcome: .answered, agent: "ana", transfers: 0, wait: 301, handle: 100, hold: 0, metTarget: false),
        FactCase(name: "exactly at target meets it", steps: [(300, .accept, "ana"), (310, .complete, "ana")],
                 outcome: .answered, agent: "ana", transfers: 0, wait: 300, handle: 10, hold: 0, metTarget: true),
        FactCase(name: "abandoned in queue: no service level", steps: [(50, .abandon, "ana")],
                 outcome: .abandoned, agent: nil, transfers: 0, wait: 50, handle: 0, hold: 0, metTarget: nil),
        FactCase(name: "a hold is no transfer", steps: [(0, .accept, "ana"), (10, .hold(reason: nil), "ana"), (40, .resume, "ana"), (50, .complete, "ana")],
                 outcome: .answered, agent: "ana", transfers: 0, wait: 0, handle: 20, hold: 30, metTarget: true),
        FactCase(name: "transfer to an agent, who completes",
                 steps: [(10, .accept, "ana"), (20, .transfer(.agent("bo")), "ana"), (80, .accept, "bo"), (100, .complete, "bo")],
                 outcome: .answered, agent: "bo", transfers: 1, wait: 10, handle: 30, hold: 60, metTarget: true),
        FactCase(name: "back to the queue and abandoned: its last agent",
                 steps: [(10, .accept, "ana"), (20, .transfer(.queue("service-desk")), "ana"), (90, .abandon, "sue")],
                 outcome: .abandoned, agent: "ana", transfers: 1, wait: 10, handle: 10, hold: 0, metTarget: nil),
        FactCase(name: "two transfers",
                 steps: [(0, .accept, "ana"), (5, .transfer(.agent("bo")), "ana"), (6, .accept, "bo"), (7, .transfer(.agent("ana")), "bo"),
                         (8, .accept, "ana"), (9, .complete, "ana")],
                 outcome: .answered, agent: "ana", transfers: 2, wait: 0, handle: 7, hold: 2, metTarget: true),
    ]

    @Test(arguments: factCases)
    func facts(_ c: FactCase) throws {
        var desk = makeDesk(wrapUp: [.chat])
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), at: t0)
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Printer")]), at: t0)
        for (offset, transition, actor) in c.steps {
            try desk.run(.transition(number: "IMS0000001", transition), by: actor, at: t0.adding(offset))
        }
        let r = try #require(desk.interaction("IMS0000001"))
        let f = desk.reportFacts(of: r, zone: .utc, at: t0.adding(1000))
        #expect(f.outcome == c.outcome)
        #expect(f.agent == c.agent)
        #expect(f.transfers == c.transfers)
        #expect(f.waitSeconds == c.wait)
        #expect(f.handleSeconds == c.handle)
        #expect(f.holdSeconds == c.hold)
        #expect(f.metTarget == c.metTarget)
        #expect(f.channel == .chat && f.queue == "service-desk")
        #expect(f.hourOpened == 9 && f.dayOpened == LocalDate(year: 2026, month: 11, day: 24))
    }

    /// Service level in reports is `serviceLevel`'s business time: a wait across the weekend
    /// counts only the queue's open hours, and it follows the calendar as it is today.
    @Test(arguments: [
        // Friday 16:58, accepted Monday 09:02: 4 business minutes (64 hours on the wall clock).
        (CivilTime(year: 2026, month: 11, day: 27, hour: 16, minute: 58), CivilTime(year: 2026, month: 11, day: 30, hour: 9, minute: 2), true, false),
        // Saturday noon, accepted Monday 09:06: 6 business minutes, past the 5-minute target.
        (CivilTime(year: 2026, month: 11, day: 28, hour: 12), CivilTime(year: 2026, month: 11, day: 30, hour: 9, minute: 6), false, false),
        // Within the day: business and wall time agree.
        (CivilTime(year: 2026, month: 11, day: 24, hour: 10), CivilTime(year: 2026, month: 11, day: 24, hour: 10, minute: 4), true, true),
    ])
    func serviceLevelCountsBusinessTime(_ opened: CivilTime, _ accepted: CivilTime, _ withinOfficeHours: Bool, _ withinAroundTheClock: Bool) throws {
        var desk = makeDesk(wrapUp: [])
        try desk.run(.setConfig(key: "queue.service-desk.hours", value: "mon-fri 09:00-17:00"), by: "sue", at: t0)
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), at: Instant(opened))
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Printer")]), at: Instant(opened))
        try desk.run(.transition(number: "IMS0000001", .accept), at: Instant(accepted))
        try desk.run(.transition(number: "IMS0000001", .complete), at: Instant(accepted).adding(60))
        let r = try #require(desk.interaction("IMS0000001"))
        let f = desk.reportFacts(of: r, zone: .utc, at: Instant(accepted).adding(120))
        #expect(f.metTarget == withinOfficeHours)
        #expect(f.serviceWaitFrom == Instant(opened) && f.answeredAt == Instant(accepted))
        // The same stored facts under a calendar changed since: recomputed, nothing rebuilt.
        try desk.run(.setConfig(key: "queue.service-desk.hours", value: "24x7"), by: "sue", at: Instant(accepted).adding(120))
        #expect(desk.metTarget(f) == withinAroundTheClock)
    }

    @Test func factsReadWrapUpCodeRepliesAndRating() throws {
        var desk = makeDesk(wrapUp: [.chat])
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello"), at: t0)
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Printer")]), at: t0)
        try desk.run(.transition(number: "IMS0000001", .accept), at: t0.adding(5))
        try desk.run(.reply(number: "IMS0000001", text: "On it"), at: t0.adding(6))
        try desk.run(.reply(number: "IMS0000001", text: "Done"), at: t0.adding(7))
        try desk.run(.transition(number: "IMS0000001", .endConversation), at: t0.adding(8))
        try desk.run(.transition(number: "IMS0000001", .submitWrapUp(code: "escalated", notes: "")), at: t0.adding(9))
        try desk.run(.rate(number: "IMS0000001", score: 4, comment: nil, token: nil), at: t0.adding(10))
        let f = desk.reportFacts(of: try #require(desk.interaction("IMS0000001")), zone: .utc, at: t0.adding(20))
        #expect(f.wrapUpCode == "Escalated")
        #expect(f.replies == 2)
        #expect(f.rating == 4)
    }

    /// Hour and day are the zone's: across London's change back to GMT, 00:30 UTC is 01:30
    /// BST on the 25th, and 01:30 UTC is 01:30 GMT.
    @Test(arguments: [
        (Instant(CivilTime(year: 2026, month: 10, day: 24, hour: 23, minute: 30)), 0, 25),
        (Instant(CivilTime(year: 2026, month: 10, day: 25, hour: 0, minute: 30)), 1, 25),
        (Instant(CivilTime(year: 2026, month: 10, day: 25, hour: 1, minute: 30)), 1, 25),
        (Instant(CivilTime(year: 2026, month: 10, day: 25, hour: 23, minute: 30)), 23, 25),
    ])
    func hourAndDayInTheZone(_ opened: Instant, _ hour: Int, _ day: Int) {
        let r = Interaction(number: "IMS0000001", type: .phone, state: .queued, openedAt: opened)
        let f = InteractionFacts(from: r, zone: london, at: opened)
        #expect(f.hourOpened == hour)
        #expect(f.dayOpened == LocalDate(year: 2026, month: 10, day: day))
    }

    // MARK: Figures

    static func fact(_ n: Int, queue: String? = "service-desk", agent: String? = "ana", outcome: ReportOutcome = .answered,
                     wait: Int64? = 60, handle: Int64? = 120, hold: Int64 = 0, met: Bool? = true, transfers: Int = 0,
                     replies: Int = 0, rating: Int? = nil, hour: Int = 9, day: Int = 24) -> InteractionFacts {
        let opened = Instant(CivilTime(year: 2026, month: 11, day: day, hour: hour))
        return InteractionFacts(number: "IMS\(n)", channel: .chat, queue: queue, agent: agent, reason: nil, wrapUpCode: nil,
                                openedAt: opened, acceptedAt: nil, closedAt: nil, outcome: outcome, waitSeconds: wait,
                                metTarget: outcome == .answered ? met : nil, handleSeconds: handle, holdSeconds: hold,
                                transfers: transfers, replies: replies, rating: rating, hourOpened: hour,
                                dayOpened: LocalDate(year: 2026, month: 11, day: day))
    }

    static let week = ReportQuery(from: Instant(CivilTime(year: 2026, month: 11, day: 23)),
                                  to: Instant(CivilTime(year: 2026, month: 11, day: 30)), grouping: .queue)

    @Test func figuresOfAGroup() throws {
        let facts = [
            Self.fact(1, wait: 10, handle: 100, hold: 5, met: true, transfers: 1, replies: 2, rating: 5),
            Self.fact(2, wait: 20, handle: 200, met: true, rating: 4),
            Self.fact(3, wait: 400, handle: 300, met: false, rating: 4),
            Self.fact(4, outcome: .abandoned, wait: 900, handle: 0, hold: 7),
            Self.fact(5, outcome: .open, wait: 5000, handle: nil, replies: 1),
            Self.fact(6, queue: "walk-in", wait: 30, met: nil),
        ]
        let report = Report.compute(facts: facts, query: Self.week, zone: .utc)
        #expect(report.rows.map(\.key) == ["service-desk", "walk-in"])
        let r = report.rows[0]
        #expect((r.contacts, r.answered, r.abandoned) == (5, 3, 1))
        #expect(r.abandonmentRate == 0.25)
        // Waits and handle times of the answered only: 10, 20, 400 and 100, 200, 300.
        #expect((r.waitMedian, r.waitP90) == (20, 400))
        #expect((r.handleMedian, r.handleP90) == (200, 300))
        #expect(r.holdSeconds == 12)
        #expect((r.withinTarget, r.withTarget) == (2, 3))
        #expect(r.serviceLevel == 2.0 / 3.0)
        #expect((r.transfers, r.replies) == (1, 3))
        #expect(r.ratings == 3 && r.ratingMean == 13.0 / 3.0 && r.ratingDistribution == [0, 0, 0, 2, 1])
        // No target: no service level, not a miss.
        #expect(report.rows[1].serviceLevel == nil && report.rows[1].withTarget == 0)
        #expect(report.total.contacts == 6 && report.total.answered == 4)
    }

    @Test func outsideThePeriodOrFilterIsLeftOut() {
        var query = Self.week
        query.filters = [ReportFilter(.agent, "ana")]
        let facts = [Self.fact(1), Self.fact(2, day: 30), Self.fact(3, agent: "bo"), Self.fact(4, day: 22)]
        let report = Report.compute(facts: facts, query: query, zone: .utc)
        #expect(report.total.contacts == 1)
    }

    @Test func groupsInOrderWithNoneLast() {
        var query = Self.week
        query.grouping = .hour
        let facts = [Self.fact(1, hour: 14), Self.fact(2, hour: 9), Self.fact(3, hour: 10)]
        #expect(Report.compute(facts: facts, query: query, zone: .utc).rows.map(\.key) == ["09:00", "10:00", "14:00"])
        query.grouping = .agent
        let agents = [Self.fact(1, agent: nil), Self.fact(2, agent: "bo"), Self.fact(3, agent: "ana")]
        #expect(Report.compute(facts: agents, query: query, zone: .utc).rows.map(\.key) == ["ana", "bo", ""])
    }

    @Test func seriesHasEveryStepOfThePeriod() {
        let facts = [Self.fact(1, day: 24), Self.fact(2, day: 24), Self.fact(3, day: 26)]
        let report = Report.compute(facts: facts, query: Self.week, zone: .utc)
        #expect(report.seriesStep == .day)
        #expect(report.series.map(\.label) == (23...29).map { "2026-11-\($0)" })
        #expect(report.series.map(\.row.contacts) == [0, 2, 0, 1, 0, 0, 0])
        let day = ReportQuery(from: Instant(CivilTime(year: 2026, month: 11, day: 24)),
                              to: Instant(CivilTime(year: 2026, month: 11, day: 25)), grouping: .queue)
        let hourly = Report.compute(facts: facts, query: day, zone: .utc)
        #expect(hourly.seriesStep == .hour && hourly.series.count == 24)
        #expect(hourly.series[9].row.contacts == 2)
    }

    /// Nearest rank: the smallest value with at least ceil(p% of n) values at or below it.
    @Test(arguments: [
        ([Int64](), 50, nil), ([7], 50, 7), ([7], 90, 7), ([1, 2], 50, 1), ([1, 2], 90, 2),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9),
        ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10), ([5, 5, 5, 1], 50, 5),
    ] as [([Int64], Int, Int64?)])
    func percentile(_ values: [Int64], _ p: Int, _ expected: Int64?) {
        var tally: [Int64: Int] = [:]
        for v in values { tally[v, default: 0] += 1 }
        #expect(ReportTally.percentile(tally, p) == expected)
    }

    // MARK: Periods

    @Test(arguments: [
        (ReportPeriod.today, "2026-11-25", "2026-11-26"),
        (.yesterday, "2026-11-24", "2026-11-25"),
        (.week, "2026-11-23", "2026-11-26"),
        (.month, "2026-11-01", "2026-11-26"),
        (.quarter, "2026-10-01", "2026-11-26"),
    ])
    func periods(_ period: ReportPeriod, _ first: String, _ end: String) {
        // Wednesday 25 November, 10:00 UTC.
        let now = Instant(CivilTime(year: 2026, month: 11, day: 25, hour: 10))
        let range = period.range(at: now, zone: .utc)
        #expect(range.from.iso8601 == first + "T00:00:00Z")
        #expect(range.to.iso8601 == end + "T00:00:00Z")
    }

    /// Local days: the day London's clocks go back has 25 hours.
    @Test func aDayAcrossTheChangeHas25Hours() {
        let day = LocalDate(year: 2026, month: 10, day: 25)
        let range = ReportPeriod.days(day, through: day, zone: london)
        #expect(range.from.iso8601 == "2026-10-24T23:00:00Z")
        #expect(range.from.seconds(until: range.to) == 25 * 3600)
    }

    // MARK: Charts

    @Test(arguments: [
        (0.0, 10.0, 4, false, "    "), (10.0, 10.0, 4, false, "████"), (5.0, 10.0, 4, false, "██  "),
        (1.0, 10.0, 4, false, "▍   "), (0.01, 10.0, 4, false, "▏   "), (5.0, 10.0, 4, true, "##  "),
        (0.01, 10.0, 4, true, "#   "), (3.0, 0.0, 2, false, "  "),
    ])
    func bars(_ value: Double, _ maximum: Double, _ width: Int, _ ascii: Bool, _ expected: String) {
        #expect(TextChart.bar(value, of: maximum, width: width, ascii: ascii) == expected)
    }

    @Test func sparklines() {
        #expect(TextChart.sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█")
        #expect(TextChart.sparkline([0, 1, 2, 4, 8], ascii: true) == "_.-=#")
        #expect(TextChart.sparkline([0, 0]) == "▁▁")
    }
}
