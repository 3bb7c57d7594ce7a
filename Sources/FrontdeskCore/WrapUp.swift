/// Wrap-up as ServiceNow's wrap-up configurations define it, per interaction type: how long
/// the agent has (then the default code is applied by the system), and the codes to pick from.
public struct WrapUpRule: Equatable, Sendable {
    /// Seconds of Wrap Up before the system applies the default code and closes; 0: no limit.
    public var enforceSeconds: Int64
    public var codes: [String]
    public var defaultCode: String

    public static let standard = WrapUpRule(enforceSeconds: 60, codes: ["Resolved", "Escalated", "Callback", "No action needed"],
                                            defaultCode: "Resolved")

    public init(enforceSeconds: Int64, codes: [String], defaultCode: String) {
        self.enforceSeconds = enforceSeconds; self.codes = codes; self.defaultCode = defaultCode
    }
}

/// How a record's wrap-up ended: the code, the notes, and whether the system applied the
/// default when the time ran out. Derived from the trail.
public struct WrapUpOutcome: Equatable, Sendable {
    public var code: String
    public var notes: String
    public var by: String
    public var bySystem: Bool
}

/// One agent's wrap-up of their part of a record: after a transfer each agent wraps up their own.
public struct WrapUpSegment: Equatable, Sendable {
    public var agent: String
    public var code: String
    public var notes: String
    public var seconds: Int64
    public var bySystem: Bool
}

extension DeskConfig {
    public func wrapUpRule(for type: InteractionType) -> WrapUpRule { wrapUpRules[type] ?? .standard }
}

extension Interaction {
    /// When the record last went into Wrap Up here: the start of its wrap-up time. Nil for an
    /// imported record that came in Wrap Up: no wrap-up time runs for it here (its wrap-up
    /// began elsewhere, under rules Frontdesk does not know).
    public var wrapUpStartedAt: Instant? {
        localHistory.last { $0.change.stateChange?.to == .wrapUp }?.at
    }

    /// Agents who transferred the record on while working it here and have not wrapped up
    /// their part yet, with since when (a part an import brought is not owed here).
    public var wrapUpsDue: [(agent: String, since: Instant)] {
        var due: [(agent: String, since: Instant)] = []
        for entry in localHistory {
            switch entry.change {
            case .wrapUpDue(let agent): due.append((agent, entry.at))
            case .wrapUpCode(let agent?, _): due.removeAll { $0.agent == agent }
            default: continue
            }
        }
        return due
    }

    /// Every wrap-up made on the record, oldest first: whose, the code, notes, how long it took.
    public var wrapUpSegments: [WrapUpSegment] {
        var segments: [WrapUpSegment] = []
        var startedFor: [String: Instant] = [:]
        var lastWrapUpStart: Instant?
        for (i, entry) in history.enumerated() {
            if entry.change.stateChange?.to == .wrapUp { lastWrapUpStart = entry.at }
            switch entry.change {
            case .wrapUpDue(let agent): startedFor[agent] = entry.at
            case .wrapUpCode(let owner, let code):
                let agent = owner ?? entry.by
                let start = startedFor.removeValue(forKey: agent) ?? lastWrapUpStart ?? entry.at
                segments.append(WrapUpSegment(agent: agent, code: code, notes: wrapUpNotes(after: i), seconds: start.seconds(until: entry.at),
                                              bySystem: entry.by == Desk.routingActor))
            default: continue
            }
        }
        return segments
    }

    /// The latest wrap-up: code, notes, who, and whether the system applied it.
    public var wrapUpOutcome: WrapUpOutcome? {
        guard let index = history.lastIndex(where: { if case .wrapUpCode = $0.change { true } else { false } }),
              case .wrapUpCode(_, let code) = history[index].change else { return nil }
        let entry = history[index]
        let notes = history[index...].lazy.compactMap { if case .wrapUpNotes(let notes) = $0.change { notes } else { nil } }.first
        return WrapUpOutcome(code: code, notes: notes ?? "", by: entry.by, bySystem: entry.by == Desk.routingActor)
    }

    /// The notes written with the wrap-up code at `index`: the entry right after it, when it holds notes.
    private func wrapUpNotes(after index: Int) -> String {
        guard index + 1 < history.count, case .wrapUpNotes(let notes) = history[index + 1].change else { return "" }
        return notes
    }
}

extension Desk {
    /// Seconds of wrap-up left for a record in Wrap Up under an enforced limit; nil otherwise.
    public func wrapUpSecondsLeft(_ r: Interaction, at now: Instant) -> Int64? {
        let rule = config.wrapUpRule(for: r.type)
        guard r.state == .wrapUp, rule.enforceSeconds > 0, let started = r.wrapUpStartedAt else { return nil }
        return rule.enforceSeconds - started.seconds(until: now)
    }

    /// The code as the desk spells it, matched without regard to case; a refusal naming the
    /// codes otherwise.
    func wrapUpCode(_ typed: String, for type: InteractionType) throws(DomainError) -> String {
        let codes = config.wrapUpRule(for: type).codes
        let clean = typed.trimmedWhitespace
        guard let code = codes.first(where: { $0.lowercased() == clean.lowercased() }) else {
            throw .invalidValue(field: "wrap-up code for \(type.display)", value: clean, allowed: codes)
        }
        return code
    }

    /// The trail entries of `agent`'s wrap-up: the code, then the notes when there are any.
    func wrapUpEntries(code: String, notes: String, of agent: String?, by actor: String, at now: Instant) -> [AuditEntry] {
        var entries = [AuditEntry(at: now, by: actor, change: .wrapUpCode(agent: agent, code: code))]
        let clean = notes.givenText
        if !clean.isEmpty { entries.append(AuditEntry(at: now, by: actor, change: .wrapUpNotes(clean))) }
        return entries
    }

    /// Wrap Up past its enforced limit: the system applies the type's default code and closes.
    func planWrapUpExpiry(_ number: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        if actor != Self.routingActor { try requireSupervisor(actor, to: "close wrap-ups whose time ran out") }
        var r = try record(number, nil)
        guard let left = wrapUpSecondsLeft(r, at: now) else {
            if r.state == .wrapUp, r.origin != nil, r.wrapUpStartedAt == nil {
                throw .offer(number: number, why: "it came from ServiceNow in Wrap Up: no wrap-up time runs for it here (its agent wraps it up with a code)")
            }
            throw .offer(number: number, why: "it is not in a Wrap Up with a time limit (current state: \(r.state.display))")
        }
        guard left <= 0 else { throw .offer(number: number, why: "its wrap-up has \(left) s left") }
        let code = config.wrapUpRule(for: r.type).defaultCode
        r.history += wrapUpEntries(code: code, notes: "", of: r.assignedTo, by: actor, at: now)
        r.history.append(AuditEntry(at: now, by: actor, change: .state(from: .wrapUp, to: .closedComplete)))
        r.state = .closedComplete
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: number, summary: "\(number): wrap-up time ran out; closed with \(code)")
    }
}

extension Desk {
    /// An agent wraps up their part of a record they transferred on (any state: the record
    /// went on without them).
    func planWrapUpPart(_ number: String, code typed: String, notes: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var r = try record(number, nil)
        guard r.wrapUpsDue.contains(where: { $0.agent == actor }) else {
            throw .offer(number: number, why: "\(actor) owes no wrap-up of a part of it (only who transferred it on while working it does)")
        }
        let code = try wrapUpCode(typed, for: r.type)
        r.history += wrapUpEntries(code: code, notes: notes, of: actor, by: actor, at: now)
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: number, summary: "\(number): your part wrapped up (\(code))")
    }

    /// A part's wrap-up past the type's limit: the system applies the default code for that agent.
    func planWrapUpPartExpiry(_ number: String, agent: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        if actor != Self.routingActor { try requireSupervisor(actor, to: "close wrap-ups whose time ran out") }
        var r = try record(number, nil)
        let rule = config.wrapUpRule(for: r.type)
        guard rule.enforceSeconds > 0, let due = r.wrapUpsDue.first(where: { $0.agent == agent }),
              due.since.seconds(until: now) >= rule.enforceSeconds else {
            throw .offer(number: number, why: "\(agent)'s wrap-up of a part has time left, or none is due")
        }
        r.history += wrapUpEntries(code: rule.defaultCode, notes: "", of: agent, by: actor, at: now)
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: number, summary: "\(number): \(agent)'s wrap-up time ran out; \(rule.defaultCode) applied")
    }
}
