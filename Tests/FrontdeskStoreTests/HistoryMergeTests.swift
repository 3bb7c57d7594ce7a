import Foundation
import Testing
import FrontdeskCore
import FrontdeskResources
import FrontdeskTestSupport
@testable import FrontdeskStore

/// History's index and facts written by merging sorted runs on disk (an import of a million
/// records holds a run's worth of them, not all): what is written is what a rebuild from the
/// segments alone gives, whatever order the records come in and however many runs they fill.
@Suite struct HistoryMergeTests {
    static let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 12))

    /// Records in the order added, and how many a run holds before it goes to disk.
    static let cases: [(order: String, runRecords: Int)] = [
        ("by number", 32_768), ("by number", 7), ("reversed", 7), ("shuffled", 1), ("shuffled", 5), ("shuffled", 1_000),
    ]

    func closedRecords() throws -> (records: [Interaction], names: [String: String]) {
        let desk = try DemoDesk.generate(interactions: 400, customers: 30, endingAt: Self.now, seed: 4)
        return (desk.interactions.filter { $0.state.isClosed }, desk.customers.mapValues(\.name))
    }

    func arranged(_ records: [Interaction], _ order: String) -> [Interaction] {
        let sorted = records.sorted { $0.number < $1.number }
        switch order {
        case "reversed": return sorted.reversed()
        case "shuffled":
            var generator = SplitMix64(seed: 11)
            return sorted.shuffled(using: &generator)
        default: return sorted
        }
    }

    /// Writes `records` as segment `generation` over `old`, a batch of 13 at a time.
    func write(_ records: [Interaction], names: [String: String], over old: History?, directory: String, generation: Int,
               runRecords: Int) throws -> History {
        let builder = try HistoryWriter.SegmentBuilder(from: old, directory: directory, generation: generation, runRecords: runRecords)
        for start in stride(from: 0, to: records.count, by: 13) {
            try builder.add(Array(records[start..<min(start + 13, records.count)]), customerName: { names[$0 ?? ""] ?? ($0 ?? "") })
        }
        let manifest = try builder.finish(tasks: [], now: Self.now)
        return History(directory: directory, manifest: manifest, customerNames: names)
    }

    /// The index as written, byte for byte the rebuilt one; the facts, row for row.
    func expectAsRebuilt(_ history: History) throws {
        let written = try #require(try Posix.readAll(history.indexPath))
        #expect(written == (try HistoryWriter.rebuild(history)).index)
        let facts = try #require(try history.storedFacts())
        let rebuilt = try #require(FactsView(MappedFile(memory: try history.rebuildFacts()), fingerprint: history.manifest.fingerprint))
        #expect(facts.count == rebuilt.count)
        #expect((0..<facts.count).map { facts.facts($0, zone: .utc) } == (0..<rebuilt.count).map { rebuilt.facts($0, zone: .utc) })
    }

    /// An import encodes its batches on all cores: every file is byte for byte what one thread writes.
    @Test func encodingOnAllCoresWritesTheSameBytes() throws {
        let desk = try DemoDesk.generate(interactions: 1_500, customers: 40, endingAt: Self.now, seed: 5)
        let records = desk.interactions.filter { $0.state.isClosed }, names = desk.customers.mapValues(\.name)
        #expect(records.count >= 512)
        var written: [[String: [UInt8]]] = []
        for onAllCores in [false, true] {
            let directory = temporaryDirectory()
            defer { cleanUp(directory) }
            let builder = try HistoryWriter.SegmentBuilder(from: nil, directory: directory, generation: 1, onAllCores: onAllCores)
            try builder.add(records, customerName: { names[$0 ?? ""] ?? ($0 ?? "") })
            _ = try builder.finish(tasks: [], now: Self.now)
            var files: [String: [UInt8]] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: directory) { files[name] = try Posix.readAll(directory + "/" + name) }
            written.append(files)
        }
        #expect(written[0].keys.sorted() == written[1].keys.sorted())
        #expect(written[0] == written[1])
    }

    /// An import lets go of history's mapped pages as it looks numbers up: what is read after is the same.
    @Test func recordsReadTheSameAfterTheMappedPagesAreLetGo() throws {
        let directory = temporaryDirectory()
        defer { cleanUp(directory) }
        let (records, names) = try closedRecords()
        let history = try write(records, names: names, over: nil, directory: directory, generation: 1, runRecords: 32_768)
        for record in records.prefix(40) {
            let before = try history.record(number: record.number)
            history.releaseMappedPages()
            #expect(try history.record(number: record.number) == before)
            #expect(before == record)
        }
    }

    @Test(arguments: cases)
    func aNewHistoryIsWhatARebuildGives(order: String, runRecords: Int) throws {
        let directory = temporaryDirectory()
        defer { cleanUp(directory) }
        let (records, names) = try closedRecords()
        #expect(records.count > 100)
        let history = try write(arranged(records, order), names: names, over: nil, directory: directory, generation: 1, runRecords: runRecords)
        #expect(history.manifest.records == records.count)
        try expectAsRebuilt(history)
    }

    /// A second segment over the first: its newer versions supersede the old entries and facts rows.
    @Test(arguments: cases)
    func aSegmentOverOldHistoryIsWhatARebuildGives(order: String, runRecords: Int) throws {
        let directory = temporaryDirectory()
        defer { cleanUp(directory) }
        let (all, names) = try closedRecords()
        let records = all.sorted { $0.number < $1.number }
        let first = try write(Array(records.prefix(records.count * 2 / 3)), names: names, over: nil, directory: directory, generation: 1, runRecords: 3)
        // The last third new; every fifth of the first two thirds again, changed.
        var next = Array(records.suffix(from: records.count * 2 / 3))
        for var r in stride(from: 0, to: records.count * 2 / 3, by: 5).map({ records[$0] }) {
            r.shortDescription += " (again)"
            r.version += 1
            next.append(r)
        }
        let second = try write(arranged(next, order), names: names, over: first, directory: directory, generation: 2, runRecords: runRecords)
        #expect(second.manifest.records == records.count)
        try expectAsRebuilt(second)
        let changed = try #require(try second.record(number: records[5].number))
        #expect(changed.shortDescription.hasSuffix(" (again)"))
    }

    @Test func runsComeBackMergedInOrderAndStable() throws {
        // Records of 4 bytes: a key byte, then the order they were added in.
        let directory = temporaryDirectory()
        defer { cleanUp(directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for runRecords in [1, 2, 3, 64] {
            let runs = try SortedRuns(directory: directory, name: "runs.tmp", recordSize: 4, runRecords: runRecords) { a, b in
                a.load(as: UInt8.self) < b.load(as: UInt8.self)
            }
            var added: [[UInt8]] = []
            for i in 0..<50 {
                let record: [UInt8] = [UInt8((i * 7) % 5), UInt8(i), 0, 0]
                added.append(record)
                try runs.append(record)
            }
            var out: [[UInt8]] = []
            try runs.forEachInOrder { out.append(Array($0)) }
            #expect(out == added.sorted { $0[0] < $1[0] || ($0[0] == $1[0] && $0[1] < $1[1]) }, "runs of \(runRecords)")
        }
    }
}
