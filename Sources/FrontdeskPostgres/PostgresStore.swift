import Foundation
import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// The desk in a PostgreSQL database: the same `DeskBackend` as the file store, for a desk
/// on several hosts or one that must outlive its host.
///
/// Writers serialise on a transaction-scoped advisory lock (`PostgresSchema.writersLock`):
/// inside one transaction a writer takes it, reads the change sets committed since it last
/// looked (`frontdesk_changes`, in `seq` order) and applies them, plans the command against
/// that current desk exactly as the file store does under its `flock`, writes the change
/// set and the records it touched, NOTIFYs, and COMMITs. Only then is the change applied
/// here and acknowledged. A change planned against an older version is therefore refused as
/// a conflict by the domain as today, and numbers (counters in the same transaction) stay
/// unique and gapless. Readers take no lock: they read the changes past their `seq`.
public final class PostgresStore: DeskBackend {
    public var location: String { session.location.display }
    public private(set) var desk = Desk()
    public private(set) var warnings: [String] = []
    public var lockTimeout: Double
    /// The database role this session is (`session_user`): the agent's identity on PostgreSQL.
    public private(set) var sessionUser = ""
    /// The version of the schema this binary writes (and migrates older ones to).
    public static var schemaVersion: Int { PostgresSchema.version }
    /// Whether the schema was created by this open (a new desk).
    public private(set) var created = false
    /// Where opening this store, and its last save, spent their time.
    public private(set) var timing = PostgresTiming()

    let session: PostgresSession
    /// The channel user profiles the desk reads one at a time (set by each load).
    var profiles: PostgresProfiles?
    private let oneThread: Bool
    /// The last change set this desk has applied.
    var lastSeq: Int64 = 0
    /// Records closed before this (and no reply queued) were left out of the working set at
    /// load; history answers for them.
    var cutoff = Instant(seconds: 0)
    /// What this console last said it shows, and when (see `PostgresStore+Presence.swift`).
    var lastAnnounced: (viewer: Viewer, at: Instant)?
    /// Names this console's row in `frontdesk_viewers`.
    public var viewerID = UUID().uuidString
    var routing = false

    /// Opens the desk at `url`. With a `seed`, a database without the schema gets it and the
    /// seed (the first command on a new desk, as a folder is created by the file store);
    /// without one, it is refused, naming the URL.
    /// `oneThread`: the store is used from one thread at a time (a command), so history and
    /// profiles read on its own connection; otherwise (a console, `serve`) on a second one.
    public init(url: String, seed: ChangeSet? = nil, lockTimeout: Double = 10,
                environment: [String: String] = ProcessInfo.processInfo.environment, oneThread: Bool = false) throws {
        self.lockTimeout = lockTimeout
        self.oneThread = oneThread
        session = PostgresSession(location: try PostgresLocation(url: url, environment: environment))
        // An ignored ~/.pgpass (loose permissions) is said, as libpq says it.
        warnings += session.location.warnings
        let start = PostgresTiming.now()
        if try PostgresSchema.prepare(session, create: seed != nil), let seed {
            try seedNewDesk(seed)
            created = true
        }
        timing.connect = session.connectSeconds
        timing.schema = PostgresTiming.now() - start - timing.connect
        try loadEverything()
    }

    /// Creates the schema (and the seed, on an empty desk) at `url`; true when it was new.
    @discardableResult
    public static func initialize(url: String, seed: ChangeSet,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Bool {
        try PostgresStore(url: url, seed: seed, environment: environment).created
    }

    /// The seed goes in as the desk's first change set, unless another process seeded it first.
    private func seedNewDesk(_ seed: ChangeSet) throws {
        try session.transaction("create the desk") {
            try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writersLock))", "create the desk")
            let any = try session.query("SELECT 1 FROM frontdesk_changes LIMIT 1", "create the desk")
            guard any.isEmpty else { return }
            try write(seed, at: Instant(seconds: Int64(time(nil))), by: "frontdesk")
        }
    }

    // MARK: Loading

    /// Reads the working set: the directory, configuration and counters, and the records that
    /// are open, closed within the history window, or have a reply still queued. One
    /// statement, so one snapshot of the database and one round trip: the last change's
    /// `seq`, the role, the cut-off (from the configuration's history window), then the rows
    /// (in no order: the part each row belongs to says what it is). Channel user profiles are
    /// not read: only their count and each id prefix's greatest id (`PostgresProfiles` reads
    /// a profile when it is asked for). The records are decoded on all cores.
    func loadEverything() throws {
        let now = Instant(seconds: Int64(time(nil)))
        let queried = PostgresTiming.now()
        // The cut-off goes into the statement as a number: as an expression the planner cannot
        // see how few records pass it, and at 1M records it read the whole table twice (1.3 s
        // of the statement's 1.6 s) instead of the index.
        let window = try session.query("""
            SELECT coalesce((SELECT (record->>'history_window_days')::bigint FROM frontdesk_entities WHERE kind = 'config'),
                            \(Int64(DeskConfig.defaultHistoryWindowDays)))
            """, "read the history window")
        let loadCutoff = now.seconds - 86400 * (try decode(Int64.self, window.first, "the history window"))
        let rows = try session.query("""
            -- The working set's numbers, for its tasks: materialised (small), not the records.
            WITH working AS MATERIALIZED (SELECT number FROM frontdesk_interactions
                                          WHERE closed_at IS NULL OR closed_at >= \(unescaped: String(loadCutoff)) OR pending_reply)
            SELECT 0 AS part, (SELECT coalesce(max(seq), 0) FROM frontdesk_changes)::text AS a, session_user::text AS b,
                   '\(unescaped: String(loadCutoff))' AS c
            -- The directory by its key's index (not a scan past every task and profile).
            UNION ALL SELECT 1, kind, key, record::text FROM frontdesk_entities WHERE kind IN (\(unescaped: Self.directoryKinds))
            -- The tasks of the working set, and those linking nothing yet; the others are history's.
            UNION ALL SELECT 1, kind, key, record::text FROM frontdesk_entities
                      WHERE kind = 'task' AND key IN (SELECT l.task FROM frontdesk_task_links l WHERE l.interaction IN (SELECT number FROM working))
            UNION ALL SELECT 1, kind, key, record::text FROM frontdesk_entities
                      WHERE kind = 'task' AND key IN (SELECT l.task FROM frontdesk_task_links l WHERE l.interaction = '')
            UNION ALL SELECT 2, number, '', record::text FROM frontdesk_interactions
                      WHERE closed_at IS NULL OR closed_at >= \(unescaped: String(loadCutoff)) OR pending_reply
            -- Profiles: per id prefix (the id less its seven digits), the greatest id and how many.
            UNION ALL SELECT 3, prefix, max(key COLLATE "C"), count(*)::text FROM (
                SELECT key, CASE WHEN length(key) > 7 THEN left(key, length(key) - 7) ELSE '' END AS prefix
                FROM frontdesk_entities WHERE kind = 'profile') AS p GROUP BY prefix
            """, "read the working set")
        let decoding = PostgresTiming.now()
        timing.query = decoding - queried
        var all = ChangeSet()
        var seq: Int64?
        var records: [(number: String, json: String)] = []
        var profileCount = 0, greatestProfiles: [String: String] = [:]
        for row in rows {
            let (part, a, b, c) = try decodeRow((Int32, String, String, String).self, row, "the working set")
            switch part {
            case 0:
                seq = Int64(a)
                sessionUser = b
                cutoff = Instant(seconds: Int64(c) ?? 0)
            case 1:
                try PostgresDocuments.add(kind: a, key: b, json: c, to: &all)
            case 3:
                greatestProfiles[a] = b
                profileCount += Int(c) ?? 0
            default:
                records.append((a, c))
            }
        }
        guard let seq else { throw StoreError.damaged(file: location, location: "frontdesk_changes", problem: "no last change came back") }
        all.interactions = try Self.decodeRecords(records)
        // Sorted here, not by the server: a sort there would carry every record's text with it.
        all.interactions.sort { $0.number < $1.number }
        let building = PostgresTiming.now()
        timing.decode = building - decoding
        defer { timing.build = PostgresTiming.now() - building }
        // A console's profiles have a connection of their own: a search key matching their
        // numbers must not wait behind history's search of the same key (seconds at 1M).
        let side = oneThread ? PostgresSideConnection(sharing: session) : PostgresSideConnection(location: session.location)
        let profileSide = oneThread ? side : PostgresSideConnection(location: session.location)
        profiles = PostgresProfiles(side: profileSide, count: profileCount, greatest: greatestProfiles)
        var loaded = Desk(everything: all, storedProfiles: profiles)
        // Walk-up locations' local time comes from the system's time zones.
        loaded.zones = .system
        let directory = loaded
        loaded.history = PostgresHistory(side: side, cutoff: cutoff, names: { directory.customerName($0) },
                                         customersMatching: { query in directory.customers.values.filter { query.matches($0.name) }.map(\.id) })
        desk = loaded
        lastSeq = seq
    }

    /// The kinds of `frontdesk_entities` read whole at load: all but tasks (those of the
    /// working set only) and profiles (`PostgresProfiles`).
    static let directoryKinds = PostgresDocuments.Kind.allCases.filter { $0 != .task && $0 != .profile }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Reads every profile now, in the background (on the side connection): a console's search
    /// matches the profiles' numbers from its first key, and would otherwise read them then.
    public func readProfilesInBackground() {
        guard let profiles else { return }
        DispatchQueue.global(qos: .utility).async { _ = profiles.all() }
    }

    /// The records' documents decoded on all cores (the fast decoder, each on its own), in
    /// their order; a document that does not decode is named by a second, serial pass.
    static func decodeRecords(_ records: [(number: String, json: String)]) throws -> [Interaction] {
        let chunks = records.count < 256 ? 1 : ProcessInfo.processInfo.activeProcessorCount
        let decoded = ChunkedParallel.mapUnlessAnyFails(count: records.count, chunks: chunks) { range -> [Interaction]? in
            var out: [Interaction] = []
            out.reserveCapacity(range.count)
            for i in range {
                guard let r = try? PostgresDocuments.interaction(records[i].json, table: "") else { return nil }
                out.append(r)
            }
            return out
        }
        if let decoded { return decoded }
        return try records.map { try PostgresDocuments.interaction($0.json, table: "frontdesk_interactions \($0.number)") }
    }

    // MARK: Writing

    @discardableResult
    public func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        let start = PostgresTiming.now()
        var planned = start, written = start
        let (result, seq) = try withWritersTurn { () throws -> (CommandResult, Int64?) in
            let turned = PostgresTiming.now()
            timing.turn = turned - start
            _ = profiles?.takeFailure()
            let result = try plan(command, by: actor, at: clock.now())
            // A profile that could not be read was planned as absent: refused, nothing written.
            if let failure = profiles?.takeFailure() { throw failure }
            planned = PostgresTiming.now()
            timing.plan = planned - turned
            guard !result.changes.isEmpty else { return (result, nil) }
            let seq = try write(result.changes, at: result.at, by: actor)
            written = PostgresTiming.now()
            timing.write = written - planned
            return (result, seq)
        }
        timing.commit = PostgresTiming.now() - max(planned, written)
        if let seq { applyOwn(result.changes, seq: seq) }
        return result
    }

    @discardableResult
    public func performBatch(by actor: String, at now: Instant, _ build: (Desk) throws -> ChangeSet) throws -> ChangeSet {
        let (changes, seq) = try withWritersTurn { () throws -> (ChangeSet, Int64?) in
            _ = profiles?.takeFailure()
            let changes = try build(desk)
            if let failure = profiles?.takeFailure() { throw failure }
            guard !changes.isEmpty else { return (changes, nil) }
            if let problem = desk.inconsistency(in: changes) {
                throw StoreError.badInput(file: location, location: "import", problem: problem)
            }
            return (changes, try write(changes, at: now, by: actor))
        }
        if let seq { applyOwn(changes, seq: seq) }
        return changes
    }

    /// Plans against the working set; a command on a record in history plans against a copy
    /// that holds it too.
    private func plan(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        var recalled = ChangeSet()
        if let number = command.recordNumber, desk.interaction(number) == nil, let old = try desk.history?.record(number: number) {
            recalled.put(old)
        }
        if case let .linkTask(_, taskNumber, _) = command, desk.tasks[taskNumber] == nil, let task = try desk.history?.task(number: taskNumber) {
            recalled.put(task)
        }
        guard !recalled.isEmpty else { return try desk.plan(command, by: actor, at: now) }
        var base = desk
        base.apply(recalled)
        return try base.plan(command, by: actor, at: now)
    }

    /// Runs `body` in a transaction holding the writers' lock, against a desk that has every
    /// change committed before it. Waits at most `lockTimeout` for the lock. `body` returns
    /// the `seq` of the change it wrote: when the connection drops as it commits, that row
    /// says on a new connection whether it did (see `PostgresSession.transaction`).
    func withWritersTurn<T>(_ body: () throws -> (T, Int64?)) throws -> (T, Int64?) {
        try session.transaction("save the change", saved: { written in try self.isCommitted(written.1) }) {
            let milliseconds = max(1, Int(lockTimeout * 1000))
            try session.query(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(milliseconds)"), "save the change")
            do {
                try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writersLock))", "wait for the other writers")
            } catch StoreError.lockTimeout {
                throw StoreError.lockTimeout(file: location, seconds: lockTimeout)
            }
            try catchUp()
            return try body()
        }
    }

    /// Whether the change written as `seq` committed (a rolled-back transaction's `seq` is
    /// never handed out again). Nothing written is nothing lost.
    private func isCommitted(_ seq: Int64?) throws -> Bool {
        guard let seq else { return true }
        let rows = try session.query("SELECT EXISTS (SELECT 1 FROM frontdesk_changes WHERE seq = \(seq))", "check the change")
        return try decode(Bool.self, rows.first, "the change's commit")
    }

    /// Writes a change set in the current transaction: the change row, the records and
    /// entities it touched, and the NOTIFY that wakes every listening console (delivered at
    /// COMMIT, never for a change rolled back). Returns the change's `seq`.
    @discardableResult
    func write(_ changes: ChangeSet, at now: Instant, by actor: String) throws -> Int64 {
        let json = try PostgresDocuments.encode(changes)
        // The NOTIFY goes with the INSERT (one round trip); the server delivers it at COMMIT.
        let rows = try session.query("""
            WITH c AS (INSERT INTO frontdesk_changes (at, actor, changes) VALUES (\(now.seconds), \(actor), \(json)::json) RETURNING seq)
            SELECT seq, pg_notify('\(unescaped: PostgresSession.channel)', seq::text)::text FROM c
            """, "save the change")
        guard let row = rows.first else { throw StoreError.damaged(file: location, location: "frontdesk_changes", problem: "no new seq came back") }
        let (seq, _) = try decodeRow((Int64, String).self, row, "frontdesk_changes")
        try PostgresRows.upsert(changes, in: session)
        return seq
    }

    private func applyOwn(_ changes: ChangeSet, seq: Int64) {
        desk.apply(changes)
        lastSeq = max(lastSeq, seq)
        if !changes.interactions.isEmpty { (desk.history as? PostgresHistory)?.forget() }
    }

    public func requireWritable() throws {
        let rows = try session.query("""
            SELECT has_table_privilege('frontdesk_changes', 'INSERT') AND has_table_privilege('frontdesk_interactions', 'INSERT, UPDATE')
            """, "check the role's rights")
        if (try? rows.first?.decode(Bool.self)) != true {
            throw StoreError.permissionDenied(file: location, operation: "write the desk", owner: "role \(sessionUser) may only read")
        }
    }

    // MARK: Reading

    @discardableResult
    public func refresh() throws -> Bool {
        try catchUp()
    }

    /// Applies the change sets committed since `lastSeq`, in order; true when there were any.
    @discardableResult
    func catchUp() throws -> Bool {
        let rows = try session.query("SELECT seq, changes::text FROM frontdesk_changes WHERE seq > \(lastSeq) ORDER BY seq",
                                     "read the new changes")
        for row in rows {
            let (seq, json) = try decodeRow((Int64, String).self, row, "frontdesk_changes")
            desk.apply(try PostgresDocuments.changeSet(json, table: "frontdesk_changes seq \(seq)"))
            lastSeq = seq
        }
        // Records others changed may have moved between history's lists.
        if !rows.isEmpty { (desk.history as? PostgresHistory)?.forget() }
        return !rows.isEmpty
    }

    public func requireHistory() throws {}
    public var historyWarnings: [String] { [] }

    // MARK: Watching

    public func waitForChange(milliseconds: Int) {
        do { try session.listen() } catch {
            usleep(useconds_t(milliseconds) * 1000)
            return
        }
        session.changes.wait(milliseconds: milliseconds)
    }

    // MARK: Decoding helpers

    func decode<T: PostgresDecodable>(_ type: T.Type, _ row: PostgresRow?, _ what: String) throws(StoreError) -> T {
        guard let row else { throw StoreError.damaged(file: location, location: what, problem: "no row came back") }
        return try decodeRow(type, row, what)
    }

    func decodeRow<T: PostgresDecodable>(_ type: T.Type, _ row: PostgresRow, _ table: String) throws(StoreError) -> T {
        do { return try row.decode(T.self) } catch {
            throw StoreError.damaged(file: location, location: table, problem: "a column is not of the expected type")
        }
    }

    func decodeRow<each T: PostgresDecodable>(_ type: (repeat each T).Type, _ row: PostgresRow, _ table: String) throws(StoreError) -> (repeat each T) {
        do { return try row.decode((repeat each T).self) } catch {
            throw StoreError.damaged(file: location, location: table, problem: "a column is not of the expected type")
        }
    }
}
