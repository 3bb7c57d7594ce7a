import Dispatch
import Foundation
import FrontdeskExchange

/// `list --json`: a pretty-printed JSON array written an element at a time, byte for byte
/// what encoding the whole array at once printed (`Output.json`), without ever holding it.
/// Each summary is written by hand (`RecordSummary.writeJSON`) one level in; "[", ",", "]" go
/// between.
enum JSONArrayOutput {
    /// The encoder `Output.json` uses: pretty, sorted keys, slashes as they are.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Elements made at once: a wave's bytes are all memory holds (about a megabyte).
    static let wave = 1024

    /// The array of `count` elements, made on all cores a wave at a time and written to
    /// standard output in order, escaped as `Output.jsonStream` escapes (each worker escapes
    /// its own part: escaping works within an element). `element(i, &out)` appends element
    /// `i`'s JSON one level in (`writeJSON(…, indent: 2)`), or returns false when there is none
    /// (a record gone since it was listed): the array then goes on without it.
    /// `prepare(range)` runs before each wave's elements are made (a wave's records read in one go).
    static func write(count: Int, prepare: (Range<Int>) throws -> Void = { _ in },
                      _ element: @escaping @Sendable (Int, inout [UInt8]) throws -> Bool) throws {
        let out = ByteStream(sink: Output.writeStandardOutput)
        var written = 0
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount)
        for start in stride(from: 0, to: count, by: wave) {
            let end = min(count, start + wave)
            try prepare(start..<end)
            for result in made(start..<end, chunks: chunks, element) {
                // Each element comes after ",\n  ": the array's first after "[\n  " instead.
                let bytes = try result.get()
                guard !bytes.isEmpty else { continue }
                if written == 0 {
                    try out.write("[")
                    try out.write(bytes[1...])
                } else {
                    try out.write(bytes)
                }
                written += 1
            }
        }
        if written == 0 {
            // Whatever the encoder makes of an empty array, exactly.
            var escaped: [UInt8] = []
            Output.escapeUnsafe(try encoder().encode([RecordSummary]()), into: &escaped)
            try out.write(escaped)
        } else {
            try out.write("\n]")
        }
        try out.write("\n")
        try out.flush()
    }

    /// The elements of `range` in `chunks` contiguous parts made concurrently, each part's
    /// bytes (or its error) in order. Each worker writes only its own slot, read after
    /// `concurrentPerform` has waited for all of them.
    private static func made(_ range: Range<Int>, chunks wanted: Int,
                             _ element: @escaping @Sendable (Int, inout [UInt8]) throws -> Bool) -> [Result<[UInt8], any Error>] {
        let chunks = max(1, min(range.count, wanted))
        let size = (range.count + chunks - 1) / chunks
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<Result<[UInt8], any Error>>.allocate(capacity: chunks)
        slots.initialize(repeating: .success([]))
        defer { _ = slots.deinitialize(); slots.deallocate() }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = range.lowerBound + chunk * size, hi = min(range.upperBound, lo + size)
            slots[chunk] = Result {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(max(0, hi - lo) * 1024)
                for i in lo..<max(lo, hi) {
                    let mark = bytes.count
                    bytes.append(contentsOf: ",\n  ".utf8)
                    if try !element(i, &bytes) { bytes.removeSubrange(mark...) }
                }
                var escaped: [UInt8] = []
                escaped.reserveCapacity(bytes.count)
                Output.escapeUnsafe(bytes, into: &escaped)
                return escaped
            }
        }
        return Array(slots)
    }
}
