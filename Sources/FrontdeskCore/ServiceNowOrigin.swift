/// What a record imported from ServiceNow keeps of its row there: its `sys_id` (an export
/// sends the same record back), when ServiceNow last updated it (importing the same number
/// again wins only when newer), the timers ServiceNow computed for it, and the columns
/// Frontdesk has no field for, as they came (an export writes them back).
public struct ServiceNowOrigin: Equatable, Sendable, Codable {
    public struct Column: Equatable, Sendable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    enum CodingKeys: String, CodingKey {
        case sysID = "sys_id", updatedOn = "updated_on", waitTime = "wait_time", duration, columns
        case sourceTrail = "source_trail"
    }

    public var sysID: String
    public var updatedOn: Instant
    /// `wait_time` and `duration` in seconds as ServiceNow computed them; a closed record
    /// shows these rather than figures derived from a trail the import could not see.
    public var waitTime: Int64?
    public var duration: Int64?
    public var columns: [Column]
    /// How many entries at the head of the record's trail came with the import (the rest
    /// happened here): timers run only from what happened here (see `Timers.swift`). Nil in
    /// stores from before it was kept: then the entries up to `updatedOn` came with it.
    public var sourceTrail: Int?

    public init(sysID: String, updatedOn: Instant, waitTime: Int64? = nil, duration: Int64? = nil, columns: [Column] = [],
                sourceTrail: Int? = nil) {
        self.sysID = sysID; self.updatedOn = updatedOn; self.waitTime = waitTime; self.duration = duration; self.columns = columns
        self.sourceTrail = sourceTrail
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sysID = try c.decode(String.self, forKey: .sysID)
        updatedOn = try c.decode(Instant.self, forKey: .updatedOn)
        waitTime = try c.decodeIfPresent(Int64.self, forKey: .waitTime)
        duration = try c.decodeIfPresent(Int64.self, forKey: .duration)
        columns = try c.decodeIfPresent([Column].self, forKey: .columns) ?? []
        sourceTrail = try c.decodeIfPresent(Int.self, forKey: .sourceTrail)
    }

    /// Every key, null where empty: the store's one shape.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sysID, forKey: .sysID)
        try c.encode(updatedOn, forKey: .updatedOn)
        try c.encode(waitTime, forKey: .waitTime)
        try c.encode(duration, forKey: .duration)
        try c.encode(columns, forKey: .columns)
        try c.encode(sourceTrail, forKey: .sourceTrail)
    }
}

extension Interaction {
    /// When the record last changed, here or (for an imported one) in ServiceNow: an import
    /// replaces it only with a row updated later than this.
    public var updatedAt: Instant { max(lastChangeAt, origin?.updatedOn ?? lastChangeAt) }
}
