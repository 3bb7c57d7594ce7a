import FrontdeskCore

/// Why a list row is marked unread.
public enum UnreadReason: Equatable, Sendable {
    /// Transferred or reopened to this agent by someone else, not opened since.
    case arrived
    /// The customer wrote since the agent last had it open.
    case message
}

/// What the agent has been shown of their own work, as this console saw it: the store keeps
/// no such thing (another console of the same agent sees for itself).
public struct SeenWork: Equatable, Sendable {
    /// False until the first look at the desk: what is there when the console starts is not news.
    var primed = false
    /// Each open record assigned to this agent, with how many customer messages it held.
    var mine: [String: Int] = [:]
    /// Rows marked unread in every list, and why; opening the record clears its mark.
    public internal(set) var unread: [String: UnreadReason] = [:]
    /// The presence change by routing last announced (each is said once).
    var routingAway: Agent.PresenceChange?
}

extension ConsoleState {
    /// Says what changed for this agent since the desk was last read: an offer that timed out,
    /// routing setting them Away, work transferred or reopened to them, a customer's new
    /// message on their work. `shownOffer` is the offer shown before this reading.
    mutating func announceChanges(_ desk: Desk, shownOffer: Interaction?) {
        if let shownOffer { announceMissedOffer(shownOffer, desk) }
        announceRoutingAway(desk)
        announceArrivals(desk)
    }

    private func name(_ login: String, _ desk: Desk) -> String { desk.agents[login]?.displayName ?? login }

    /// The offer shown has gone because it timed out: kept in the message log.
    private mutating func announceMissedOffer(_ shown: Interaction, _ desk: Desk) {
        guard offer?.number != shown.number, let pending = shown.pendingOffer, let r = desk.interaction(shown.number),
              r.history.contains(where: { $0.at >= pending.at && $0.change == .offerTimedOut(agent: agent) })
        else { return }
        say("Missed the offer of \(r.number) (\(r.type.display)): no answer in \(desk.config.routing.offerTimeoutSeconds) s; back in its queue.",
            isError: true)
    }

    /// Routing set the agent Away after missed offers: said once per change, with why.
    private mutating func announceRoutingAway(_ desk: Desk) {
        guard let me = desk.agents[agent], me.presence == .away, let change = me.presenceLog.last,
              change.by == Desk.routingActor, change.presence == .away, change != seen.routingAway else { return }
        seen.routingAway = change
        let missed = max(me.missedOffers, desk.config.routing.timeoutsToAway)
        let presenceKey = Bindings.key(for: .presence, in: .home)?.label ?? "P"
        // One line at 80 columns.
        say("Away: you missed \(missed == 1 ? "an offer" : "\(missed) offers in a row") (routing.timeouts_to_away); \(presenceKey) to change.",
            isError: true)
    }

    /// Work that reached this agent from someone else, and customers' new messages on it.
    private mutating func announceArrivals(_ desk: Desk) {
        var mine: [String: Int] = [:]
        for r in desk.interactions.records(where: { $0.assignedTo == agent && $0.state.isOpen }) {
            let messages = r.transcript.count { !$0.isReply }
            mine[r.number] = messages
            guard seen.primed else { continue }
            let isOpen = record?.number == r.number
            if let before = seen.mine[r.number] {
                guard messages > before, !isOpen, let text = r.lastCustomerMessage else { continue }
                seen.unread[r.number] = .message
                say("✉ New message on \(r.number) from \(desk.row(r, at: now).customerName): “\(text)”", isError: false)
            } else if let how = arrival(of: r, desk) {
                if !isOpen { seen.unread[r.number] = .arrived }
                say(how, isError: false)
            }
        }
        // Rows that left this agent's work keep no mark.
        seen.unread = seen.unread.filter { mine[$0.key] != nil }
        seen.mine = mine
        seen.primed = true
    }

    /// How a record newly in this agent's work got there, when someone else put it there.
    private func arrival(of r: Interaction, _ desk: Desk) -> String? {
        let assigned = r.history.lastIndex { if case .assigned(_, agent?) = $0.change { true } else { false } }
        let reopened = r.history.lastIndex { if case .reopened = $0.change { true } else { false } }
        let about = "\(r.type.display) · \(desk.row(r, at: now).customerName)"
        if let reopened, reopened > (assigned ?? -1) {
            let entry = r.history[reopened]
            guard entry.by != agent else { return nil }
            guard case .reopened(let reason) = entry.change else { return nil }
            return "\(r.number) (\(about)) was reopened by \(name(entry.by, desk)) and is yours: \(reason)"
        }
        guard let assigned, r.history[assigned].by != agent else { return nil }
        return "\(r.number) (\(about)) was transferred to you by \(name(r.history[assigned].by, desk))."
    }
}
