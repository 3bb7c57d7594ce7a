import Foundation
import FrontdeskCore

/// Imports are all or nothing: every row is checked first, and the first bad one is named by
/// its line; only a file that is entirely good becomes one journal line.
public enum Importer {
    // MARK: Interactions (ServiceNow-shaped JSON)

    private struct Envelope: Decodable { var result: [ServiceNowRecord] }

    /// The change set that adds every interaction in a `{"result":[...]}` document to `desk`,
    /// with the customers, profiles, agents, queues and tasks they refer to.
    public static func interactions(_ bytes: [UInt8], file: String, into desk: Desk) throws(StoreError) -> ChangeSet {
        let lines = rowLines(bytes)
        func location(_ index: Int) -> String {
            index < lines.count ? "line \(lines[index]) (result[\(index)])" : "result[\(index)]"
        }
        let rows: [ServiceNowRecord]
        do {
            rows = try JSONDecoder().decode(Envelope.self, from: Data(bytes)).result
        } catch let error as DecodingError {
            if case .some(let index) = error.rowIndex {
                throw .badInput(file: file, location: location(index), problem: DamageReport.problem(error))
            }
            throw .badInput(file: file, location: "whole file", problem: "not a {\"result\":[...]} document: " + DamageReport.problem(error))
        } catch {
            throw .badInput(file: file, location: "whole file", problem: "\(error)")
        }

        var changes = ChangeSet()
        var seen = Set<String>()
        var customers: [String: Customer] = [:], profiles: [String: ChannelUserProfile] = [:]
        var agents: [String: Agent] = [:], queues: [String: Queue] = [:], tasks: [String: RelatedTask] = [:]
        var counters: [NumberPrefix: Int] = [:]
        func count(_ number: String) {
            guard let (prefix, value) = Counters.parse(number) else { return }
            counters[prefix] = max(counters[prefix] ?? desk.counters.last[prefix] ?? 0, value)
        }

        for (index, row) in rows.enumerated() {
            let record: Interaction
            do { record = try interaction(from: row) } catch {
                throw .badInput(file: file, location: location(index), problem: error.problem)
            }
            guard desk.interaction(record.number) == nil, seen.insert(record.number).inserted else {
                throw .badInput(file: file, location: location(index), problem: "duplicate number \(record.number)")
            }
            changes.interactions.append(record)
            count(record.number)
            if let id = record.openedFor, desk.customers[id] == nil, customers[id] == nil {
                customers[id] = Customer(id: id, name: row.opened_for_name ?? id, email: row.opened_for_email ?? "",
                                         phone: row.opened_for_phone ?? "", company: row.opened_for_company ?? "",
                                         vip: row.opened_for_vip ?? false)
                count(id)
            }
            if let id = record.channelUserProfile, desk.profiles[id] == nil, profiles[id] == nil {
                guard let channelName = row.channel_user_profile_channel, let channel = MessagingChannel(rawValue: channelName),
                      let identifier = row.channel_user_profile_identifier else {
                    throw .badInput(file: file, location: location(index),
                                    problem: "channel_user_profile \(id) needs channel_user_profile.channel and .channel_user_id")
                }
                profiles[id] = ChannelUserProfile(id: id, channel: channel, identifier: identifier,
                                                  customer: record.openedFor, createdAt: record.openedAt)
                count(id)
            }
            if let login = record.assignedTo, desk.agents[login] == nil, agents[login] == nil {
                agents[login] = Agent(login: login, displayName: login, queues: [])
            }
            if let id = record.queue, desk.queues[id] == nil, queues[id] == nil {
                queues[id] = Queue(id: id, name: id, channels: InteractionType.allCases, targetWaitSeconds: 300)
            }
            for taskRow in row.u_related_tasks {
                var task: RelatedTask
                if let existing = tasks[taskRow.number] ?? desk.tasks[taskRow.number] {
                    task = existing
                } else {
                    guard let kind = ServiceNowRecord.taskKind(taskRow.sys_class_name),
                          let state = TaskState(rawValue: taskRow.state),
                          let openedAt = Instant(parsing: taskRow.opened_at),
                          Counters.parse(taskRow.number)?.0 == kind.prefix else {
                        throw .badInput(file: file, location: location(index), problem: "bad related task \(taskRow.number)")
                    }
                    task = RelatedTask(number: taskRow.number, kind: kind, state: state,
                                       shortDescription: taskRow.short_description, openedFor: taskRow.opened_for,
                                       assignedTo: taskRow.assigned_to, openedAt: openedAt, interactions: [])
                    count(task.number)
                }
                if !task.interactions.contains(record.number) { task.interactions.append(record.number) }
                tasks[task.number] = task
            }
        }
        changes.customers = customers.values.sorted { $0.id < $1.id }
        changes.profiles = profiles.values.sorted { $0.id < $1.id }
        changes.agents = agents.values.sorted { $0.login < $1.login }
        changes.queues = queues.values.sorted { $0.id < $1.id }
        changes.tasks = tasks.values.sorted { $0.number < $1.number }
        changes.counters = counters.filter { $0.value > (desk.counters.last[$0.key] ?? 0) }
        return changes
    }

    struct RowProblem: Error { var problem: String }

    private static func interaction(from row: ServiceNowRecord) throws(RowProblem) -> Interaction {
        func instant(_ text: String, _ field: String) throws(RowProblem) -> Instant {
            guard let value = Instant(parsing: text) else { throw RowProblem(problem: "\(field) \"\(text)\" is not YYYY-MM-DD HH:MM:SS") }
            return value
        }
        func value<E: RawRepresentable & CaseIterable>(_ text: String, _ field: String) throws(RowProblem) -> E where E.RawValue == String {
            guard let value = E(rawValue: text) else {
                throw RowProblem(problem: "\(field) \"\(text)\" is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        guard Counters.parse(row.number)?.0 == .interaction else {
            throw RowProblem(problem: "number \"\(row.number)\" is not an interaction number (IMS + 7 digits)")
        }
        guard row.sys_mod_count >= 0 else { throw RowProblem(problem: "sys_mod_count is negative") }
        var history: [AuditEntry] = []
        for audit in row.u_audit {
            guard let change = AuditEntry.Change(field: audit.fieldname, old: audit.oldvalue, new: audit.newvalue) else {
                throw RowProblem(problem: "audit row for \(audit.fieldname) has bad values")
            }
            history.append(AuditEntry(at: try instant(audit.sys_created_on, "u_audit.sys_created_on"), by: audit.user, change: change))
        }
        var notes: [WorkNote] = [], transcript: [TranscriptLine] = []
        for note in row.work_notes {
            notes.append(WorkNote(author: note.sys_created_by, at: try instant(note.sys_created_on, "work_notes.sys_created_on"), text: note.value))
        }
        for line in row.comments {
            transcript.append(TranscriptLine(from: line.sys_created_by, at: try instant(line.sys_created_on, "comments.sys_created_on"), text: line.value))
        }
        let state: InteractionState = try value(row.state, "state")
        let stateReason: StateReason? = try row.state_reason.map { (text: String) throws(RowProblem) -> StateReason in try value(text, "state_reason") }
        return Interaction(
            number: row.number, type: try value(row.type, "type"), state: state, stateReason: stateReason,
            openedFor: row.opened_for, channelUserProfile: row.channel_user_profile, assignedTo: row.assigned_to,
            queue: row.assignment_group, shortDescription: row.short_description,
            openedAt: try instant(row.opened_at, "opened_at"),
            archivedAt: try row.archived_at.map { (text: String) throws(RowProblem) -> Instant in try instant(text, "archived_at") },
            workNotes: notes, transcript: transcript, history: history,
            relatedTasks: row.u_related_tasks.map(\.number), version: row.sys_mod_count + 1)
    }

    /// The line on which each element of the top-level `result` array starts.
    static func rowLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1, depth = 0, inString = false, escaped = false
        for b in bytes {
            if b == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 2 { lines.append(line) }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
            default: break
            }
        }
        return lines
    }

    // MARK: Customers (CSV)

    public static let customerColumns = ["name", "email", "phone", "company", "vip"]

    /// The commands that add each customer row; `Desk.planAll` then applies the domain's rules
    /// (phone numbers, duplicate emails) to every row in turn.
    public static func customerCommands(_ text: String, file: String) throws(StoreError) -> [(line: Int, command: DeskCommand)] {
        let rows: [(line: Int, cells: [String])]
        do { rows = try CSV.parse(text) } catch {
            throw .badInput(file: file, location: "line \(error.line)", problem: error.problem)
        }
        guard let header = rows.first else { throw .badInput(file: file, location: "line 1", problem: "the file is empty") }
        let names = header.cells.map { $0.trimmedWhitespace.lowercased() }
        guard let nameColumn = names.firstIndex(of: "name") else {
            throw .badInput(file: file, location: "line \(header.line)", problem: "the header has no \"name\" column (columns: \(customerColumns.joined(separator: ", ")))")
        }
        for name in names where !customerColumns.contains(name) {
            throw .badInput(file: file, location: "line \(header.line)", problem: "unknown column \"\(name)\" (allowed: \(customerColumns.joined(separator: ", ")))")
        }
        func cell(_ row: [String], _ column: String) -> String {
            guard let i = names.firstIndex(of: column), i < row.count else { return "" }
            return CSV.unguarded(row[i])
        }
        var commands: [(Int, DeskCommand)] = []
        for row in rows.dropFirst() {
            guard row.cells.count == names.count else {
                throw .badInput(file: file, location: "line \(row.line)", problem: "\(row.cells.count) fields where the header has \(names.count)")
            }
            let vipText = cell(row.cells, "vip").trimmedWhitespace.lowercased()
            let vip: Bool
            switch vipText {
            case "", "false", "no", "0", "n": vip = false
            case "true", "yes", "1", "y": vip = true
            default: throw .badInput(file: file, location: "line \(row.line)", problem: "vip \"\(vipText)\" is not true or false")
            }
            commands.append((row.line, .addCustomer(name: CSV.unguarded(row.cells[nameColumn]), email: cell(row.cells, "email"),
                                                    phone: cell(row.cells, "phone"), company: cell(row.cells, "company"), vip: vip)))
        }
        return commands
    }
}

private extension DecodingError {
    /// The index in `result` of the row that failed, when the failure is inside one.
    var rowIndex: Int? {
        let path: [any CodingKey]
        switch self {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): path = c.codingPath
        @unknown default: return nil
        }
        guard path.count >= 2, path[0].stringValue == "result" else { return nil }
        return path[1].intValue
    }
}

extension Store {
    /// Adds every interaction of a ServiceNow-shaped JSON export, or nothing.
    @discardableResult
    public func importInteractions(_ bytes: [UInt8], file: String, by actor: String, at now: Instant) throws -> ChangeSet {
        try performBatch(by: actor, at: now) { desk in try Importer.interactions(bytes, file: file, into: desk) }
    }

    /// Adds every customer of a CSV file (name, email, phone, company, vip), or nothing.
    @discardableResult
    public func importCustomers(_ text: String, file: String, by actor: String, at now: Instant) throws -> ChangeSet {
        let rows = try Importer.customerCommands(text, file: file)
        return try performBatch(by: actor, at: now) { desk in
            do {
                return try desk.planAll(rows.map(\.command), by: actor, at: now)
            } catch let refusal as BatchRefusal {
                throw StoreError.badInput(file: file, location: "line \(rows[refusal.index].line)", problem: refusal.error.description)
            }
        }
    }
}
