import Foundation
import FrontdeskCore

/// The store's files, in one place: a snapshot (one JSON document, one entity per line so
/// that it reads well in `jq`, `grep` and diffs) and a journal (JSON Lines: a header line,
/// then one applied change set per line).
enum StoreFormat {
    static let schemaVersion = 1
    static let snapshotName = "snapshot.json"
    static let journalName = "journal.jsonl"
    static let lockName = "lock"

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    // MARK: Snapshot

    struct Snapshot: Decodable {
        var schema: Int
        var generation: Int
        var config: DeskConfig
        var counters: CounterMap
        var agents: [Agent]
        var queues: [Queue]
        var customers: [Customer]
        var profiles: [ChannelUserProfile]
        var tasks: [RelatedTask]
        var interactions: [Interaction]

        enum CodingKeys: String, CodingKey {
            case schema, generation, config, counters, agents, queues, customers, profiles, tasks, interactions
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schema = try c.decode(Int.self, forKey: .schema)
            guard schema == StoreFormat.schemaVersion else {
                throw SchemaMismatch(version: schema)
            }
            generation = try c.decode(Int.self, forKey: .generation)
            config = try c.decode(DeskConfig.self, forKey: .config)
            counters = try c.decode(CounterMap.self, forKey: .counters)
            agents = try c.decode([Agent].self, forKey: .agents)
            queues = try c.decode([Queue].self, forKey: .queues)
            customers = try c.decode([Customer].self, forKey: .customers)
            profiles = try c.decode([ChannelUserProfile].self, forKey: .profiles)
            tasks = try c.decode([RelatedTask].self, forKey: .tasks)
            interactions = try c.decode([Interaction].self, forKey: .interactions)
        }

        var everything: ChangeSet {
            var all = ChangeSet()
            all.config = config
            all.counters = counters.values
            all.agents = agents; all.queues = queues; all.customers = customers
            all.profiles = profiles; all.tasks = tasks; all.interactions = interactions
            return all
        }
    }

    struct SchemaMismatch: Error { var version: Int }

    /// Writes the desk as a snapshot: header fields on the first line, then each list with
    /// one entity per line.
    static func encodeSnapshot(_ desk: Desk, generation: Int) throws -> [UInt8] {
        let encoder = encoder()
        let all = desk.everything
        var out: [UInt8] = []
        out.reserveCapacity(all.interactions.count * 700 + 4096)
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        func appendJSON<T: Encodable>(_ value: T) throws { out.append(contentsOf: try encoder.encode(value)) }
        append("{\"schema\":\(schemaVersion),\"generation\":\(generation),\"config\":")
        try appendJSON(all.config ?? DeskConfig())
        append(",\"counters\":")
        try appendJSON(CounterMap(all.counters))
        func list<T: Encodable>(_ name: String, _ items: [T]) throws {
            append(",\n\"\(name)\":[")
            for (i, item) in items.enumerated() {
                append(i == 0 ? "\n" : ",\n")
                try appendJSON(item)
            }
            append("\n]")
        }
        try list("agents", all.agents)
        try list("queues", all.queues)
        try list("customers", all.customers)
        try list("profiles", all.profiles)
        try list("tasks", all.tasks)
        try list("interactions", all.interactions)
        append("}\n")
        return out
    }

    // MARK: Journal

    struct JournalHeader: Codable {
        var schema: Int
        var generation: Int
    }

    /// One applied change: when, by whom, and the entities it left behind.
    struct JournalEntry: Codable {
        var at: Instant
        var by: String
        var changes: ChangeSet
    }

    static func encodeLine<T: Encodable>(_ value: T) throws -> [UInt8] {
        var bytes = [UInt8](try encoder().encode(value))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}

