import Foundation
import FrontdeskBackend
import FrontdeskCore
import Synchronization

/// A snapshot's interaction lines, kept in the mapped file and decoded one at a time, each at
/// most once (`StoredRecords`). Their heads and facts come from the snapshot's `record_heads`
/// list, written beside the records by the same compaction, in the same order.
///
/// Built only for a snapshot whose checksum held, so every line is as the store wrote it: a
/// line that then fails to decode is a fault of this program, not of the file.
final class SnapshotRecords: StoredRecords {
    private let file: MappedFile
    private let lines: [Range<Int>]
    let heads: [RecordHead]
    let facts: [RecordFacts]
    private let cache: Mutex<[Interaction?]>
    private let prefetching = Mutex(())

    init(file: MappedFile, lines: [Range<Int>], heads: [RecordHead], facts: [RecordFacts]) {
        precondition(lines.count == heads.count && heads.count == facts.count, "a record head for every record line")
        self.file = file
        self.lines = lines
        self.heads = heads
        self.facts = facts
        cache = Mutex([Interaction?](repeating: nil, count: lines.count))
    }

    /// How many records have been decoded so far (what the tests hold a command to).
    var decodedCount: Int { cache.withLock { $0.reduce(0) { $1 == nil ? $0 : $0 + 1 } } }

    func prefetch(_ positions: [Int]) {
        // One prefetch at a time: a second one (a search while the console's background
        // prefetch runs) waits for the first and decodes only what it left, not all again.
        prefetching.withLock { _ in prefetchMissing(positions) }
    }

    private func prefetchMissing(_ positions: [Int]) {
        let missing = cache.withLock { cache in positions.filter { cache[$0] == nil } }
        guard missing.count > 1 else { return }
        let decoded = ChunkedParallel.map(count: missing.count, chunks: ProcessInfo.processInfo.activeProcessorCount * 4) { range in
            range.map { self.decode(missing[$0]) }
        }
        cache.withLock { cache in
            for (k, record) in zip(missing, decoded) where cache[k] == nil { cache[k] = record }
        }
    }

    func record(at position: Int) -> Interaction {
        if let known = cache.withLock({ $0[position] }) { return known }
        guard let record = decode(position) else {
            preconditionFailure("snapshot record line \(position + 1) (\(heads[position].number)) does not decode, though the snapshot's checksum held")
        }
        cache.withLock { $0[position] = record }
        return record
    }

    /// The record line at `position`, decoded; nil when it does not read as its head says.
    private func decode(_ position: Int) -> Interaction? {
        var decoder = FastDecoder(file.bytes, from: lines[position].lowerBound, to: lines[position].upperBound)
        guard let record = try? decoder.interaction(), decoder.atEnd(), record.number == heads[position].number else { return nil }
        return record
    }
}
