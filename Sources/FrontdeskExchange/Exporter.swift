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
        var out: [UInt8] = []
        let stream = ByteStream { out.append(contentsOf: $0) }
        try export(from: desk, as: format, at: now, records: { each in try records.forEach(each) }, into: stream)
        try stream.flush()
        return out
    }

    /// The export written a record at a time as `records` hands them over (each decoded as it
    /// is read), into `out`: memory holds one record and the stream's buffer, however many
    /// records there are. Returns how many records went out. The caller flushes `out`.
    @discardableResult
    public static func export(from desk: Desk, as format: ExportFormat, at now: Instant,
                              records: ((Interaction) throws -> Void) throws -> Void, into out: ByteStream) throws -> Int {
        var written = 0
        var line: [UInt8] = []
        switch format {
        case .servicenow:
            try out.write(ServiceNowExport.documentStart)
            try records { record in
                line.removeAll(keepingCapacity: true)
                ServiceNowExport.appendRow(ServiceNowExport.cells(record, in: desk, at: now), first: written == 0, to: &line)
                try out.write(line)
                written += 1
            }
            try out.write(ServiceNowExport.documentEnd)
        case .jsonl:
            // Written by hand (sorted keys, compact): JSONEncoder's bytes, several times faster.
            try records { record in
                line.removeAll(keepingCapacity: true)
                try RecordSummary(record, in: desk, at: now).writeJSON(into: &line, pretty: false)
                line.append(UInt8(ascii: "\n"))
                try out.write(line)
                written += 1
            }
        case .csv:
            try out.write(CSV.row(csvColumns) + "\r\n")
            try records { record in
                let s = try RecordSummary(record, in: desk, at: now)
                let cells = [
                    s.number, s.type, s.state, s.state_reason ?? "", s.opened_for ?? "", s.opened_for_name ?? "",
                    s.channel_user_profile ?? "", s.caller ?? "", s.assigned_to ?? "", s.queue ?? "", s.short_description, s.opened_at,
                    s.accepted_at ?? "", s.closed_at ?? "", s.archived_at ?? "", String(s.wait_time_seconds),
                    String(s.duration_seconds), String(s.hold_time_seconds), String(s.wrap_up_seconds), s.wrap_up_code ?? "",
                    s.related_tasks.map(\.number).joined(separator: " "), String(s.work_notes.count), String(s.version),
                ] + InteractionSchema.plainFields.map { $0.text(of: record) }
                try out.write(CSV.row(cells) + "\r\n")
                written += 1
            }
        }
        return written
    }

    /// A ServiceNow export as one file per table, for `export --out <directory>`.
    public static func serviceNowTables(_ records: [Interaction], from desk: Desk, at now: Instant) throws -> [(file: String, bytes: [UInt8])] {
        try ServiceNowExport.tables(records, in: desk, at: now).map { (ServiceNowTables.fileName($0.table), $0.bytes) }
    }
}
