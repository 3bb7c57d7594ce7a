import Foundation

struct Row {
    var count: Int
    var workingSet = 0, history = 0, snapshotBytes = 0, historyBytes = 0
    var intake = Double.nan, intakePeak = 0, show = Double.nan, showPeak = 0, accept = Double.nan, acceptPeak = 0
    var sqliteInsert = Double.nan, sqliteLookup = Double.nan
    /// `frontdesk --version` as a process: the floor every command stands on (issue 28).
    var version = Double.nan
    var listSearch = Double.nan, listSearchHits = 0, rg = Double.nan, rgHits = 0
    /// `list --search --json` as a process: its time, bytes written and peak resident set.
    var listSearchJSON = Double.nan, listSearchJSONBytes = 0, listSearchJSONPeak = 0
    var openFrame = Double.nan, openPeak = 0, openPSS = 0, consoles = 0, consolesPSS = 0
    var closedFirst = Double.nan, closedPageDown = Double.nan, closedEnd = Double.nan, closedRows = 0
    var searchKey = Double.nan, searchKeyReturn = Double.nan, searchHits = 0
    var usersInteractions = Double.nan, usersInteractionsCount = 0
    var saves = 0, saveMedian = Double.nan, saveP99 = Double.nan, saveWorst = Double.nan
    var compactions = 0, compactionLock = Double.nan, refreshWorst = Double.nan
    /// Refreshes that read the snapshot whole (not applying a compaction from what it moved), and the slowest.
    var refreshWholeReads = 0, refreshWholeWorst = Double.nan, refreshes = 0, refreshBusy = 0
    /// Where the slowest saves and the slowest refresh spent their time, and how long each
    /// compaction process held the lock besides its swap (lines of text, printed as they are).
    var slowestSaves: [String] = [], slowestRefresh = "", compactionHolds = ""
    var importBytes = 0, importTime = Double.nan, importPeak = 0, reimportTime = Double.nan, reimportPeak = 0
    var pythonLoad = Double.nan, pythonPeak = 0
    var reply = Double.nan, ack = Double.nan, deliveryMedian = Double.nan, deliveryWorst = Double.nan
    /// Opening the store in-process (the working set loaded and decoded), median.
    var loadOpen = Double.nan
    // PostgreSQL only (see PostgresFigures).
    var databaseBytes = 0, generated = Double.nan, loadFetch = Double.nan
    var psqlInsert = Double.nan, psqlLookup = Double.nan
    var writers = 0, writerChanges = 0, writerSeconds = Double.nan, writerConflicts = 0, writerLost = 0, writerDuplicates = 0
    var writerSavedRefused = 0
    var liveConsoles = 0, liveChanges = 0, liveP50 = Double.nan, liveP99 = Double.nan, liveWorst = Double.nan, liveMissed = 0
    var liveCommit = Double.nan
}

enum Report {
    static func print(_ rows: [Row], quick: Bool) {
        func ratio(_ ours: Double, _ peer: Double) -> String {
            ours.isNaN || peer.isNaN || peer == 0 ? "n/a" : String(format: "%.1fx", ours / peer)
        }
        let header = ["figure"] + rows.map { "\($0.count) records" }
        var table: [[String]] = [header]
        func add(_ name: String, _ value: (Row) -> String) { table.append([name] + rows.map(value)) }
        add("working set / history") { "\($0.workingSet) / \($0.history)" }
        add("snapshot / history files") { "\(Measure.mb($0.snapshotBytes)) / \(Measure.mb($0.historyBytes))" }
        add("intake (process), median") { Measure.ms($0.intake) }
        add("show (process), median") { Measure.ms($0.show) }
        add("accept (process), median") { Measure.ms($0.accept) }
        add("  peak RSS, worst of the three") { Measure.mb(max($0.intakePeak, $0.showPeak, $0.acceptPeak)) }
        add("frontdesk --version (process), median") { Measure.ms($0.version) }
        add("  intake / --version (target <= 2x)") { ratio($0.intake, $0.version) }
        add("reply (process), median") { Measure.ms($0.reply) }
        add("outbox ack (process), median") { Measure.ms($0.ack) }
        add("reply to gateway: median / worst") { "\(Measure.ms($0.deliveryMedian)) / \(Measure.ms($0.deliveryWorst))" }
        add("sqlite3 insert (WAL, full sync)") { Measure.ms($0.sqliteInsert) }
        add("sqlite3 lookup by key") { Measure.ms($0.sqliteLookup) }
        add("  intake / sqlite3 insert") { ratio($0.intake, $0.sqliteInsert) }
        add("  show / sqlite3 lookup") { ratio($0.show, $0.sqliteLookup) }
        add("console open: first frame") { Measure.ms($0.openFrame) }
        add("console PSS after open") { Measure.mb($0.openPSS) }
        add("consoles at once: total PSS") { "\($0.consoles) x: \(Measure.mb($0.consolesPSS))" }
        add("Closed list: first frame") { Measure.ms($0.closedFirst) }
        add("Closed list: PgDn") { Measure.ms($0.closedPageDown) }
        add("Closed list: End") { Measure.ms($0.closedEnd) }
        add("search key to screen, worst") { "\(Measure.ms($0.searchKey)) (\($0.searchHits))" }
        add("  the key itself returns in") { Measure.ms($0.searchKeyReturn) }
        add("list --search (process)") { "\(Measure.ms($0.listSearch)) (\($0.listSearchHits))" }
        add("rg -i -F, same text") { "\(Measure.ms($0.rg)) (\($0.rgHits))" }
        add("  list --search / rg") { ratio($0.listSearch, $0.rg) }
        add("list --search --json (process)") { StoreFigures.jsonThroughput($0) }
        add("User's Interactions frame") { "\(Measure.ms($0.usersInteractions)) (\($0.usersInteractionsCount))" }
        add("import ServiceNow export (process)") { "\(Measure.s($0.importTime)), \(Measure.mb($0.importPeak))" }
        add("  the file") { Measure.mb($0.importBytes) }
        add("  again: every row already there") { "\(Measure.s($0.reimportTime)), \(Measure.mb($0.reimportPeak))" }
        add("python3 json.load, same file") { "\(Measure.s($0.pythonLoad)), \(Measure.mb($0.pythonPeak))" }
        add("  import / json.load: time, memory") {
            "\(ratio($0.importTime, $0.pythonLoad)), \(ratio(Double($0.importPeak), Double($0.pythonPeak)))"
        }
        let widths = (0..<header.count).map { c in table.map { $0[c].count }.max() ?? 0 }
        Swift.print("")
        for (i, line) in table.enumerated() {
            Swift.print(line.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }.joined(separator: "  "))
            if i == 0 { Swift.print(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            Swift.print("")
            Swift.print(String(format: "intake %d vs %d records: %.2fx; show %.2fx; accept %.2fx", last.count, first.count,
                               last.intake / first.intake, last.show / first.show, last.accept / first.accept))
        }
        if let run = rows.last(where: { $0.saves > 0 }) {
            Swift.print("")
            Swift.print("\(run.saves) acknowledged saves at \(run.count) records, crossing \(run.compactions) compactions "
                        + "(each in its own process), a console refreshing every 50 ms meanwhile:")
            Swift.print("  save median \(Measure.ms(run.saveMedian)), p99 \(Measure.ms(run.saveP99)), worst \(Measure.ms(run.saveWorst))")
            Swift.print("  writers' lock held for a compaction's swap: at most \(Measure.ms(run.compactionLock))")
            Swift.print("  slowest console refresh meanwhile: \(Measure.ms(run.refreshWorst)) (its lock wait, at most the console's "
                        + "50 ms, included); \(run.refreshBusy) of \(run.refreshes) found the store busy and looked again at the next "
                        + "tick; \(run.refreshWholeReads) read the snapshot whole (slowest \(Measure.ms(run.refreshWholeWorst)))")
            if !run.compactionHolds.isEmpty { Swift.print("  the compaction processes besides the swap: " + run.compactionHolds) }
            for line in run.slowestSaves { Swift.print("  slow save: " + line) }
            if !run.slowestRefresh.isEmpty { Swift.print("  slowest refresh: " + run.slowestRefresh) }
        }
        if quick { Swift.print("(quick run: small sizes, fewer repetitions; not the figures of record)") }
    }
}
