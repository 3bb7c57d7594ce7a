import Testing
@testable import FrontdeskCore

/// Timers derived from state changes with a fake clock.
struct TimerTests {
    /// A script of (seconds after t0, transition) then the expected timers at `at`.
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let steps: [(Int64, RecordTransition)]
        let at: Int64
        let wait: Int64, duration: Int64, hold: Int64, wrapUp: Int64
        let waitLive: Bool, durationLive: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "new: wait is live", steps: [], at: 90, wait: 90, duration: 0, hold: 0, wrapUp: 0, waitLive: true, durationLive: false),
        Case(name: "accepted: wait stops, duration live", steps: [(40, .accept)], at: 100,
             wait: 40, duration: 60, hold: 0, wrapUp: 0, waitLive: false, durationLive: true),
        Case(name: "hold pauses duration", steps: [(10, .accept), (70, .hold(reason: nil))], at: 200,
             wait: 10, duration: 60, hold: 130, wrapUp: 0, waitLive: false, durationLive: false),
        Case(name: "resume continues duration", steps: [(10, .accept), (70, .hold(reason: nil)), (100, .resume)], at: 160,
             wait: 10, duration: 120, hold: 30, wrapUp: 0, waitLive: false, durationLive: true),
        Case(name: "wrap up counted apart", steps: [(0, .accept), (300, .endConversation)], at: 420,
             wait: 0, duration: 300, hold: 0, wrapUp: 120, waitLive: false, durationLive: false),
        Case(name: "closed stops everything", steps: [(5, .accept), (65, .endConversation), (95, .complete)], at: 10_000,
             wait: 5, duration: 60, hold: 0, wrapUp: 30, waitLive: false, durationLive: false),
        Case(name: "transfer before accept keeps waiting", steps: [(20, .transfer(.queue("service-desk")))], at: 50,
             wait: 50, duration: 0, hold: 0, wrapUp: 0, waitLive: true, durationLive: false),
        Case(name: "abandoned unanswered: wait until close", steps: [(45, .abandon)], at: 999,
             wait: 45, duration: 0, hold: 0, wrapUp: 0, waitLive: false, durationLive: false),
        Case(name: "second accept does not reset wait", steps: [(10, .accept), (20, .transfer(.agent("bo"))), (80, .accept)], at: 100,
             wait: 10, duration: 30, hold: 60, wrapUp: 0, waitLive: false, durationLive: true),
        Case(name: "two holds add up", steps: [(0, .accept), (10, .hold(reason: nil)), (20, .resume), (30, .hold(reason: nil)), (45, .resume), (50, .complete)], at: 60,
             wait: 0, duration: 25, hold: 25, wrapUp: 0, waitLive: false, durationLive: false),
        Case(name: "complete from hold", steps: [(0, .accept), (100, .hold(reason: nil)), (400, .complete)], at: 900,
             wait: 0, duration: 100, hold: 300, wrapUp: 0, waitLive: false, durationLive: false),
    ]

    @Test(arguments: cases)
    func timers(_ c: Case) throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), at: t0)
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Timers")]), at: t0)
        for (offset, transition) in c.steps {
            // Whoever holds the record acts on it (after a transfer to bo, bo accepts).
            let actor = desk.interaction("IMS0000001")?.assignedTo ?? "ana"
            try desk.run(.transition(number: "IMS0000001", transition), by: actor, at: t0.adding(offset))
        }
        let timers = try #require(desk.interaction("IMS0000001")).timers(at: t0.adding(c.at))
        #expect(timers == Timers(wait: c.wait, duration: c.duration, hold: c.hold, wrapUp: c.wrapUp,
                                 waitIsLive: c.waitLive, durationIsLive: c.durationLive))
    }

    @Test func agentCreatedRecordHasNoWait() throws {
        var desk = makeDesk()
        try desk.run(.create(type: .walkUp, openedFor: "CUS0000003", queue: nil, shortDescription: "Badge", accept: true), at: t0)
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.state == .workInProgress)
        #expect(r.timers(at: t0.adding(75)).wait == 0)
        #expect(r.timers(at: t0.adding(75)).duration == 75)
        #expect(r.acceptedAt == t0)
    }

    @Test(arguments: [(0, "0:00"), (59, "0:59"), (61, "1:01"), (3600, "1:00:00"), (3661, "1:01:01"), (90061, "1d 01:01:01")] as [(Int64, String)])
    func spanFormatting(_ seconds: Int64, _ text: String) {
        #expect(formatSpan(seconds) == text)
    }

    @Test(arguments: ["2026-11-24T09:00:00Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59Z", "2100-03-01T12:30:05Z",
                      "0001-01-01T00:00:00Z", "0999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"])
    func isoRoundTrip(_ text: String) throws {
        let instant = try #require(Instant(parsing: text))
        #expect(instant.iso8601 == text)
    }

    /// Past the four-digit years the bytes are written in place for, the year is written whole.
    @Test func isoBeyondFourDigitYears() {
        #expect(Instant(seconds: 253_402_300_800).iso8601 == "10000-01-01T00:00:00Z")
    }

    @Test func knownEpochValues() {
        #expect(Instant(parsing: "1970-01-02T00:00:01Z")?.seconds == 86_401)
        #expect(Instant(parsing: "2026-11-24 09:00:00") == t0)
        #expect(t0.serviceNowDateTime == "2026-11-24 09:00:00")
        #expect(Instant(parsing: "2026-13-01T00:00:00Z") == nil)
        #expect(Instant(parsing: "yesterday") == nil)
    }
}
