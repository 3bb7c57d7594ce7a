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
        for i in 0..<saves {
            let number = open.randomElement(using: &rng)!
            times.append(try Measure.time {
                try store.perform(.addNote(number: number, text: "bench note \(i)"), by: StoreGenerator.actor, at: Instant(seconds: Int64(time(nil))))
            })
            if store.needsCompaction, tools.hasFrontdesk, compactions.last?.process.isRunning != true {
                compactions.append(try Measure.start(tools.frontdesk, ["store", "compact", "--json", "--in-batches", "--store", directory]))
            }
        }
        for c in compactions { c.process.waitUntilExit() }
        try refresher.input.fileHandleForWriting.close()
        refresher.process.waitUntilExit()
        let refreshed = String(decoding: refresher.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: " ").compactMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }

        row.saves = saves
        row.saveMedian = Measure.percentile(times, 50)
        row.saveP99 = Measure.percentile(times, 99)
        row.saveWorst = times.max() ?? .nan
        var lock = 0.0, finished = 0
        for c in compactions {
            let data = c.output.fileHandleForReading.readDataToEndOfFile()
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  object["skipped"] as? Bool == false else { continue }
            finished += 1
            lock = max(lock, object["lock_seconds"] as? Double ?? 0)
        }
        row.compactions = finished
        row.compactionLock = lock
        row.refreshWorst = refreshed.first ?? .nan
        if refreshed.count >= 5 {
            row.refreshes = Int(refreshed[1]); row.refreshWholeReads = Int(refreshed[2]); row.refreshWholeWorst = refreshed[3]
            row.refreshBusy = Int(refreshed[4])
        }
    }
}
