import CZlib
import Foundation
import FrontdeskCore

/// Reads a snapshot in the layout `StoreFormat.encodeSnapshot` writes: the small sections
/// with `JSONDecoder`, the task and interaction lines (nearly all the bytes) with
/// `FastDecoder`, in parallel. Returns nil when the file is not exactly in that layout or any
/// line does not decode; the store then decodes the whole file with `JSONDecoder`, which
/// either agrees or names the damage.
enum SnapshotLoader {
    static func load(_ bytes: [UInt8]) -> StoreFormat.Snapshot? {
        bytes.withUnsafeBufferPointer { load($0) }
    }

    /// `storingIn`: the mapped file of `bytes`, a snapshot whose checksum the caller has
    /// verified: leave the profile lines undecoded (`Snapshot.storedProfiles`) and, when the
    /// snapshot lists its records' heads, the interaction lines too (`Snapshot.storedRecords`);
    /// every other line is still decoded.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, storingIn file: MappedFile? = nil) -> StoreFormat.Snapshot? {
        let customersMarker = Array(",\n\"customers\":[".utf8), profilesMarker = Array(",\n\"profiles\":[".utf8)
        let tasksMarker = Array(",\n\"tasks\":[".utf8), interactionsMarker = Array(",\n\"interactions\":[".utf8)
        let headsMarker = Array(StoreFormat.recordHeadsMarker.utf8)
        guard let customersAt = find(customersMarker, in: bytes, from: 0),
              let profilesAt = find(profilesMarker, in: bytes, from: customersAt + customersMarker.count),
              let tasksAt = find(tasksMarker, in: bytes, from: profilesAt + profilesMarker.count),
              let interactionsAt = find(interactionsMarker, in: bytes, from: tasksAt + tasksMarker.count) else { return nil }

        guard var snapshot = head(bytes, endingAt: customersAt) else { return nil }

        // The record heads, when listed, come between the tasks and the interactions.
        let headsAt = find(headsMarker, in: bytes, from: tasksAt + tasksMarker.count, before: interactionsAt)
        guard let customerLines = lines(in: bytes, from: customersAt + customersMarker.count, to: profilesAt, closing: "]"),
              let profileLines = lines(in: bytes, from: profilesAt + profilesMarker.count, to: tasksAt, closing: "]"),
              let taskLines = lines(in: bytes, from: tasksAt + tasksMarker.count, to: headsAt ?? interactionsAt, closing: "]"),
              let interactionLines = lines(in: bytes, from: interactionsAt + interactionsMarker.count, to: bytes.count, closing: "]}")
        else { return nil }
        var headLines: [Range<Int>]?
        if let headsAt {
            guard let heads = lines(in: bytes, from: headsAt + headsMarker.count, to: interactionsAt, closing: "]", opening: 0x5B) else { return nil }
            headLines = heads
        }

        let stored = file.flatMap { SnapshotProfiles($0, lines: profileLines) }
        // The records stay in the file when their heads are listed and read cleanly. Heads are
        // read even when not used: a list that does not read is not our layout (JSONDecoder
        // would refuse it, and must be the one to say so).
        var storedRecords: SnapshotRecords?
        if let headLines {
            guard headLines.count == interactionLines.count,
                  let pairs = decodeInParallel(headLines, bytes, { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.recordHead() }),
                  pairs.indices.dropFirst().allSatisfy({ pairs[$0 - 1].0.number < pairs[$0].0.number }) else { return nil }
            if let file { storedRecords = SnapshotRecords(file: file, lines: interactionLines, heads: pairs.map { $0.0 }, facts: pairs.map { $0.1 }) }
        }
        guard let customers = decodeInParallel(customerLines, bytes, { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.customer() }),
              let profiles = stored != nil ? [] : decodeInParallel(profileLines, bytes, { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.profile() }),
              let tasks = decodeInParallel(taskLines, bytes, { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.task() }),
              let interactions = storedRecords != nil ? [] : decodeInParallel(interactionLines, bytes, { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.interaction() })
        else { return nil }
        snapshot.customers = customers
        snapshot.profiles = profiles
        snapshot.storedProfiles = stored
        snapshot.tasks = tasks
        snapshot.interactions = interactions
        snapshot.storedRecords = storedRecords
        return snapshot
    }

    /// The snapshot's header, configuration, agents and queues, with empty lists of customers,
    /// profiles, tasks and interactions: read from the first few kilobytes only (a reader
    /// applying a compaction needs no more). Nil when the file is not in our layout.
    static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> StoreFormat.Snapshot? {
        find(Array(",\n\"customers\":[".utf8), in: bytes, from: 0).flatMap { head(bytes, endingAt: $0) }
    }

    private static func head(_ bytes: UnsafeBufferPointer<UInt8>, endingAt customersAt: Int) -> StoreFormat.Snapshot? {
        // The header, configuration, agents and queues, as one small document.
        var head = Array(UnsafeBufferPointer(rebasing: bytes[..<customersAt]))
        head.append(contentsOf: ",\"customers\":[],\"profiles\":[],\"tasks\":[],\"interactions\":[]}".utf8)
        return try? JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(head))
    }

    /// The byte ranges of the entity lines of one list: each line but the last ends with a
    /// comma (not included in the range), then a line holding exactly `closing`.
    /// `opening`: the byte each line starts with (`{` for an object; `[` for a record head).
    private static func lines(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, closing: String,
                              opening: UInt8 = 0x7B) -> [Range<Int>]? {
        var ranges: [Range<Int>] = []
        var i = start
        guard i < end, bytes[i] == 0x0A else { return nil }
        i += 1
        let close = Array(closing.utf8)
        while i < end {
            // memchr: the line scan touches every byte of the file.
            let j = memchr(bytes.baseAddress! + i, 0x0A, end - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? end
            let line = i..<j
            if UnsafeBufferPointer(rebasing: bytes[line]).elementsEqual(close) {
                // The list's end: for the last list, only a newline may follow.
                if closing == "]}" { return j == end || (j + 1 == end && bytes[j] == 0x0A) ? ranges : nil }
                return j == end ? ranges : nil
            }
            guard !line.isEmpty, bytes[line.lowerBound] == opening else { return nil }
            // Commas separate entities: the previous line must have had one.
            if let last = ranges.last, bytes[last.upperBound] != 0x2C { return nil }
            ranges.append(bytes[line.upperBound - 1] == 0x2C ? line.lowerBound..<(line.upperBound - 1) : line)
            i = j + 1
        }
        return nil
    }

    /// Decodes lines in a few chunks on all cores, keeping their order; nil if any line fails.
    private static func decodeInParallel<T: Sendable>(_ ranges: [Range<Int>], _ buffer: UnsafeBufferPointer<UInt8>,
                                            _ decode: @Sendable (inout FastDecoder) throws(FastDecoder.Mismatch) -> T) -> [T]? {
        // Only read, and the file's bytes outlive the call.
        nonisolated(unsafe) let buffer = buffer
        // The last entity has no comma; every other range stops just before its comma.
        return ChunkedParallel.mapUnlessAnyFails(count: ranges.count, chunks: ProcessInfo.processInfo.activeProcessorCount * 4) { chunk -> [T]? in
            var out: [T] = []
            out.reserveCapacity(chunk.count)
            for k in chunk {
                var decoder = FastDecoder(buffer, from: ranges[k].lowerBound, to: ranges[k].upperBound)
                guard let value = try? decode(&decoder), decoder.atEnd() else { return nil }
                out.append(value)
            }
            return out
        }
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        guard let base = bytes.baseAddress, start + needle.count <= end else { return nil }
        let found = needle.withUnsafeBytes { fd_memmem(base + start, end - start, $0.baseAddress, $0.count) }
        return found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base }
    }
}
