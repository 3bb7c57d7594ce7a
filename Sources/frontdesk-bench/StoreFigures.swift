import Foundation
import FrontdeskCore
import FrontdeskStore

/// Commands as whole processes, consoles opening, and the peers beside them.
enum StoreFigures {
    static func measure(_ row: inout Row, directory: String, tools: Tools, quick: Bool, work: String) throws {
        let store = try Store(directory: directory)
        let stats = store.stats()
        row.workingSet = stats.workingSet
        row.history = stats.history
        row.snapshotBytes = stats.snapshotBytes
        row.historyBytes = stats.historyBytes
        row.loadOpen = try Measure.median(quick ? 3 : 7) { _ = try Store(directory: directory) }

        guard tools.hasFrontdesk else { return }
        let runs = quick ? 5 : 15
        let fd = tools.frontdesk
        // A working-set record (open, in the queue) and one from history for `show`.
        let old = store.desk.history?.row(in: .closed, at: (store.desk.history?.count(in: .closed) ?? 1) / 2)?.number
            ?? store.desk.interactions.first?.number ?? "IMS0000001"
        row.version = Measure.percentile((0..<runs).compactMap { _ in Measure.process([fd, "--version"])?.seconds }, 50)
        let waiting = try intakeShowAccept(&row, fd: fd, store: directory, runs: runs, old: old) {
            try Store(directory: directory, waitForWriters: false).desk.interactions.filter(\.isWaiting).map(\.number)
        }
        func timed(_ arguments: (Int) -> [String]) -> (median: Double, peak: Int) {
            timedCommand(fd: fd, store: directory, runs: runs, arguments)
        }
        // The records just accepted are the SMS intakes above: answer each, then ack as a gateway would.
        let accepted = (0..<runs).map { waiting.count > $0 ? waiting[waiting.count - 1 - $0] : "IMS0000001" }
        (row.reply, _) = timed { i in ["reply", accepted[i], "--text", "bench reply \(i)"] }
        let queued = try Store(directory: directory, waitForWriters: false).desk.outbox().map(\.id)
        (row.ack, _) = timed { i in ["outbox", "ack", queued.count > i ? queued[i] : "MSG0000001", "--agent", "sms"] }
        (row.deliveryMedian, row.deliveryWorst) = OutboxFigures.delivery(fd, directory: directory, numbers: accepted, runs: runs)

        // sqlite3 beside it: a table of as many rows, WAL, synchronous=full; insert one, look one up.
        if tools.sqlite3 {
            let db = work + "/peer-\(row.count).sqlite"
            if !FileManager.default.fileExists(atPath: db) {
                _ = Measure.run(["sqlite3", db, """
                    PRAGMA journal_mode=WAL; CREATE TABLE interaction(number TEXT PRIMARY KEY, customer TEXT, short TEXT, body TEXT);
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < \(row.count))
                    INSERT INTO interaction SELECT printf('IMS%07d', i), printf('CUS%07d', i % 900), 'short ' || i, hex(randomblob(400)) FROM n;
                    """])
            }
            var inserts: [Double] = [], lookups: [Double] = []
            for i in 0..<runs {
                if let r = Measure.run(["sqlite3", db, "PRAGMA synchronous=FULL; INSERT INTO interaction VALUES('NEW\(UUID().uuidString)', 'CUS1', 'bench \(i)', 'x');"]) {
                    inserts.append(r.seconds)
                }
                if let r = Measure.run(["sqlite3", db, "SELECT * FROM interaction WHERE number = printf('IMS%07d', \(1 + i * 37 % row.count));"]) {
                    lookups.append(r.seconds)
                }
            }
            row.sqliteInsert = Measure.percentile(inserts, 50)
            row.sqliteLookup = Measure.percentile(lookups, 50)
        }

        // `list --search` as a process, and ripgrep over the same text.
        let query = "printer"
        listSearch(&row, fd: fd, store: directory, query: query)
        if tools.rg {
            let text = work + "/search-\(row.count).txt"
            if !FileManager.default.fileExists(atPath: text) { try SearchText.write(store.desk, to: text) }
            var best = Double.infinity, hits = 0
            for _ in 0..<3 {
                if let r = Measure.run(["rg", "-i", "-F", query, text]) { best = min(best, r.seconds); hits = r.out.split(separator: "\n").count }
            }
            row.rg = best.isFinite ? best : .nan
            row.rgHits = hits
        }

        try consoles(&row, store: directory, quick: quick)
    }

    /// `list --search` as a process, with the rows it printed.
    static func listSearch(_ row: inout Row, fd: String, store location: String, query: String) {
        if let list = Measure.run([fd, "list", "--search", query, "--store", location]) {
            row.listSearch = list.seconds
            row.listSearchHits = max(0, list.out.split(separator: "\n").count - 1)
        }
        // The same hits as JSON: output bytes a second, with the peak resident set (GNU time's %M).
        let peakFile = NSTemporaryDirectory() + "frontdesk-bench-json-\(UUID().uuidString)"
        defer { unlink(peakFile) }
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time") ? ["/usr/bin/time", "-f", "%M", "-o", peakFile] : []
        if let json = Measure.run(timed + [fd, "list", "--search", query, "--json", "--store", location]) {
            row.listSearchJSON = json.seconds
            row.listSearchJSONBytes = json.out.utf8.count
            let kb = (try? String(contentsOfFile: peakFile, encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } ?? 0
            row.listSearchJSONPeak = kb * 1024
        }
    }

    /// "time, MB written, MB/s, peak" of `list --search --json`.
    static func jsonThroughput(_ row: Row) -> String {
        guard !row.listSearchJSON.isNaN else { return "n/a" }
        let rate = Double(row.listSearchJSONBytes) / 1_048_576 / row.listSearchJSON
        return "\(Measure.s(row.listSearchJSON)), \(Measure.mb(row.listSearchJSONBytes)), \(String(format: "%.0f MB/s", rate)), peak \(Measure.mb(row.listSearchJSONPeak))"
    }

    /// Consoles on `location` (a folder or a URL): one opening, then twenty alive at once.
    static func consoles(_ row: inout Row, store location: String, quick: Bool) throws {
        if let probe = Measure.run([CommandLine.arguments[0], "--measure-open", location]) {
            let f = probe.out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if f.count == 3 { row.openFrame = f[0]; row.openPeak = Int(f[1]); row.openPSS = Int(f[2]) }
        }
        row.consoles = quick ? 4 : 20
        row.consolesPSS = try manyConsoles(row.consoles, directory: location)
    }

    /// A command as `runs` whole processes against `location` (a folder or a URL): the median
    /// and the worst peak RSS. A command that fails is not a figure: say so and stop, rather than time it.
    static func timedCommand(fd: String, store location: String, runs: Int, _ arguments: (Int) -> [String]) -> (median: Double, peak: Int) {
        var times: [Double] = [], peak = 0
        for i in 0..<runs {
            guard let r = Measure.process([fd] + arguments(i) + ["--store", location]) else {
                FileHandle.standardError.write(Data("frontdesk \(arguments(i).joined(separator: " ")) --store \(location) failed\n".utf8))
                exit(1)
            }
            times.append(r.seconds)
            peak = max(peak, r.peak)
        }
        return (Measure.percentile(times, 50), peak)
    }

    /// `intake`, `show` (of `old`, a record in history, and of a waiting one in turn) and
    /// `accept` as whole processes, the same on either backend. `waiting` reads what waits
    /// once the intakes are in; returns it (the last `runs` of it were accepted).
    static func intakeShowAccept(_ row: inout Row, fd: String, store location: String, runs: Int, old: String,
                                 waiting readWaiting: () throws -> [String]) rethrows -> [String] {
        func timed(_ arguments: (Int) -> [String]) -> (median: Double, peak: Int) {
            timedCommand(fd: fd, store: location, runs: runs, arguments)
        }
        (row.intake, row.intakePeak) = timed { i in
            ["intake", "messaging", "--from", "+1 555 01\(String(format: "%02d", i % 100)) \(1000 + i)", "--text", "bench \(i)", "--agent", "sms"]
        }
        // What waits now, the intakes just made included: one record to accept per run.
        let waiting = try readWaiting()
        (row.show, row.showPeak) = timed { i in ["show", i % 2 == 0 ? old : (waiting.first ?? old)] }
        (row.accept, row.acceptPeak) = timed { i in ["accept", waiting.count > i ? waiting[waiting.count - 1 - i] : "IMS0000001"] }
        return waiting
    }

    /// Starts `n` console probes on the store, waits until all have drawn, and adds up their PSS.
    static func manyConsoles(_ n: Int, directory: String) throws -> Int {
        let children = try (0..<n).map { _ in try Measure.start(CommandLine.arguments[0], ["--hold-open", directory]) }
        var total = 0
        for c in children {
            _ = c.output.fileHandleForReading.availableData      // "ready" line: it has drawn
            total += Measure.procField("/proc/\(c.process.processIdentifier)/smaps_rollup", "Pss")
        }
        for c in children {
            try? c.input.fileHandleForWriting.close()
            c.process.waitUntilExit()
        }
        return total
    }
}

/// The text `rg` searches: what Frontdesk's search covers, one record per line, working set
/// and history.
enum SearchText {
    static func write(_ desk: Desk, to path: String) throws {
        var out = ""
        for r in desk.interactions {
            out += r.number + " " + desk.customerName(r.openedFor) + " " + r.shortDescription
            for note in r.workNotes { out += " " + note.text }
            out += "\n"
        }
        if let history = desk.history {
            for view in [WorkView.closed, .archived] {
                for i in 0..<history.count(in: view) {
                    guard let row = history.row(in: view, at: i), let r = try history.record(number: row.number) else { continue }
                    out += r.number + " " + row.customerName + " " + r.shortDescription
                    for note in r.workNotes { out += " " + note.text }
                    out += "\n"
                }
            }
        }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
