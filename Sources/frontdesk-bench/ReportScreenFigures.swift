import Foundation
import FrontdeskCore
import FrontdeskUI

/// The console's report screen (`R`) with a month's and a year's facts at 1M records: the time
/// from a grouping key to the new frame, the state's update and the render into an 80x24
/// text grid, for every grouping (issue 27's target: 100 ms). The facts are made here, seeded
/// (the same on every run), in the shape a 1M-record desk gives: about 1,000 contacts a day
/// over 8 queues, 40 agents, every channel, 10 reasons for visit and 6 wrap-up codes.
enum ReportScreenFigures {
    static let targetSeconds = 0.100

    struct Figure {
        var label: String
        var facts: Int
        var median: Double
        var worst: Double
        var worstGrouping: ReportGrouping
        /// Keys after which the screen's report was the one of the grouping pressed (all, or the figure means nothing).
        var regrouped: Int
    }

    static func print(quick: Bool) {
        let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 17))
        let desk = reportDesk()
        let scale = quick ? 10 : 1
        let figures = [
            measure(label: "a month", days: 30, perDay: 1000 / scale, period: .month, desk: desk, now: now),
            measure(label: "a year", days: 365, perDay: 1000 / scale, period: .quarter, desk: desk, now: now),
        ]
        #if DEBUG
        let build = "debug build (release is several times faster)"
        #else
        let build = "release build"
        #endif
        Swift.print("console report screen, change of grouping to its new 80x24 frame (update + render), every grouping, \(build):")
        for f in figures {
            Swift.print(String(format: "  %@ (%d contacts): median %@, worst %@ (%@) (target: 100 ms)%@", f.label, f.facts,
                               Measure.ms(f.median), Measure.ms(f.worst), f.worstGrouping.title, f.worst <= targetSeconds ? "" : " MISSED"))
        }
    }

    /// Opens the report, lets the facts arrive for `period`, then presses each grouping's key
    /// `rounds` times over, timing each key and its frame.
    static func measure(label: String, days: Int, perDay: Int, period: ReportPeriod, desk: Desk, now: Instant, rounds: Int = 3) -> Figure {
        let to = now, from = now.adding(-Int64(days) * 86_400)
        let data = ReportData(period: period, from: from, to: to, zone: .utc, facts: facts(count: days * perDay, from: from, to: to))
        var state = ConsoleState(agent: "sam", storeLabel: "bench", now: now, width: 80, height: 24)
        _ = state.handle(.key(.character("R")), desk: desk)
        for _ in 0..<(ReportPeriod.allCases.firstIndex(of: period) ?? 0) { _ = state.handle(.key(.right), desk: desk) }
        _ = state.handle(.reportRead(data), desk: desk)
        var times: [(Double, ReportGrouping)] = []
        var regrouped = 0
        let groupings = ReportGrouping.allCases
        for _ in 0..<rounds {
            for (i, grouping) in groupings.enumerated() {
                let seconds = Measure.time {
                    _ = state.handle(.key(.character(Character(String(i + 1)))), desk: desk)
                    _ = state.render(desk)
                }
                times.append((seconds, grouping))
                if state.report?.report?.query.grouping == grouping, state.report?.data?.facts.count == data.facts.count { regrouped += 1 }
            }
        }
        let worst = times.max { $0.0 < $1.0 } ?? (.nan, .queue)
        return Figure(label: label, facts: data.facts.count, median: Measure.percentile(times.map(\.0), 50), worst: worst.0,
                      worstGrouping: worst.1, regrouped: regrouped)
    }

    static let queues = (1...8).map { "queue-\($0)" }
    static let agents = (1...40).map { "agent-\($0)" }
    static let reasons = ["Password reset", "Laptop repair", "Badge", "New starter", "Printer", "VPN", "Phone", "Software", "Account", "Other"]
    static let codes = ["Resolved", "Escalated", "Workaround", "Duplicate", "No fault", "Callback"]

    /// The queues and agents the facts name, and Sam, the supervisor looking.
    static func reportDesk() -> Desk {
        var desk = Desk(config: DeskConfig(defaultQueue: queues[0]))
        var changes = ChangeSet()
        changes.queues = queues.map { Queue(id: $0, name: "Queue \($0.dropFirst(6))", channels: InteractionType.allCases, targetWaitSeconds: 300) }
        changes.agents = agents.enumerated().map { i, login in Agent(login: login, displayName: "Agent \(i + 1)", queues: [queues[i % queues.count]]) }
            + [Agent(login: "sam", displayName: "Sam Ortiz", queues: queues, role: .supervisor)]
        desk.apply(changes)
        return desk
    }

    /// `count` contacts opened evenly at random in `[from, to)`: most answered after a skewed
    /// wait and handled for a skewed time, some abandoned, a few still open.
    static func facts(count: Int, from: Instant, to: Instant) -> [InteractionFacts] {
        var g = SeededRandom(seed: 27)
        let span = Double(from.seconds(until: to))
        let channels = InteractionType.allCases.filter { $0 != .other }
        return (0..<count).map { i in
            let opened = from.adding(Int64(g.uniform(0, span)))
            let roll = g.unit()
            let outcome: ReportOutcome = roll < 0.85 ? .answered : roll < 0.97 ? .abandoned : .open
            let wait = Int64(g.logNormal(median: 120, sigma: 1))
            let handle = Int64(g.logNormal(median: 420, sigma: 0.8))
            let answered = outcome == .answered
            let local = ZoneOffsets.utc.local(opened)
            return InteractionFacts(
                number: Counters.format(.interaction, i + 1), channel: channels[Int(g.next() % UInt64(channels.count))],
                queue: queues[Int(g.next() % UInt64(queues.count))], agent: outcome == .abandoned ? nil : agents[Int(g.next() % UInt64(agents.count))],
                reason: g.unit() < 0.3 ? reasons[Int(g.next() % UInt64(reasons.count))] : nil,
                wrapUpCode: answered && g.unit() < 0.6 ? codes[Int(g.next() % UInt64(codes.count))] : nil,
                openedAt: opened, acceptedAt: outcome == .abandoned ? nil : opened.adding(wait),
                closedAt: outcome == .open ? nil : opened.adding(wait + (answered ? handle : 0)), outcome: outcome,
                waitSeconds: outcome == .abandoned ? nil : wait, metTarget: outcome == .abandoned ? nil : wait <= 300,
                handleSeconds: answered ? handle : nil, holdSeconds: answered && g.unit() < 0.1 ? Int64(g.uniform(10, 300)) : 0,
                transfers: g.unit() < 0.05 ? 1 : 0, replies: Int(g.next() % 4), rating: answered && g.unit() < 0.2 ? 1 + Int(g.next() % 5) : nil,
                hourOpened: local.minuteOfDay / 60, dayOpened: local.date)
        }
    }
}
