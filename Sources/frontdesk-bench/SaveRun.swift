import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// Many acknowledged saves in a row, long enough to cross several compactions, each started
/// in its own process the way the command line and the console start them, while another
/// process refreshes as a console does. The worst save is what a desk lives through.
enum SaveRun {
    static func measure(_ row: inout Row, directory: String, tools: Tools, saves: Int, quick: Bool) throws {
        let store = try Store(directory: directory)
        store.compactsAutomatically = false
        if quick { store.compactionThreshold = 1 << 20 }
        let open = store.desk.positions(in: .open, agent: StoreGenerator.actor).map { store.desk.interactions[$0].number }
        guard !open.isEmpty else { return }

        let refresher = try Measure.start(CommandLine.arguments[0], ["--refresh-probe", directory])

        var times: [Double] = []
        times.reserveCapacity(saves)
        var compactions: [Measure.Child] = []
        var rng = SplitMix64(seed: 7)
        var slowest: [SlowSave] = []
        var compactionStarted = Double.nan
        for i in 0..<saves {
            let number = open.randomElement(using: &rng)!
            let started = Measure.now()
            times.append(try Measure.time {
                try store.perform(.addNote(number: number, text: "bench note \(i)"), by: StoreGenerator.actor, at: Instant(seconds: Int64(time(nil))))
            })
            SlowSave.keep(SlowSave(seconds: times[i], timing: store.lastSave, sinceCompaction: started - compactionStarted,
                                   compacting: compactions.last?.process.isRunning == true), in: &slowest)
            if store.needsCompaction, tools.hasFrontdesk, compactions.last?.process.isRunning != true {
                compactions.append(try Measure.start(tools.frontdesk, ["store", "compact", "--json", "--in-batches", "--store", directory]))
                compactionStarted = Measure.now()
            }
        }
        row.slowestSaves = slowest.map(\.description)
        for c in compactions { c.process.waitUntilExit() }
        try refresher.input.fileHandleForWriting.close()
        refresher.process.waitUntilExit()
        let probeLines = String(decoding: refresher.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: "\n")
        let refreshed = (probeLines.first ?? "").split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        row.slowestRefresh = probeLines.dropFirst().first.map(String.init) ?? ""

        row.saves = saves
        row.saveMedian = Measure.percentile(times, 50)
        row.saveP99 = Measure.percentile(times, 99)
        row.saveWorst = times.max() ?? .nan
        var lock = 0.0, finished = 0, opening = 0.0, point = 0.0, afterSwap = 0.0
        for c in compactions {
            let data = c.output.fileHandleForReading.readDataToEndOfFile()
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["skipped"] as? Bool == false else { continue }
            finished += 1
            lock = max(lock, object["lock_seconds"] as? Double ?? 0)
            opening = max(opening, object["open_seconds"] as? Double ?? 0)
            point = max(point, object["point_lock_seconds"] as? Double ?? 0)
            afterSwap = max(afterSwap, object["after_swap_lock_seconds"] as? Double ?? 0)
        }
        row.compactions = finished
        row.compactionLock = lock
        row.compactionHolds = "its opening read (taking no lock) at most \(Measure.ms(opening)); the consistent point at most "
            + "\(Measure.ms(point)); reading the new files after the swap (shared) at most \(Measure.ms(afterSwap))"
        row.refreshWorst = refreshed.first ?? .nan
        if refreshed.count >= 5 {
            row.refreshes = Int(refreshed[1]); row.refreshWholeReads = Int(refreshed[2]); row.refreshWholeWorst = refreshed[3]
            row.refreshBusy = Int(refreshed[4])
        }
    }
}

/// One of the slowest saves of the run, with where it spent its time.
struct SlowSave {
    var seconds: Double
    var timing: LockedTiming
    /// Since the last compaction process was started (NaN before the first).
    var sinceCompaction: Double
    var compacting: Bool

    /// Keeps the five slowest in `list`, slowest first.
    static func keep(_ save: SlowSave, in list: inout [SlowSave]) {
        guard list.count < 5 || save.seconds > list[list.count - 1].seconds else { return }
        list.append(save)
        list.sort { $0.seconds > $1.seconds }
        if list.count > 5 { list.removeLast() }
    }

    var description: String {
        let t = timing
        return "\(Measure.ms(seconds)): lock wait \(Measure.ms(t.lockWait)), catching up \(Measure.ms(t.catchUp)) (\(t.how.rawValue)), "
            + "plan \(Measure.ms(t.plan)), write \(Measure.ms(t.write)), fdatasync \(Measure.ms(t.sync)); "
            + (compacting ? "a compaction running, started \(Measure.ms(sinceCompaction)) before" : "no compaction running")
    }
}
