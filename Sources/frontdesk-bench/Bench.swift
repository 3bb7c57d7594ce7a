import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore
import FrontdeskUI

@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frontdesk-bench",
        abstract: "Measures Frontdesk as its users meet it, beside sqlite3, ripgrep and Python.",
        discussion: """
        Commands are timed as whole processes; saves over a window that crosses compactions, with \
        a console refreshing meanwhile; memory per console process (PSS) and for twenty at once. \
        A measurement, not a test: it exits non-zero only on an internal error. Run it in release mode \
        after `swift build -c release --product frontdesk`.
        """)

    @Option(help: "Store sizes (interactions), comma-separated.") var sizes: String = "1000,100000,1000000"
    @Flag(help: "Small sizes and fewer repetitions: a smoke run under a minute.") var quick = false
    @Option(help: "Where to build the stores (default: a temporary directory, removed afterwards).") var workdir: String?
    @Option(help: "Saves in the long save run (at the largest size).") var saves: Int = 20_000
    @Option(help: .hidden) var measureOpen: String?
    @Option(help: .hidden) var holdOpen: String?
    @Option(help: .hidden) var refreshProbe: String?
    @Flag(help: "Only the routing figures (a minute and a half).") var routingOnly = false
    @Flag(help: "Only the text field figure: a key into a pasted page in a work note, and its frame (seconds).") var fieldOnly = false
    @Flag(help: """
        Only the walk-up counter's estimated wait against the waits visitors had, on simulated days replayed through \
        the domain (deterministic: the same figures on every run). With --quick, one short day per scenario.
        """) var walkupEta = false
    @Flag(help: """
        Only the walk-up load test: scripts/walkup-load.py against `frontdesk serve` (the binary beside the bench, same build) \
        on the file store, and with --store on PostgreSQL too. With --quick, 40 check-ins in 10 s, 5 displays.
        """) var walkupLoad = false
    @Option(help: """
        Also measure the desk on PostgreSQL, beside the file store: a postgres:// URL (libpq's conventions) naming a \
        database on a server where this role may CREATE DATABASE, e.g. postgres:///postgres. Each size gets a database \
        of its own, dropped afterwards. With --quick, the smallest size only.
        """) var store: String?
    @Option(help: "Names of the databases the bench makes: PREFIX_SIZE_PID.") var databasePrefix = "frontdesk_bench"
    @Flag(help: "With --store: only the PostgreSQL figures (the file store's column shows n/a).") var postgresOnly = false
    @Flag(help: "Only the console's report screen: a change of grouping to its new frame, with a month's and a year's facts at 1M.")
    var reportScreen = false
    @Option(help: .hidden) var pgWriter: String?
    @Option(help: .hidden) var pgLive: String?
    @Option(help: .hidden) var probeRecord: String = ""
    @Option(help: .hidden) var probeChanges: Int = 0
    @Option(help: .hidden) var probeId: Int = 0
    /// Writes the PostgreSQL bench desk of the first --sizes into this (existing, empty) database and keeps it:
    /// a desk to measure commands on by hand.
    @Option(help: .hidden) var pgGenerate: String?
    /// Prints where opening and an intake's save spend their time on this PostgreSQL desk.
    @Option(help: .hidden) var pgPhases: String?
    @Flag(help: "Only the report figures (issue 27): month and year at the largest --sizes, files and, with --store, PostgreSQL.") var report = false
    @Flag(help: "Only the long save run (--saves saves crossing compactions, a console refreshing) at the largest --sizes.")
    var savesOnly = false
    @Flag(help: """
        Only the upgrade figure: a store the first release wrote (300,000 records; with --quick 10,000), its first \
        commands and how soon they are within 3x a 1k store's.
        """) var upgrade = false

    func run() throws {
        if let measureOpen { try Probes.open(directory: measureOpen, hold: false); return }
        if let holdOpen { try Probes.open(directory: holdOpen, hold: true); return }
        if let refreshProbe { try Probes.refresh(directory: refreshProbe); return }
        if let pgWriter { try WriterFigures.probe(url: pgWriter, hot: probeRecord, changes: probeChanges, id: probeId); return }
        if let pgLive { try LiveFigures.probe(url: pgLive, record: probeRecord); return }
        if let pgGenerate {
            let count = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.first ?? 1000
            print("generated in \(Measure.s(try Measure.time { try PostgresGenerator.write(count: count, url: pgGenerate) }))")
            return
        }
        if let pgPhases { try PostgresPhases.print(count: 0, url: pgPhases, runs: 7); return }

        // The commands measured run as the demo desk's supervisor, the login an agent at that
        // desk would be (so `accept` may take any waiting record).
        setenv("USER", StoreGenerator.actor, 1)
        unsetenv("FRONTDESK_AGENT")
        if fieldOnly { try printField(); return }
        if reportScreen { ReportScreenFigures.print(quick: quick); return }
        if walkupEta { try WalkUpETAFigures.print(quick: quick); return }
        if walkupLoad {
            let server = try store.map { try PostgresServer(url: $0, prefix: databasePrefix) }
            try WalkUpLoadFigures.print(tools: Tools(), server: server, quick: quick)
            return
        }
        if report {
            let count = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.last ?? 1_000_000
            let base = workdir ?? NSTemporaryDirectory() + "frontdesk-bench-\(getpid())"
            try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            defer { if workdir == nil { try? FileManager.default.removeItem(atPath: base) } }
            let server = try store.map { try PostgresServer(url: $0, prefix: databasePrefix) }
            try ReportFigures.print(count: quick ? 1000 : count, tools: Tools(), server: server, work: base, runs: quick ? 3 : 5)
            return
        }
        if upgrade {
            let base = workdir ?? NSTemporaryDirectory() + "frontdesk-bench-\(getpid())"
            try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            defer { if workdir == nil { try? FileManager.default.removeItem(atPath: base) } }
            try UpgradeFigures.print(count: quick ? 10_000 : 300_000, tools: Tools(), work: base, quick: quick)
            return
        }
        if routingOnly {
            try printRouting(tools: Tools(), quick: quick, work: NSTemporaryDirectory())
            return
        }
        let counts = quick ? [1000, 10_000] : sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let server = try store.map { try PostgresServer(url: $0, prefix: databasePrefix) }
        if postgresOnly, server == nil { throw BenchError("--postgres-only needs --store postgres://…") }
        let base = workdir ?? NSTemporaryDirectory() + "frontdesk-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: base) } }
        let tools = Tools()
        print(tools.notes)

        var rows: [Row] = [], postgresRows: [Row] = []
        for count in counts {
            if let server, !quick || count == counts.first {
                var row = Row(count: count)
                try PostgresFigures.measure(&row, server: server, tools: tools, quick: quick)
                print("[\(count)] measured on PostgreSQL")
                postgresRows.append(row)
            }
            if postgresOnly { continue }
            let directory = base + "/store-\(count)"
            if !FileManager.default.fileExists(atPath: directory + "/snapshot.json") {
                let generated = try Measure.time { try StoreGenerator.write(count: count, to: directory) }
                print("[\(count)] store generated and compacted in \(Measure.s(generated))")
            }
            var row = Row(count: count)
            if savesOnly, count != counts.last { continue }
            if !savesOnly {
                try StoreFigures.measure(&row, directory: directory, tools: tools, quick: quick, work: base)
                try UIFigures.measure(&row, store: directory, tools: tools, quick: quick)
                try ImportFigures.measure(&row, count: count, tools: tools, work: base)
            }
            if count == counts.last {
                try SaveRun.measure(&row, directory: directory, tools: tools, saves: quick ? 3000 : saves, quick: quick)
            }
            print("[\(count)] measured")
            rows.append(row)
        }
        if !postgresOnly { Report.print(rows, quick: quick) }
        if let server { PostgresReport.print(postgresRows, files: rows, server: server.url, quick: quick) }
        if postgresOnly || savesOnly { return }
        try printRouting(tools: tools, quick: quick, work: base)
        try printField()
        try WalkUpETAFigures.print(quick: quick)
    }

    func printField() throws {
        let field = try FieldBench.run()
        print(String(format: "text field holding %d characters, one key and its frame: median %@, worst %@ (target: under 1 ms)",
                     field.length, Measure.ms(field.median), Measure.ms(field.worst)))
    }
}

extension Bench {
    func printRouting(tools: Tools, quick: Bool, work: String) throws {
        let routing = try RoutingFigures.measure(tools: tools, quick: quick, work: work)
        print(String(format: "routing pass over %d agents and %d waiting records, making %d offers: median %@, worst %@ (target: 5 ms); "
                     + "the next pass, every agent busy: median %@",
                     routing.agents, routing.waiting, routing.decisions, Measure.ms(routing.median), Measure.ms(routing.worst),
                     Measure.ms(routing.busyMedian)))
        if !routing.idleCPUPerMinute.isNaN {
            print(String(format: "an idle console, routing on: %.2f s of CPU per minute", routing.idleCPUPerMinute))
        }
    }
}

/// The programs measured beside Frontdesk, found once.
struct Tools {
    let frontdesk: String
    let sqlite3: Bool
    let rg: Bool
    let python: Bool

    init() {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        frontdesk = here.appendingPathComponent("frontdesk").path
        sqlite3 = Measure.run(["sqlite3", "-version"]) != nil
        rg = Measure.run(["rg", "--version"]) != nil
        python = Measure.run(["python3", "-c", "pass"]) != nil
    }

    var hasFrontdesk: Bool { FileManager.default.isExecutableFile(atPath: frontdesk) }

    var notes: String {
        var missing: [String] = []
        if !hasFrontdesk { missing.append("\(frontdesk) (build it: swift build -c release --product frontdesk)") }
        if !sqlite3 { missing.append("sqlite3") }
        if !rg { missing.append("ripgrep") }
        return missing.isEmpty ? "peers: sqlite3, ripgrep, python3" : "skipped figures need: " + missing.joined(separator: ", ")
    }
}

/// Programs the benchmark runs as children of itself: a console opening the store, and a
/// console refreshing while others write.
enum Probes {
    /// Opens the store as the console does, to its first frame (and the Closed list's),
    /// then prints "seconds-to-first-frame peak-bytes pss-bytes". With `hold`, it then waits
    /// for its standard input to close, so that many can be measured alive at once.
    static func open(directory: String, hold: Bool) throws {
        let start = Measure.now()
        let store = try BenchBackend.open(directory)
        var state = ConsoleState(agent: "alex", storeLabel: "bench", now: Instant(seconds: Int64(time(nil))), width: 120, height: 40)
        state.reloadRows(store.desk)
        _ = state.render(store.desk)
        let frame = Measure.now() - start
        state.view = .closed
        state.reloadRows(store.desk)
        _ = state.render(store.desk)
        FileHandle.standardOutput.write(Data("\(frame) \(Measure.peakMemory) \(Measure.pss)\n".utf8))
        if hold { while getchar() != EOF {} }
    }

    /// Refreshes every 50 ms for as long as its standard input stays open, as the console
    /// does: waiting at most the console's 50 ms for the store's lock, and looking again at the
    /// next tick when a writer holds it longer (a save's fsync, a compaction's swap). Prints the
    /// slowest refresh in seconds (a busy one's wait included: the console's screen waits for
    /// it too), how many it made, how many of them read the snapshot whole (instead of
    /// applying a compaction from what it moved), the slowest of those, and how many found the
    /// store busy.
    static func refresh(directory: String) throws {
        let store = try Store(directory: directory)
        store.lockTimeout = consoleLockTimeout
        var worst = 0.0, count = 0, wholeReads = 0, worstWhole = 0.0, busy = 0, worstTiming = LockedTiming()
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        _ = fcntl(STDIN_FILENO, F_SETFL, flags | O_NONBLOCK)
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) != 0 {
            let loads = store.snapshotLoads
            var wasBusy = false
            let seconds = try Measure.time {
                do { _ = try store.refresh() } catch let error as StoreError {
                    guard case .lockTimeout = error else { throw error }
                    wasBusy = true
                }
            }
            if seconds > worst { worstTiming = wasBusy ? LockedTiming() : store.lastRefresh }
            worst = max(worst, seconds)
            if wasBusy { busy += 1 }
            if store.snapshotLoads > loads { wholeReads += 1; worstWhole = max(worstWhole, seconds) }
            count += 1
            usleep(50_000)
        }
        print(worst, count, wholeReads, worstWhole, busy)
        print("lock wait \(Measure.ms(worstTiming.lockWait)), catching up \(Measure.ms(worstTiming.catchUp)) (\(worstTiming.how.rawValue))"
              + (worstTiming == LockedTiming() ? " (it found the store busy)" : ""))
    }

    /// What `frontdesk console` sets (Console.swift): it never waits longer for the lock.
    static let consoleLockTimeout = 0.05
}
