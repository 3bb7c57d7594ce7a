/// The supervisor's live board: per queue what waits and for how long against its target,
/// per agent presence and load against capacity, and today's handled work. A pure function of
/// the desk and the time, so the console redraws it every tick and `frontdesk board` prints it.
public struct Board: Equatable, Sendable {
    public struct QueueRow: Equatable, Sendable {
        public var id: String
        public var name: String
        public var waiting: Int
        public var longestWaitSeconds: Int64
        public var targetWaitSeconds: Int64
        public var offersPending: Int
        /// Waiting with no offer, passed over by agents who declined it (rejected, or let the
        /// offer time out): routing offers it to them again after `routing.reoffer_after`, and
        /// `frontdesk route NUMBER` at once.
        public var passedOver: Int = 0
        /// Closed today (UTC), their median wait and median handle time (time in progress).
        public var handledToday: Int
        public var medianWaitSeconds: Int64?
        public var medianHandleSeconds: Int64?
        /// Waiting records past their target in business time (the queue's calendar), and those
        /// past the near share of it (`DeskConfig.slaNearPercent`).
        public var breached: Int = 0
        public var nearBreach: Int = 0
        public var isOverTarget: Bool { breached > 0 }
    }

    public struct AgentRow: Equatable, Sendable {
        public var login: String
        public var name: String
        public var presence: Presence
        /// Seconds in the current presence, when known.
        public var presenceSeconds: Int64?
        public var load: [InteractionType: Int]
        public var capacity: [InteractionType: Int]
        public var offersPending: Int
    }

    public var queues: [QueueRow]
    public var agents: [AgentRow]
}

extension Desk {
    public func board(at now: Instant) -> Board {
        let dayStart = Instant(seconds: now.seconds - now.seconds % 86_400)
        var queueRows: [String: Board.QueueRow] = [:]
        for q in queues.values {
            queueRows[q.id] = Board.QueueRow(id: q.id, name: q.name, waiting: 0, longestWaitSeconds: 0, targetWaitSeconds: q.targetWaitSeconds,
                                             offersPending: 0, handledToday: 0, medianWaitSeconds: nil, medianHandleSeconds: nil)
        }
        var offersByAgent: [String: Int] = [:]
        var waits: [String: [Int64]] = [:], handles: [String: [Int64]] = [:]
        for i in interactions.indices {
            let r = interactions[i]
            guard let queue = r.queue, queueRows[queue] != nil else { continue }
            if r.isWaiting {
                queueRows[queue]!.waiting += 1
                queueRows[queue]!.longestWaitSeconds = max(queueRows[queue]!.longestWaitSeconds, r.queueWaitSeconds(at: now))
                switch slaState(of: r, at: now) {
                case .breached: queueRows[queue]!.breached += 1
                case .near: queueRows[queue]!.nearBreach += 1
                case nil: break
                }
                if let offer = r.pendingOffer {
                    queueRows[queue]!.offersPending += 1
                    offersByAgent[offer.agent, default: 0] += 1
                } else if !passedOver(r, at: now).isEmpty {
                    queueRows[queue]!.passedOver += 1
                }
            } else if r.state.isClosed, let closed = r.closedAt, closed >= dayStart {
                queueRows[queue]!.handledToday += 1
                let t = r.timers(at: closed)
                waits[queue, default: []].append(t.wait)
                handles[queue, default: []].append(t.duration)
            }
        }
        func median(_ values: [Int64]?) -> Int64? {
            guard let values, !values.isEmpty else { return nil }
            return values.sorted()[values.count / 2]
        }
        for id in queueRows.keys {
            queueRows[id]!.medianWaitSeconds = median(waits[id])
            queueRows[id]!.medianHandleSeconds = median(handles[id])
        }
        // Disabled agents are kept for history, not shown at work.
        let agentRows = enabledAgents.map { agent in
            Board.AgentRow(login: agent.login, name: agent.displayName, presence: agent.presence,
                           presenceSeconds: agent.presenceSince.map { $0.seconds(until: now) },
                           load: load(of: agent.login),
                           capacity: Dictionary(uniqueKeysWithValues: InteractionType.allCases.map { ($0, capacity(of: agent, for: $0)) }),
                           offersPending: offersByAgent[agent.login] ?? 0)
        }
        return Board(queues: queueRows.values.sorted { $0.id < $1.id }, agents: agentRows)
    }
}
