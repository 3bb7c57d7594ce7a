import FrontdeskBackend
import FrontdeskCore

/// What an import did, or (a dry run) would do.
public struct ServiceNowImportSummary: Sendable, Equatable {
    public var dryRun = false
    /// The interaction file, when there was one, and the shape its first row is in.
    public var file: String?
    public var shape: ServiceNowShape = .empty
    /// Other tables read: file and rows.
    public var tables: [String] = []
    public var read = 0
    public var added = 0
    /// Rows whose number was in the store with an older `sys_updated_on`: replaced.
    public var updated = 0
    /// Rows whose number was in the store already, as new or newer: left alone.
    public var skipped = 0
    public var toHistory = 0
    public var toWorkingSet = 0
    public var customersAdded = 0
    public var customersUpdated = 0
    public var agentsAdded = 0
    public var queuesAdded = 0
    public var profilesAdded = 0
    public var tasksLinked = 0
    /// Related-record rows whose task is in none of the files (`table:sys_id`).
    public var relatedMissing: [String] = []
    /// Columns Frontdesk has no field for: how many rows had a value in each (kept on the record).
    public var unknownColumns: [String: Int] = [:]
    /// Reference column -> what resolved to nobody in the files or the store: sys_ids (kept as
    /// "unknown user <sys_id>"), user names (kept as "unknown user <user_name>", the user name on
    /// the person) and names (a person of that name, without a sys_id). The record still imports.
    public var unresolved: [String: [String]] = [:]
    /// `sys_journal_field` rows no interaction of the import took: `element_id (n rows)` for
    /// a sys_id no row had, `table.element:element_id` for another table's or field's.
    public var journalUnmatched: [String] {
        journalPending.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value) row\($0.value == 1 ? "" : "s"))" } + journalElsewhere
    }
    /// Journal rows no imported row took, by element_id (set at the end of the import).
    var journalPending: [String: Int] = [:]
    var journalElsewhere: [String] = []

    /// Pages read per table, when a directory was read (a table in one file is one page).
    public var pages: [String: Int] = [:]
    /// Bad rows left out (not imported), each with its reason: the migration goes on without them.
    public var skippedRows: [ServiceNowSkippedRow] = []
    /// Where the caller listed `skippedRows` (said in the summary), if it did.
    public var skippedList: String?

    public init() {}

    /// The summary as lines for people.
    public var lines: [String] {
        var out: [String] = []
        if let file { out.append("read \(read) interaction rows from \(file) (\(shape.rawValue))") }
        if !tables.isEmpty { out.append("read " + tables.joined(separator: ", ")) }
        let verb = dryRun ? "would import" : "imported"
        out.append("\(verb) \(added) new, \(updated) updated; \(skipped) skipped (the store's copy is as new or newer)")
        if added + updated > 0 { out.append("  \(toHistory) straight to history (closed before the history window), \(toWorkingSet) to the working set") }
        var directory: [String] = []
        if customersAdded > 0 { directory.append("\(customersAdded) customers added") }
        if customersUpdated > 0 { directory.append("\(customersUpdated) customers updated") }
        if agentsAdded > 0 { directory.append("\(agentsAdded) agents added") }
        if queuesAdded > 0 { directory.append("\(queuesAdded) queues added") }
        if profilesAdded > 0 { directory.append("\(profilesAdded) channel user profiles added") }
        if tasksLinked > 0 { directory.append("\(tasksLinked) related tasks linked") }
        if !directory.isEmpty { out.append(directory.joined(separator: ", ")) }
        if !relatedMissing.isEmpty {
            out.append("\(relatedMissing.count) related records name a record that is in none of the task files (kept as links by table and sys_id, shown and exported back): "
                       + Self.sample(relatedMissing))
        }
        if !journalUnmatched.isEmpty {
            out.append("sys_journal_field rows of \(journalUnmatched.count) records match no interaction of this import (not imported): "
                       + Self.sample(journalUnmatched))
        }
        if !unknownColumns.isEmpty {
            out.append("columns Frontdesk has no field for (kept on the records, exported back): "
                       + unknownColumns.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }.joined(separator: ", "))
        }
        for (column, ids) in unresolved.sorted(by: { $0.key < $1.key }) {
            let kept = column == "channel_user_profile" ? "left unlinked, the sys_id kept on the record"
                : "kept as \"unknown …\", or under the name shown, without a sys_id"
            out.append("\(ids.count) \(column) references resolve to nobody in the files or the store (\(kept)): " + Self.sample(ids))
        }
        if pages.values.contains(where: { $0 > 1 }) {
            out.append("pages read: " + pages.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        if !skippedRows.isEmpty {
            let what = "\(skippedRows.count) bad row\(skippedRows.count == 1 ? "" : "s") \(dryRun ? "would be" : "were") left out (not imported)"
            out.append(what + (skippedList.map { ": each with its reason in \($0)" }
                               ?? ": " + Self.sample(skippedRows.map { "\($0.table) \($0.key): \($0.reason)" })))
        }
        if dryRun { out.append("dry run: nothing was written") }
        return out
    }

    private static func sample(_ items: [String]) -> String {
        items.prefix(5).joined(separator: ", ") + (items.count > 5 ? ", … (\(items.count - 5) more)" : "")
    }
}

/// A row an import left out, and why: what `import-skipped.jsonl` lists, one JSON object a line.
public struct ServiceNowSkippedRow: Sendable, Equatable {
    public var table: String
    public var file: String
    /// Its index in the file's `result` array, and the line it starts on.
    public var row: Int
    public var line: Int
    public var sysID: String?
    public var number: String?
    public var reason: String

    init(table: String, file: String, row: ServiceNowRow, reason: String) {
        self.table = table; self.file = file; self.row = row.index; self.line = row.line
        sysID = row.value("sys_id"); number = row.value("number"); self.reason = reason
    }

    /// How people find it: its number, else its sys_id, else where it is in the file.
    public var key: String { number ?? sysID.map { "sys_id " + $0 } ?? "result[\(row)]" }

    /// One line of JSON (keys in a fixed order, text escaped as JSON; the file is data, not
    /// terminal output).
    public var jsonLine: String {
        func quoted(_ text: String?) -> String {
            guard let text else { return "null" }
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where TextSanitizer.isUnsafe(scalar):
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        return "{\"table\":\(quoted(table)),\"file\":\(quoted(file)),\"row\":\(row),\"line\":\(line),"
            + "\"sys_id\":\(quoted(sysID)),\"number\":\(quoted(number)),\"reason\":\(quoted(reason))}"
    }
}
