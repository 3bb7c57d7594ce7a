import FrontdeskBackend
import FrontdeskCore

/// A journal field (`work_notes`, `comments`) as ServiceNow shows it: entries newest first,
/// each headed `YYYY-MM-DD HH:MM:SS - Name (Work notes)`, its text below, a blank line between.
/// The raw API writes these fields as `""`; display values carry the entries.
enum ServiceNowJournal {
    struct Entry: Equatable {
        var at: Instant
        var name: String
        var text: String
    }

    static let workNotesLabel = "Work notes"
    static let commentsLabel = "Additional comments"

    /// Entries oldest first. Text before the first header (a hand-made file) is one entry
    /// stamped `fallback`.
    static func parse(_ text: String, fallback: Instant, fallbackName: String) -> [Entry] {
        var entries: [Entry] = []
        var current: (at: Instant, name: String, lines: [Substring])?
        var loose: [Substring] = []
        func finish() {
            guard let c = current else { return }
            entries.append(Entry(at: c.at, name: c.name, text: trimmed(c.lines)))
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let clean = line.hasSuffix("\r") ? line.dropLast() : line
            if let header = header(clean) {
                finish()
                current = (header.at, header.name, [])
            } else if current != nil {
                current!.lines.append(clean)
            } else {
                loose.append(clean)
            }
        }
        finish()
        let before = trimmed(loose)
        if !before.isEmpty { entries.append(Entry(at: fallback, name: fallbackName, text: before)) }
        // Shown newest first: oldest first is the reverse, and entries of the same second keep that order.
        return entries.reversed().enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// `entries` (oldest first) as ServiceNow shows them: newest first.
    static func format(_ entries: [Entry], label: String) -> String {
        entries.reversed().map { "\($0.at.serviceNowDateTime) - \($0.name) (\(label))\n\($0.text)" }.joined(separator: "\n\n")
    }

    private static func trimmed(_ lines: [Substring]) -> String {
        var lines = lines
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        while let first = lines.first, first.allSatisfy(\.isWhitespace) { lines.removeFirst() }
        return lines.joined(separator: "\n")
    }

    /// `2026-11-24 09:05:12 - Beth Anglin (Work notes)`
    private static func header(_ line: Substring) -> (at: Instant, name: String)? {
        guard line.utf8.count > 24, line.hasSuffix(")"), let at = Instant(parsing: line.prefix(19)),
              line.dropFirst(19).hasPrefix(" - "), let open = line.lastIndex(of: "(") else { return nil }
        let label = line[line.index(after: open)..<line.index(before: line.endIndex)]
        guard label == workNotesLabel || label == commentsLabel || label == "Comments" else { return nil }
        let name = line[line.index(line.startIndex, offsetBy: 22)..<open].trimmedWhitespace
        return (at, name)
    }
}

// MARK: sys_journal_field

/// The journal as its own table: one `sys_journal_field` row per entry, `element` naming the
/// field (`comments`, `work_notes`), `element_id` the record's sys_id, `name` its table,
/// `value` the text, `sys_created_on`/`sys_created_by` when and by whom (a `user_name`).
extension ServiceNowJournal {
    enum Element: String, Sendable { case comments, workNotes = "work_notes" }

    /// One row of it.
    struct Row: Equatable {
        var element: Element
        var at: Instant
        var by: String
        var text: String
    }

    /// The rows read, by the sys_id of their interaction, in the order of the file (kept on
    /// disk: element, sys_created_on, sys_created_by, value); and those no interaction can
    /// take, for the summary.
    struct Table {
        let rows = ServiceNowSideRows(name: "sys_journal_field")
        /// Rows of another table or another journal field: `table.element:element_id`.
        var elsewhere: [String] = []
    }

    /// The columns an export writes, in this order.
    static func exportRow(sysID: String, element: Element, of record: String, at: Instant, by: String, text: String) -> ServiceNowExport.Row {
        [("sys_id", sysID), ("element", element.rawValue), ("element_id", record), ("name", ServiceNowTables.interactionTable),
         ("value", text), ("sys_created_on", at.serviceNowDateTime), ("sys_created_by", by)]
    }
}

extension ServiceNowJournal.Row {
    /// A row from the fields `readJournal` keeps (checked there).
    init?(fields: [String?]) {
        guard fields.count == 4, let element = fields[0].flatMap(ServiceNowJournal.Element.init(rawValue:)),
              let at = fields[1].flatMap(ServiceNowVocabulary.dateTime) else { return nil }
        self.init(element: element, at: at, by: fields[2] ?? "", text: fields[3] ?? "")
    }
}

extension ServiceNowTables {
    mutating func readJournal(_ path: String) throws(StoreError) {
        var spillFailure: StoreError?
        let result = try Self.rows(path, table: Self.journalTable, strict: strict) { (row) throws(RowProblem) in
            guard let record = row.value("element_id") else { throw RowProblem(problem: "element_id is empty") }
            let element = row.value("element") ?? ""
            let table = row.value("name") ?? Self.interactionTable
            guard table == Self.interactionTable, let kind = ServiceNowJournal.Element(rawValue: element) else {
                journal.elsewhere.append("\(table).\(element):\(record)")
                return
            }
            guard let at = row.value("sys_created_on"), ServiceNowVocabulary.dateTime(at) != nil else {
                throw RowProblem(problem: "sys_created_on \"\(row.value("sys_created_on") ?? "")\" is not YYYY-MM-DD HH:MM:SS")
            }
            do throws(StoreError) { try journal.rows.add(key: record, [kind.rawValue, at, row.value("sys_created_by") ?? "", row.display("value") ?? ""]) } catch {
                spillFailure = error
            }
        }
        if let spillFailure { throw spillFailure }
        note(path, table: Self.journalTable, result)
    }
}
