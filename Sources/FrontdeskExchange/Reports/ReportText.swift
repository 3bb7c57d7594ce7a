import FrontdeskCore

/// A report as a terminal shows it: a heading with a sparkline of contacts over the period,
/// then two tables (volume with a bar per group, then times and satisfaction), monochrome,
/// at most `width` cells wide. `ascii` draws the charts in plain ASCII (LANG=C, `--ascii`).
public enum ReportText {
    public static func render(_ report: Report, zone: String, width: Int, ascii: Bool) -> String {
        let q = report.query
        var lines = ["Report \(q.from.iso8601) to \(q.to.iso8601) (\(zone)), by \(q.grouping.title.lowercased())"]
        let counts = report.series.map { Double($0.row.contacts) }
        if !counts.isEmpty {
            let spark = TextChart.sparkline(Array(counts.suffix(max(8, width - 30))), ascii: ascii)
            lines.append("Contacts per \(report.seriesStep.rawValue): \(spark)  peak \(Int(counts.max() ?? 0))")
        }
        lines.append("")
        let rows = report.rows + [report.total]
        // The group's column gives way first: the figures need 62 cells.
        let keyWidth = max(5, min(24, width - 62, max(q.grouping.title.count, report.rows.map { DisplayWidth.of(label($0)) }.max() ?? 0)))
        let most = Double(report.rows.map(\.contacts).max() ?? 0)
        let numbers = ["Contacts", "Answered", "Abandoned", "Aband.", "SL", "Transf.", "Replies"]
        let numberWidths = [8, 8, 9, 6, 6, 7, 7]
        let barWidth = max(0, width - keyWidth - numberWidths.reduce(0, +) - numberWidths.count - 2)
        lines.append(trimmed(line([q.grouping.title], [keyWidth], numbers, numberWidths)))
        for (index, row) in rows.enumerated() {
            let isTotal = index == rows.count - 1
            let values = ReportFigures.values(row)
            let cells = [values[0], values[1], values[2], values[3], values[11], values[12], values[13]].map { $0.display(ascii: ascii) }
            var text = line([isTotal ? "Total" : label(row)], [keyWidth], cells, numberWidths)
            if barWidth > 0, !isTotal {
                text += "  " + TextChart.bar(Double(row.contacts), of: most, width: barWidth, ascii: ascii)
            }
            lines.append(trimmed(text))
        }
        lines.append("")
        let timeHeads = ["Wait med", "Wait p90", "Handle med", "Handle p90", "Hold", "CSAT", "Rated"]
        let timeWidths = [8, 8, 10, 10, 9, 4, 5]
        let distributionWidth = width - keyWidth - timeWidths.reduce(0, +) - timeWidths.count - 2 >= 5
        lines.append(trimmed(line([q.grouping.title], [keyWidth], timeHeads, timeWidths) + (distributionWidth ? "  1...5" : "")))
        for (index, row) in rows.enumerated() {
            let values = ReportFigures.values(row)
            let cells = [values[4], values[5], values[6], values[7], values[8], values[15], values[14]].map { $0.display(ascii: ascii) }
            var text = line([index == rows.count - 1 ? "Total" : label(row)], [keyWidth], cells, timeWidths)
            if distributionWidth, row.ratings > 0 {
                text += "  " + TextChart.sparkline(row.ratingDistribution.map(Double.init), ascii: ascii)
            }
            lines.append(trimmed(text))
        }
        lines.append("")
        lines.append("SL: answered within the queue's wait target, of the answered.")
        lines.append("Aband.: abandoned of closed. Handle: duration + wrap-up. Times: median, p90.")
        return lines.map { TextSanitizer.clean($0) }.joined(separator: "\n") + "\n"
    }

    /// A group's name as shown: "(none)" for contacts without one.
    public static func label(_ row: ReportRow) -> String { row.key.isEmpty ? "(none)" : row.key }

    static func line(_ left: [String], _ leftWidths: [Int], _ right: [String], _ rightWidths: [Int]) -> String {
        let l = zip(left, leftWidths).map { DisplayWidth.pad(TextSanitizer.clean($0.0), to: $0.1) }
        let r = zip(right, rightWidths).map { cell, width in
            String(repeating: " ", count: max(0, width - DisplayWidth.of(cell))) + cell
        }
        return (l + r).joined(separator: " ")
    }

    static func trimmed(_ text: String) -> String {
        var t = text
        while t.last == " " { t.removeLast() }
        return t
    }
}
