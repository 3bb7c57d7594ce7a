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
    /// Walk-up appointments booked, changed or imported.
    public var appointments: [Appointment] = []
    /// New values of the counters this change advanced.
    public var counters: [NumberPrefix: Int] = [:]

    public init() {}

    public var isEmpty: Bool {
        interactions.isEmpty && tasks.isEmpty && customers.isEmpty && profiles.isEmpty
            && agents.isEmpty && queues.isEmpty && config == nil && counters.isEmpty && appointments.isEmpty
    }

    /// Replaces an interaction already in this change set, or adds it.
    public mutating func put(_ record: Interaction) {
        if let i = interactions.firstIndex(where: { $0.number == record.number }) { interactions[i] = record }
        else { interactions.append(record) }
    }

    public mutating func put(_ task: RelatedTask) {
        if let i = tasks.firstIndex(where: { $0.number == task.number }) { tasks[i] = task } else { tasks.append(task) }
    }

    public mutating func put(_ appointment: Appointment) {
        if let i = appointments.firstIndex(where: { $0.id == appointment.id }) { appointments[i] = appointment }
        else { appointments.append(appointment) }
    }
}

extension ChangeSet {
    /// Folds `later` into this change set; for an entity in both, the later version wins.
    public mutating func merge(_ later: ChangeSet) {
        func upsert<T>(_ list: inout [T], _ items: [T], key: (T) -> String) {
            for item in items {
                if let i = list.firstIndex(where: { key($0) == key(item) }) { list[i] = item } else { list.append(item) }
            }
        }
        upsert(&interactions, later.interactions) { $0.number }
        upsert(&tasks, later.tasks) { $0.number }
        upsert(&customers, later.customers) { $0.id }
        upsert(&profiles, later.profiles) { $0.id }
        upsert(&agents, later.agents) { $0.login }
        upsert(&queues, later.queues) { $0.id }
        upsert(&appointments, later.appointments) { $0.id }
        if let config = later.config { self.config = config }
        counters.merge(later.counters) { max($0, $1) }
    }
}

/// Which command of a batch was refused, and why.
public struct BatchRefusal: Error, Equatable, Sendable {
    public var index: Int
    public var error: DomainError
}

extension Desk {
    /// Plans `commands` one after another, each seeing the ones before it, as one change set:
    /// all or nothing (an import). A refusal names the command's index.
    public func planAll(_ commands: [DeskCommand], by actor: String, at now: Instant) throws(BatchRefusal) -> ChangeSet {
        var scratch = self
        var all = ChangeSet()
        for (index, command) in commands.enumerated() {
            do {
                let result = try scratch.plan(command, by: actor, at: now)
                scratch.apply(result.changes)
                all.merge(result.changes)
            } catch {
                throw BatchRefusal(index: index, error: error)
            }
        }
        return all
    }
}
