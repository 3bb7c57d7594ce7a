import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskStore

/// Issue 27's report targets: `frontdesk report` over a month (30 days) and a year (365 days)
/// ending at the desk's last contact, as whole processes, on the file store and on
/// PostgreSQL (`--store`), with `psql -c` running the same month's grouping over the facts
/// columns beside it. The first report of a store from before the derived facts rebuilds them;
/// that run is shown on its own and left out of the figures.
enum ReportFigures {
    struct Figures {
        var first = Double.nan
        var contacts = (month: 0, year: 0)
        var month: [Double] = [], year: [Double] = []
        var peak = (month: 0, year: 0)
        var peer: [Double] = []
    }

    static func print(count: Int, tools: Tools, server: PostgresServer?, work: String, runs: Int) throws {
        guard tools.hasFrontdesk else { throw BenchError("\(tools.frontdesk) is missing (swift build -c release --product frontdesk)") }
        let directory = work + "/store-\(count)"
        if !FileManager.default.fileExists(atPath: directory + "/snapshot.json") {
            let generated = try Measure.time { try StoreGenerator.write(count: count, to: directory) }
            Swift.print("[\(count)] store generated and compacted in \(Measure.s(generated))")
        }
        let files = try measure(store: directory, tools: tools, runs: runs, server: nil)
        var postgres: Figures?
        if let server {
            let name = server.databaseName(count)
            try server.create(name)
            defer { server.drop(name) }
            let url = server.url(database: name)
            let generated = try Measure.time { try PostgresGenerator.write(count: count, url: url) }
            Swift.print("[\(count)] PostgreSQL desk generated in \(Measure.s(generated))")
            postgres = try measure(store: url, tools: tools, runs: runs, server: server)
        }
        report(count: count, runs: runs, files: files, postgres: postgres)
    }

    /// The desk's last contact's day, and the month and year ending with it.
    static func periods(_ store: any DeskBackend) -> (month: (String, String), year: (String, String)) {
        var last = store.desk.interactions.map(\.openedAt).max() ?? Instant(seconds: Int64(time(nil)))
        if let history = store.desk.history, let newest = history.row(in: .closed, at: 0) { last = max(last, newest.openedAt) }
        func day(_ i: Instant) -> String { let c = i.civil; return String(format: "%04d-%02d-%02d", c.year, c.month, c.day) }
        return ((day(last.adding(-29 * 86_400)), day(last)), (day(last.adding(-364 * 86_400)), day(last)))
    }

    static func measure(store: String, tools: Tools, runs: Int, server: PostgresServer?) throws -> Figures {
        let (month, year) = periods(try BenchBackend.open(store))
        var f = Figures()
        func report(_ period: (String, String)) -> [String] {
            [tools.frontdesk, "--store", store, "report", "--from", period.0, "--to", period.1, "--zone", "UTC", "--by", "queue", "--csv"]
        }
        f.first = Measure.process(report(year))?.seconds ?? .nan
        func contacts(_ period: (String, String)) -> Int {
            let csv = Measure.run(report(period))?.out ?? ""
            let total = csv.split(separator: "\n").first { $0.hasPrefix("Total,") } ?? ""
            return Int(total.split(separator: ",").dropFirst().first ?? "") ?? 0
        }
        f.contacts = (contacts(month), contacts(year))
        for _ in 0..<runs {
            if let m = Measure.process(report(month)) { f.month.append(m.seconds); f.peak.month = max(f.peak.month, m.peak) }
            if let y = Measure.process(report(year)) { f.year.append(y.seconds); f.peak.year = max(f.peak.year, y.peak) }
        }
        if let server {
            let from = Instant(CivilTime(parsing: month.0)).seconds, to = Instant(CivilTime(parsing: month.1)).seconds + 86_400
            for _ in 0..<runs {
                if let r = server.psql("""
                    SELECT queue, count(*), count(*) FILTER (WHERE outcome = 'answered'), count(*) FILTER (WHERE outcome = 'abandoned'),
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY wait), percentile_disc(0.9) WITHIN GROUP (ORDER BY wait),
                           percentile_disc(0.5) WITHIN GROUP (ORDER BY handle), sum(hold), sum(transfers), sum(replies), avg(rating)
                    FROM frontdesk_report_facts WHERE opened_at >= \(from) AND opened_at < \(to) GROUP BY queue
                    """, on: store) { f.peer.append(r.seconds) }
            }
        }
        return f
    }

    static func report(count: Int, runs: Int, files: Figures, postgres: Figures?) {
        func cell(_ v: [Double]) -> String {
            v.isEmpty ? "n/a" : "\(Measure.ms(Measure.percentile(v, 50))) / \(Measure.ms(v.max() ?? .nan))"
        }
        func ratio(_ a: [Double], _ b: [Double]?) -> String {
            guard let b, !a.isEmpty, !b.isEmpty else { return "" }
            return String(format: "%.1fx", Measure.percentile(b, 50) / Measure.percentile(a, 50))
        }
        let pg = postgres
        let rows: [(String, String, String, String)] = [
            ("contacts in the month / year", "\(files.contacts.month) / \(files.contacts.year)",
             pg.map { "\($0.contacts.month) / \($0.contacts.year)" } ?? "", ""),
            ("first report (facts rebuilt if missing)", Measure.s(files.first), pg.map { Measure.s($0.first) } ?? "", ""),
            ("report, month: median / worst", cell(files.month), pg.map { cell($0.month) } ?? "", ratio(files.month, pg?.month)),
            ("report, year: median / worst", cell(files.year), pg.map { cell($0.year) } ?? "", ratio(files.year, pg?.year)),
            ("peak RSS, month / year", "\(Measure.mb(files.peak.month)) / \(Measure.mb(files.peak.year))",
             pg.map { "\(Measure.mb($0.peak.month)) / \(Measure.mb($0.peak.year))" } ?? "", ""),
            ("psql -c, the month by queue in SQL: median", "", pg.map { cell($0.peer) } ?? "", ""),
        ]
        Swift.print("\nReports at \(count) records (\(runs) runs each, release build, processes; targets: month <= 300 ms, "
                    + "year <= 1 s and <= 100 MB, PostgreSQL <= 2x)")
        Swift.print("figure".padding(toLength: 44, withPad: " ", startingAt: 0) + "files".padding(toLength: 26, withPad: " ", startingAt: 0)
                    + "PostgreSQL".padding(toLength: 26, withPad: " ", startingAt: 0) + "PG/files")
        for row in rows {
            Swift.print(row.0.padding(toLength: 44, withPad: " ", startingAt: 0) + row.1.padding(toLength: 26, withPad: " ", startingAt: 0)
                        + row.2.padding(toLength: 26, withPad: " ", startingAt: 0) + row.3)
        }
    }
}

extension CivilTime {
    /// `YYYY-MM-DD` at midnight.
    init(parsing day: String) {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }
}
