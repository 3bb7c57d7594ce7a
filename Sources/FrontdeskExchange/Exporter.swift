import Foundation
import FrontdeskBackend
import FrontdeskCore

public enum ExportFormat: String, CaseIterable, Sendable {
    /// `{"result":[...]}` as ServiceNow's Table API answers, one row per line, every value a string.
    case servicenow
    /// A header row, then one row per interaction.
    case csv
    /// One `RecordSummary` object per line.
    case jsonl
}

public enum Exporter {
    public static let csvColumns = [
        "number", "type", "state", "state_reason", "opened_for", "opened_for_name", "channel_user_profile", "caller",
        "assigned_to", "queue", "short_description", "opened_at", "accepted_at", "closed_at", "archived_at",
        "wait_time_seconds", "duration_seconds", "hold_time_seconds", "wrap_up_seconds", "wrap_up_code", "related_tasks",
        "work_notes", "version",
    ] + InteractionSchema.plainFields.compactMap { $0.plain?.column }

    public static func export(_ records: [Interaction], from desk: Desk, as format: ExportFormat,
                              at now: Instant) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var out: [UInt8] = []
        switch format {
        case .servicenow:
            out = ServiceNowExport.interactions(records, in: desk, at: now)
        case .jsonl:
            for record in records {
                out.append(contentsOf: try encoder.encode(RecordSummary(record, in: desk, at: now)))
                out.append(UInt8(ascii: "\n"))
            }
        case .csv:
            out.append(contentsOf: (CSV.row(csvColumns) + "\r\n").utf8)
            for record in records {
                let s = try RecordSummary(record, in: desk, at: now)
                let cells = [
                    s.number, s.type, s.state, s.state_reason ?? "", s.opened_for ?? "", s.opened_for_name ?? "",
                    s.channel_user_profile ?? "", s.caller ?? "", s.assigned_to ?? "", s.queue ?? "", s.short_description, s.opened_at,
                    s.accepted_at ?? "", s.closed_at ?? "", s.archived_at ?? "", String(s.wait_time_seconds),
                    String(s.duration_seconds), String(s.hold_time_seconds), String(s.wrap_up_seconds), s.wrap_up_code ?? "",
                    s.related_tasks.map(\.number).joined(separator: " "), String(s.work_notes.count), String(s.version),
                ] + InteractionSchema.plainFields.map { $0.text(of: record) }
                out.append(contentsOf: (CSV.row(cells) + "\r\n").utf8)
            }
        }
        return out
    }

    /// A ServiceNow export as one file per table, for `export --out <directory>`.
    public static func serviceNowTables(_ records: [Interaction], from desk: Desk, at now: Instant) throws -> [(file: String, bytes: [UInt8])] {
        try ServiceNowExport.tables(records, in: desk, at: now).map { (ServiceNowTables.fileName($0.table), $0.bytes) }
    }
}
