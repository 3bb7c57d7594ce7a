import Foundation
import FrontdeskCore

/// A day at a walk-up counter to replay: how many agents serve it, how visitors arrive (a
/// steady rate plus a morning peak) and how long serving one takes.
struct WalkUpScenario {
    var name: String
    var seed: UInt64
    var agents: Int
    /// Arrivals per hour all day, and the extra at the peak (10:00, tailing off over about an hour either side).
    var arrivalsPerHour: Double
    var peakPerHour: Double
    /// Serving times: log-normal with this median (minutes) and spread.
    var handleMedianMinutes: Double
    var handleSpread: Double = 0.5
    /// One agent (the last) goes Away for this span, in minutes after opening; nil: nobody does.
    var awayMinutes: ClosedRange<Int64>?
}

/// One visitor's estimate against what happened.
struct WaitSample {
    /// Their place in the queue at check-in.
    var position: Int
    /// What the check-in told them (`Desk.estimatedWait`), in minutes; nil when it said "—".
    var toldMinutes: Int?
    /// From check-in to an agent accepting them.
    var waitedSeconds: Int64
}

/// Replays days at one walk-up location through the real domain: every check-in, call, accept,
/// complete and presence change is a `DeskCommand` planned and applied at a simulated clock,
/// so the estimates are the ones a visitor would have been shown.
struct WalkUpDay {
    static let location = "counter"
    static let lead = "lead"
    static let opening: Int64 = 9 * 3600
    /// Check-in closes 15 minutes before 17:00 (the location's default).
    static let lastCheckIn: Int64 = 16 * 3600 + 45 * 60

    let scenario: WalkUpScenario
    private(set) var desk: Desk
    private var random: SeededRandom
    private var handleRandom: SeededRandom

    var logins: [String] { (1...scenario.agents).map { "desk\($0)" } }

    init(_ scenario: WalkUpScenario) throws {
        self.scenario = scenario
        random = SeededRandom(seed: scenario.seed)
        handleRandom = SeededRandom(seed: scenario.seed ^ 0x5EED_4A4D)
        desk = Desk(config: DeskConfig(defaultQueue: Self.location))
        var changes = ChangeSet()
        changes.queues = [Queue(id: Self.location, name: "Walk-up Counter", channels: [.walkUp], targetWaitSeconds: 900)]
        changes.agents = [Agent(login: Self.lead, displayName: "Lead", queues: [], role: .supervisor)]
            + (1...scenario.agents).map { Agent(login: "desk\($0)", displayName: "Desk \($0)", queues: [Self.location]) }
        desk.apply(changes)
        try run(.setConfig(key: "queue.\(Self.location).walk_up", value: "on"), by: Self.lead, at: Instant(seconds: 0))
        // Open every day, so consecutive days of a replay need no calendar.
        try run(.setConfig(key: "queue.\(Self.location).walk_up.hours", value: "mon-sun 09:00-17:00"), by: Self.lead, at: Instant(seconds: 0))
    }

    @discardableResult
    private mutating func run(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        let result = try desk.plan(command, by: actor, at: now)
        desk.apply(result.changes)
        return result
    }

    /// The check-in times of a day starting at `midnight`: a Poisson process whose rate is the
    /// steady rate plus a peak around 10:00, drawn by thinning; none after `checkInEnds`.
    mutating func arrivals(midnight: Instant, checkInEnds: Int64) -> [Instant] {
        let peakCentre = Double(10 * 3600), peakWidth = 45.0 * 60
        let highest = scenario.arrivalsPerHour + scenario.peakPerHour
        var t = Double(Self.opening), times: [Instant] = []
        while true {
            t += random.exponential(mean: 3600 / highest)
            guard t < Double(checkInEnds) else { return times }
            let z = (t - peakCentre) / peakWidth
            let rate = scenario.arrivalsPerHour + scenario.peakPerHour * exp(-z * z / 2)
            if random.unit() * highest < rate { times.append(midnight.adding(Int64(t))) }
        }
    }

    /// An agent at the counter: idle, walking a called visitor over, or serving one.
    private struct Place {
        var login: String
        var calling: (number: String, acceptAt: Instant)?
        var serving: (number: String, doneAt: Instant)?
        var idle: Bool { calling == nil && serving == nil }
    }

    /// Replays the day starting at `midnight` (check-ins until `checkInEnds` seconds after it),
    /// serving everyone who checked in, and returns each visitor's estimate and wait.
    mutating func replay(midnight: Instant, checkInEnds: Int64 = lastCheckIn) throws -> [WaitSample] {
        var pending = arrivals(midnight: midnight, checkInEnds: checkInEnds)[...]
        var places = logins.map { Place(login: $0) }
        var presence: [(at: Instant, login: String, Presence)] = []
        if let away = scenario.awayMinutes, let login = logins.last {
            presence = [(midnight.adding(Self.opening + away.lowerBound * 60), login, .away),
                        (midnight.adding(Self.opening + away.upperBound * 60), login, .available)]
        }
        var samples: [String: WaitSample] = [:], checkedIn: [String: Instant] = [:], order: [String] = []
        var waitingCount = 0
        while true {
            let next = ([pending.first, presence.first?.at]
                        + places.map { $0.calling?.acceptAt } + places.map { $0.serving?.doneAt }).compactMap { $0 }.min()
            guard let now = next else { break }
            // Everything due now, in a fixed order: presence, services ending, visitors reaching a desk, check-ins.
            while let change = presence.first, change.at == now {
                try run(.setPresence(login: change.login, change.2), by: change.login, at: now)
                presence.removeFirst()
            }
            for i in places.indices {
                if let serving = places[i].serving, serving.doneAt == now {
                    try run(.transition(number: serving.number, .complete), by: places[i].login, at: now)
                    places[i].serving = nil
                }
                if let calling = places[i].calling, calling.acceptAt == now {
                    try run(.transition(number: calling.number, .accept), by: places[i].login, at: now)
                    samples[calling.number]?.waitedSeconds = checkedIn[calling.number].map { $0.seconds(until: now) } ?? 0
                    let minutes = handleRandom.logNormal(median: scenario.handleMedianMinutes, sigma: scenario.handleSpread)
                    places[i].serving = (calling.number, now.adding(Int64(min(max(minutes, 1), 60) * 60)))
                    places[i].calling = nil
                    waitingCount -= 1
                }
            }
            while let arrival = pending.first, arrival == now {
                pending.removeFirst()
                let token = "replay-\(scenario.seed)-\(midnight.seconds)-\(order.count)-token"
                let result = try run(.checkIn(location: Self.location, customer: nil, guestName: "Visitor \(order.count)", contact: nil,
                                              reason: WalkUpSettings.defaultReasons.first ?? "Other", token: token),
                                     by: "walk-up", at: now)
                guard let number = result.subject else { throw BenchError("a check-in made no record: \(result.summary)") }
                let position = desk.walkUpQueue(location: Self.location, at: now).first { $0.number == number }?.position ?? waitingCount + 1
                let told = desk.estimatedWait(location: Self.location, position: position, at: now).minutes
                samples[number] = WaitSample(position: position, toldMinutes: told, waitedSeconds: 0)
                checkedIn[number] = now
                order.append(number)
                waitingCount += 1
            }
            // Each Available agent with nobody at their desk calls the next visitor not yet called.
            for i in places.indices where places[i].idle && desk.agents[places[i].login]?.presence == .available {
                guard let next = desk.walkUpQueue(location: Self.location, at: now).first(where: { $0.callCount == 0 }) else { break }
                try run(.callVisitor(location: Self.location, number: next.number, agent: places[i].login), by: places[i].login, at: now)
                places[i].calling = (next.number, now.adding(Int64(random.uniform(15, 75))))
            }
        }
        return order.compactMap { samples[$0] }
    }
}
