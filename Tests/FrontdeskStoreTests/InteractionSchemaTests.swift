import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskBackend
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// `InteractionSchema.fields` is the record's one schema: it must say exactly what the stored
/// bytes hold, and every writer and reader built on it must keep those bytes.
@Suite struct InteractionSchemaTests {
    /// The generated desk with escapes, replies and an imported record (see FastDecoderTests).
    static var records: [Interaction] { Array(FastDecoderTests.desk.interactions) }

    /// The keys JSONEncoder writes for a record, at the top level.
    func keys(_ r: Interaction) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: try StoreFormat.encoder().encode(r)) as? [String: Any]
        return Set(try #require(object).keys)
    }

    @Test func tableAgreesWithCodable() throws {
        let table = Set(InteractionSchema.fields.map(\.key))
        #expect(table.count == InteractionSchema.fields.count, "each key once")
        var written = Set<String>()
        for r in Self.records {
            let k = try keys(r)
            // Every key written is in the table, and every key of the table is written but a
            // field written only when set (the ServiceNow origin, which imported records carry).
            #expect(k.isSubset(of: table), "\(r.number): \(k.subtracting(table))")
            for field in InteractionSchema.fields where field.presence == .omittedWhenNull || !k.contains(field.key) {
                #expect(field.presence == .omittedWhenNull, "\(r.number): \(field.key) not written")
                #expect(k.contains(field.key) == (field.get(r) != .null), "\(r.number): \(field.key)")
            }
            written.formUnion(k)
        }
        let omitted = Set(InteractionSchema.fields.filter { $0.presence == .omittedWhenNull }.map(\.key))
        #expect(table.subtracting(written).isSubset(of: omitted))
        #expect(written.contains("servicenow"), "the records include an imported one")
        // The stored layout as it was before the table: old stores read the same.
        #expect(Set(["archived_at", "assigned_to", "channel_user_profile", "history", "number", "opened_at", "opened_for",
                     "queue", "related_tasks", "servicenow", "short_description", "state", "state_reason", "transcript",
                     "type", "version", "work_notes"]).isSubset(of: table))
    }

    @Test func eachFieldReadsBackWhatItGives() throws {
        for r in Self.records {
            var copy = InteractionSchema.blank
            for field in InteractionSchema.fields { #expect(field.set(&copy, field.get(r)), "\(field.key)") }
            #expect(copy == r, "\(r.number)")
            #expect(try JSONDecoder().decode(Interaction.self, from: StoreFormat.encoder().encode(r)) == r)
        }
    }

    @Test func fastEncoderWritesJSONEncodersBytesForTheTable() throws {
        let encoder = StoreFormat.encoder()
        for r in Self.records {
            #expect(FastEncoder.interaction(r) == [UInt8](try encoder.encode(r)), "\(r.number)")
        }
    }

    @Test func requiredFieldsMissingOrNullGoToJSONDecoderWhichRefuses() throws {
        let r = try #require(Self.records.first)
        let required = InteractionSchema.fields.filter { $0.presence == .required }.map(\.key)
        #expect(Set(required) == ["number", "type", "state", "short_description", "opened_at", "version"])
        for key in required {
            var object = try #require(JSONSerialization.jsonObject(with: StoreFormat.encoder().encode(r)) as? [String: Any])
            for value in [nil, NSNull()] as [Any?] {
                object[key] = value
                let bytes = [UInt8](try JSONSerialization.data(withJSONObject: object))
                let fast = bytes.withUnsafeBufferPointer { buffer -> Interaction? in
                    var d = FastDecoder(buffer, from: 0, to: buffer.count)
                    return try? d.interaction()
                }
                #expect(fast == nil, "\(key)")
                #expect(throws: DecodingError.self) { try JSONDecoder().decode(Interaction.self, from: Data(bytes)) }
            }
        }
    }

    @Test func aRepeatedFieldGoesToJSONDecoder() throws {
        let r = try #require(Self.records.first { $0.origin != nil })
        let line = String(decoding: try StoreFormat.encoder().encode(r), as: UTF8.self)
        for key in InteractionSchema.fields.map(\.key) {
            // The record again with one field written twice, the second time first.
            guard line.contains("\"\(key)\":") else { continue }
            let value = try #require(JSONSerialization.jsonObject(with: StoreFormat.encoder().encode(r)) as? [String: Any])[key]
            let again = String(decoding: try JSONSerialization.data(withJSONObject: [key: value as Any], options: [.fragmentsAllowed]), as: UTF8.self)
            let doubled = "{" + again.dropFirst().dropLast() + "," + line.dropFirst()
            let bytes = Array(doubled.utf8)
            let fast = bytes.withUnsafeBufferPointer { buffer -> Interaction? in
                var d = FastDecoder(buffer, from: 0, to: buffer.count)
                return try? d.interaction()
            }
            #expect(fast == nil, "\(key) twice")
        }
    }
}
