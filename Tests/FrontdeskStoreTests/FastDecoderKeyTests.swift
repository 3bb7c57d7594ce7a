import Foundation
import Testing
import FrontdeskCore
import FrontdeskResources
@testable import FrontdeskBackend
@testable import FrontdeskStore

/// The differential fuzz over keys: every shape the fast path decodes (records, tasks,
/// customers, profiles, journal lines) with keys duplicated (the copy's value changed),
/// reordered and unknown keys added, at the top and inside nested objects. The fast path and
/// JSONDecoder must agree: the same value, or the fast path refuses (and JSONDecoder decides).
extension FastDecoderTests {
    @Test func everyKeyHasItsOwnBit() {
        // KeySet's precondition stops a 65th key at run time; this says so at test time.
        #expect(FastDecoder.Key.allCases.count <= UInt64.bitWidth)
        var seen = FastDecoder.KeySet()
        for key in FastDecoder.Key.allCases {
            let new = seen.insert(key)
            #expect(new, "\(key) shares a bit")
        }
        for key in FastDecoder.Key.allCases {
            let again = seen.insert(key)
            #expect(!again, "\(key) repeated is not caught")
        }
    }

    /// The bug of fd33dac: keys numbered 32 and above (`phone`, `sys_id`, `servicenow`, …) were
    /// not guarded, so the fast path took the second copy where JSONDecoder takes the first.
    @Test func duplicatedHighKeyIsRefused() throws {
        let line = Array(#"{"company":"C","email":"e@x","id":"CUS0000001","name":"N","phone":"+441","phone":"+442","vip":false}"#.utf8)
        let slow = try JSONDecoder().decode(Customer.self, from: Data(line))
        let fast = line.withUnsafeBufferPointer { buffer -> Customer? in
            var d = FastDecoder(buffer, from: 0, to: buffer.count)
            return try? d.customer()
        }
        #expect(fast == nil || fast == slow, "fast read phone \(fast?.phone ?? "-"), JSONDecoder \(slow.phone)")
    }

    @Test func duplicatedReorderedAndUnknownKeysNeverDisagree() throws {
        let encoder = StoreFormat.encoder()
        let desk = Self.desk
        #expect(!desk.profiles.isEmpty && !desk.customers.isEmpty && !desk.tasks.isEmpty)
        var rng = SplitMix64(seed: 24)
        var outcomes = KeyFuzzOutcomes()
        for record in desk.interactions.prefix(120) {
            try fuzzKeys(of: [UInt8](encoder.encode(record)), as: Interaction.self, &rng, &outcomes, same: ==) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.interaction() }
        }
        for task in desk.tasks.values {
            try fuzzKeys(of: [UInt8](encoder.encode(task)), as: RelatedTask.self, &rng, &outcomes, same: ==) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.task() }
        }
        for customer in desk.customers.values {
            try fuzzKeys(of: [UInt8](encoder.encode(customer)), as: Customer.self, &rng, &outcomes, same: ==) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.customer() }
        }
        for profile in desk.profiles.values {
            try fuzzKeys(of: [UInt8](encoder.encode(profile)), as: ChannelUserProfile.self, &rng, &outcomes, same: ==) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.profile() }
        }
        // Journal lines: the entry, its change set and the records inside.
        for record in desk.interactions.prefix(40) {
            var changes = ChangeSet()
            changes.interactions = [record]
            changes.counters = [.interaction: 99999]
            let line = try StoreFormat.encodeEntryLine(StoreFormat.JournalEntry(at: t0, by: "ana", changes: changes))
            let entry = Array(line.prefix { $0 != 0x0A })
            try fuzzKeys(of: entry, as: StoreFormat.JournalEntry.self, &rng, &outcomes, same: { $0.at == $1.at && $0.by == $1.by && $0.changes == $1.changes }) {
                (d: inout FastDecoder) throws(FastDecoder.Mismatch) in
                let entry = try d.journalEntry()
                return StoreFormat.JournalEntry(at: entry.at, by: entry.by, changes: entry.changes)
            }
        }
        #expect(outcomes.disagreements.isEmpty, "\(outcomes.disagreements.prefix(5).joined(separator: "\n"))")
        // Both outcomes are exercised: reordered and unknown keys take the fast path, repeats do not.
        #expect(outcomes.fastAccepted > 100 && outcomes.fastRefused > 100, "\(outcomes)")
        #expect(outcomes.duplicatesAcceptedByFast == 0, "\(outcomes)")
    }
}

struct KeyFuzzOutcomes: CustomStringConvertible {
    var fastAccepted = 0, fastRefused = 0, duplicatesAcceptedByFast = 0
    var disagreements: [String] = []
    var description: String { "\(fastAccepted) accepted, \(fastRefused) refused, \(duplicatesAcceptedByFast) duplicates accepted by the fast path" }
}

/// Mutates `line` a few times per kind of change and compares the two decoders on each result.
func fuzzKeys<T: Decodable>(of line: [UInt8], as type: T.Type, _ rng: inout SplitMix64, _ outcomes: inout KeyFuzzOutcomes,
                                       same: (T, T) -> Bool, _ decode: (inout FastDecoder) throws(FastDecoder.Mismatch) -> T) throws {
    for kind in KeyMutation.allCases {
        for _ in 0..<3 {
            var mutated = line
            var duplicated = false
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                duplicated = JSONKeyEditor.mutate(&mutated, kind, &rng) || duplicated
            }
            let slow = try? JSONDecoder().decode(T.self, from: Data(mutated))
            let fast = mutated.withUnsafeBufferPointer { buffer -> T? in
                var d = FastDecoder(buffer, from: 0, to: buffer.count)
                guard let value = try? decode(&d), d.atEnd() else { return nil }
                return value
            }
            guard let fast else { outcomes.fastRefused += 1; continue }
            outcomes.fastAccepted += 1
            if duplicated { outcomes.duplicatesAcceptedByFast += 1 }
            if slow.map({ same(fast, $0) }) != true {
                outcomes.disagreements.append("\(kind) \(T.self): \(String(decoding: mutated.prefix(300), as: UTF8.self)) — JSONDecoder "
                                              + (slow == nil ? "refused" : "read another value"))
            }
        }
    }
}

enum KeyMutation: CaseIterable { case duplicate, reorder, unknown }

/// Edits the members of JSON objects as bytes, keeping everything else as written.
enum JSONKeyEditor {
    /// Applies one mutation to the top object or, sometimes, to an object nested in it.
    /// Returns true when it duplicated a key the decoders read.
    static func mutate(_ bytes: inout [UInt8], _ kind: KeyMutation, _ rng: inout SplitMix64) -> Bool {
        guard var members = members(of: bytes) else { return false }
        // Go one level down now and then: into an object value, or an object in an array.
        if Bool.random(using: &rng), let pick = members.indices.filter({ nestedObject(in: members[$0].value) != nil }).randomElement(using: &rng),
           let (range, _) = nestedObject(in: members[pick].value) {
            var inner = Array(members[pick].value[range])
            let duplicated = mutate(&inner, kind, &rng)
            members[pick].value.replaceSubrange(range, with: inner)
            bytes = join(members)
            return duplicated
        }
        guard !members.isEmpty else { return false }
        switch kind {
        case .duplicate:
            let original = members.randomElement(using: &rng)!
            // The copy holds another value, so which copy wins shows.
            let copy = (key: original.key, value: altered(original.value))
            members.insert(copy, at: Int.random(in: 0...members.count, using: &rng))
            bytes = join(members)
            // A journal line's checksum is read by neither decoder (`verifyLine` checks it):
            // repeated, it is ignored like any unknown key.
            return original.key != Array("\"crc32\"".utf8)
        case .reorder:
            members.shuffle(using: &rng)
        case .unknown:
            let keys = ["zz", "phonex", "Phone", "sys_idx", "", "é", "servicenow_", "value2", "counters_"]
            let values = ["1", "null", "true", "\"x\"", "[]", "{}", "[{\"a\":1}]", "{\"phone\":\"+1\",\"id\":null}", "-3"]
            let key = Array("\"\(keys.randomElement(using: &rng)!)\"".utf8)
            members.insert((key: key, value: Array(values.randomElement(using: &rng)!.utf8)), at: Int.random(in: 0...members.count, using: &rng))
        }
        bytes = join(members)
        return false
    }

    /// Another value of the same kind: a string with a character more, a number with a digit
    /// more, the other boolean; others as they are.
    static func altered(_ value: [UInt8]) -> [UInt8] {
        guard let first = value.first else { return value }
        switch first {
        case 0x22: return [0x22, UInt8(ascii: "z")] + value.dropFirst()
        case 0x30...0x39, 0x2D: return value + [UInt8(ascii: "7")]
        case UInt8(ascii: "t"): return Array("false".utf8)
        case UInt8(ascii: "f"): return Array("true".utf8)
        default: return value
        }
    }

    /// The range of the first object in `value` when it is an object or an array of objects.
    static func nestedObject(in value: [UInt8]) -> (Range<Int>, Void)? {
        if value.first == 0x7B { return (0..<value.count, ()) }
        guard value.first == 0x5B, value.count > 1, value[1] == 0x7B, let end = valueEnd(value, from: 1) else { return nil }
        return (1..<end, ())
    }

    /// The members of the object `bytes` holds (compact JSON, as the store writes it).
    static func members(of bytes: [UInt8]) -> [(key: [UInt8], value: [UInt8])]? {
        guard bytes.first == 0x7B, bytes.last == 0x7D else { return nil }
        var out: [(key: [UInt8], value: [UInt8])] = []
        var i = 1
        while i < bytes.count - 1 {
            guard bytes[i] == 0x22, let keyEnd = valueEnd(bytes, from: i), bytes[keyEnd] == 0x3A,
                  let end = valueEnd(bytes, from: keyEnd + 1) else { return nil }
            out.append((key: Array(bytes[i..<keyEnd]), value: Array(bytes[(keyEnd + 1)..<end])))
            i = end
            if i < bytes.count - 1 { guard bytes[i] == 0x2C else { return nil }; i += 1 }
        }
        return out
    }

    static func join(_ members: [(key: [UInt8], value: [UInt8])]) -> [UInt8] {
        [0x7B] + members.map { $0.key + [0x3A] + $0.value }.joined(separator: [0x2C]) + [0x7D]
    }

    /// Where the value starting at `start` ends (one past it).
    static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0, inString = false, escaped = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 {
                    inString = false
                    if depth == 0 { return i + 1 }
                }
            } else {
                switch b {
                case 0x22: inString = true
                case 0x7B, 0x5B: depth += 1
                case 0x7D, 0x5D:
                    if depth == 0 { return i }
                    depth -= 1
                    if depth == 0 { return i + 1 }
                case 0x2C: if depth == 0 { return i }
                default: break
                }
            }
            i += 1
        }
        return depth == 0 && !inString ? i : nil
    }
}
