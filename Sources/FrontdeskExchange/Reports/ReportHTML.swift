import FrontdeskCore

/// A report as one self-contained HTML page: inline CSS, SVG charts, no JavaScript, nothing
/// fetched from the network, so it can be mailed or printed as it is. Every piece of text
/// from the store (queue names, agents, reasons, codes) is escaped.
public enum ReportHTML {
    /// The charts the page holds, by their element ids: what a test looks for.
    public static let chartIDs = ["chart-contacts", "chart-wait", "chart-service-level", "chart-satisfaction", "chart-series"]

    public static func render(_ report: Report, zone: String, title: String = "Frontdesk report") -> String {
        let q = report.query
        let period = "\(q.from.iso8601) to \(q.to.iso8601) (\(zone)), by \(q.grouping.title.lowercased())"
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body{font-family:sans-serif;color:#111;margin:2em;max-width:60em}
        h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
        table{border-collapse:collapse;font-size:.85em}th,td{border-bottom:1px solid #ccc;padding:.2em .5em;text-align:right}
        th:first-child,td:first-child{text-align:left}tr.total td{font-weight:bold;border-top:2px solid #111}
        svg.chart{display:block;margin:.5em 0;font-size:11px}svg text{fill:#111}
        .a{fill:#333}.b{fill:#999}.c{fill:#ddd}.legend{font-size:.85em}
        @media print{body{margin:0}}
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p>\(escape(period))</p>

        """
        html += section("Contacts", legend: [("a", "answered"), ("b", "abandoned"), ("c", "open")],
                        barChart(id: "chart-contacts", report.rows, max: Double(report.rows.map(\.contacts).max() ?? 0), label: { String($0.contacts) }) { row in
                            [("a", Double(row.answered)), ("b", Double(row.abandoned)), ("c", Double(row.contacts - row.answered - row.abandoned))]
                        })
        let longest = Double(report.rows.compactMap(\.waitP90).max() ?? 0)
        html += section("Wait (median, p90)", legend: [("a", "median"), ("c", "p90 beyond the median")],
                        barChart(id: "chart-wait", report.rows, max: longest, label: { "\($0.waitMedian.map(formatSpan) ?? "–") / \($0.waitP90.map(formatSpan) ?? "–")" }) { row in
                            let median = Double(row.waitMedian ?? 0)
                            return [("a", median), ("c", Double(row.waitP90 ?? 0) - median)]
                        })
        html += section("Service level (answered within target)", legend: [],
                        barChart(id: "chart-service-level", report.rows, max: 1, label: { $0.serviceLevel.map { ReportValue.ratio($0).display() } ?? "–" }) { row in
                            [("a", row.serviceLevel ?? 0)]
                        })
        html += section("Satisfaction (all contacts, 1 to 5)", legend: [], satisfactionChart(report.total))
        html += section("Contacts per \(report.seriesStep.rawValue)", legend: [], seriesChart(report.series))
        html += "<h2>Figures</h2>\n" + table(report) + "</body></html>\n"
        return html
    }

    static func section(_ heading: String, legend: [(String, String)], _ chart: String) -> String {
        var out = "<h2>\(escape(heading))</h2>\n"
        if !legend.isEmpty {
            out += "<p class=\"legend\">" + legend.map { "<svg width=\"10\" height=\"10\"><rect class=\"\($0.0)\" width=\"10\" height=\"10\"/></svg> \(escape($0.1))" }
                .joined(separator: " &nbsp; ") + "</p>\n"
        }
        return out + chart + "\n"
    }

    /// Horizontal bars, one per group, each of stacked parts (class, value) against `max`.
    static func barChart(id: String, _ rows: [ReportRow], max: Double, label: (ReportRow) -> String,
                         parts: (ReportRow) -> [(String, Double)]) -> String {
        let rowHeight = 18, labelWidth = 160, barWidth = 360, valueWidth = 120
        let height = Swift.max(1, rows.count) * rowHeight + 4
        var svg = "<svg class=\"chart\" id=\"\(id)\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(labelWidth + barWidth + valueWidth)\" height=\"\(height)\">"
        svg += "<title>\(escape(id))</title>"
        for (i, row) in rows.enumerated() {
            let y = i * rowHeight + 2
            svg += "<text x=\"0\" y=\"\(y + 13)\">\(escape(ReportText.label(row)))</text>"
            var x = Double(labelWidth)
            for (cls, value) in parts(row) where value > 0 && max > 0 {
                let w = value / max * Double(barWidth)
                svg += "<rect class=\"\(cls)\" x=\"\(Int(x))\" y=\"\(y)\" width=\"\(Swift.max(1, Int(w.rounded())))\" height=\"\(rowHeight - 4)\"/>"
                x += w
            }
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(y + 13)\">\(escape(label(row)))</text>"
        }
        return svg + "</svg>"
    }

    /// Five columns: how many rated 1 to 5.
    static func satisfactionChart(_ total: ReportRow) -> String {
        let top = Double(total.ratingDistribution.max() ?? 0)
        var svg = "<svg class=\"chart\" id=\"chart-satisfaction\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"260\" height=\"150\">"
        svg += "<title>chart-satisfaction</title>"
        for (i, count) in total.ratingDistribution.enumerated() {
            let h = top > 0 ? Int(Double(count) / top * 100) : 0
            let x = 10 + i * 50
            svg += "<rect class=\"a\" x=\"\(x)\" y=\"\(120 - h)\" width=\"36\" height=\"\(h)\"/>"
            svg += "<text x=\"\(x + 12)\" y=\"136\">\(i + 1)</text><text x=\"\(x + 10)\" y=\"\(116 - h)\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    /// Contacts per step, as columns under a line of the same heights.
    static func seriesChart(_ series: [ReportPoint]) -> String {
        let width = 560, height = 120, top = Double(series.map(\.row.contacts).max() ?? 0)
        let step = series.isEmpty ? 0 : Double(width) / Double(series.count)
        var svg = "<svg class=\"chart\" id=\"chart-series\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height + 20)\">"
        svg += "<title>chart-series</title>"
        for (i, point) in series.enumerated() where point.row.contacts > 0 && top > 0 {
            let h = Double(point.row.contacts) / top * Double(height)
            svg += "<rect class=\"b\" x=\"\(Int(Double(i) * step))\" y=\"\(Int(Double(height) - h))\" width=\"\(max(1, Int(step) - 1))\" height=\"\(Int(h))\"/>"
        }
        if let first = series.first, let last = series.last {
            svg += "<text x=\"0\" y=\"\(height + 14)\">\(escape(first.label))</text>"
            svg += "<text x=\"\(width)\" y=\"\(height + 14)\" text-anchor=\"end\">\(escape(last.label))</text>"
        }
        return svg + "</svg>"
    }

    static func table(_ report: Report) -> String {
        let heads = [report.query.grouping.title, "Contacts", "Answered", "Abandoned", "Aband.", "Wait med", "Wait p90",
                     "Handle med", "Handle p90", "Hold", "SL", "Transfers", "Replies", "CSAT", "Rated"]
        var out = "<table><thead><tr>" + heads.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (index, row) in (report.rows + [report.total]).enumerated() {
            let isTotal = index == report.rows.count
            let v = ReportFigures.values(row)
            let cells = [isTotal ? "Total" : ReportText.label(row)] + [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 15, 14].map { v[$0].display() }
            out += (isTotal ? "<tr class=\"total\">" : "<tr>") + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return out + "</tbody></table>\n"
    }

    /// Text made safe inside HTML elements and attribute values; control characters dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in TextSanitizer.clean(text) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
