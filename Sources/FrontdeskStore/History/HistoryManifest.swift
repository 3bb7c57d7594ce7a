import FrontdeskCore

/// What the snapshot says about history: the live segments (the source of truth, oldest
/// first), and which derived files describe them. A segment or index not named here is
/// left over from a compaction that did not finish and is never read.
struct HistoryManifest: Codable, Equatable, Sendable {
    struct Segment: Codable, Equatable, Sendable {
        var file: String
        var records: Int
        var bytes: Int
    }

    /// Generation of the compaction that wrote the index (`index-<generation>.bin`).
    var generation: Int
    var segments: [Segment]
    /// Segments of related tasks whose interactions are all in history.
    var tasks: [Segment] = []
    /// Records the index lists (superseded versions in older segments are left out).
    var records: Int
    var compactedAt: Instant

    enum CodingKeys: String, CodingKey {
        case generation, segments, tasks, records, compactedAt = "compacted_at"
    }

    init(generation: Int, segments: [Segment], records: Int, compactedAt: Instant) {
        self.generation = generation; self.segments = segments; self.records = records; self.compactedAt = compactedAt
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        generation = try c.decode(Int.self, forKey: .generation)
        segments = try c.decode([Segment].self, forKey: .segments)
        tasks = try c.decodeIfPresent([Segment].self, forKey: .tasks) ?? []
        records = try c.decode(Int.self, forKey: .records)
        compactedAt = try c.decode(Instant.self, forKey: .compactedAt)
    }

    static let directoryName = "history"
    static let textName = "text.dat"
    static let rowsName = "rows.dat"

    static func segmentName(_ generation: Int) -> String { "seg-" + padded(generation) + ".jsonl" }
    static func indexName(_ generation: Int) -> String { "index-" + padded(generation) + ".bin" }

    private static func padded(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Ties the index to exactly this list of segments: an index whose fingerprint differs is stale.
    var fingerprint: UInt64 { Self.fingerprint(segments, records) }
    /// The same for the task index and the task segments.
    var taskFingerprint: UInt64 { Self.fingerprint(tasks, tasks.count) }

    static func fingerprint(_ segments: [Segment], _ count: Int) -> UInt64 {
        var crc = Checksum.initial
        for s in segments { crc = Checksum.update(crc, Array("\(s.file):\(s.records):\(s.bytes);".utf8)) }
        return UInt64(crc) << 32 | UInt64(UInt32(truncatingIfNeeded: count &* 2_654_435_761))
    }
}
