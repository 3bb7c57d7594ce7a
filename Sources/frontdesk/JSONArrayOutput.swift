import Foundation
import FrontdeskExchange

/// `list --json`: a pretty-printed JSON array written an element at a time, byte for byte
/// what encoding the whole array at once printed (`Output.json`), without ever holding it.
/// Each element is encoded alone and its lines indented one level; "[", ",", "]" go between.
enum JSONArrayOutput {
    /// The encoder `Output.json` uses: pretty, sorted keys, slashes as they are.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Calls `body` with a function that writes one element; the elements go to standard
    /// output as they come, through `Output.jsonStream`.
    static func write<Element: Encodable>(_ body: ((Element) throws -> Void) throws -> Void) throws {
        let encoder = encoder()
        let out = Output.jsonStream()
        var count = 0
        var indented: [UInt8] = []
        try body { element in
            try out.write(count == 0 ? "[\n" : ",\n")
            indent(try encoder.encode(element), into: &indented)
            try out.write(indented)
            count += 1
        }
        if count == 0 {
            // Whatever the encoder makes of an empty array, exactly.
            try out.write(encoder.encode([Element]()))
        } else {
            try out.write("\n]")
        }
        try out.write("\n")
        try out.flush()
    }

    /// `json` one level deeper: two spaces after each line break (a pretty encoder breaks
    /// lines only between tokens: strings escape their own line breaks), none on a blank line.
    static func indent(_ json: Data, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(0x20); out.append(0x20)
        json.withUnsafeBytes { (b: UnsafeRawBufferPointer) in
            var run = 0
            for i in 0..<b.count where b[i] == 0x0A {
                out.append(contentsOf: b[run...i])
                run = i + 1
                if i + 1 < b.count, b[i + 1] != 0x0A { out.append(0x20); out.append(0x20) }
            }
            out.append(contentsOf: b[run..<b.count])
        }
    }
}
