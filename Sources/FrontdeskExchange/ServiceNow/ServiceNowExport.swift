import FrontdeskBackend
import FrontdeskCore

/// Interactions as ServiceNow's Table API writes them and its import sets read them: every
/// value a string, ServiceNow's column names and spellings (`walkup`, glide durations,
/// journal fields as display text), references as sys_ids. Records imported from ServiceNow
/// keep their sys_ids and the columns Frontdesk had no field for; records born here get
/// sys_ids made from their ids (see `ServiceNowID`).
///
/// `tables` gives every table an interaction refers to, one file each, so that a directory
/// export imports back as the same records: people, groups, profiles, related tasks and
/// their links, and the audit trail.
enum ServiceNowExport {
    typealias Row = [(String, String)]

    /// A row whose cells may be `{value, display_value}` objects: columns kept from an
    /// import that came with display values go back in that shape.
    typealias CellRow = [(String, ServiceNowCell)]

    static func document(_ rows: [Row]) -> [UInt8] {
        document(cells: rows.map { $0.map { ($0.0, ServiceNowCell.text($0.1)) } })
    }

    static func document(cells rows: [CellRow]) -> [UInt8] {
        var out = Array(documentStart)
        for (i, row) in rows.enumerated() { appendRow(row, first: i == 0, to: &out) }
        out.append(contentsOf: documentEnd)
        return out
    }

    /// A document's opening and closing, with its rows between (`appendRow`): the pieces
    /// an export streams a row at a time.
    static let documentStart = Array("{\"result\":[".utf8)
    static let documentEnd = Array("\n]}\n".utf8)

    static func appendRow(_ row: CellRow, first: Bool, to out: inout [UInt8]) {
        out.append(contentsOf: (first ? "\n" : ",\n").utf8)
        out.append(0x7B)
        for (k, (name, cell)) in row.enumerated() {
            if k > 0 { out.append(0x2C) }
            appendString(name, to: &out)
            out.append(0x3A)
            appendCell(cell, to: &out)
        }
        out.append(0x7D)
    }

    /// A string, or an object of the parts there are (`display_value`, `link`, `value`).
    static func appendCell(_ cell: ServiceNowCell, to out: inout [UInt8]) {
        switch cell {
        case .text(let s): appendString(s, to: &out)
        case .null: appendString("", to: &out)
        case .object(let value, let display, let link):
            out.append(0x7B)
            var first = true
            for (key, part) in [("display_value", display), ("link", link), ("value", value)] {
                guard let part else { continue }
                if !first { out.append(0x2C) }
                first = false
                appendString(key, to: &out)
                out.append(0x3A)
                appendString(part, to: &out)
            }
            out.append(0x7D)
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0..<0x20, 0x7F:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(contentsOf: Array(String(b, radix: 16).leftPadded(2).utf8))
            default: out.append(b)
            }
        }
        out.append(0x22)
    }

    // MARK: sys_ids of what records refer to

    static func sysID(_ r: Interaction) -> String { r.origin?.sysID ?? ServiceNowID.generated(for: r.number) }
    static func sysID(customer id: String, in desk: Desk) -> String { desk.customers[id]?.sysID ?? ServiceNowID.generated(for: id) }
    static func sysID(agent login: String, in desk: Desk) -> String { desk.agents[login]?.sysID ?? ServiceNowID.generated(for: login) }
    static func sysID(queue id: String, in desk: Desk) -> String { desk.queues[id]?.sysID ?? ServiceNowID.generated(for: id) }
    static func sysID(task: RelatedTask) -> String { task.sysID ?? ServiceNowID.generated(for: task.number) }

    /// A reference to a person, as a record's column holds it: their `sys_id`; for someone
    /// known only by the user name a reference held (`glide.maint`, resolved to nobody: issue
    /// 23 point 7), that user name as it came, not a `sys_id` made here that ServiceNow never had.
    static func reference(customer id: String, in desk: Desk) -> String {
        guard let c = desk.customers[id], c.sysID == nil, let userName = c.servicenow?.value("user_name") else {
            return sysID(customer: id, in: desk)
        }
        return userName
    }

    static func reference(agent login: String, in desk: Desk) -> String {
        guard let a = desk.agents[login], a.sysID == nil, let userName = a.servicenow?.value("user_name") else {
            return sysID(agent: login, in: desk)
        }
        return userName
    }

    // MARK: Interactions

    static func row(_ r: Interaction, in desk: Desk, at now: Instant) -> Row {
        let timers = r.timers(at: now)
        func name(ofAgent login: String) -> String { desk.agents[login]?.displayName ?? login }
        func speaker(_ from: String) -> String {
            if let agent = desk.agents[from] { return agent.displayName }
            if let customer = desk.customers[from] { return customer.name }
            if let profile = desk.profiles[from] { return profile.identifier }
            return from
        }
        let notes = r.workNotes.map { ServiceNowJournal.Entry(at: $0.at, name: name(ofAgent: $0.author), text: $0.text) }
        let comments = r.transcript.map { ServiceNowJournal.Entry(at: $0.at, name: speaker($0.from), text: $0.text) }
        var profile = r.channelUserProfile.map(ServiceNowID.generated(for:)) ?? ""
        if profile.isEmpty, let kept = r.origin?.columns.first(where: { $0.name == "channel_user_profile" }) { profile = kept.value }
        var row: Row = [
            ("sys_id", sysID(r)),
            ("number", r.number),
            ("sys_class_name", "interaction"),
            ("type", ServiceNowVocabulary.rawType(r.type, original: r.origin?.columns.first { $0.name == "type" }?.value)),
            ("state", r.state.rawValue),
            ("state_reason", r.stateReason?.rawValue ?? ""),
            ("active", r.state.isOpen ? "true" : "false"),
            ("opened_for", r.openedFor.map { reference(customer: $0, in: desk) } ?? ""),
            ("channel_user_profile", profile),
            ("assigned_to", r.assignedTo.map { reference(agent: $0, in: desk) } ?? ""),
            ("assignment_group", r.queue.map { sysID(queue: $0, in: desk) } ?? ""),
            ("short_description", r.shortDescription),
            ("opened_at", r.openedAt.serviceNowDateTime),
            ("closed_at", r.closedAt?.serviceNowDateTime ?? ""),
            // What was measured (the source's figures for an imported record, plus what happened
            // here); "" when nothing measured it, as ServiceNow leaves it.
            ("wait_time", timers.waitIsKnown ? ServiceNowVocabulary.glideDuration(timers.wait) : ""),
            ("duration", timers.durationIsKnown ? ServiceNowVocabulary.glideDuration(timers.duration) : ""),
            ("work_notes", ServiceNowJournal.format(notes, label: ServiceNowJournal.workNotesLabel)),
            ("comments", ServiceNowJournal.format(comments, label: ServiceNowJournal.commentsLabel)),
            ("u_archived_at", r.archivedAt?.serviceNowDateTime ?? ""),
            ("sys_mod_count", String(r.version - 1)),
            ("sys_created_on", r.openedAt.serviceNowDateTime),
            // Who: as the row named them (issue 23 point 8). An entry inferred from the other
            // column, or from whoever ran the import, was not in that column: "" as it came.
            ("sys_created_by", r.history.first.flatMap { $0.inferred == nil || $0.inferred == .createdBy ? $0.by : nil } ?? ""),
            ("sys_updated_on", r.updatedAt.serviceNowDateTime),
            ("sys_updated_by", updatedBy(r)),
        ]
        // The schema's plain fields, each in its column (times as ServiceNow writes them).
        for field in InteractionSchema.plainFields {
            guard let column = field.plain?.column else { continue }
            if case .instant(let t) = field.get(r) { row.append((column, t.serviceNowDateTime)) } else { row.append((column, field.text(of: r))) }
        }
        let written = Set(row.map(\.0))
        for column in r.origin?.columns ?? [] where !written.contains(column.name) { row.append((column.name, column.value)) }
        return row
    }

    /// Who changed `r` last: the author of its trail's last entry, unless that entry was made
    /// up on import from another column or the importer (then "", as the row came), or the
    /// row's own `sys_updated_by` kept on import when its trail, unchanged here, does not say it.
    static func updatedBy(_ r: Interaction) -> String {
        if let origin = r.origin, r.history.count == origin.sourceTrail,
           let kept = origin.columns.first(where: { $0.name == "sys_updated_by" }) { return kept.value }
        return r.history.last.flatMap { $0.inferred == nil || $0.inferred == .updatedBy ? $0.by : nil } ?? ""
    }

    /// `row`, with the kept columns that came with display values in the shape they came.
    static func cells(_ r: Interaction, in desk: Desk, at now: Instant) -> CellRow {
        var kept: [String: ServiceNowCell] = [:]
        for column in r.origin?.columns ?? [] where column.display != nil && !ServiceNowDirectory.interactionColumns.contains(column.name) {
            kept[column.name] = column.exported
        }
        // The reason for visit as it came, while it still holds the words it came with.
        for column in r.origin?.columns ?? [] where ServiceNowDirectory.fieldColumnsKeptAsTheyCame.contains(column.name)
            && (column.display ?? column.value) == r.reason {
            kept[column.name] = column.exported
        }
        return row(r, in: desk, at: now).map { ($0.0, kept[$0.0] ?? .text($0.1)) }
    }

    static func interactions(_ records: [Interaction], in desk: Desk, at now: Instant) -> [UInt8] {
        document(cells: records.map { cells($0, in: desk, at: now) })
    }

    /// The `interaction_related_record` rows kept for `r`, as they came, its sys_id their `interaction`.
    static func relatedRecords(_ r: Interaction) -> [CellRow] {
        (r.origin?.related ?? []).map { related in
            [("interaction", ServiceNowCell.text(sysID(r)))] + related.columns.map { ($0.name, $0.exported) }
        }
    }

    /// `r`'s work notes and conversation as `sys_journal_field` rows, oldest first, by the
    /// author's `user_name`: an agent's login, or the name as it came when it resolved to
    /// nobody, a customer's `user_name` as their `sys_user` row came; a sender known only by a
    /// channel profile (or a customer without a `user_name`) goes out with an empty `sys_created_by`.
    static func journalRows(_ r: Interaction, in desk: Desk) -> [Row] {
        // `sys_created_by` is a user name: an agent's login, a customer's `user_name` as their
        // sys_user row came (issue 23 point 2), else "" (a customer or profile without one).
        func by(_ from: String) -> String {
            if desk.agents[from] != nil { return from }
            if let customer = desk.customers[from] { return customer.servicenow?.value("user_name") ?? "" }
            if desk.profiles[from] != nil { return "" }
            return from
        }
        var rows: [Row] = []
        for (k, note) in r.workNotes.enumerated() {
            rows.append(ServiceNowJournal.exportRow(sysID: ServiceNowID.generated(for: "\(r.number)n\(k)"), element: .workNotes,
                                                    of: sysID(r), at: note.at, by: by(note.author), text: note.text))
        }
        for (k, line) in r.transcript.enumerated() {
            rows.append(ServiceNowJournal.exportRow(sysID: ServiceNowID.generated(for: "\(r.number)c\(k)"), element: .comments,
                                                    of: sysID(r), at: line.at, by: by(line.from), text: line.text))
        }
        return rows
    }

    // MARK: People (sys_user)

    /// The `sys_user` columns Frontdesk has fields for, as a customer's are now.
    private static func userColumns(_ c: Customer) -> Row {
        [("user_name", ""), ("name", c.name), ("email", c.email), ("phone", c.phone), ("company", c.company), ("vip", c.vip ? "true" : "false")]
    }

    /// The same for an agent: a login and a name.
    private static func userColumns(login: String, name: String) -> Row {
        [("user_name", login), ("name", name), ("email", ""), ("phone", ""), ("company", ""), ("vip", "false")]
    }

    /// A `sys_user` row: Frontdesk's columns as the person is now, except where a field is as
    /// the import derived it from the row it kept (`asImported`): then that column goes back as
    /// it came (a `company` reference as its sys_id, never its name; `vip` "1" as "1"). Then
    /// every other column of that row, as it came.
    private static func userRow(sysID: String, now current: Row, asImported: Row?, origin: ServiceNowUserOrigin?) -> Row {
        var row: Row = [("sys_id", sysID)]
        for (k, (name, value)) in current.enumerated() {
            if let origin, let asImported, asImported[k].1 == value { row.append((name, origin.value(name) ?? "")) } else { row.append((name, value)) }
        }
        let written = Set(row.map(\.0))
        for column in origin?.columns ?? [] where !written.contains(column.name) { row.append((column.name, column.value)) }
        return row
    }

    /// One row per person: customers, then agents; a person who is both (one sys_id) is one row,
    /// with their login as `user_name` when their customer row had none.
    static func userRows(customers: [String], agents: [String], in desk: Desk) -> [Row] {
        var rows: [Row] = []
        var rowBySys: [String: Int] = [:]
        for id in customers {
            guard let c = desk.customers[id] else { continue }
            let sys = sysID(customer: id, in: desk)
            let imported = c.servicenow.map {
                userColumns(ServiceNowDirectory.customer(from: .init(sysID: sys, origin: $0), id: id, defaultCountry: desk.config.defaultCountry))
            }
            rowBySys[sys] = rows.count
            rows.append(userRow(sysID: sys, now: userColumns(c), asImported: imported, origin: c.servicenow))
        }
        for login in agents {
            guard let a = desk.agents[login] else { continue }
            let sys = sysID(agent: login, in: desk)
            if let k = rowBySys[sys] {
                if let u = rows[k].firstIndex(where: { $0.0 == "user_name" }), rows[k][u].1.isEmpty { rows[k][u].1 = login }
                continue
            }
            let user = a.servicenow.map { ServiceNowTables.User(sysID: sys, origin: $0) }
            let imported = user.map { userColumns(login: $0.login ?? "", name: $0.name) }
            rowBySys[sys] = rows.count
            rows.append(userRow(sysID: sys, now: userColumns(login: login, name: a.displayName), asImported: imported, origin: a.servicenow))
        }
        return rows
    }

    // MARK: Every table

    /// One file per table (`interaction.json`, `sys_user.json`, …), holding what `records` refer to.
    static func tables(_ records: [Interaction], in desk: Desk, at now: Instant) throws -> [(table: String, bytes: [UInt8])] {
        var customers: [String] = [], agents: [String] = [], queues: [String] = [], profiles: [String] = []
        var tasks: [RelatedTask] = []
        var seen = Set<String>()
        func note(_ list: inout [String], _ kind: String, _ id: String?) {
            guard let id, seen.insert(kind + ":" + id).inserted else { return }
            list.append(id)
        }
        var related: [Row] = [], audit: [Row] = [], kept: [CellRow] = [], journal: [Row] = []
        for r in records {
            note(&customers, "c", r.openedFor)
            note(&agents, "a", r.assignedTo)
            note(&queues, "q", r.queue)
            note(&profiles, "p", r.channelUserProfile)
            for entry in r.workNotes where desk.agents[entry.author] != nil { note(&agents, "a", entry.author) }
            for number in r.relatedTasks {
                guard let task = try desk.task(anywhere: number) else { continue }
                if seen.insert("t:" + number).inserted { tasks.append(task) }
                related.append([("sys_id", ServiceNowID.generated(for: r.number + number)), ("interaction", sysID(r)),
                                ("document_table", ServiceNowVocabulary.table(task.kind)), ("document_id", sysID(task: task)),
                                ("task", sysID(task: task)), ("type", "task")])
            }
            kept += relatedRecords(r)
            journal += journalRows(r, in: desk)
            // An entry made up on import was never in ServiceNow's audit: it does not go back as if it were.
            for (k, entry) in r.history.enumerated() where entry.inferred == nil {
                audit.append([("tablename", "interaction"), ("documentkey", sysID(r)), ("fieldname", entry.change.field),
                              ("oldvalue", entry.change.oldValue ?? ""), ("newvalue", entry.change.newValue ?? ""),
                              ("user", entry.by), ("sys_created_on", entry.at.serviceNowDateTime), ("record_checkpoint", String(k))])
            }
        }
        for p in profiles { note(&customers, "c", desk.profiles[p]?.customer) }
        for t in tasks {
            note(&customers, "c", t.openedFor)
            note(&agents, "a", t.assignedTo)
        }
        let users = userRows(customers: customers, agents: agents, in: desk)
        let groups: [Row] = queues.compactMap { id in desk.queues[id].map { [("sys_id", sysID(queue: id, in: desk)), ("name", $0.name)] } }
        let profileRows: [Row] = profiles.compactMap { id in
            desk.profiles[id].map {
                [("sys_id", ServiceNowID.generated(for: id)), ("channel", $0.channel.rawValue), ("channel_user_id", $0.identifier),
                 ("user", $0.customer.map { reference(customer: $0, in: desk) } ?? ""), ("sys_created_on", $0.createdAt.serviceNowDateTime)]
            }
        }
        var out: [(String, [UInt8])] = [
            (ServiceNowTables.interactionTable, interactions(records, in: desk, at: now)),
            (ServiceNowTables.userTable, document(users)),
            (ServiceNowTables.groupTable, document(groups)),
            (ServiceNowTables.profileTable, document(profileRows)),
        ]
        for (table, kind) in ServiceNowVocabulary.taskTables {
            let rows: [Row] = tasks.filter { $0.kind == kind }.map { t in
                [("sys_id", sysID(task: t)), ("number", t.number), ("sys_class_name", table),
                 ("state", ServiceNowVocabulary.rawTaskState(t.state, kind: kind)), ("short_description", t.shortDescription),
                 ("opened_at", t.openedAt.serviceNowDateTime), ("opened_for", t.openedFor.map { reference(customer: $0, in: desk) } ?? ""),
                 ("assigned_to", t.assignedTo.map { reference(agent: $0, in: desk) } ?? "")]
            }
            out.append((table, document(rows)))
        }
        out.append((ServiceNowTables.relatedTable, document(cells: related.map { $0.map { ($0.0, ServiceNowCell.text($0.1)) } } + kept)))
        out.append((ServiceNowTables.journalTable, document(journal)))
        out.append((ServiceNowTables.auditTable, document(audit)))
        return out
    }
}
