import Foundation

/// The PostgreSQL table: for each size its figure on PostgreSQL and the file store's beside
/// it (from the same run; n/a when the file store was not measured at that size), and the
/// issue's target (issue 25, "Targets") at the right.
enum PostgresReport {
    static func print(_ rows: [Row], files: [Row], server: String, quick: Bool) {
        guard !rows.isEmpty else { return }
        func ratio(_ ours: Double, _ peer: Double) -> String {
            ours.isNaN || peer.isNaN || peer == 0 ? "n/a" : String(format: "%.1fx", ours / peer)
        }
        var header = ["figure"]
        for row in rows { header += ["\(row.count): PostgreSQL", "files"] }
        header.append("target")
        var table: [[String]] = [header]
        /// A figure on both backends (`value` of the file store's row of the same size beside it).
        func add(_ name: String, target: String = "", _ value: (Row) -> String) {
            var line = [name]
            for row in rows {
                line.append(value(row))
                line.append(files.first { $0.count == row.count }.map(value) ?? "n/a")
            }
            table.append(line + [target])
        }
        /// A figure only PostgreSQL has.
        func only(_ name: String, target: String = "", _ value: (Row) -> String) {
            table.append([name] + rows.flatMap { [value($0), ""] } + [target])
        }
        add("working set / history") { "\($0.workingSet) / \($0.history)" }
        add("database / files") { $0.databaseBytes > 0 ? Measure.mb($0.databaseBytes) : Measure.mb($0.snapshotBytes + $0.historyBytes) }
        only("desk generated and written") { Measure.s($0.generated) }
        add("store opened in-process, median") { Measure.ms($0.loadOpen) }
        only("  psql fetching those rows (process)") { Measure.ms($0.loadFetch) }
        add("intake (process), median", target: "<= 25 ms") { Measure.ms($0.intake) }
        add("show (process), median", target: "<= 25 ms") { Measure.ms($0.show) }
        add("accept (process), median", target: "<= 25 ms") { Measure.ms($0.accept) }
        add("  peak RSS, worst of the three") { Measure.mb(max($0.intakePeak, $0.showPeak, $0.acceptPeak)) }
        add("peer insert: psql -c / sqlite3") { $0.databaseBytes > 0 ? Measure.ms($0.psqlInsert) : Measure.ms($0.sqliteInsert) }
        add("peer lookup: psql -c / sqlite3") { $0.databaseBytes > 0 ? Measure.ms($0.psqlLookup) : Measure.ms($0.sqliteLookup) }
        add("  intake / peer insert") { ratio($0.intake, $0.databaseBytes > 0 ? $0.psqlInsert : $0.sqliteInsert) }
        add("  show / peer lookup") { ratio($0.show, $0.databaseBytes > 0 ? $0.psqlLookup : $0.sqliteLookup) }
        add("console open: first frame", target: "<= 300 ms at 1M") { Measure.ms($0.openFrame) }
        add("console PSS after open") { Measure.mb($0.openPSS) }
        add("consoles at once: total PSS") { "\($0.consoles) x: \(Measure.mb($0.consolesPSS))" }
        add("Closed list: first frame", target: "<= 20 ms at 1M") { Measure.ms($0.closedFirst) }
        add("Closed list: PgDn", target: "<= 20 ms at 1M") { Measure.ms($0.closedPageDown) }
        add("Closed list: End", target: "<= 20 ms at 1M") { Measure.ms($0.closedEnd) }
        add("search key to screen, worst", target: "<= 100 ms at 1M") { "\(Measure.ms($0.searchKey)) (\($0.searchHits))" }
        add("  the key itself returns in") { Measure.ms($0.searchKeyReturn) }
        add("list --search (process)") { "\(Measure.ms($0.listSearch)) (\($0.listSearchHits))" }
        add("list --search --json (process)") { StoreFigures.jsonThroughput($0) }
        add("User's Interactions frame") { "\(Measure.ms($0.usersInteractions)) (\($0.usersInteractionsCount))" }
        only("writers at once: changes/s", target: ">= 200/s") { row in
            row.writers == 0 ? "n/a" : String(format: "%d x: %.0f/s", row.writers, Double(row.writerChanges) / row.writerSeconds)
        }
        only("  stale saves refused (conflicts)") { "\($0.writerConflicts)" }
        only("  lost / duplicated / refused but saved", target: "0 / 0 / 0") { "\($0.writerLost) / \($0.writerDuplicates) / \($0.writerSavedRefused)" }
        only("commit to 20 live consoles: p50", target: "") { Measure.ms($0.liveP50) }
        only("  p99", target: "<= 250 ms") { Measure.ms($0.liveP99) }
        only("  worst; changes not seen") { "\(Measure.ms($0.liveWorst)); \($0.liveMissed)" }
        only("  the writer's save itself, median") { Measure.ms($0.liveCommit) }

        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        Swift.print("")
        Swift.print("PostgreSQL (\(server)) beside the file store")
        for (i, line) in table.enumerated() {
            Swift.print(line.enumerated().map { c, cell in
                c == 0 || c == header.count - 1 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
            if i == 0 { Swift.print(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            Swift.print("")
            Swift.print(String(format: "PostgreSQL: intake %d vs %d records: %.2fx; show %.2fx; accept %.2fx (target: <= 1.5x)",
                               last.count, first.count, last.intake / first.intake, last.show / first.show, last.accept / first.accept))
        }
        if quick { Swift.print("(quick run: the smallest size, fewer repetitions; not the figures of record)") }
    }
}
