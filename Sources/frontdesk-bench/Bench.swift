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
        abstract: "Measures Frontdesk against stores of several sizes, beside Python's json.load and fzf.",
        discussion: "A measurement, not a test: it exits non-zero only on an internal error. Run it in release mode.")

    @Option(help: "Store sizes (interactions), comma-separated.") var sizes: String = "1000,100000,1000000"
    @Flag(help: "Small sizes and fewer repetitions: a smoke run under a minute.") var quick = false
    @Option(help: "Where to build the stores (default: a temporary directory, removed afterwards).") var workdir: String?
    @Option(help: .hidden) var measureOpen: String?

    func run() throws {
        if let measureOpen {
            try OpenProbe.run(directory: measureOpen)
            return
        }
        let counts = quick ? [1000, 10_000] : sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let base = workdir ?? NSTemporaryDirectory() + "frontdesk-bench-\(getpid())"
        try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { if workdir == nil { try? FileManager.default.removeItem(atPath: base) } }

        var rows: [Row] = []
        for count in counts {
            let directory = base + "/store-\(count)"
            let generated = try Measure.time { try StoreGenerator.write(count: count, to: directory) }
            print("[\(count)] store generated in \(Measure.s(generated)); measuring")
            rows.append(try measure(count: count, directory: directory, saves: quick ? 200 : 1000))
        }
        Report.print(rows, quick: quick)
        let field = try FieldBench.run()
        print(String(format: "text field holding %d characters, one key and its frame: median %@, worst %@ (target: under 1 ms)",
                     field.length, Measure.ms(field.median), Measure.ms(field.worst)))
    }

    func measure(count: Int, directory: String, saves: Int) throws -> Row {
        var row = Row(count: count)
        let snapshot = directory + "/snapshot.json"
        row.snapshotBytes = (try? FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int) ?? 0

        // Open to first frame and peak memory, in a fresh process.
        if let probe = Measure.run([CommandLine.arguments[0], "--measure-open", directory]) {
            let fields = probe.out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if fields.count == 3 { (row.openModel, row.openFrame, row.peakMemory) = (fields[0], fields[1], Int(fields[2])) }
        }

        // Save, search and render, in this process.
        let store = try Store(directory: directory)
        let desk0 = store.desk
        let open = desk0.positions(in: .open, agent: "bench")
        var rng = SplitMix64(seed: 7)
        var saveTimes: [Double] = []
        for i in 0..<saves {
            let number = desk0.interactions[open.randomElement(using: &rng)!].number
            saveTimes.append(try Measure.time {
                try store.perform(.addNote(number: number, text: "bench note \(i)"), by: "bench",
                                  at: Instant(seconds: Int64(time(nil))))
            })
        }
        row.saveMedian = Measure.percentile(saveTimes, 50)
        row.saveP99 = Measure.percentile(saveTimes, 99)

        let desk = store.desk
        let query = "printer"
        var hits = 0
        row.search = Measure.time { hits = desk.search(query).count }
        row.searchHits = hits
        row.queueFilter = Measure.time { _ = desk.positions(in: .queue, agent: "alex") }

        var state = ConsoleState(agent: "alex", storeLabel: "bench", now: Instant(seconds: Int64(time(nil))), width: 120, height: 40)
        // Closed: a list longer than the screen at every size, so every frame draws full rows.
        state.view = .closed
        state.reloadRows(desk)
        let frames = 50
        row.homeFrame = Measure.time { for _ in 0..<frames { _ = state.render(desk) } } / Double(frames)
        _ = state.handle(.key(.enter), desk: desk)
        row.recordFrame = Measure.time { for _ in 0..<frames { _ = state.render(desk) } } / Double(frames)

        // Peers.
        if let python = Measure.run(["python3", "-c", """
            import json, resource, sys, time
            t = time.perf_counter(); json.load(open(sys.argv[1], 'rb')); t = time.perf_counter() - t
            print(t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
            """, snapshot]) {
            let fields = python.out.split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            if fields.count == 2 { (row.pythonLoad, row.pythonPeak) = (fields[0], Int(fields[1])) }
        }
        let text = directory + "/search.txt"
        try SearchText.write(desk, to: text)
        if Measure.run(["fzf", "--version"]) != nil, let fzf = Measure.run(["fzf", "--exact", "-i", "--filter", query], input: text) {
            row.fzf = fzf.seconds
            row.fzfHits = fzf.out.split(separator: "\n").count
        }
        return row
    }
}

/// Opens a store as the console does, to its first rendered frame, in a fresh process, and
/// prints "model-seconds frame-seconds peak-bytes".
enum OpenProbe {
    static func run(directory: String) throws {
        let start = Measure.now()
        let store = try Store(directory: directory)
        let model = Measure.now() - start
        var state = ConsoleState(agent: "alex", storeLabel: "bench", now: Instant(seconds: Int64(time(nil))), width: 120, height: 40)
        state.reloadRows(store.desk)
        _ = state.render(store.desk)
        let frame = Measure.now() - start
        print(model, frame, Measure.peakMemory)
    }
}

/// The text `fzf` searches: what Frontdesk's search covers, one record per line.
enum SearchText {
    static func write(_ desk: Desk, to path: String) throws {
        var out = ""
        out.reserveCapacity(desk.interactions.count * 120)
        for r in desk.interactions {
            out += r.number + " " + desk.customerName(r.openedFor) + " " + r.shortDescription
            for note in r.workNotes { out += " " + note.text }
            out += "\n"
        }
        try out.write(toFile: path, atomically: false, encoding: .utf8)
    }
}
