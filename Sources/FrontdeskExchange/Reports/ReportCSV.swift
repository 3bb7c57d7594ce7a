import FrontdeskCore

/// A report as CSV: a header, one row per group, then the total (its group cell `Total`).
public enum ReportCSV {
    public static func encode(_ report: Report) -> [UInt8] {
        var text = CSV.row([report.query.grouping.rawValue] + ReportFigures.keys) + "\r\n"
        for row in report.rows + [report.total] {
            text += CSV.row([row.key] + ReportFigures.values(row).map(\.plain)) + "\r\n"
        }
        return Array(text.utf8)
    }
}
