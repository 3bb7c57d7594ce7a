import FrontdeskCore

/// A realistic desk, the same every time for the same size and seed: a dozen agents and
/// queues, a few hundred customers with international names, and interactions over several
/// weeks in every state and channel, with work notes and related tasks. Every record is made
/// through the domain's own commands, so its history and timers are real.
public enum DemoDesk {
    /// `agent`, when given, joins the desk in every queue, so the person trying the demo has
    /// work of their own.
    public static func generate(interactions count: Int = 3000, customers customerCount: Int = 300, days: Int = 28,
                                endingAt now: Instant, seed: UInt64 = 2026, agent: String? = nil) throws -> Desk {
        var directory = try BundledData.demoDirectory()
        if let agent, !directory.agents.contains(where: { $0.login == agent }) {
            // The presenter supervises, so every feature can be shown.
            directory.agents.append(Agent(login: agent, displayName: agent, queues: directory.queues.map(\.id), role: .supervisor))
        }
        var rng = SplitMix64(seed: seed)
        var desk = Desk(config: directory.config)
        var base = ChangeSet()
        base.queues = directory.queues
        base.agents = directory.agents
        desk.apply(base)

        // Customers: every first name with every last name, in a fixed shuffled order.
        var names: [(String, String)] = []
        for first in directory.first_names { for last in directory.last_names { names.append((first, last)) } }
        names.shuffle(using: &rng)
        for i in 0..<min(customerCount, names.count) {
            let (first, last) = names[i]
            let company = directory.companies[i % directory.companies.count]
            let asciiName = "customer\(i + 1)"
            let phone = i % 3 == 0 ? "" : "+1 555 \(String(format3(100 + i % 900))) \(String(format4(1000 + i)))"
            try desk.run(.addCustomer(name: "\(first) \(last)", email: "\(asciiName)@example.com", phone: phone,
                                      company: company, vip: i % 17 == 0), by: "demo", at: now.adding(-Int64(days + 12) * 86_400))
        }
        let customerIDs = desk.customers.keys.sorted()
        let agentsByQueue = Dictionary(grouping: directory.agents.flatMap { a in a.queues.map { ($0, a.login) } }, by: \.0)
            .mapValues { $0.map(\.1) }

        let span = Int64(days) * 86_400
        let start = now.adding(-span)
        for i in 0..<count {
            // Spread over the days (four weeks unless told), the newest in the last hours so that open work is recent.
            let fraction = Double(i) / Double(max(1, count))
            var t = start.adding(Int64(fraction * Double(span)) + Int64.random(in: 0...300, using: &rng))
            if t > now { t = now.adding(-1) }
            let age = t.seconds(until: now)
            let type: InteractionType = [.chat, .chat, .phone, .walkUp, .messaging, .messaging].randomElement(using: &rng)!
            let customer = customerIDs.randomElement(using: &rng)!
            let queue = directory.queues.filter { $0.serves(type) }.randomElement(using: &rng)!.id
            let number: String
            if type == .messaging {
                let phone = desk.customers[customer]!.phone
                let identifier = !phone.isEmpty && Bool.random(using: &rng) ? phone : "+44 7700 9\(format4(i % 10_000))\(i % 10)"
                let result = try desk.run(.intakeMessage(channel: Bool.random(using: &rng) ? .sms : .whatsapp, identifier: identifier,
                                                         text: directory.messages.randomElement(using: &rng), queue: queue), by: "sms", at: t)
                if result.intake?.joined == true { continue }
                number = result.subject!
            } else {
                let result = try desk.run(.intake(type: type, openedFor: customer, queue: queue,
                                                  text: type == .chat ? directory.messages.randomElement(using: &rng) : nil),
                                          by: type.rawValue, at: t)
                // A chat of a customer whose chat is open joined it: nothing new to work.
                if result.changes.counters[.interaction] == nil { continue }
                number = result.subject!
            }
            // Recent records are still being worked; older ones are closed, the oldest archived.
            var fate: Int = age < 3 * 3600 ? Int.random(in: 0...4, using: &rng) : (age < 86_400 ? Int.random(in: 3...7, using: &rng) : Int.random(in: 5...9, using: &rng))
            // Still waiting in its queue, if it came in the last half hour (agents with room would
            // have taken an older one): it was handled and closed already.
            if fate == 0, age > 1800 { fate = 6 }
            if fate == 0 { continue }
            var agent = (agentsByQueue[queue] ?? ["alex"]).randomElement(using: &rng)!
            t = t.adding(Int64.random(in: 5...900, using: &rng))
            guard t < now else { continue }
            try desk.run(.edit(number: number, [.shortDescription(directory.topics.randomElement(using: &rng)!)]), by: agent, at: t)
            // Recent work is taken by someone at the desk with room for it (what is still open when
            // the demo starts stays so), so the board shows no one over capacity and no Offline
            // agent holding work; when nobody has room, the customer gave up waiting. (Older work
            // is all closed long before now.)
            if age < 86_400 {
                guard let free = worker(agent, for: type, among: agentsByQueue[queue] ?? [], in: desk) else {
                    try desk.run(.transition(number: number, .abandon), by: agent, at: t)
                    continue
                }
                agent = free
            }
            try desk.run(.transition(number: number, .accept), by: agent, at: t)
            if fate == 1 { continue }    // Work in Progress
            t = t.adding(Int64.random(in: 30...600, using: &rng))
            guard t < now else { continue }
            try desk.run(.addNote(number: number, text: directory.notes.randomElement(using: &rng)!), by: agent, at: t)
            if Int.random(in: 0...3, using: &rng) == 0 {
                let kind = TaskKind.allCases.randomElement(using: &rng)!
                try desk.run(.createTask(number: number, kind: kind), by: agent, at: t)
            }
            if fate == 2 {
                let reason: StateReason? = type == .messaging ? StateReason.allCases.randomElement(using: &rng) : nil
                try desk.run(.transition(number: number, .hold(reason: reason)), by: agent, at: t)
                continue                 // On Hold
            }
            if fate == 3 {
                let other = directory.agents.randomElement(using: &rng)!.login
                if other != agent, worker(other, for: type, among: [], in: desk) == other {
                    try desk.run(.transition(number: number, .transfer(.agent(other))), by: agent, at: t)
                }
                continue                 // transferred, On Hold for the other agent
            }
            t = t.adding(Int64.random(in: 60...1800, using: &rng))
            guard t < now else { continue }
            if fate == 4 {
                try desk.run(.transition(number: number, .endConversation), by: agent, at: t)
                continue                 // Wrap Up (or closed where wrap-up is off)
            }
            if fate == 5 && Bool.random(using: &rng) {
                try desk.run(.transition(number: number, .abandon), by: agent, at: t)
            } else {
                try desk.run(.transition(number: number, .endConversation), by: agent, at: t)
                if desk.interaction(number)?.state == .wrapUp {
                    t = t.adding(Int64.random(in: 20...240, using: &rng))
                    try desk.run(.transition(number: number, .complete), by: agent, at: min(t, now))
                }
            }
            if age > 14 * 86_400 && fate >= 8 {
                try desk.run(.transition(number: number, .archive), by: agent, at: min(t.adding(86_400), now))
            }
        }
        if let agent { try seat(agent, in: &desk, directory: directory, at: now, using: &rng) }
        return desk
    }

    /// `preferred` when they are at the desk (not Offline) with room for one more record of
    /// `type`, else the first of `others` who is; nil when nobody is.
    private static func worker(_ preferred: String, for type: InteractionType, among others: [String], in desk: Desk) -> String? {
        for login in [preferred] + others.sorted() {
            guard let agent = desk.agents[login], agent.presence != .offline else { continue }
            if (desk.load(of: login)[type] ?? 0) < desk.capacity(of: agent, for: type) { return login }
        }
        return nil
    }

    /// The person trying the demo serves the three busiest queues and finds work waiting
    /// there, so taking work can be shown at once.
    private static func seat(_ login: String, in desk: inout Desk, directory: DemoDirectory, at now: Instant,
                             using rng: inout SplitMix64) throws {
        let busiest = busiestQueues(desk, count: 3)
        guard var agent = desk.agents[login] else { return }
        agent.queues = busiest
        var change = ChangeSet()
        change.agents = [agent]
        desk.apply(change)
        for minutes in [9, 6, 4, 2] {
            _ = try desk.run(arrivingContact(in: desk, queues: busiest, using: &rng), by: "demo-gateway",
                             at: now.adding(-Int64(minutes) * 60))
        }
    }

    /// The queues holding the most records, busiest first.
    public static func busiestQueues(_ desk: Desk, count: Int) -> [String] {
        var counts: [String: Int] = [:]
        for r in desk.interactions { if let q = r.queue { counts[q, default: 0] += 1 } }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(count).map(\.key)
    }

    /// A contact arriving as a gateway would send it, into one of `queues`: a chat or a
    /// walk-up from a known customer, or a text message from a number (sometimes a known one).
    public static func arrivingContact(in desk: Desk, queues: [String], using rng: inout SplitMix64) throws -> DeskCommand {
        let directory = try BundledData.demoDirectory()
        let serving = queues.compactMap { desk.queues[$0] }
        let types = InteractionType.allCases.filter { t in
            serving.contains { $0.serves(t) } && (t != .phone || desk.config.phoneChannel)
        }
        let type = types.randomElement(using: &rng) ?? .chat
        let queue = serving.filter { $0.serves(type) }.randomElement(using: &rng)?.id
        let customers = desk.customers.keys.sorted()
        let customer = customers.randomElement(using: &rng)
        let message = directory.messages.randomElement(using: &rng)
        switch type {
        case .messaging:
            let known = customer.flatMap { desk.customers[$0]?.phone }.flatMap { $0.isEmpty ? nil : $0 }
            let identifier = known.map { Bool.random(using: &rng) ? $0 : nil } ?? nil
            return .intakeMessage(channel: Bool.random(using: &rng) ? .sms : .whatsapp,
                                  identifier: identifier ?? "+44 7700 9\(format4(Int(rng.next() % 10_000)))\(Int(rng.next() % 10))",
                                  text: message, queue: queue)
        default:
            return .intake(type: type, openedFor: customer, queue: queue, text: type == .chat ? message : nil)
        }
    }

    private static func format3(_ n: Int) -> String { String(n % 1000) }
    private static func format4(_ n: Int) -> String {
        let s = String(n % 10_000)
        return String(repeating: "0", count: 4 - s.count) + s
    }
}

extension Desk {
    @discardableResult
    mutating func run(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        let result = try plan(command, by: actor, at: now)
        apply(result.changes)
        return result
    }
}

/// A small, fast, seedable generator (Vigna's SplitMix64), so the demo is the same everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
