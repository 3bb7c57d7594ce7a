import Foundation

struct Row {
    var count: Int
    var snapshotBytes = 0
    var openModel = Double.nan, openFrame = Double.nan
    var peakMemory = 0
    var saveMedian = Double.nan, saveP99 = Double.nan
    var search = Double.nan, searchHits = 0, queueFilter = Double.nan
    var homeFrame = Double.nan, recordFrame = Double.nan
    var pythonLoad = Double.nan, pythonPeak = 0
    var fzf = Double.nan, fzfHits = 0
}

enum Report {
    static func print(_ rows: [Row], quick: Bool) {
        func ratio(_ a: Double, _ b: Double) -> String { a.isNaN || b.isNaN || a == 0 ? "n/a" : String(format: "%.2fx", b / a) }
        let header = ["figure"] + rows.map { "\($0.count) records" }
        var table: [[String]] = [header]
        func add(_ name: String, _ value: (Row) -> String) { table.append([name] + rows.map(value)) }
        add("snapshot size") { Measure.mb($0.snapshotBytes) }
        add("open: model ready") { Measure.s($0.openModel) }
        add("open: first frame") { Measure.s($0.openFrame) }
        add("python json.load") { $0.pythonLoad.isNaN ? "n/a" : Measure.s($0.pythonLoad) }
        add("  speed-up vs python") { ratio($0.openFrame, $0.pythonLoad) }
        add("peak memory (open)") { Measure.mb($0.peakMemory) }
        add("python peak memory") { $0.pythonPeak == 0 ? "n/a" : Measure.mb($0.pythonPeak) }
        add("  ours / python") { $0.pythonPeak == 0 ? "n/a" : String(format: "%.2f", Double($0.peakMemory) / Double($0.pythonPeak)) }
        add("save: median") { Measure.ms($0.saveMedian) }
        add("save: p99") { Measure.ms($0.saveP99) }
        add("search \"printer\"") { "\(Measure.ms($0.search)) (\($0.searchHits))" }
        add("fzf --exact --filter") { $0.fzf.isNaN ? "not installed" : "\(Measure.ms($0.fzf)) (\($0.fzfHits))" }
        add("  speed-up vs fzf") { ratio($0.search, $0.fzf) }
        add("queue view filter") { Measure.ms($0.queueFilter) }
        add("frame: home") { Measure.ms($0.homeFrame) }
        add("frame: record") { Measure.ms($0.recordFrame) }
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
            Swift.print(String(format: "save median, %d vs %d records: %.2fx", last.count, first.count, last.saveMedian / first.saveMedian))
            Swift.print(String(format: "home frame, %d vs %d records: %.2fx", last.count, first.count, last.homeFrame / first.homeFrame))
        }
        if quick { Swift.print("(quick run: small sizes, fewer saves; not the figures of record)") }
    }
}
