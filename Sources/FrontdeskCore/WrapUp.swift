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

extension AuditField {
    /// The wrap-up code chosen (new), by the agent or, when the time ran out, by routing.
    public static let wrapUpCode = "wrap_up_code"
    public static let wrapUpNotes = "wrap_up_notes"
}

extension DeskConfig {
    public func wrapUpRule(for type: InteractionType) -> WrapUpRule { wrapUpRules[type] ?? .standard }
}

extension Interaction {
    /// When the record last went into Wrap Up.
    public var wrapUpStartedAt: Instant? {
        history.last { $0.change.stateChange?.to == .wrapUp }?.at
    }

    /// The latest wrap-up: code, notes, who, and whether the system applied it.
    public var wrapUpOutcome: WrapUpOutcome? {
        guard let index = history.lastIndex(where: { $0.change.field == AuditField.wrapUpCode }),
              case .field(_, _, let code?) = history[index].change else { return nil }
        let entry = history[index]
        let notes = history[index...].first { $0.change.field == AuditField.wrapUpNotes }?.change.newValue ?? ""
        return WrapUpOutcome(code: code, notes: notes, by: entry.by, bySystem: entry.by == Desk.routingActor)
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

    /// The trail entries of a wrap-up: the code, then the notes when there are any.
    func wrapUpEntries(code: String, notes: String, by actor: String, at now: Instant) -> [AuditEntry] {
        var entries = [AuditEntry(at: now, by: actor, change: .field(name: AuditField.wrapUpCode, old: nil, new: code))]
        let clean = notes.trimmedWhitespace
        if !clean.isEmpty { entries.append(AuditEntry(at: now, by: actor, change: .field(name: AuditField.wrapUpNotes, old: nil, new: clean))) }
        return entries
    }

    /// Wrap Up past its enforced limit: the system applies the type's default code and closes.
    func planWrapUpExpiry(_ number: String, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        guard actor == Self.routingActor || agents[actor]?.isSupervisor == true else {
            throw .supervisorOnly(operation: "close wrap-ups whose time ran out", actor: actor)
        }
        var r = try record(number, nil)
        guard let left = wrapUpSecondsLeft(r, at: now) else {
            throw .offer(number: number, why: "it is not in a Wrap Up with a time limit (current state: \(r.state.display))")
        }
        guard left <= 0 else { throw .offer(number: number, why: "its wrap-up has \(left) s left") }
        let code = config.wrapUpRule(for: r.type).defaultCode
        r.history += wrapUpEntries(code: code, notes: "", by: actor, at: now)
        r.history.append(AuditEntry(at: now, by: actor, change: .state(from: .wrapUp, to: .closedComplete)))
        r.state = .closedComplete
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: number, summary: "\(number): wrap-up time ran out; closed with \(code)")
    }
}
