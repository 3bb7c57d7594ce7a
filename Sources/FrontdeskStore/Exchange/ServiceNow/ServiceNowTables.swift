import FrontdeskCore

/// The tables an interaction export refers to, read whole: people (`sys_user`), groups
/// (`sys_user_group`), channel user profiles, related records and the task rows they point
/// at, and the audit trail (`sys_audit`). Each is far smaller than the interactions, which
/// are streamed.
struct ServiceNowTables {
    struct User {
        var sysID: String
        var name: String
        var email: String
        var phone: String
        var company: String
        var vip: Bool
        var userName: String
    }

    struct Group {
        var sysID: String
        var name: String
    }

    struct Profile {
        var sysID: String
        var channel: MessagingChannel
        var identifier: String
        var user: String?
        var createdAt: Instant?
    }

    struct Task {
        var sysID: String
        var number: String
        var kind: TaskKind
        var state: TaskState
        var shortDescription: String
        var openedFor: String?
        var assignedTo: String?
        var openedAt: Instant
    }

    struct Audit {
        var at: Instant
        var checkpoint: Int
        var entry: AuditEntry
    }

    /// The file each table is read from, inside a directory of table exports.
    static func fileName(_ table: String) -> String { table + ".json" }
    static let interactionTable = "interaction"
    static let userTable = "sys_user"
    static let groupTable = "sys_user_group"
    static let profileTable = "channel_user_profile"
    static let relatedTable = "interaction_related_record"
    static let auditTable = "sys_audit"
    static let journalTable = "sys_journal_field"

    var users: [String: User] = [:]
    var groups: [String: Group] = [:]
    var profiles: [String: Profile] = [:]
    var tasks: [String: Task] = [:]
    /// Interaction sys_id -> the sys_ids of its related tasks whose rows were given, in order.
    var related: [String: [String]] = [:]
    /// Related-record rows whose task row is in none of the files, as `table:sys_id`.
    var relatedMissing: [String] = []
    /// Interaction sys_id -> those rows, kept as they came (see `ServiceNowOrigin.Related`).
    var relatedRecords: [String: [ServiceNowOrigin.Related]] = [:]
    /// `sys_journal_field` rows by the sys_id of their interaction (see ServiceNowJournal.swift).
    var journal = ServiceNowJournal.Table()
    var audit: [String: [AuditEntry]] = [:]
    /// Files read, in order, with their row counts.
    var read: [(file: String, rows: Int)] = []

    static func rows(_ path: String, _ body: (ServiceNowRow) throws(StoreError) -> Void) throws(StoreError) -> Int {
        var reader = try ServiceNowRowReader(path: path)
        defer { reader.close() }
        var count = 0
        while let row = try reader.next() {
            try body(row)
            count += 1
        }
        return count
    }

    private static func bad(_ path: String, _ row: ServiceNowRow, _ problem: String) -> StoreError {
        .badInput(file: path, location: row.location, problem: problem)
    }

    mutating func readUsers(_ path: String) throws(StoreError) {
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard let sysID = row.value("sys_id") else { throw Self.bad(path, row, "sys_id is empty") }
            let first = row.display("first_name") ?? "", last = row.display("last_name") ?? ""
            let joined = [first, last].filter { !$0.isEmpty }.joined(separator: " ")
            let vip = (row.value("vip") ?? "false").lowercased()
            guard ["true", "false", "1", "0", "yes", "no"].contains(vip) else { throw Self.bad(path, row, "vip \"\(vip)\" is not true or false") }
            // A company reference without display values is a sys_id of core_company: no name to show.
            let companyText = row.display("company") ?? ""
            let company = ServiceNowID.isSysID(companyText) ? "" : companyText
            users[sysID] = User(sysID: sysID, name: row.display("name") ?? (joined.isEmpty ? row.display("user_name") ?? sysID : joined),
                                email: row.display("email") ?? "", phone: row.display("phone") ?? row.display("mobile_phone") ?? "",
                                company: company, vip: ["true", "1", "yes"].contains(vip), userName: row.value("user_name") ?? "")
        }
        read.append((path, count))
    }

    mutating func readGroups(_ path: String) throws(StoreError) {
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard let sysID = row.value("sys_id") else { throw Self.bad(path, row, "sys_id is empty") }
            guard let name = row.display("name") else { throw Self.bad(path, row, "name is empty") }
            groups[sysID] = Group(sysID: sysID, name: name)
        }
        read.append((path, count))
    }

    mutating func readProfiles(_ path: String) throws(StoreError) {
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard let sysID = row.value("sys_id") else { throw Self.bad(path, row, "sys_id is empty") }
            let channelText = (row.value("channel") ?? "").lowercased()
            guard let channel = MessagingChannel(rawValue: channelText) ?? MessagingChannel.allCases.first(where: { $0.display.lowercased() == channelText }) else {
                throw Self.bad(path, row, "channel \"\(channelText)\" is not one of \(MessagingChannel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let identifier = row.value("channel_user_id") else { throw Self.bad(path, row, "channel_user_id is empty") }
            profiles[sysID] = Profile(sysID: sysID, channel: channel, identifier: identifier, user: row.value("user"),
                                      createdAt: row.value("sys_created_on").flatMap(ServiceNowVocabulary.dateTime))
        }
        read.append((path, count))
    }

    mutating func readTasks(_ path: String, kind: TaskKind) throws(StoreError) {
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard let sysID = row.value("sys_id") else { throw Self.bad(path, row, "sys_id is empty") }
            guard let number = row.value("number"), Counters.parse(number)?.0 == kind.prefix else {
                throw Self.bad(path, row, "number \"\(row.value("number") ?? "")\" is not a \(kind.display.lowercased()) number (\(kind.prefix.rawValue) + 7 digits)")
            }
            let stateText = row.value("state") ?? "1"
            guard let state = ServiceNowVocabulary.taskState(stateText, kind: kind)
                    ?? row.display("state").flatMap({ ServiceNowVocabulary.taskState($0, kind: kind) }) else {
                throw Self.bad(path, row, "state \"\(stateText)\" is not a \(kind.display.lowercased()) state")
            }
            guard let openedAt = (row.value("opened_at") ?? row.value("sys_created_on")).flatMap(ServiceNowVocabulary.dateTime) else {
                throw Self.bad(path, row, "opened_at \"\(row.value("opened_at") ?? "")\" is not YYYY-MM-DD HH:MM:SS")
            }
            tasks[sysID] = Task(sysID: sysID, number: number, kind: kind, state: state,
                                shortDescription: row.display("short_description") ?? "",
                                openedFor: row.value("opened_for") ?? row.value("caller_id") ?? row.value("contact"),
                                assignedTo: row.value("assigned_to"), openedAt: openedAt)
        }
        read.append((path, count))
    }

    /// After the task tables: links whose task row is present; the others are reported.
    mutating func readRelated(_ path: String) throws(StoreError) {
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard let interaction = row.value("interaction") else { throw Self.bad(path, row, "interaction is empty") }
            guard let document = row.value("document_id") ?? row.value("task") else { throw Self.bad(path, row, "document_id is empty") }
            if tasks[document] != nil {
                if !(related[interaction]?.contains(document) ?? false) { related[interaction, default: []].append(document) }
            } else {
                relatedMissing.append((row.value("document_table") ?? "task") + ":" + document)
                relatedRecords[interaction, default: []].append(ServiceNowOrigin.Related(row: row))
            }
        }
        read.append((path, count))
    }

    mutating func readAudit(_ path: String) throws(StoreError) {
        var rows: [String: [Audit]] = [:]
        let count = try Self.rows(path) { (row) throws(StoreError) in
            guard (row.value("tablename") ?? Self.interactionTable) == Self.interactionTable else { return }
            guard let key = row.value("documentkey") else { throw Self.bad(path, row, "documentkey is empty") }
            guard let field = row.value("fieldname") else { throw Self.bad(path, row, "fieldname is empty") }
            guard let at = row.value("sys_created_on").flatMap(ServiceNowVocabulary.dateTime) else {
                throw Self.bad(path, row, "sys_created_on \"\(row.value("sys_created_on") ?? "")\" is not YYYY-MM-DD HH:MM:SS")
            }
            guard let change = AuditEntry.Change(field: field, old: row.value("oldvalue"), new: row.value("newvalue")) else {
                throw Self.bad(path, row, "the \(field) change \(row.value("oldvalue") ?? "(none)") -> \(row.value("newvalue") ?? "(none)") is not one Frontdesk knows")
            }
            let entry = AuditEntry(at: at, by: row.value("user") ?? row.value("sys_created_by") ?? "", change: change)
            rows[key, default: []].append(Audit(at: at, checkpoint: Int(row.value("record_checkpoint") ?? "") ?? 0, entry: entry))
        }
        for (key, list) in rows {
            audit[key] = list.enumerated().sorted { ($0.element.at, $0.element.checkpoint, $0.offset) < ($1.element.at, $1.element.checkpoint, $1.offset) }
                .map(\.element.entry)
        }
        read.append((path, count))
    }

    /// Reads every table a directory of exports holds (`sys_user.json`, …); the interaction
    /// file itself is not read here.
    mutating func readDirectory(_ directory: String) throws(StoreError) {
        func path(_ table: String) -> String? {
            let p = directory + "/" + Self.fileName(table)
            return Posix.exists(p) ? p : nil
        }
        if let p = path(Self.userTable) { try readUsers(p) }
        if let p = path(Self.groupTable) { try readGroups(p) }
        if let p = path(Self.profileTable) { try readProfiles(p) }
        for (table, kind) in ServiceNowVocabulary.taskTables { if let p = path(table) { try readTasks(p, kind: kind) } }
        if let p = path(Self.relatedTable) { try readRelated(p) }
        if let p = path(Self.journalTable) { try readJournal(p) }
        if let p = path(Self.auditTable) { try readAudit(p) }
    }
}
