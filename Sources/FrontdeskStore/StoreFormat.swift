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
    static let markName = "journal.mark"

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
        /// Absent in stores without appointments (written only when there are some).
        var appointments: [Appointment]
        var customers: [Customer]
        var profiles: [ChannelUserProfile]
        /// The profiles left undecoded (`SnapshotLoader.load(_:storingIn:)`): then
        /// `profiles` is empty.
        var storedProfiles: SnapshotProfiles?
        /// The interactions left undecoded (the same call, for a snapshot that lists its
        /// records' heads): then `interactions` is empty.
        var storedRecords: SnapshotRecords?
        var tasks: [RelatedTask]
        var interactions: [Interaction]
        /// The journal this snapshot took in when it was written (absent in older stores).
        var absorbed: JournalMark?
        /// History outside the working set (absent until the first compaction that moved records).
        var history: HistoryManifest?

        enum CodingKeys: String, CodingKey {
            case schema, generation, absorbed, history, config, counters, agents, queues, appointments, customers, profiles, tasks, interactions
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            schema = try c.decode(Int.self, forKey: .schema)
            guard schema == StoreFormat.schemaVersion else {
                throw SchemaMismatch(version: schema)
            }
            generation = try c.decode(Int.self, forKey: .generation)
            absorbed = try c.decodeIfPresent(JournalMark.self, forKey: .absorbed)
            history = try c.decodeIfPresent(HistoryManifest.self, forKey: .history)
            config = try c.decode(DeskConfig.self, forKey: .config)
            counters = try c.decode(CounterMap.self, forKey: .counters)
            agents = try c.decode([Agent].self, forKey: .agents)
            queues = try c.decode([Queue].self, forKey: .queues)
            appointments = try c.decodeIfPresent([Appointment].self, forKey: .appointments) ?? []
            customers = try c.decode([Customer].self, forKey: .customers)
            profiles = try c.decode([ChannelUserProfile].self, forKey: .profiles)
            tasks = try c.decode([RelatedTask].self, forKey: .tasks)
            interactions = try c.decode([Interaction].self, forKey: .interactions)
        }

        /// Everything, stored profiles decoded.
        var everything: ChangeSet {
            var all = withoutStoredProfiles
            all.profiles += storedProfiles?.all() ?? []
            if let storedRecords {
                let records = WorkingRecords(stored: storedRecords)
                records.prefetch(Array(records.indices))
                all.interactions = Array(records)
            }
            return all
        }

        /// The desk it holds, the stored profiles left stored.
        func desk() -> Desk {
            Desk(everything: withoutStoredProfiles, storedProfiles: storedProfiles, storedRecords: storedRecords)
        }

        private var withoutStoredProfiles: ChangeSet {
            var all = ChangeSet()
            all.config = config
            all.counters = counters.values
            all.agents = agents; all.queues = queues; all.customers = customers; all.appointments = appointments
            all.profiles = profiles; all.tasks = tasks; all.interactions = interactions
            return all
        }
    }

    struct SchemaMismatch: Error { var version: Int }

    /// Proof of which journal a snapshot took in: that journal's generation, its length in
    /// bytes and their CRC-32. A journal of an older generation left beside the snapshot (a
    /// compaction cut short before it restarted the journal) is harmless only when it is
    /// exactly this one; anything else holds changes the snapshot lacks.
    struct JournalMark: Codable, Equatable {
        var generation: Int
        var bytes: Int
        var crc32: String
    }

    /// The snapshot's first bytes: `{"crc32":"xxxxxxxx",`, a CRC-32 of everything after them.
    static let snapshotChecksumLead = Array("{\"crc32\":\"".utf8)
    /// Opens the list before the interactions: one line per record, in the same order, its
    /// head and facts (`FastEncoder.recordHead`), so a reader indexes the records without
    /// decoding them. Readers that do not know the list (JSONDecoder, older releases) ignore it.
    static let recordHeadsMarker = ",\n\"record_heads\":["
    static let snapshotChecksumPrefixLength = snapshotChecksumLead.count + 8 + 2

    /// Writes the desk as a snapshot: a checksum and the header fields on the first line,
    /// then each list with one entity per line.
    static func encodeSnapshot(_ desk: Desk, generation: Int, absorbed: JournalMark? = nil, history: HistoryManifest? = nil) throws -> [UInt8] {
        let encoder = encoder()
        let all = desk.everything
        var out: [UInt8] = []
        out.reserveCapacity(all.interactions.count * 700 + 4096)
        func append(_ text: String) { out.append(contentsOf: text.utf8) }
        func appendJSON<T: Encodable>(_ value: T) throws { out.append(contentsOf: try encoder.encode(value)) }
        // The checksum's digits are filled in once everything after them is written.
        out.append(contentsOf: snapshotChecksumLead)
        append("00000000\",")
        append("\"schema\":\(schemaVersion),\"generation\":\(generation),")
        if let absorbed {
            append("\"absorbed\":")
            try appendJSON(absorbed)
            append(",")
        }
        if let history {
            append("\"history\":")
            try appendJSON(history)
            append(",")
        }
        append("\"config\":")
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
        // Only desks with appointments write the list: other snapshots keep their bytes.
        if !all.appointments.isEmpty { try list("appointments", all.appointments) }
        try list("customers", all.customers)
        try list("profiles", all.profiles)
        try list("tasks", all.tasks)
        append(recordHeadsMarker)
        for (i, record) in all.interactions.enumerated() {
            append(i == 0 ? "\n" : ",\n")
            FastEncoder.recordHead(RecordHead(record), RecordFacts(record), into: &out)
        }
        append("\n]")
        // Interactions are most of a snapshot: the fast encoder writes the same bytes.
        append(",\n\"interactions\":[")
        for (i, record) in all.interactions.enumerated() {
            append(i == 0 ? "\n" : ",\n")
            FastEncoder.interaction(record, into: &out)
        }
        append("\n]")
        append("}\n")
        let crc = out.withUnsafeBufferPointer { Checksum.update(Checksum.initial, UnsafeBufferPointer(rebasing: $0[snapshotChecksumPrefixLength...])) }
        out.replaceSubrange(snapshotChecksumLead.count..<(snapshotChecksumLead.count + 8), with: Checksum.hex(crc))
        return out
    }

    /// `encodeSnapshot`, with a failure reported as a store error on `path`.
    static func encodeSnapshotBytes(_ desk: Desk, generation: Int, absorbed: JournalMark?, history: HistoryManifest?,
                                    path: String) throws(StoreError) -> [UInt8] {
        do { return try encodeSnapshot(desk, generation: generation, absorbed: absorbed, history: history) } catch {
            throw .io(file: path, operation: "encode", errno: EINVAL)
        }
    }

    /// Checks a snapshot's checksum. A snapshot written before checksums (or rewritten by
    /// another tool, which moves the field) does not start with it and has none to check.
    static func verifySnapshot(_ bytes: UnsafeBufferPointer<UInt8>) -> ChecksumProblem? {
        let lead = snapshotChecksumLead
        guard bytes.count >= snapshotChecksumPrefixLength, bytes.starts(with: lead) else { return nil }
        guard let stored = Checksum.parseHex(UnsafeBufferPointer(rebasing: bytes[lead.count..<(lead.count + 8)])),
              bytes[lead.count + 8] == UInt8(ascii: "\""), bytes[lead.count + 9] == UInt8(ascii: ",") else { return .missing }
        let actual = Checksum.update(Checksum.initial, UnsafeBufferPointer(rebasing: bytes[snapshotChecksumPrefixLength...]))
        return actual == stored ? nil : .mismatch(stored: stored, actual: actual)
    }

    enum ChecksumProblem: Equatable {
        case missing
        case mismatch(stored: UInt32, actual: UInt32)

        var description: String {
            switch self {
            case .missing: return "the checksum is missing or unreadable"
            case let .mismatch(stored, actual):
                return "checksum mismatch (stored \(String(decoding: Checksum.hex(stored), as: UTF8.self)), "
                    + "computed \(String(decoding: Checksum.hex(actual), as: UTF8.self))): the bytes changed after they were written"
            }
        }
    }

    // MARK: Journal

    struct JournalHeader: Codable {
        var schema: Int
        var generation: Int
        /// "crc32" when every change line ends with its checksum; absent in older journals.
        var checksums: String?
    }

    /// A change line ends with `,"crc32":"xxxxxxxx"}`: the CRC-32 of the line as it would
    /// read without that field. The field stays inside the JSON object, so `jq` reads it.
    static let lineChecksumLead = Array(",\"crc32\":\"".utf8)
    static let lineChecksumSuffixLength = lineChecksumLead.count + 8 + 2

    /// The journal line for `entry`, checksum included.
    static func encodeEntryLine(_ entry: JournalEntry) throws -> [UInt8] {
        checksummedLine([UInt8](try encoder().encode(entry)))
    }

    /// A JSON object as one line ending in its checksum field and a newline.
    static func checksummedLine(_ object: [UInt8]) -> [UInt8] {
        var bytes = object
        let crc = Checksum.of(bytes)
        bytes.removeLast()
        bytes.append(contentsOf: lineChecksumLead)
        bytes.append(contentsOf: Checksum.hex(crc))
        bytes.append(contentsOf: "\"}\n".utf8)
        return bytes
    }

    /// Checks the checksum of one change line (`line` holds no newline).
    static func verifyLine(_ line: ArraySlice<UInt8>) -> ChecksumProblem? {
        let n = line.count
        guard n > lineChecksumSuffixLength else { return .missing }
        let suffix = line.index(line.endIndex, offsetBy: -lineChecksumSuffixLength)
        guard line[suffix..<(suffix + lineChecksumLead.count)].elementsEqual(lineChecksumLead),
              line[line.endIndex - 2] == UInt8(ascii: "\""), line[line.endIndex - 1] == UInt8(ascii: "}"),
              let stored = Checksum.parseHex(line[(suffix + lineChecksumLead.count)..<(line.endIndex - 2)]) else { return .missing }
        var crc = Checksum.update(Checksum.initial, line[line.startIndex..<suffix])
        crc = Checksum.update(crc, [UInt8(ascii: "}")])
        return crc == stored ? nil : .mismatch(stored: stored, actual: crc)
    }

    /// How much of the journal of `generation` is known to be saved: `bytes` were fsynced
    /// and acknowledged (the writer rewrites this after each save). The journal only ever
    /// grows past it, so a journal of that generation holding fewer complete bytes was cut
    /// through acknowledged changes; one holding more ends in a crash's torn write at most.
    struct AcknowledgedMark: Codable, Equatable {
        var generation: Int
        var bytes: Int
    }

    /// The mark file is rewritten in place: always this many bytes (the checksummed line,
    /// padded with spaces), so no write ever leaves an older, longer mark's tail behind.
    static let markFileSize = 128

    static func encodeMark(_ mark: AcknowledgedMark) -> [UInt8] {
        var line = checksummedLine((try? encoder().encode(mark)).map { [UInt8]($0) } ?? Array("{}".utf8))
        line.removeLast()
        line.append(contentsOf: repeatElement(UInt8(ascii: " "), count: max(0, markFileSize - 1 - line.count)))
        line.append(UInt8(ascii: "\n"))
        return line
    }

    /// The mark in `bytes`, or what is wrong with them.
    static func decodeMark(_ bytes: [UInt8]) -> Result<AcknowledgedMark, MarkProblem> {
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        while line.last == UInt8(ascii: " ") { line.removeLast() }
        if let problem = verifyLine(line) { return .failure(MarkProblem(description: problem.description)) }
        do { return .success(try JSONDecoder().decode(AcknowledgedMark.self, from: Data(line))) } catch {
            return .failure(MarkProblem(description: DamageReport.problem(error)))
        }
    }

    struct MarkProblem: Error { var description: String }

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

