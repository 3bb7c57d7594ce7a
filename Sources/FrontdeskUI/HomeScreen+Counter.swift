import FrontdeskCore

/// The walk-up counter as a home list: after the work lists, one list per walk-up location the
/// agent serves, its visitors in serving order. Its rows are the visitors' records (positions
/// in `desk.interactions`, as a work list's), so moving, opening and accepting work as on any
/// list; `visitors` holds what the counter shows of each (ticket, name, reason, calls).
extension HomeScreen {
    /// Whether the counter of a location shows (rather than a work list).
    public var showsCounter: Bool { counter != nil }

    /// The visitor on row `index` of the counter, when it shows.
    func visitor(_ index: Int?) -> CounterEntry? {
        guard counter != nil, let index, visitors.indices.contains(index) else { return nil }
        return visitors[index]
    }

    /// Reads the counter again: the visitors waiting, in serving order, then those this agent
    /// is serving there (In Progress, On Hold: a visitor put on hold keeps their place here).
    /// The selected visitor stays selected while listed.
    mutating func reloadCounter(_ location: String, _ desk: Desk, agent: String, at now: Instant, visibleRows: Int) {
        let kept = visitor(list.selected)?.number
        let format = desk.walkUpSettings(location)?.nameFormat ?? .firstInitial
        var entries = desk.walkUpQueue(location: location, at: now).map(CounterEntry.init)
        var positions = [Int?](repeating: nil, count: entries.count)
        let order = Dictionary(entries.enumerated().map { ($1.number, $0) }, uniquingKeysWith: { first, _ in first })
        for i in desk.interactions.indices {
            let r = desk.interactions.head(at: i)
            if let k = order[r.number] {
                positions[k] = i
            } else if r.type == .walkUp, r.queue == location, r.assignedTo == agent, r.state == .workInProgress || r.state == .onHold {
                let record = desk.interactions[i]
                entries.append(CounterEntry(serving: record, name: desk.visitorName(record, format: format)))
                positions.append(i)
            }
        }
        // A visitor and their row stay side by side (a record the desk lacks is left out of both).
        let found = entries.indices.filter { positions[$0] != nil }
        visitors = found.map { entries[$0] }
        list.rows = found.map { positions[$0]! }
        list.history = .none
        if let kept, let index = visitors.firstIndex(where: { $0.number == kept }) { list.selected = index }
        clamp(visibleRows: visibleRows)
    }

    /// The lists in the order Tab goes through them: the work lists, then the counters.
    static func tabCount(counters: [String]) -> Int { WorkView.allCases.count + counters.count }

    /// The position of the list shown among all tabs (work lists, then counters).
    func tabIndex(counters: [String]) -> Int {
        if let counter, let i = counters.firstIndex(of: counter) { return WorkView.allCases.count + i }
        return WorkView.allCases.firstIndex(of: view) ?? 0
    }
}

extension Desk {
    /// The walk-up locations `agent` serves (their queues with walk-up settings), in the
    /// order of the agent's queues: a counter list each.
    public func counterLocations(for agent: String) -> [Queue] {
        (agents[agent]?.queues ?? []).compactMap { queues[$0] }.filter { $0.walkUp != nil }
    }
}

/// A row of the counter: a visitor as the room sees them (ticket, name in the location's
/// format, reason, appointment, calls), waiting or with this agent.
public struct CounterEntry: Equatable, Sendable {
    public var number: String
    public var ticket: String
    public var displayName: String
    public var reason: String
    public var hasAppointment: Bool
    public var callCount: Int
    /// The desk they were last called to.
    public var calledDesk: String?
    /// Nil while waiting; In Progress or On Hold while this agent serves them.
    public var serving: InteractionState?

    init(_ v: WalkUpVisitor) {
        // A walk-up from before its queue was a location has no ticket: its number stands in.
        number = v.number; ticket = v.ticket.isEmpty ? v.number : v.ticket; displayName = v.displayName; reason = v.reason
        hasAppointment = v.hasAppointment; callCount = v.callCount; calledDesk = v.calledDesk
    }

    init(serving r: Interaction, name: String) {
        number = r.number; ticket = r.ticket ?? r.number; displayName = name
        reason = TextSanitizer.clean(r.reason ?? r.shortDescription)
        hasAppointment = false; callCount = r.callCount; calledDesk = r.lastCall?.desk
        serving = r.state
    }
}
