/// What a record imported from ServiceNow keeps of its row there: its `sys_id` (an export
/// sends the same record back), when ServiceNow last updated it (importing the same number
/// again wins only when newer), the timers ServiceNow computed for it, and the columns
/// Frontdesk has no field for, as they came (an export writes them back), and the related
/// records Frontdesk has no kind of task for (knowledge articles, requested items, ...).
public struct ServiceNowOrigin: Equatable, Sendable, Codable {
    /// One column as it came. `display` is the display value beside the stored value (a
    /// reference's name, a choice's label) when the export carried one: with
    /// `sysparm_display_value=all` both came; with `=true` only the display text did
    /// (`displayOnly`; `value` is then the sys_id of the reference's link, or the text).
    /// Stores written before display values were kept have neither key and read the same.
    public struct Column: Equatable, Sendable, Codable {
        public var name: String
        public var value: String
        public var display: String?
        public var displayOnly: Bool

        enum CodingKeys: String, CodingKey { case name, value, display, displayOnly = "display_only" }

        public init(name: String, value: String, display: String? = nil, displayOnly: Bool = false) {
            self.name = name; self.value = value; self.display = display; self.displayOnly = displayOnly && display != nil
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(name: try c.decode(String.self, forKey: .name), value: try c.decode(String.self, forKey: .value),
                      display: try c.decodeIfPresent(String.self, forKey: .display),
                      displayOnly: try c.decodeIfPresent(Bool.self, forKey: .displayOnly) ?? false)
        }

        /// `display` and `display_only` only when there is one: a column without a display
        /// value is written in the bytes it always was.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encodeIfPresent(display, forKey: .display)
            if displayOnly { try c.encode(true, forKey: .displayOnly) }
        }

        /// What people read: the display value when there is one, else the value.
        public var shown: String { display ?? value }
    }

    /// One `interaction_related_record` row pointing at a record Frontdesk holds no task for
    /// (`kb_knowledge`, `sc_req_item`, or a task whose row was in none of the files): every
    /// column of the row but `interaction` (which is this record), as it came.
    public struct Related: Equatable, Sendable, Codable {
        public var columns: [Column]
        public init(columns: [Column]) { self.columns = columns }

        private func column(_ name: String) -> Column? { columns.first { $0.name == name } }
        /// The table it points into (`kb_knowledge`, ...).
        public var table: String { column("document_table")?.value ?? "" }
        /// The sys_id of the record it points at.
        public var documentID: String { (column("document_id") ?? column("task"))?.value ?? "" }
        /// Its number or name as ServiceNow showed it, else its sys_id.
        public var shown: String { (column("document_id") ?? column("task"))?.display ?? documentID }
    }

    enum CodingKeys: String, CodingKey {
        case sysID = "sys_id", updatedOn = "updated_on", waitTime = "wait_time", duration, columns, related
        case sourceTrail = "source_trail"
    }

    public var sysID: String
    public var updatedOn: Instant
    /// `wait_time` and `duration` in seconds as ServiceNow computed them; a closed record
    /// shows these rather than figures derived from a trail the import could not see.
    public var waitTime: Int64?
    public var duration: Int64?
    public var columns: [Column]
    /// Related records of kinds Frontdesk cannot hold as tasks, in the order they came.
    public var related: [Related]

    /// How many entries at the head of the record's trail came with the import (the rest
    /// happened here): timers run only from what happened here (see `Timers.swift`). Nil in
    /// stores from before it was kept: then the entries up to `updatedOn` came with it.
    public var sourceTrail: Int?

    public init(sysID: String, updatedOn: Instant, waitTime: Int64? = nil, duration: Int64? = nil, columns: [Column] = [],
                related: [Related] = [], sourceTrail: Int? = nil) {
        self.sysID = sysID; self.updatedOn = updatedOn; self.waitTime = waitTime; self.duration = duration; self.columns = columns
        self.related = related; self.sourceTrail = sourceTrail
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sysID = try c.decode(String.self, forKey: .sysID)
        updatedOn = try c.decode(Instant.self, forKey: .updatedOn)
        waitTime = try c.decodeIfPresent(Int64.self, forKey: .waitTime)
        duration = try c.decodeIfPresent(Int64.self, forKey: .duration)
        columns = try c.decodeIfPresent([Column].self, forKey: .columns) ?? []
        sourceTrail = try c.decodeIfPresent(Int.self, forKey: .sourceTrail)
        related = try c.decodeIfPresent([Related].self, forKey: .related) ?? []
    }

    /// Every key, null where empty: the store's one shape; `related` only when there are
    /// some, so a record without them is written in the bytes it always was.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sysID, forKey: .sysID)
        try c.encode(updatedOn, forKey: .updatedOn)
        try c.encode(waitTime, forKey: .waitTime)
        try c.encode(duration, forKey: .duration)
        try c.encode(columns, forKey: .columns)
        if !related.isEmpty { try c.encode(related, forKey: .related) }
        try c.encode(sourceTrail, forKey: .sourceTrail)
    }
}

extension Interaction {
    /// When the record last changed, here or (for an imported one) in ServiceNow: an import
    /// replaces it only with a row updated later than this.
    public var updatedAt: Instant { max(lastChangeAt, origin?.updatedOn ?? lastChangeAt) }

    /// Related records kept from ServiceNow of kinds Frontdesk holds no task for: listed
    /// after its related tasks, by table and number (or sys_id), never opened or created here.
    public var keptRelated: [ServiceNowOrigin.Related] { origin?.related ?? [] }

    /// Related tasks and kept related records together: what "Related tasks (n)" counts.
    public var relatedCount: Int { relatedTasks.count + keptRelated.count }
}
