import FrontdeskCore
import Testing
@testable import frontdesk_bench

/// The benchmark's replay of a day at a walk-up counter: it must be reproducible, serve
/// everyone through the real domain, record what each visitor was told, and sum it up right.
@Suite struct WalkUpReplayTests {
    static let monday = Instant(CivilTime(year: 2026, month: 11, day: 23))
    static let morning = WalkUpScenario(name: "test", seed: 7, agents: 2, arrivalsPerHour: 10, peakPerHour: 14, handleMedianMinutes: 8)

    func replay(_ scenario: WalkUpScenario = morning) throws -> (WalkUpDay, [WaitSample]) {
        var day = try WalkUpDay(scenario)
        let samples = try day.replay(midnight: Self.monday, checkInEnds: 11 * 3600)
        return (day, samples)
    }

    @Test func theSameSeedGivesTheSameDay() throws {
        let (_, first) = try replay()
        let (_, second) = try replay()
        #expect(first.count > 10)
        #expect(first.map(\.waitedSeconds) == second.map(\.waitedSeconds))
        #expect(first.map(\.toldMinutes) == second.map(\.toldMinutes) && first.map(\.position) == second.map(\.position))
        var other = Self.morning
        other.seed = 8
        #expect(try replay(other).1.map(\.waitedSeconds) != first.map(\.waitedSeconds))
    }

    /// Every visitor is checked in, called, accepted and closed by real commands: the desk ends
    /// the day with nobody waiting, each record's wait is the one the sample holds.
    @Test func everyoneIsServedThroughTheDomain() throws {
        let (day, samples) = try replay()
        let walkUps = day.desk.interactions.filter { $0.type == .walkUp }
        #expect(walkUps.count == samples.count)
        #expect(walkUps.allSatisfy { $0.state == .closedComplete && $0.callCount == 1 })
        #expect(walkUps.map { $0.openedAt.seconds(until: $0.acceptedAt!) } == samples.map(\.waitedSeconds))
        #expect(day.desk.walkUpQueue(location: WalkUpDay.location, at: Self.monday.adding(86_000)).isEmpty)
        // The morning peak builds a queue: someone waited behind others.
        #expect(samples.contains { $0.position > 2 } && samples.allSatisfy { $0.toldMinutes != nil })
    }

    /// While the only agent is Away nobody is Available: those visitors are told "—" and are
    /// served once the agent is back.
    @Test func anAgentAwayMeansNoEstimate() throws {
        var scenario = Self.morning
        scenario.agents = 1
        scenario.awayMinutes = 0...60
        let (day, samples) = try replay(scenario)
        let unknown = samples.filter { $0.toldMinutes == nil }
        #expect(!unknown.isEmpty && unknown.count < samples.count)
        #expect(day.desk.interactions.filter { $0.type == .walkUp }.allSatisfy { $0.state == .closedComplete })
        // Nobody is accepted before 10:00, when the agent comes back.
        let back = Self.monday.adding(10 * 3600)
        #expect(day.desk.interactions.compactMap(\.acceptedAt).allSatisfy { $0 >= back })
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var errors: [Double]
        var medianAbs: Double, p90Abs: Double, within5: Double, bias: Double
        var testDescription: String { "\(errors)" }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(errors: [], medianAbs: 0, p90Abs: 0, within5: 0, bias: 0),
        ErrorCase(errors: [-3], medianAbs: 3, p90Abs: 3, within5: 1, bias: -3),
        ErrorCase(errors: [1, -2, 6, -10], medianAbs: 2, p90Abs: 10, within5: 0.5, bias: -1.25),
        ErrorCase(errors: [5, -5, 5.5, 0, 0, 0, 0, 0, 0, 20], medianAbs: 0, p90Abs: 5.5, within5: 0.8, bias: 2.55),
    ]

    @Test(arguments: errorCases)
    func errorFigures(_ c: ErrorCase) {
        let f = ErrorFigures(c.errors)
        #expect(f.count == c.errors.count && f.medianAbs == c.medianAbs && f.p90Abs == c.p90Abs)
        #expect(f.within5 == c.within5 && abs(f.bias - c.bias) < 1e-9)
    }
}
