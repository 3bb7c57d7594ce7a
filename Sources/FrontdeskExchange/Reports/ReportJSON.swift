import Foundation
import FrontdeskCore

/// A report for scripts: the period, the grouping, each row's figures by `ReportFigures.keys`
/// (null where there is nothing to measure), the total, and the series.
public enum ReportJSON {
    public static func encode(_ report: Report, zone: String) throws -> [UInt8] {
        func figures(_ row: ReportRow) -> [String: Any] {
            var object: [String: Any] = ["key": row.key]
            for (key, value) in zip(ReportFigures.keys, ReportFigures.values(row)) {
                switch value {
                case .int(let v): object[key] = v
                case .seconds(let v): object[key] = v.map { NSNumber(value: $0) } ?? NSNull()
                case .ratio(let v), .mean(let v): object[key] = v.map { Double(ReportValue.decimal($0, places: 4))! } ?? NSNull()
                }
            }
            return object
        }
        let document: [String: Any] = [
            "from": report.query.from.iso8601, "to": report.query.to.iso8601, "zone": zone,
            "group_by": report.query.grouping.rawValue,
            "rows": report.rows.map(figures), "total": figures(report.total),
            "series_step": report.seriesStep.rawValue,
            "series": report.series.map { ["label": $0.label, "contacts": $0.row.contacts, "answered": $0.row.answered,
                                           "abandoned": $0.row.abandoned] as [String: Any] },
        ]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return Array(data) + [UInt8(ascii: "\n")]
    }
}
