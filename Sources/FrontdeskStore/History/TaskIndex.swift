import Foundation
import FrontdeskCore
import FrontdeskBackend
#if canImport(Glibc)
import Glibc
#endif

/// Related tasks whose interactions are all in history live in task segments
/// (`tasks-<generation>.jsonl`, one task per checksummed line). This derived index finds one
/// by number: a header, then 32-byte entries (number, segment, length, offset) sorted by number.
enum TaskIndex {
    static let magic = Array("FDTIDX01".utf8)
    static let headerSize = 32
    static let entrySize = 32

    struct Entry {
        var number: String
        var segment: UInt32
        var offset: UInt64
        var length: UInt32

        func raw() -> [UInt8] {
            var out = HistoryIndexFormat.key(number)
            append(segment, to: &out); append(length, to: &out); append(offset, to: &out)
            return out
        }
    }

    static func fileName(_ generation: Int) -> String { "tasks-" + String(format: "%08d", generation) + ".idx" }
    static func segmentName(_ generation: Int) -> String { "tasks-" + String(format: "%08d", generation) + ".jsonl" }

    /// Entries of a mapped index file, or nil when it does not fit the manifest.
    static func entries(_ raw: UnsafeRawBufferPointer, fingerprint: UInt64) -> Int? {
        guard raw.count >= headerSize, raw.prefix(8).elementsEqual(magic),
              raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self) == fingerprint else { return nil }
        let count = Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        return raw.count == headerSize + count * entrySize ? count : nil
    }

    static func find(_ number: String, in raw: UnsafeRawBufferPointer, count: Int) -> Entry? {
        let wanted = HistoryIndexFormat.key(number)
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let at = headerSize + mid * entrySize
            let c = compare(UnsafeRawBufferPointer(rebasing: raw[at..<(at + 16)]), wanted)
            if c == 0 {
                return Entry(number: number, segment: raw.loadUnaligned(fromByteOffset: at + 16, as: UInt32.self),
                             offset: raw.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self),
                             length: raw.loadUnaligned(fromByteOffset: at + 20, as: UInt32.self))
            }
            if c < 0 { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Writes the index over `entries` (raw, any order; a later one for the same number wins).
    static func write(_ entries: [[UInt8]], segments: [HistoryManifest.Segment], generation: Int, directory: String) throws {
        try Posix.replaceAtomically(directory + "/" + fileName(generation), with: bytes(entries, segments: segments), directory: directory)
    }

    /// The index file's bytes over `entries` (raw, any order; a later one for the same number wins).
    static func bytes(_ entries: [[UInt8]], segments: [HistoryManifest.Segment]) -> [UInt8] {
        var latest: [ArraySlice<UInt8>: [UInt8]] = [:]
        for e in entries { latest[e.prefix(16)] = e }
        let sorted = latest.values.sorted { $0.prefix(16).lexicographicallyPrecedes($1.prefix(16)) }
        var out = magic
        append(HistoryManifest.fingerprint(segments, segments.count), to: &out)
        append(UInt64(sorted.count), to: &out)
        append(UInt64(0), to: &out)
        for e in sorted { out.append(contentsOf: e) }
        return out
    }

    /// The entries of a history's current task index, raw (rebuilt first if it does not fit).
    static func scanIndex(_ history: History) throws -> [[UInt8]] {
        let (file, count) = try history.taskIndexFile()
        guard let file else { return [] }
        let raw = UnsafeRawBufferPointer(file.bytes)
        return (0..<count).map { Array(raw[(headerSize + $0 * entrySize)..<(headerSize + ($0 + 1) * entrySize)]) }
    }

    /// Every entry of every task segment, read from the segments themselves.
    static func scan(_ segments: [HistoryManifest.Segment], directory: String) throws -> [[UInt8]] {
        var entries: [[UInt8]] = []
        for (ordinal, segment) in segments.enumerated() {
            let path = directory + "/" + segment.file
            guard let bytes = try Posix.readAll(path) else {
                throw StoreError.damaged(file: path, location: "whole file", problem: "the task segment is missing")
            }
            var start = 0
            while start < bytes.count {
                let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
                let task = try decodeLine(bytes[start..<end], file: path, offset: start)
                entries.append(Entry(number: task.number, segment: UInt32(ordinal), offset: UInt64(start), length: UInt32(end - start)).raw())
                start = end + 1
            }
        }
        return entries
    }

    static func decodeLine(_ line: ArraySlice<UInt8>, file: String, offset: Int) throws(StoreError) -> RelatedTask {
        if let problem = StoreFormat.verifyLine(line) {
            throw .damaged(file: file, location: "line \(History.lineNumber(in: file, at: offset)) (byte offset \(offset))", problem: problem.description)
        }
        // The store's own reader first (a JSON list reads one task line per related task);
        // JSONDecoder for anything it does not expect, and for the message naming a problem.
        let fast: RelatedTask? = line.withUnsafeBufferPointer { buffer in
            var decoder = FastDecoder(buffer, from: 0, to: buffer.count)
            guard let task = try? decoder.task(), decoder.atEnd() else { return nil }
            return task
        }
        if let fast { return fast }
        do { return try JSONDecoder().decode(RelatedTask.self, from: Data(line)) } catch {
            throw .damaged(file: file, location: "line \(History.lineNumber(in: file, at: offset)) (byte offset \(offset))",
                           problem: DamageReport.problem(error))
        }
    }
}
