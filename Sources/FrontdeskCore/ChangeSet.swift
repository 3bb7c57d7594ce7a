/// What one applied command changed: the new versions of the entities it touched and the
/// counters it advanced. The store journals exactly this, one change set per line, and a
/// desk replays it with `Desk.apply`.
public struct ChangeSet: Equatable, Sendable {
    public var interactions: [Interaction] = []
    public var tasks: [RelatedTask] = []
    public var customers: [Customer] = []
    public var profiles: [ChannelUserProfile] = []
    public var agents: [Agent] = []
    public var queues: [Queue] = []
    public var config: DeskConfig?
    /// New values of the counters this change advanced.
    public var counters: [NumberPrefix: Int] = [:]

    public init() {}

    public var isEmpty: Bool {
        interactions.isEmpty && tasks.isEmpty && customers.isEmpty && profiles.isEmpty
            && agents.isEmpty && queues.isEmpty && config == nil && counters.isEmpty
    }

    /// Replaces an interaction already in this change set, or adds it.
    mutating func put(_ record: Interaction) {
        if let i = interactions.firstIndex(where: { $0.number == record.number }) { interactions[i] = record }
        else { interactions.append(record) }
    }

    mutating func put(_ task: RelatedTask) {
        if let i = tasks.firstIndex(where: { $0.number == task.number }) { tasks[i] = task } else { tasks.append(task) }
    }
}
