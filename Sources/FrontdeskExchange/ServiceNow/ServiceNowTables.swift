import Foundation
import FrontdeskBackend
import FrontdeskCore

/// The tables an interaction export refers to: people (`sys_user`), groups
/// (`sys_user_group`), channel user profiles and task rows are read whole (keyed by sys_id,
/// each far smaller than the interactions); the tables with rows for each interaction
/// (`sys_audit`, `sys_journal_field`, related records) are kept on disk as they are read
/// (`ServiceNowSideRows`) and each interaction's are looked up when its row comes
/// (`side(of:)`). The interactions themselves are streamed.
struct ServiceNowTables {
    /// A `sys_user` row as it came; what Frontdesk reads of it is in ServiceNowDirectory.swift.
    struct User {
        var sysID: String
        var origin: ServiceNowUserOrigin
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
    /// The tables a directory of exports is read for, named when something else is found.
    static var directoryTables: [String] {
        [interactionTable, userTable, groupTable, profileTable] + ServiceNowVocabulary.taskTables.map(\.table) + [relatedTable, journalTable, auditTable]
    }

    var users: [String: User] = [:]
    var groups: [String: Group] = [:]
    var profiles: [String: Profile] = [:]
    var tasks: [String: Task] = [:]
    /// Related-record rows by interaction sys_id: `task`, the sys_id of a task whose row was
    /// given; or `kept`, then the row's columns (a task in none of the files: kept as it came,
    /// see `ServiceNowOrigin.Related`), four fields each.
    let relatedRows = ServiceNowSideRows(name: "related")
    /// Related-record rows whose task row is in none of the files, as `table:sys_id`.
    var relatedMissing: [String] = []
    /// `sys_journal_field` rows by the sys_id of their interaction (see ServiceNowJournal.swift).
    var journal = ServiceNowJournal.Table()
    /// `sys_audit` rows of interactions by documentkey: fieldname, oldvalue, newvalue,
    /// sys_created_on, who, record_checkpoint (each checked as read, see `auditRow`).
    let auditRows = ServiceNowSideRows(name: "sys_audit")
    /// Files read, in order, with their row counts.
    var read: [(file: String, rows: Int)] = []
    /// Pages read per table (a table exported in several files is read file by file).
    var pages: [String: Int] = [:]
    /// Rows left out as bad, with the reason; with `strict` the first one stops the import.
    var skipped: [ServiceNowSkippedRow] = []
    var strict = false

    typealias RowProblem = ServiceNowDirectory.RowProblem

    /// Reads every row of `path` through `body`. A row `body` finds bad is left out and
    /// listed (or, strict, stops the import naming its file, line and row); the file's own
    /// shape being broken (not JSON) always stops it.
    static func rows(_ path: String, table: String, strict: Bool,
                     _ body: (ServiceNowRow) throws(RowProblem) -> Void) throws(StoreError) -> (count: Int, skipped: [ServiceNowSkippedRow]) {
        var reader = try ServiceNowRowReader(path: path)
        defer { reader.close() }
        var count = 0
        var skipped: [ServiceNowSkippedRow] = []
        while let row = try reader.next() {
            do { try body(row) } catch {
                if strict { throw StoreError.badInput(file: path, location: row.location, problem: error.problem) }
                skipped.append(ServiceNowSkippedRow(table: table, file: path, row: row, reason: error.problem))
            }
            count += 1
        }
        return (count, skipped)
    }

    /// Notes what reading one file of `table` gave.
    mutating func note(_ path: String, table: String, _ result: (count: Int, skipped: [ServiceNowSkippedRow])) {
        read.append((path, result.count))
        pages[table, default: 0] += 1
        skipped += result.skipped
    }

    mutating func readUsers(_ path: String) throws(StoreError) {
        let result = try Self.rows(path, table: Self.userTable, strict: strict) { (row) throws(RowProblem) in
            guard let sysID = row.value("sys_id") else { throw RowProblem(problem: "sys_id is empty") }
            let vip = (row.value("vip") ?? "false").lowercased()
            guard ["true", "false", "1", "0", "yes", "no"].contains(vip) else { throw RowProblem(problem: "vip \"\(vip)\" is not true or false") }
            users[sysID] = User(sysID: sysID, row: row)
        }
        note(path, table: Self.userTable, result)
    }

    mutating func readGroups(_ path: String) throws(StoreError) {
        let result = try Self.rows(path, table: Self.groupTable, strict: strict) { (row) throws(RowProblem) in
            guard let sysID = row.value("sys_id") else { throw RowProblem(problem: "sys_id is empty") }
            guard let name = row.display("name") else { throw RowProblem(problem: "name is empty") }
            groups[sysID] = Group(sysID: sysID, name: name)
        }
        note(path, table: Self.groupTable, result)
    }

    mutating func readProfiles(_ path: String) throws(StoreError) {
        let result = try Self.rows(path, table: Self.profileTable, strict: strict) { (row) throws(RowProblem) in
            guard let sysID = row.value("sys_id") else { throw RowProblem(problem: "sys_id is empty") }
            let channelText = (row.value("channel") ?? "").lowercased()
            guard let channel = MessagingChannel(rawValue: channelText) ?? MessagingChannel.allCases.first(where: { $0.display.lowercased() == channelText }) else {
                throw RowProblem(problem: "channel \"\(channelText)\" is not one of \(MessagingChannel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let identifier = row.value("channel_user_id") else { throw RowProblem(problem: "channel_user_id is empty") }
            profiles[sysID] = Profile(sysID: sysID, channel: channel, identifier: identifier, user: row.value("user"),
                                      createdAt: row.value("sys_created_on").flatMap(ServiceNowVocabulary.dateTime))
        }
        note(path, table: Self.profileTable, result)
    }

    mutating func readTasks(_ path: String, kind: TaskKind) throws(StoreError) {
        let result = try Self.rows(path, table: ServiceNowVocabulary.table(kind), strict: strict) { (row) throws(RowProblem) in
            guard let sysID = row.value("sys_id") else { throw RowProblem(problem: "sys_id is empty") }
            guard let number = row.value("number"), Counters.parse(number)?.0 == kind.prefix else {
                throw RowProblem(problem: "number \"\(row.value("number") ?? "")\" is not a \(kind.display.lowercased()) number (\(kind.prefix.rawValue) + 7 digits)")
            }
            let stateText = row.value("state") ?? "1"
            guard let state = ServiceNowVocabulary.taskState(stateText, kind: kind)
                    ?? row.display("state").flatMap({ ServiceNowVocabulary.taskState($0, kind: kind) }) else {
                throw RowProblem(problem: "state \"\(stateText)\" is not a \(kind.display.lowercased()) state")
            }
            guard let openedText = row.value("opened_at") ?? row.value("sys_created_on") else {
                throw RowProblem(problem: "opened_at is empty, and so is sys_created_on: when it was opened is needed")
            }
            guard let openedAt = ServiceNowVocabulary.dateTime(openedText) else {
                throw RowProblem(problem: "opened_at \"\(openedText)\" is not YYYY-MM-DD HH:MM:SS")
            }
            tasks[sysID] = Task(sysID: sysID, number: number, kind: kind, state: state,
                                shortDescription: row.display("short_description") ?? "",
                                openedFor: row.value("opened_for") ?? row.value("caller_id") ?? row.value("contact"),
                                assignedTo: row.value("assigned_to"), openedAt: openedAt)
        }
        note(path, table: ServiceNowVocabulary.table(kind), result)
    }

    /// After the task tables: links whose task row is present; the others are reported.
    mutating func readRelated(_ path: String) throws(StoreError) {
        var spillFailure: StoreError?
        let result = try Self.rows(path, table: Self.relatedTable, strict: strict) { (row) throws(RowProblem) in
            guard let interaction = row.value("interaction") else { throw RowProblem(problem: "interaction is empty") }
            guard let document = row.value("document_id") ?? row.value("task") else { throw RowProblem(problem: "document_id is empty") }
            do throws(StoreError) {
                if tasks[document] != nil {
                    try relatedRows.add(key: interaction, ["task", document])
                } else {
                    relatedMissing.append((row.value("document_table") ?? "task") + ":" + document)
                    var fields: [String?] = ["kept"]
                    for column in ServiceNowOrigin.Related(row: row).columns {
                        fields += [column.name, column.value, column.display, column.displayOnly ? "1" : nil]
                    }
                    try relatedRows.add(key: interaction, fields)
                }
            } catch { spillFailure = error }
        }
        if let spillFailure { throw spillFailure }
        note(path, table: Self.relatedTable, result)
    }

    mutating func readAudit(_ path: String) throws(StoreError) {
        var spillFailure: StoreError?
        let result = try Self.rows(path, table: Self.auditTable, strict: strict) { (row) throws(RowProblem) in
            guard (row.value("tablename") ?? Self.interactionTable) == Self.interactionTable else { return }
            guard let key = row.value("documentkey") else { throw RowProblem(problem: "documentkey is empty") }
            let fields = [row.value("fieldname"), row.value("oldvalue"), row.value("newvalue"), row.value("sys_created_on"),
                          row.value("user") ?? row.value("sys_created_by") ?? "", row.value("record_checkpoint")]
            _ = try Self.auditRow(fields)
            do throws(StoreError) { try auditRows.add(key: key, fields) } catch { spillFailure = error }
        }
        if let spillFailure { throw spillFailure }
        note(path, table: Self.auditTable, result)
    }

    /// A `sys_audit` row from the fields `readAudit` keeps: checked when read, made again when
    /// its interaction comes.
    static func auditRow(_ fields: [String?]) throws(RowProblem) -> Audit {
        guard fields.count == 6, let field = fields[0] else { throw RowProblem(problem: "fieldname is empty") }
        guard let at = fields[3].flatMap(ServiceNowVocabulary.dateTime) else {
            throw RowProblem(problem: "sys_created_on \"\(fields[3] ?? "")\" is not YYYY-MM-DD HH:MM:SS")
        }
        guard let change = AuditEntry.Change(field: field, old: fields[1], new: fields[2]) else {
            throw RowProblem(problem: "the \(field) change \(fields[1] ?? "(none)") -> \(fields[2] ?? "(none)") is not one Frontdesk knows")
        }
        return Audit(at: at, checkpoint: Int(fields[5] ?? "") ?? 0, entry: AuditEntry(at: at, by: fields[4] ?? "", change: change))
    }

    /// Puts the side tables in key order: after the last table is read, before the interactions.
    func seal() throws(StoreError) {
        try relatedRows.seal()
        try journal.rows.seal()
        try auditRows.seal()
    }

    /// What the side tables hold for one interaction.
    struct Side {
        /// Its `sys_audit` trail, in order (time, checkpoint, then the file's); nil when it has none.
        var audit: [AuditEntry]?
        var journal: [ServiceNowJournal.Row] = []
        /// Where its journal rows are among all of them: taken once the row is imported.
        var journalRows: [Int] = []
        /// The sys_ids of its related tasks whose rows were given, in order, each once.
        var related: [String] = []
        var relatedRecords: [ServiceNowOrigin.Related] = []
    }

    func side(of sys: String) throws(StoreError) -> Side {
        var side = Side()
        if let rows = try auditRows.rows(of: sys) {
            let list = rows.compactMap { try? Self.auditRow($0.fields) }
            side.audit = list.enumerated().sorted { ($0.element.at, $0.element.checkpoint, $0.offset) < ($1.element.at, $1.element.checkpoint, $1.offset) }
                .map(\.element.entry)
        }
        for row in try journal.rows.rows(of: sys) ?? [] {
            guard let entry = ServiceNowJournal.Row(fields: row.fields) else { continue }
            side.journal.append(entry)
            side.journalRows.append(row.index)
        }
        for row in try relatedRows.rows(of: sys) ?? [] {
            let fields = row.fields
            if fields.first == "task", fields.count == 2, let task = fields[1] {
                if !side.related.contains(task) { side.related.append(task) }
            } else if fields.first == "kept" {
                let columns = stride(from: 1, to: fields.count - 3, by: 4).map { k in
                    ServiceNowOrigin.Column(name: fields[k] ?? "", value: fields[k + 1] ?? "", display: fields[k + 2], displayOnly: fields[k + 3] != nil)
                }
                side.relatedRecords.append(ServiceNowOrigin.Related(columns: columns))
            }
        }
        return side
    }

    /// Reads every table a directory of exports holds (`sys_user.json`, …, each in one file
    /// or in pages), and returns the pages of `interaction`, which are streamed later, not
    /// read here. Unless the interactions were given on their own, a file that looks like a
    /// table export and is not read is refused, naming it: nothing is left out unsaid.
    mutating func readDirectory(_ directory: String, interactionsGiven: Bool = false) throws(StoreError) -> [String] {
        // A table added here is read with `folder.pages(TABLE)`: its files are then claimed.
        var folder = try ServiceNowExportFolder(directory)
        for p in folder.pages(Self.userTable) { try readUsers(p) }
        for p in folder.pages(Self.groupTable) { try readGroups(p) }
        for p in folder.pages(Self.profileTable) { try readProfiles(p) }
        for (table, kind) in ServiceNowVocabulary.taskTables { for p in folder.pages(table) { try readTasks(p, kind: kind) } }
        for p in folder.pages(Self.relatedTable) { try readRelated(p) }
        for p in folder.pages(Self.journalTable) { try readJournal(p) }
        for p in folder.pages(Self.auditTable) { try readAudit(p) }
        let interactions = interactionsGiven ? [] : folder.pages(Self.interactionTable)
        if !interactionsGiven { try folder.requireAllRead() }
        return interactions
    }
}

/// The files of a directory of table exports, claimed table by table as they are read, so
/// that what was not read can be named. A table comes as one file or in pages, as people save
/// the Table API's pages (`sysparm_offset`): `interaction.json`, `interaction.json.2`,
/// `interaction_0002.json`, `interaction-2.json`, `interaction-page2.json`, or any `*.json`
/// in a folder named after the table (`interaction/page1.json`); read in page order.
struct ServiceNowExportFolder {
    let directory: String
    private let names: [String]
    private var claimed = Set<String>()

    init(_ directory: String) throws(StoreError) {
        self.directory = directory
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw Posix.fail(directory, "list", errno: (error as NSError).code == NSFileReadNoPermissionError ? EACCES : ENOENT)
        }
    }

    /// Every page of `table`, in order, as paths; claimed.
    mutating func pages(_ table: String) -> [String] {
        var found: [(page: Int, path: String)] = []
        for name in names {
            if let page = Self.pageNumber(name, table: table), isFile(directory + "/" + name) {
                found.append((page, directory + "/" + name))
                claimed.insert(name)
            }
        }
        // A folder named after the table: each export file in it is a page.
        let folder = directory + "/" + table
        if names.contains(table), !isFile(folder), let inside = try? FileManager.default.contentsOfDirectory(atPath: folder) {
            claimed.insert(table)
            for name in inside where Self.looksLikeExport(name) && isFile(folder + "/" + name) {
                found.append((Self.lastNumber(name) ?? 0, folder + "/" + name))
            }
        }
        return found.sorted { ($0.page, $0.path) < ($1.page, $1.path) }.map(\.path)
    }

    /// Refuses when the directory holds an export file that no table read, or holds none.
    func requireAllRead() throws(StoreError) {
        let unread = names.filter { !claimed.contains($0) && Self.looksLikeExport($0) && isFile(directory + "/" + $0) }
        if !unread.isEmpty {
            throw .badInput(file: directory, location: "directory", problem:
                "not read: \(unread.joined(separator: ", ")): no table Frontdesk reads is named so (it reads "
                + ServiceNowTables.directoryTables.joined(separator: ", ")
                + ", each as TABLE.json, in pages such as TABLE_0002.json or TABLE.json.2, or in a folder TABLE/); rename or move it")
        }
        if claimed.isEmpty {
            throw .badInput(file: directory, location: "directory", problem:
                "holds no table export (\(ServiceNowTables.directoryTables.map { $0 + ".json" }.joined(separator: ", "))): nothing to import")
        }
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `*.json`, or `*.json.N` (curl's numbered copies).
    static func looksLikeExport(_ name: String) -> Bool {
        let lower = name.lowercased()
        if lower.hasSuffix(".json") { return !lower.hasPrefix(".") }
        guard let range = lower.range(of: ".json.", options: .backwards) else { return false }
        return isNumber(lower[range.upperBound...])
    }

    /// The page a file name is of `table`'s export, nil when it is none of its pages:
    /// `TABLE.json` is page 0; `TABLE.json.N`, and `TABLE` + one of `_ - . space` + an
    /// optional `page`/`p` + N + `.json`, are page N.
    static func pageNumber(_ name: String, table: String) -> Int? {
        let lower = name.lowercased()
        guard lower.hasPrefix(table) else { return nil }
        var rest = lower.dropFirst(table.count)
        if rest == ".json" { return 0 }
        if rest.hasPrefix(".json.") { return isNumber(rest.dropFirst(6)) ? Int(rest.dropFirst(6)) : nil }
        guard rest.hasSuffix(".json"), let separator = rest.first, "_-. ".contains(separator) else { return nil }
        rest = rest.dropFirst().dropLast(5)
        for word in ["page", "p"] where rest.hasPrefix(word) {
            rest = rest.dropFirst(word.count)
            break
        }
        rest = rest.drop { "_-. ".contains($0) }
        return isNumber(rest) ? Int(rest) : nil
    }

    /// The last run of digits in a name (`page12.json` is 12), for pages in a folder.
    static func lastNumber(_ name: String) -> Int? {
        let digits = name.reversed().drop { !$0.isASCIIDigit }.prefix { $0.isASCIIDigit }
        return digits.isEmpty ? nil : Int(String(digits.reversed()))
    }

    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 9 && text.allSatisfy(\.isASCIIDigit)
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
