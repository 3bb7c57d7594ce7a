import Foundation
import FrontdeskCore

/// Routing's cost: one decision pass over a busy desk (100 agents, 10,000 records waiting,
/// offers pending), and what an idle console costs with routing on (CPU seconds per minute
/// of a real console process, routing and redrawing every second, measured in tmux).
enum RoutingFigures {
    struct Result {
        var agents = 0, waiting = 0, decisions = 0
        /// The first pass, which makes the offers; then a pass with every agent busy.
        var median = Double.nan, worst = Double.nan, busyMedian = Double.nan
        var idleCPUPerMinute = Double.nan
    }

    static func measure(tools: Tools, quick: Bool, work: String) throws -> Result {
        var result = Result()
        let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))
        var base = ChangeSet()
        base.config = DeskConfig(defaultQueue: "q0")
        base.queues = (0..<10).map { Queue(id: "q\($0)", name: "Queue \($0)", channels: InteractionType.allCases, targetWaitSeconds: 300) }
        base.agents = (0..<100).map { Agent(login: "agent\($0)", displayName: "Agent \($0)", queues: ["q\($0 % 10)", "q\(($0 + 1) % 10)"]) }
        base.customers = (0..<2000).map { Customer(id: Counters.format(.customer, $0 + 1), name: "Customer \($0)", vip: $0 % 50 == 0) }
        base.interactions = (0..<10_000).map { k in
            let opened = now.adding(-Int64(10_000 - k) * 3)
            return Interaction(number: Counters.format(.interaction, k + 1), type: InteractionType.allCases[k % 4],
                               openedFor: Counters.format(.customer, k % 2000 + 1), queue: "q\(k % 10)", openedAt: opened,
                               history: [AuditEntry(at: opened, by: "chat", change: .created(state: .new))])
        }
        base.counters = [.interaction: 10_000, .customer: 2000]
        var desk = Desk(everything: base)
        let runs = quick ? 5 : 30
        var times: [Double] = []
        for _ in 0..<runs {
            var count = 0
            times.append(Measure.time { count = desk.routingDecisions(at: now).count })
            result.decisions = count
        }
        result.agents = desk.agents.count
        result.waiting = desk.interactions.filter(\.isWaiting).count
        result.median = Measure.percentile(times, 50)
        result.worst = times.max() ?? .nan
        // Offers made: every agent is full, and the next pass sees them pending.
        for decision in desk.routingDecisions(at: now) {
            if let r = try? desk.plan(decision.command, by: Desk.routingActor, at: now) { desk.apply(r.changes) }
        }
        var busy: [Double] = []
        for _ in 0..<runs { busy.append(Measure.time { _ = desk.routingDecisions(at: now.adding(5)) }) }
        result.busyMedian = Measure.percentile(busy, 50)
        if !quick { result.idleCPUPerMinute = idleConsoleCPU(tools: tools, work: work) }
        return result
    }

    /// CPU seconds a console uses in a minute with nothing happening, routing on.
    static func idleConsoleCPU(tools: Tools, work: String) -> Double {
        guard tools.hasFrontdesk, Measure.run(["tmux", "-V"]) != nil else { return .nan }
        let socket = "frontdesk-bench-\(getpid())", store = work + "/idle-store"
        try? FileManager.default.removeItem(atPath: store)
        _ = Measure.run(["env", "FRONTDESK_STORE=\(store)", tools.frontdesk, "agent", "list"])
        _ = Measure.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "idle", "-x", "100", "-y", "30",
                         "env TERM=screen-256color LANG=C.UTF-8 FRONTDESK_STORE=\(store) \(tools.frontdesk)"])
        defer { _ = Measure.run(["tmux", "-L", socket, "kill-server"]) }
        sleep(3)
        // `env` runs the console in its own place: the pane's process is the console.
        guard let pid = Measure.run(["tmux", "-L", socket, "display-message", "-p", "-t", "idle", "#{pane_pid}"])?.out
                .trimmingCharacters(in: .whitespacesAndNewlines), !pid.isEmpty else { return .nan }
        func cpu() -> Double {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return .nan }
            let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
            guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }
        let before = cpu()
        sleep(60)
        return cpu() - before
    }
}
