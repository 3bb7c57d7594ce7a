/// Merge by field. A change prepared against one version of a record (a note typed, a short
/// description edited) is checked against that version when it is saved. Much that happens to
/// a record meanwhile touches nothing the change depends on: a delivery receipt, a customer's
/// new message, a reply, a work note by someone else. Such a change must not refuse the save;
/// only a change to the record's state, or to a field the save sets, is a conflict the agent
/// has to look at.
extension DeskCommand {
    /// The version of its record the command was prepared against; nil when it is not checked
    /// against one.
    public var expectedVersion: Int? {
        get {
            switch self {
            case let .transition(_, _, v), let .edit(_, _, v), let .addNote(_, _, v),
                 let .createTask(_, _, v), let .linkTask(_, _, v): v
            default: nil
            }
        }
        set {
            switch self {
            case let .transition(n, t, _): self = .transition(number: n, t, expectedVersion: newValue)
            case let .edit(n, edits, _): self = .edit(number: n, edits, expectedVersion: newValue)
            case let .addNote(n, text, _): self = .addNote(number: n, text: text, expectedVersion: newValue)
            case let .createTask(n, kind, _): self = .createTask(number: n, kind: kind, expectedVersion: newValue)
            case let .linkTask(n, task, _): self = .linkTask(number: n, task: task, expectedVersion: newValue)
            case let .withNewCustomer(details, then):
                var then = then
                then.expectedVersion = newValue
                self = .withNewCustomer(details, then: then)
            default: break
            }
        }
    }

    /// True when the command's outcome depends on something that differs between `seen` and
    /// `current`: the state always, and the fields the command sets.
    func dependsOnChanges(from seen: Interaction, to current: Interaction) -> Bool {
        if seen.state != current.state { return true }
        switch self {
        case let .edit(_, edits, _):
            return edits.contains { edit in
                switch edit {
                case .shortDescription: seen.shortDescription != current.shortDescription
                case .openedFor: seen.openedFor != current.openedFor
                case .queue: seen.queue != current.queue
                case .stateReason: seen.stateReason != current.stateReason
                case .visitReason: seen.reason != current.reason || seen.shortDescription != current.shortDescription
                }
            }
        case .transition:
            // Who holds it and where it waits are what a transition moves.
            return seen.assignedTo != current.assignedTo || seen.queue != current.queue
        case .createTask, .linkTask:
            return seen.relatedTasks != current.relatedTasks
        case .withNewCustomer(_, let then):
            return then.dependsOnChanges(from: seen, to: current)
        default:
            // A work note adds to the record and sets nothing: only the state matters. Whether
            // the agent may still write on it (is it still theirs?) is the plan's own rule.
            return false
        }
    }
}

extension Desk {
    /// `command` was prepared against `seen`, the record as the agent had it in front of them.
    /// When nothing it depends on has changed since, the same command checked against the
    /// record's current version; nil when the changes meet (a real conflict) or it cannot tell.
    public func rebase(_ command: DeskCommand, preparedOn seen: Interaction) -> DeskCommand? {
        guard command.expectedVersion != nil, command.recordNumber == seen.number,
              let current = interaction(seen.number),
              !command.dependsOnChanges(from: seen, to: current) else { return nil }
        var rebased = command
        rebased.expectedVersion = current.version
        return rebased
    }
}
