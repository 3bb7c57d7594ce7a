import Foundation
import FrontdeskBackend
import FrontdeskCore

/// The desk's entities as the JSON documents the tables hold: written with the same
/// encoders the file store uses (the record's one schema table, through `Codable`), so a
/// record reads the same whichever backend wrote it.
enum PostgresDocuments {
    /// `frontdesk_entities.kind` of each part of a change set.
    enum Kind: String, CaseIterable {
        case customer, profile, agent, queue, task, config, counter, appointment
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes by the store's fast decoder where the document is in the shape the store
    /// writes (what it nearly always is), else by JSONDecoder, which names what is wrong.
    static func fast<T: Decodable>(_ json: String, table: String,
                                   _ read: (inout FastDecoder) throws(FastDecoder.Mismatch) -> T) throws(StoreError) -> T {
        var text = json
        let quick: T? = text.withUTF8 { buffer in
            var decoder = FastDecoder(buffer, from: 0, to: buffer.count)
            guard let value = try? read(&decoder), decoder.atEnd() else { return nil }
            return value
        }
        if let quick { return quick }
        return try decode(T.self, json, table: table)
    }

    static func interaction(_ json: String, table: String) throws(StoreError) -> Interaction {
        try fast(json, table: table) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.interaction() }
    }

    static func changeSet(_ json: String, table: String) throws(StoreError) -> ChangeSet {
        try fast(json, table: table) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.changeSet() }
    }

    /// A record as the file store writes it, byte for byte (the fast encoder).
    static func encode(_ record: Interaction) -> String {
        String(decoding: FastEncoder.interaction(record), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String, table: String) throws(StoreError) -> T {
        do { return try JSONDecoder().decode(T.self, from: Data(json.utf8)) } catch {
            throw StoreError.damaged(file: table, location: "a document", problem: "\(error)")
        }
    }

    /// The entities of a change set, one (kind, key, JSON) each.
    static func entities(of changes: ChangeSet) throws -> [(kind: Kind, key: String, json: String)] {
        var out: [(Kind, String, String)] = []
        for c in changes.customers { out.append((.customer, c.id, try encode(c))) }
        for p in changes.profiles { out.append((.profile, p.id, try encode(p))) }
        for a in changes.agents { out.append((.agent, a.login, try encode(a))) }
        for q in changes.queues { out.append((.queue, q.id, try encode(q))) }
        for t in changes.tasks { out.append((.task, t.number, try encode(t))) }
        for a in changes.appointments { out.append((.appointment, a.id, try encode(a))) }
        if let config = changes.config { out.append((.config, "", try encode(config))) }
        for (prefix, value) in changes.counters { out.append((.counter, prefix.rawValue, String(value))) }
        return out
    }

    /// Puts one stored entity into `all`.
    static func add(kind: String, key: String, json: String, to all: inout ChangeSet) throws(StoreError) {
        let table = "frontdesk_entities (\(kind) \(key))"
        switch Kind(rawValue: kind) {
        case .customer: all.customers.append(try fast(json, table: table) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.customer() })
        case .profile: all.profiles.append(try fast(json, table: table) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.profile() })
        case .agent: all.agents.append(try decode(Agent.self, json, table: table))
        case .queue: all.queues.append(try decode(Queue.self, json, table: table))
        case .task: all.tasks.append(try fast(json, table: table) { (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.task() })
        case .config: all.config = try decode(DeskConfig.self, json, table: table)
        case .appointment: all.appointments.append(try decode(Appointment.self, json, table: table))
        case .counter:
            guard let prefix = NumberPrefix(rawValue: key), let value = Int(json) else {
                throw StoreError.damaged(file: table, location: "counter", problem: "not a counter and its value")
            }
            all.counters[prefix] = value
        case nil:
            throw StoreError.damaged(file: table, location: "kind", problem: "unknown kind \(kind)")
        }
    }

    /// The text search reads: the record's own fields, folded as search folds them, one per
    /// line so that a match never spans two fields. NUL is left out (`text` cannot hold it).
    static func searchText(_ r: Interaction) -> String {
        var parts = [r.number, r.shortDescription]
        if let caller = r.caller { parts.append(caller) }
        parts += r.workNotes.map(\.text)
        parts += r.transcript.map(\.text)
        parts += r.walkUpSearchTexts
        return SearchFolding.fold(parts.joined(separator: "\n")).replacingOccurrences(of: "\u{0}", with: "")
    }
}
