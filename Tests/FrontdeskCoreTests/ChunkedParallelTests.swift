import Testing
@testable import FrontdeskCore

/// The one chunked-parallel helper (the snapshot loader and the desk's search use it). CI runs
/// these, and the store's loading tests, under the thread sanitizer (`.ci/run`): the helper
/// they replaced, a shared Array written from several threads, is reported there as a race.
struct ChunkedParallelTests {
    @Test(arguments: [0, 1, 7, 64, 1000, 20_001])
    func joinsTheChunksInOrder(_ count: Int) {
        for chunks in [1, 2, 3, 8, 64, count + 5] {
            let squares = ChunkedParallel.map(count: count, chunks: chunks) { range in range.map { $0 * $0 } }
            #expect(squares == (0..<count).map { $0 * $0 }, "\(count) in \(chunks) chunks")
        }
    }

    @Test func oneFailedChunkFailsTheWhole() {
        let all = ChunkedParallel.mapUnlessAnyFails(count: 100, chunks: 8) { range in Array(range) }
        #expect(all == Array(0..<100))
        let failed = ChunkedParallel.mapUnlessAnyFails(count: 100, chunks: 8) { range -> [Int]? in range.contains(57) ? nil : Array(range) }
        #expect(failed == nil)
    }

    /// A search large enough to go parallel (20,000 records or more) finds what a plain
    /// filter finds, in the same order.
    @Test func aLargeSearchAgreesWithAPlainFilter() {
        var changes = ChangeSet()
        changes.interactions = (1...24_000).map { i in
            Interaction(number: String(format: "IMS%07d", i), type: .walkUp, shortDescription: i % 7 == 0 ? "printer jam \(i)" : "visit \(i)",
                        openedAt: t0.adding(Int64(i)))
        }
        let desk = Desk(everything: changes)
        let found = desk.search("printer")
        let expected = desk.interactions.indices.reversed().filter { desk.interactions[$0].shortDescription.hasPrefix("printer") }
        #expect(found == expected)
        #expect(found.count == 24_000 / 7)
    }
}
