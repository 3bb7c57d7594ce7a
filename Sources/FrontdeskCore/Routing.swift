/// Work comes to the agent (ServiceNow's Advanced Work Assignment): a record waiting in a
/// queue is *offered* to one available agent with free capacity in its channel, who accepts
/// or rejects it; an offer not answered in time goes to the next agent.
///
/// Offers live on the records' audit trails (offered, rejected with a reason, timed out), so
/// "why did this come to me" has an answer, and the pending offer is derived from the trail,
/// never stored beside it. The decisions are a pure function of the desk and the time
/// (`routingDecisions`); whichever console holds the store's routing lock carries them out.
public struct RoutingConfig: Equatable, Sendable {
    /// Records an agent works at once per channel, unless the agent has their own figure.
    public var capacity: [InteractionType: Int]
    /// How long an offer waits for an answer.
    public var offerTimeoutSeconds: Int64
    /// Offers timed out in a row after which the agent is set Away (0: never).
    public var timeoutsToAway: Int
    /// Reasons an agent picks from when rejecting an offer.
    public var rejectReasons: [String]
    /// VIP customers' records are offered before others that waited longer.
    public var vipFirst: Bool
    /// Consoles ring the terminal's bell when work is offered.
    public var bell: Bool
    /// How long an agent who rejected a record, or let its offer time out, is passed over for
    /// it. After that it is offered to them again: a record is never given up for good.
    public var reofferAfterSeconds: Int64

    public static let defaultCapacity: [InteractionType: Int] = [.chat: 3, .messaging: 5, .phone: 1, .walkUp: 1]

    public init(capacity: [InteractionType: Int] = defaultCapacity, offerTimeoutSeconds: Int64 = 30, timeoutsToAway: Int = 3,
                rejectReasons: [String] = ["Busy", "Not my expertise", "Language"], vipFirst: Bool = true, bell: Bool = false,
                reofferAfterSeconds: Int64 = 120) {
        self.capacity = capacity; self.offerTimeoutSeconds = offerTimeoutSeconds; self.timeoutsToAway = timeoutsToAway
        self.rejectReasons = rejectReasons; self.vipFirst = vipFirst; self.bell = bell
        self.reofferAfterSeconds = reofferAfterSeconds
    }
}

/// An offer waiting for its agent's answer.
public struct PendingOffer: Equatable, Sendable {
    public var agent: String
    public var at: Instant
}

extension Interaction {
    /// Counts against its agent's capacity: open and assigned, except messaging On Hold (it
    /// waits on the customer, as in ServiceNow); Wrap Up counts until it ends.
    public var holdsCapacity: Bool {
        assignedTo != nil && state.isOpen && !(state == .onHold && type == .messaging)
    }

    /// The agents whose capacity this record takes up: its owner while it holds capacity, the
    /// agent it is offered to, and agents who still owe a wrap-up of their part. The one rule
    /// of what counts (`routingDecisions` applies it inline).
    public var capacityHolders: [String] {
        var holders = wrapUpsDue.map { $0.agent }
        if holdsCapacity, let owner = assignedTo { holders.append(owner) }
        if let offer = pendingOffer { holders.append(offer.agent) }
        return holders
    }

    /// Waiting in a queue for an agent: Queued (or New, in stores from before Queued), nobody assigned.
    public var isWaiting: Bool { Self.isWaiting(state: state, assignedTo: assignedTo) }

    /// The rule of `isWaiting`, for a record's head too.
    static func isWaiting(state: InteractionState, assignedTo: String?) -> Bool {
        (state == .queued || state == .new) && assignedTo == nil
    }

    /// The offer still waiting for an answer: the trail's last routing event is an offer and
    /// the record still waits. Only an offer made here: one an import brought is not timed out
    /// here (see `localHistory`).
    public var pendingOffer: PendingOffer? {
        guard isWaiting else { return nil }
        for entry in localHistory.reversed() {
            switch entry.change {
            case .offer(let agent): return PendingOffer(agent: agent, at: entry.at)
            case .offerRejected, .offerTimedOut: return nil
            default: continue
            }
        }
        return nil
    }

    /// Agents who rejected this record or let its offer time out since it was last sent round
    /// again, each with when they last did; here (declines an import brought do not count).
    public var declines: [String: Instant] {
        var out: [String: Instant] = [:]
        for entry in localHistory {
            switch entry.change {
            case .rerouted: out = [:]
            case .offerRejected(let agent, _), .offerTimedOut(let agent): out[agent] = entry.at
            default: continue
            }
        }
        return out
    }
}

/// One thing the router does now.
public enum RoutingDecision: Equatable, Sendable {
    case offer(number: String, agent: String)
    case timeOut(number: String, agent: String)
    /// A wrap-up whose enforced time ran out: the system applies the default code.
    case expireWrapUp(number: String)
    /// An agent's wrap-up of their part, after a transfer, past the limit.
    case expireWrapUpPart(number: String, agent: String)
    /// An appointment whose slot is near becomes a Queued walk-up.
    case openAppointment(id: String)
    /// An appointment whose slot ended with nobody checked in.
    case missAppointment(id: String)

    public var command: DeskCommand {
        switch self {
        case let .offer(number, agent): .offerRecord(number: number, agent: agent)
        case let .timeOut(number, _): .timeOutOffer(number: number)
        case let .expireWrapUp(number): .expireWrapUp(number: number)
        case let .expireWrapUpPart(number, agent): .expireWrapUpPart(number: number, agent: agent)
        case let .openAppointment(id): .openAppointment(id: id)
        case let .missAppointment(id): .missAppointment(id: id)
        }
    }
}

extension Desk {
    /// The login routing acts as: its offers and timeouts are signed with it on the trail.
    public static let routingActor = "routing"

    /// An agent's capacity in a channel: their own figure, else the desk's.
    public func capacity(of agent: Agent, for type: InteractionType) -> Int {
        agent.capacity[type] ?? config.routing.capacity[type] ?? 1
    }

    /// Records an agent holds per channel (see `capacityHolders`).
    public func load(of login: String) -> [InteractionType: Int] {
        var load: [InteractionType: Int] = [:]
        // Only the records that hold someone's capacity, read in place.
        for i in holdingCapacity {
            let held = interactions[i].capacityHolders.filter { $0 == login }.count
            if held > 0 { load[interactions[i].type, default: 0] += held }
        }
        return load
    }

    /// What routing should do at `now`: time out offers past the timeout, then offer each
    /// waiting record of a push queue (VIP first when so set, then the longest waiting) to the
    /// available agent serving its queue with the most free capacity in its channel, then the
    /// longest idle; never to one who declined it.
    public func routingDecisions(at now: Instant) -> [RoutingDecision] {
        // Agents by index, with what each holds per channel: a pass over 10,000 waiting records
        // and 100 agents then costs array reads, not string lookups.
        let team = agents.values.sorted { $0.login < $1.login }
        let index = Dictionary(uniqueKeysWithValues: team.enumerated().map { ($0.element.login, $0.offset) })
        // Every type a held record may have (an imported `other` too), though only served ones are offered.
        let types = InteractionType.everyType
        func slot(_ type: InteractionType) -> Int { types.firstIndex(of: type)! }
        var free = team.map { agent in types.map { capacity(of: agent, for: $0) } }
        var lastWork = [Instant](repeating: Instant(seconds: 0), count: team.count)
        // One offer at a time per agent: each is shown on its own, with its own full time to
        // answer, so a batch of offers never times out (and counts towards Away) in one go.
        var awaitingAnswer = [Bool](repeating: false, count: team.count)
        var decisions: [RoutingDecision] = appointments.isEmpty ? [] : appointmentDecisions(at: now)
        // Records are read in place, by index: copying each of 10,000 costs more than the pass.
        var waiting: [(vip: Bool, at: Instant, index: Int)] = []
        // One record, read in place (or decoded once, when stored).
        func see(_ r: borrowing Interaction, at k: Int) {
            if r.state == .wrapUp, let left = wrapUpSecondsLeft(r, at: now), left <= 0 {
                decisions.append(.expireWrapUp(number: r.number))
                return      // closing: its capacity is free again
            }
            // The rule of `capacityHolders`, applied inline: routing also ends what has lapsed, and
            // reading each record once here keeps a pass over 10,000 records near 4 ms.
            // A part still to wrap up holds its agent's capacity, until its time runs out.
            for due in r.wrapUpsDue {
                let limit = config.wrapUpRule(for: r.type).enforceSeconds
                if limit > 0, due.since.seconds(until: now) >= limit {
                    decisions.append(.expireWrapUpPart(number: r.number, agent: due.agent))
                } else if let i = index[due.agent] {
                    free[i][slot(r.type)] -= 1
                }
            }
            if let owner = r.assignedTo, let i = index[owner] {
                if r.holdsCapacity { free[i][slot(r.type)] -= 1 }
                // Idle since the last work taken or finished.
                if let at = r.closedAt ?? r.acceptedAt { lastWork[i] = max(lastWork[i], at) }
            }
            guard r.isWaiting else { return }
            if let offer = r.pendingOffer {
                if offerHasLapsed(offer, at: now) {
                    decisions.append(.timeOut(number: r.number, agent: offer.agent))
                    // Not offered more in the same pass: the timeout may set them Away.
                    if let i = index[offer.agent] { awaitingAnswer[i] = true }
                } else {
                    if let i = index[offer.agent] { free[i][slot(r.type)] -= 1; awaitingAnswer[i] = true }
                    return
                }
            }
            guard let queue = r.queue.flatMap({ queues[$0] }), !queue.pullOnly else { return }
            let vip = config.routing.vipFirst && (r.openedFor.flatMap { customers[$0]?.vip } ?? false)
            waiting.append((vip, r.openedAt, k))
        }
        for k in interactions.indices {
            guard interactions.isStored(k) else {
                if interactions[k].state.isOpen || interactions[k].assignedTo != nil { see(interactions[k], at: k) }
                continue
            }
            let head = interactions.head(at: k)
            guard head.state.isOpen || head.assignedTo != nil else { continue }
            // A closed record holding nothing (nearly all of a working set) only says when its
            // agent last finished work: its facts say that without decoding it.
            if !head.state.isOpen && !interactions.holdsSomeCapacity(at: k) {
                if let owner = head.assignedTo, let i = index[owner], let at = interactions.closedAt(at: k) ?? interactions.acceptedAt(at: k) {
                    lastWork[i] = max(lastWork[i], at)
                }
                continue
            }
            see(interactions[k], at: k)
        }
        guard !waiting.isEmpty else { return decisions }
        waiting.sort { a, b in a.vip != b.vip ? a.vip : a.at != b.at ? a.at < b.at : interactions.number(at: a.index) < interactions.number(at: b.index) }
        // Who may take work from each queue: Available agents serving it.
        var serving: [String: [Int]] = [:]
        for (i, agent) in team.enumerated() where agent.presence == .available && !agent.disabled {
            for queue in agent.queues { serving[queue, default: []].append(i) }
        }
        // A queue and channel nobody has room for is passed over at once.
        struct QueueChannel: Hashable { var queue: String; var type: Int }
        var full = Set<QueueChannel>()
        for (_, _, k) in waiting {
            let queue = interactions[k].queue ?? "", t = slot(interactions[k].type), key = QueueChannel(queue: queue, type: t)
            guard !full.contains(key), let candidates = serving[queue] else { continue }
            let number = interactions[k].number
            // Who passed on it is read only once someone could be offered it: with every agent
            // full or answering an offer, the queue and channel are passed over at once.
            var declined: Set<String>?
            var best: Int?, roomLeft = false
            for i in candidates where free[i][t] > 0 && !awaitingAnswer[i] {
                roomLeft = true
                if declined == nil {
                    var passed = passedOver(interactions[k], at: now)
                    for case let .timeOut(lapsed, agent) in decisions where lapsed == number { passed.insert(agent) }
                    declined = passed
                }
                if let declined, !declined.isEmpty, declined.contains(team[i].login) { continue }
                guard let b = best else { best = i; continue }
                // The most free capacity, then the longest idle, then by login.
                if free[i][t] != free[b][t] { if free[i][t] > free[b][t] { best = i }; continue }
                if lastWork[i] != lastWork[b] { if lastWork[i] < lastWork[b] { best = i }; continue }
            }
            guard let chosen = best else {
                if !roomLeft { full.insert(key) }
                continue
            }
            decisions.append(.offer(number: number, agent: team[chosen].login))
            free[chosen][t] -= 1
            awaitingAnswer[chosen] = true
        }
        return decisions
    }

    /// Agents not offered `r` now: those who declined it (rejected, or let the offer time out)
    /// within `routing.reoffer_after`, unless their presence changed since (back from Away,
    /// say, they are asked again at once).
    public func passedOver(_ r: Interaction, at now: Instant) -> Set<String> {
        var out = Set<String>()
        for (login, at) in r.declines where at.seconds(until: now) < config.routing.reofferAfterSeconds {
            if let since = agents[login]?.presenceSince, since > at { continue }
            out.insert(login)
        }
        return out
    }

    /// An offer ends unanswered when its time is up, or at once when its agent is no longer
    /// Available (gone Away, or quit the console).
    public func offerHasLapsed(_ offer: PendingOffer, at now: Instant) -> Bool {
        offer.at.seconds(until: now) >= config.routing.offerTimeoutSeconds || agents[offer.agent]?.presence != .available
    }

    /// Offers waiting for `login`'s answer, oldest first.
    public func offers(for login: String) -> [Interaction] {
        interactions.records(where: \.isWaiting).filter { $0.pendingOffer?.agent == login }.sorted { ($0.pendingOffer?.at ?? $0.openedAt) < ($1.pendingOffer?.at ?? $1.openedAt) }
    }
}
