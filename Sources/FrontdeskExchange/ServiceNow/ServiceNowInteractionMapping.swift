import FrontdeskBackend
import FrontdeskCore

/// One `interaction` row as a Frontdesk record.
extension ServiceNowDirectory {
    struct RowProblem: Error { var problem: String }

    /// Columns with a Frontdesk field (or derived from one: `active` is the state). Any
    /// other column with a value is kept on the record and reported.
    static let interactionColumns = Set<String>([
        "number", "sys_id", "sys_class_name", "type", "state", "state_reason", "opened_for", "assigned_to",
        "assignment_group", "channel_user_profile", "short_description", "opened_at", "closed_at", "wait_time",
        "duration", "work_notes", "comments", "sys_mod_count", "sys_updated_on", "sys_created_on", "sys_created_by",
        "sys_updated_by", "active", "u_archived_at",
    ]).union(InteractionSchema.plainFields.compactMap { $0.plain?.column })

    /// Field columns whose cell is kept as it came too: the reason for visit is a choice there
    /// (its value a key, its display value the words the field holds), so an export gives an
    /// unchanged reason back in the shape it came.
    static let fieldColumnsKeptAsTheyCame: Set<String> = ["u_reason_for_visit"]

    /// The sys_id the side tables name a row by: its own, else one made from its number.
    static func sysID(of row: ServiceNowRow) -> String? {
        row.value("sys_id") ?? row.value("number").map(ServiceNowID.generated(for:))
    }

    /// The record a row makes, with what the side tables hold for it (`side`).
    mutating func interaction(from row: ServiceNowRow, side: ServiceNowTables.Side, actor: String) throws(RowProblem) -> Interaction {
        func text(_ column: String) -> String? { row.value(column) ?? row.display(column) }
        func instant(_ column: String) throws(RowProblem) -> Instant? {
            guard let t = text(column) else { return nil }
            guard let value = ServiceNowVocabulary.dateTime(t) else { throw RowProblem(problem: "\(column) \"\(t)\" is not YYYY-MM-DD HH:MM:SS") }
            return value
        }
        func duration(_ column: String) throws(RowProblem) -> Int64? {
            guard let t = text(column) else { return nil }
            guard let value = ServiceNowVocabulary.duration(t) else {
                throw RowProblem(problem: "\(column) \"\(t)\" is not a duration (1970-01-01 HH:MM:SS, or \"3 Minutes 12 Seconds\")")
            }
            return value
        }

        guard let number = row.value("number") else { throw RowProblem(problem: "number is empty") }
        guard Counters.parse(number)?.0 == .interaction else {
            throw RowProblem(problem: "number \"\(number)\" is not an interaction number (IMS + 7 digits)")
        }
        let sys = Self.sysID(of: row) ?? ServiceNowID.generated(for: number)
        guard let typeText = text("type") else { throw RowProblem(problem: "type is empty") }
        // A channel Frontdesk lacks (`email`, ...) comes in as `other`, its value kept (below).
        let type = ServiceNowVocabulary.type(typeText) ?? row.display("type").flatMap(ServiceNowVocabulary.type) ?? .other
        guard let stateText = text("state") else { throw RowProblem(problem: "state is empty") }
        guard let state = ServiceNowVocabulary.interactionState(stateText) ?? ServiceNowVocabulary.interactionState(display: stateText)
                ?? row.display("state").flatMap({ ServiceNowVocabulary.interactionState(display: $0) }) else {
            throw RowProblem(problem: "state \"\(stateText)\" is not one of new, queued, on_hold, work_in_progress, wrap_up, closed_complete, closed_abandoned")
        }
        var stateReason: StateReason?
        if let reason = text("state_reason") {
            guard let value = ServiceNowVocabulary.stateReason(reason) else {
                throw RowProblem(problem: "state_reason \"\(reason)\" is not one of \(StateReason.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            stateReason = value
        }
        let opened = try instant("opened_at"), created = try instant("sys_created_on")
        guard let openedAt = opened ?? created else { throw RowProblem(problem: "opened_at is empty") }
        let updatedOn = try instant("sys_updated_on") ?? openedAt
        let closedAt = try instant("closed_at"), archivedAt = try instant("u_archived_at")
        let wait = try duration("wait_time"), spent = try duration("duration")
        var modCount = 0
        if let m = text("sys_mod_count") {
            guard let value = Int(m), value >= 0 else { throw RowProblem(problem: "sys_mod_count \"\(m)\" is not a whole number") }
            modCount = value
        }

        let openedFor = customer(row["opened_for"], column: "opened_for")
        let profile = type == .messaging ? self.profile(row["channel_user_profile"], customer: openedFor, openedAt: openedAt) : nil
        let assignedTo = agent(row["assigned_to"], column: "assigned_to")
        let queue = self.queue(row["assignment_group"], column: "assignment_group")
        let createdBy = row.value("sys_created_by") ?? actor, updatedBy = row.value("sys_updated_by") ?? createdBy

        var notes = ServiceNowJournal.parse(row.display("work_notes") ?? "", fallback: updatedOn, fallbackName: updatedBy)
            .map { WorkNote(author: author(named: $0.name), at: $0.at, text: $0.text) }
        var transcript = ServiceNowJournal.parse(row.display("comments") ?? "", fallback: openedAt, fallbackName: createdBy)
            .map { TranscriptLine(from: speaker(named: $0.name, customer: openedFor, profile: profile), at: $0.at, text: $0.text) }
        journal(side.journal, notes: &notes, transcript: &transcript, customer: openedFor)
        let history = side.audit ?? Self.inferred(Self.trail(state: state, openedAt: openedAt, wait: wait, duration: spent,
                                                                      closedAt: closedAt, updatedOn: updatedOn, createdBy: createdBy, updatedBy: updatedBy),
                                                           row: row)
        // A Frontdesk reply went out as a comment; its outbox id and delivery came back in
        // sys_audit. The comment of that agent at that second is the reply again.
        for entry in history {
            guard case .reply(let id, _) = entry.change,
                  let i = transcript.firstIndex(where: { $0.id == nil && $0.at == entry.at && $0.from != openedFor && $0.from != profile
                                                         && ($0.from == entry.by || transcript.allSatisfy { $0.from != entry.by }) }) else { continue }
            transcript[i].id = id
            count(id)
        }

        var columns: [ServiceNowOrigin.Column] = []
        for (name, cell) in row.cells where !Self.interactionColumns.contains(name) && !cell.isEmpty {
            columns.append(.init(name: name, cell: cell))
            summary.unknownColumns[name, default: 0] += 1
        }
        for (name, cell) in row.cells where Self.fieldColumnsKeptAsTheyCame.contains(name) && !cell.isEmpty {
            columns.append(.init(name: name, cell: cell))
        }
        if type == .other { columns.append(.init(name: "type", value: typeText)) }
        if type == .messaging, profile == nil, let unlinked = row.value("channel_user_profile") {
            columns.append(.init(name: "channel_user_profile", value: unlinked))
        }
        // `sys_updated_by` when the trail does not say it (a made-up trail of the creation
        // only, or whose last step is inferred from someone else; a sys_audit trail whose last
        // entry is another's): kept as it came, so that an export gives it back (issue 23 point 8).
        if let updater = row.value("sys_updated_by"),
           history.last.map({ $0.by != updater || ($0.inferred != nil && $0.inferred != .updatedBy) }) ?? true {
            columns.append(.init(name: "sys_updated_by", value: updater))
        }
        columns.sort { $0.name < $1.name }
        count(number)
        var record = Interaction(number: number, type: type, state: state, stateReason: stateReason, openedFor: openedFor,
                           channelUserProfile: profile, assignedTo: assignedTo, queue: queue,
                           shortDescription: row.display("short_description") ?? "", openedAt: openedAt,
                           archivedAt: archivedAt, workNotes: notes, transcript: transcript, history: history,
                           relatedTasks: try relatedTasks(side.related, number: number), version: modCount + 1,
                           origin: ServiceNowOrigin(sysID: sys, updatedOn: updatedOn, waitTime: wait, duration: spent, columns: columns,
                                                    related: side.relatedRecords, sourceTrail: history.count))
        // The schema's plain fields, each from its column (times as ServiceNow writes them).
        for field in InteractionSchema.plainFields {
            guard let column = field.plain?.column, let value = text(column) else { continue }
            let read = field.kind == .instant ? ServiceNowVocabulary.dateTime(value).map { field.set(&record, .instant($0)) } ?? false
                : field.set(&record, text: value)
            guard read else { throw RowProblem(problem: "\(column) \"\(value)\" is not a valid \(field.key)") }
        }
        // The reason for visit is a choice there: its words are the display value (the value may be a key).
        if let words = row.display("u_reason_for_visit") { record.reason = words }
        return record
    }

    /// A made-up trail marked as such, each entry with where its author came from: the
    /// creation from `sys_created_by`, every later step from `sys_updated_by` (which falls
    /// back to `sys_created_by`); whoever ran the import when the row names nobody.
    static func inferred(_ trail: [AuditEntry], row: ServiceNowRow) -> [AuditEntry] {
        let created: AuditInference = row.value("sys_created_by") == nil ? .importer : .createdBy
        let updated: AuditInference = row.value("sys_updated_by") == nil ? created : .updatedBy
        return trail.map { entry in
            if case .created = entry.change { entry.inferred(from: created) } else { entry.inferred(from: updated) }
        }
    }

    /// Adds the record's `sys_journal_field` rows to what its own journal fields gave (an
    /// entry of the same second and text is there once), oldest first.
    mutating func journal(_ rows: [ServiceNowJournal.Row], notes: inout [WorkNote], transcript: inout [TranscriptLine], customer: String?) {
        guard !rows.isEmpty else { return }
        for row in rows {
            switch row.element {
            case .workNotes:
                guard !notes.contains(where: { $0.at == row.at && $0.text == row.text }) else { continue }
                notes.append(WorkNote(author: journalAuthor(row.by, customer: nil), at: row.at, text: row.text))
            case .comments:
                guard !transcript.contains(where: { $0.at == row.at && $0.text == row.text }) else { continue }
                transcript.append(TranscriptLine(from: journalAuthor(row.by, customer: customer), at: row.at, text: row.text))
            }
        }
        notes = notes.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        transcript = transcript.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// Who wrote a journal row, from its `sys_created_by` (a `user_name`): the record's
    /// customer when it is theirs, an agent of that login or `sys_user` row, else the
    /// user_name as it came (shown as written, exported back the same).
    private mutating func journalAuthor(_ userName: String, customer: String?) -> String {
        guard !userName.isEmpty else { return userName }
        if let agent = agents[userName] ?? desk.agents[userName] { return agent.login }
        guard let user = tables.users.values.first(where: { $0.userName == userName }) else { return userName }
        if let customer, (customers[customer] ?? desk.customers[customer])?.sysID == user.sysID { return customer }
        return agent(.text(user.sysID), column: "sys_journal_field.sys_created_by") ?? userName
    }

    /// A trail for a row that came without its audit: created New, accepted after the wait
    /// ServiceNow measured, and put in its state when ServiceNow last changed it (closed
    /// when it says it closed). Each step is no earlier than the one before.
    static func trail(state: InteractionState, openedAt: Instant, wait: Int64?, duration: Int64?, closedAt: Instant?,
                      updatedOn: Instant, createdBy: String, updatedBy: String) -> [AuditEntry] {
        let first: InteractionState = state == .queued ? .queued : .new
        var trail = [AuditEntry(at: openedAt, by: createdBy, change: .created(state: first))]
        var current = first, at = openedAt
        func step(_ to: InteractionState, _ when: Instant, _ by: String) {
            at = max(at, when)
            trail.append(AuditEntry(at: at, by: by, change: .state(from: current, to: to)))
            current = to
        }
        // Accepted only on evidence: a wait ServiceNow measured (accepted after it), or the
        // state Work in Progress itself (reached by its last update, when no wait says sooner).
        let abandonedUnanswered = state == .closedAbandoned && (duration ?? 0) == 0
        if state != .new, state != .queued, !abandonedUnanswered, wait != nil || state == .workInProgress {
            step(.workInProgress, wait.map { openedAt.adding($0) } ?? updatedOn, updatedBy)
        }
        switch state {
        case .new, .queued, .workInProgress: break
        case .onHold, .wrapUp: step(state, updatedOn, updatedBy)
        case .closedComplete, .closedAbandoned: step(state, closedAt ?? updatedOn, updatedBy)
        }
        return trail
    }
}

extension ServiceNowOrigin.Related {
    /// An `interaction_related_record` row as it came, but its `interaction` (the record
    /// that keeps it), columns by name.
    init(row: ServiceNowRow) {
        self.init(columns: row.cells.filter { $0.key != "interaction" }.sorted { $0.key < $1.key }
            .map { ServiceNowOrigin.Column(name: $0.key, cell: $0.value) })
    }
}
