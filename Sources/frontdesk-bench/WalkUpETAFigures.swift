import Foundation
import FrontdeskCore

/// How accurate the walk-up counter's estimated wait is (issue 26, point 5): simulated days
/// replayed through the domain (`WalkUpDay`), each visitor's estimate at check-in against the
/// wait they had, beside a naive peer that says "your place × 10 minutes".
enum WalkUpETAFigures {
    static let scenarios: [WalkUpScenario] = [
        WalkUpScenario(name: "quiet", seed: 11, agents: 2, arrivalsPerHour: 4, peakPerHour: 6, handleMedianMinutes: 8),
        WalkUpScenario(name: "one agent", seed: 12, agents: 1, arrivalsPerHour: 4, peakPerHour: 4, handleMedianMinutes: 7),
        WalkUpScenario(name: "busy", seed: 13, agents: 3, arrivalsPerHour: 14, peakPerHour: 16, handleMedianMinutes: 8),
        WalkUpScenario(name: "busy, one Away 10:00-11:30", seed: 13, agents: 3, arrivalsPerHour: 14, peakPerHour: 16,
                       handleMedianMinutes: 8, awayMinutes: 60...150),
    ]

    /// The naive peer's minutes per place in the queue.
    static let naiveMinutesPerPlace = 10

    struct Row {
        var scenario: WalkUpScenario
        var visitors: Int
        /// Visitors told "—" (nobody Available): left out of the error figures.
        var toldUnknown: Int
        var meanWaitMinutes: Double
        var estimate: ErrorFigures
        var naive: ErrorFigures
    }

    /// Replays each scenario: a warm-up day (so the median handle time has history, as at a
    /// counter that has been open a while), then `days` measured days; `quick` cuts each day's
    /// check-ins at 11:00 and measures one day.
    static func measure(quick: Bool) throws -> [Row] {
        let days = quick ? 1 : 5
        let checkInEnds = quick ? 11 * 3600 : WalkUpDay.lastCheckIn
        let monday = Instant(CivilTime(year: 2026, month: 11, day: 23))
        return try scenarios.map { scenario in
            var day = try WalkUpDay(scenario)
            _ = try day.replay(midnight: monday, checkInEnds: checkInEnds)
            var samples: [WaitSample] = []
            for d in 1...days { samples += try day.replay(midnight: monday.adding(Int64(d) * 86_400), checkInEnds: checkInEnds) }
            let known = samples.filter { $0.toldMinutes != nil }
            let waited = { (s: WaitSample) in Double(s.waitedSeconds) / 60 }
            return Row(scenario: scenario, visitors: samples.count, toldUnknown: samples.count - known.count,
                       meanWaitMinutes: samples.isEmpty ? 0 : samples.map(waited).reduce(0, +) / Double(samples.count),
                       estimate: ErrorFigures(known.map { Double($0.toldMinutes!) - waited($0) }),
                       naive: ErrorFigures(known.map { Double($0.position * naiveMinutesPerPlace) - waited($0) }))
        }
    }

    static func print(quick: Bool) throws {
        let rows = try measure(quick: quick)
        Swift.print("""
            walk-up estimated wait, replayed through the domain (\(quick ? "one day, check-ins 09:00-11:00" : "5 days each, check-ins 09:00-16:45"), \
            after a warm-up day); error = told − waited (check-in to accept), minutes; naive: place × \(naiveMinutesPerPlace) min
            """)
        Swift.print(pad("scenario", 27) + "agents visitors  waited | estimate: median   p90  ±5min   bias | naive: median   p90  ±5min   bias | naive÷est")
        for r in rows {
            let ratio = r.estimate.medianAbs > 0 ? String(format: "%.1f×", r.naive.medianAbs / r.estimate.medianAbs) : "n/a"
            Swift.print(pad(r.scenario.name, 27) + String(format: "%6d %8d %7.1f |", r.scenario.agents, r.visitors, r.meanWaitMinutes)
                        + "          " + r.estimate.columns + " |       " + r.naive.columns + " | " + ratio
                        + (r.toldUnknown > 0 ? "  (\(r.toldUnknown) told —, left out)" : ""))
        }
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count) }
}

/// Errors of estimates against waits (minutes, signed: positive is an estimate longer than the wait).
struct ErrorFigures {
    var count: Int
    var medianAbs: Double
    var p90Abs: Double
    /// Share of errors within ±5 minutes, 0...1.
    var within5: Double
    /// Mean signed error.
    var bias: Double

    init(_ errors: [Double]) {
        count = errors.count
        let absolute = errors.map(abs).sorted()
        medianAbs = Self.percentile(absolute, 0.5)
        p90Abs = Self.percentile(absolute, 0.9)
        within5 = errors.isEmpty ? 0 : Double(absolute.filter { $0 <= 5 }.count) / Double(errors.count)
        bias = errors.isEmpty ? 0 : errors.reduce(0, +) / Double(errors.count)
    }

    /// The nearest-rank percentile of sorted values (0 when there are none).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    var columns: String { String(format: "%5.1f %5.1f %5.0f%% %+6.1f", medianAbs, p90Abs, within5 * 100, bias) }
}
