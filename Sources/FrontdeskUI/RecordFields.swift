import FrontdeskCore

/// One field of a record as people read it: `show` prints these as `label  value` lines and
/// the console's Details pane draws the same labels and values. A new line for both is one
/// entry in `Desk.recordFields`.
public struct RecordField: Equatable, Sendable {
    /// Which field: what the console's Details pane makes editable or selectable.
    public enum Key: Equatable, Sendable {
        case shortDescription, sourceBrokeRule, openedFor, caller, customerCard, stateReason, queue, assignedTo, type, state
        case channelProfile, opened, accepted, closed, archived, wait, duration, holdAndWrapUp, wrapUpLeft, wrapUp
        case version, serviceNowID, serviceNowUpdated, serviceNowColumns
        /// A `.plain` field of `InteractionSchema`, by its key.
        case plain(String)
    }

    public var key: Key
    public var label: String
    /// Raw text (customers' and imports' included): each reader sanitises it for its terminal.
    public var value: String
    /// A stand-in for an empty or inapplicable field ("(nobody yet)"): drawn dim.
    public var isPlaceholder: Bool
    /// The console's record header shows this one, live (the timers, the wrap-up countdown):
    /// the Details pane leaves it out, `show` prints it.
    public var inConsoleHeader: Bool

    init(_ key: Key, _ label: String, _ value: String, placeholder: Bool = false, inConsoleHeader: Bool = false) {
        self.key = key; self.label = label; self.value = value
        self.isPlaceholder = placeholder; self.inConsoleHeader = inConsoleHeader
    }
}

extension Instant {
    /// `2026-11-24 09:05:00 UTC`: a moment as people read it, in `show`, the Details pane and
    /// the status line. (`--json` and the exports keep ISO 8601 for programs.)
    public var displayDateTime: String { serviceNowDateTime + " UTC" }
}

extension Desk {
    /// The record's fields, in the order `show` and the Details pane list them.
    public func recordFields(_ r: Interaction, at now: Instant) -> [RecordField] {
        let t = r.timers(at: now)
        var fields: [RecordField] = []
        func add(_ key: RecordField.Key, _ label: String, _ value: String, placeholder: Bool = false, inConsoleHeader: Bool = false) {
            fields.append(RecordField(key, label, value, placeholder: placeholder, inConsoleHeader: inConsoleHeader))
        }
        /// `Name (id)`, or the id alone where it is the name.
        func named(_ name: String, _ id: String) -> String { name == id ? id : "\(name) (\(id))" }

        add(.shortDescription, "Short description",
            r.hasShortDescription ? r.shortDescription : r.state.isClosed ? "(empty)" : "(empty: fill in before closing)",
            placeholder: !r.hasShortDescription)
        if r.sourceClosedWithoutShortDescription {
            add(.sourceBrokeRule, "", "(closed without one in ServiceNow: the source broke the rule, kept as imported)", placeholder: true)
        }
        add(.openedFor, "Opened for", r.openedFor.map { named(customerName($0), $0) } ?? "(nobody yet)", placeholder: r.openedFor == nil)
        if let caller = callerAddress(of: r) { add(.caller, "Caller", caller) }
        if let id = r.openedFor, let c = customers[id] {
            let card = [c.email, c.phone, c.company, c.vip ? "VIP ★" : ""].filter { !$0.isEmpty }.joined(separator: " · ")
            add(.customerCard, "  Customer card", card.isEmpty ? "(no email, phone or company yet)" : card, placeholder: card.isEmpty)
        }
        add(.stateReason, "State reason", r.stateReason?.display ?? (r.type == .messaging ? "(none)" : "(messaging only)"),
            placeholder: r.type != .messaging)
        add(.queue, "Queue", r.queue.map { named(queues[$0]?.name ?? $0, $0) } ?? "")
        add(.assignedTo, "Assigned to", r.assignedTo.map { named(agents[$0]?.displayName ?? $0, $0) } ?? "(waiting in queue)",
            placeholder: r.assignedTo == nil)
        add(.type, "Type", r.type.display)
        add(.state, "State", r.state.display + (r.isArchived ? " (archived)" : ""))
        if let profile = r.channelUserProfile.flatMap({ profiles[$0] }) {
            add(.channelProfile, "Channel profile", "\(profile.id) \(profile.channel.display) \(profile.identifier)")
        }
        add(.opened, "Opened", r.openedAt.displayDateTime)
        if let at = r.acceptedAt { add(.accepted, "Accepted", at.displayDateTime) }
        if let at = r.closedAt { add(.closed, "Closed", at.displayDateTime) }
        if let at = r.archivedAt { add(.archived, "Archived", at.displayDateTime) }
        // An imported record's timer that nothing measured (ServiceNow's "", nothing here) says so.
        let unmeasured = "(none: not measured in ServiceNow)"
        add(.wait, "Wait time", (t.waitIsKnown ? formatSpan(t.wait) : unmeasured) + (t.waitIsLive ? " (running)" : ""),
            placeholder: !t.waitIsKnown, inConsoleHeader: true)
        add(.duration, "Duration", (t.durationIsKnown ? formatSpan(t.duration) : unmeasured) + (t.durationIsLive ? " (running)" : ""),
            placeholder: !t.durationIsKnown, inConsoleHeader: true)
        add(.holdAndWrapUp, "Hold / wrap up", "\(formatSpan(t.hold)) / \(formatSpan(t.wrapUp))")
        if let left = wrapUpSecondsLeft(r, at: now) {
            add(.wrapUpLeft, "Wrap-up left", "\(formatSpan(max(0, left))) (then \(config.wrapUpRule(for: r.type).defaultCode) is applied)",
                inConsoleHeader: true)
        }
        if let wrap = r.wrapUpOutcome {
            let notes = wrap.notes.isEmpty ? "" : " · \(wrap.notes)"
            add(.wrapUp, "Wrap-up", wrap.code + (wrap.bySystem ? " (applied by the system: time ran out)" : " by \(wrap.by)") + notes)
        }
        // The schema's plain fields, each under its label. One added to existing stores (written
        // only when set: a walk-up's reason, ticket, guest) shows where it is set, so other
        // records read as they always did.
        for f in InteractionSchema.plainFields where f.presence != .omittedWhenNull || f.get(r) != .null {
            let value: String = if case .instant(let t) = f.get(r) { t.displayDateTime } else { f.text(of: r) }
            add(.plain(f.key), f.plain?.label ?? f.key, value.isEmpty ? "(none)" : value, placeholder: value.isEmpty)
        }
        add(.version, "Version", String(r.version))
        if let origin = r.origin {
            // Where an imported record came from, and what ServiceNow had that Frontdesk has no field for.
            add(.serviceNowID, "ServiceNow sys_id", origin.sysID)
            add(.serviceNowUpdated, "  updated there", origin.updatedOn.displayDateTime)
            if !origin.columns.isEmpty {
                // A reference shows its display value beside the sys_id when the import had one.
                add(.serviceNowColumns, "  other columns", origin.columns.map { col in
                    "\(col.name): \(col.value)" + (col.display.map { $0 == col.value ? "" : " (\($0))" } ?? "")
                }.joined(separator: ", "))
            }
        }
        return fields
    }
}
