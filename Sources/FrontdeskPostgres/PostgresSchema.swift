import FrontdeskBackend
import PostgresNIO

/// The desk's tables, versioned. `frontdesk_meta` holds the schema version: a newer binary
/// migrates an older schema (each step in `migrations`, in one transaction); an older binary
/// refuses a newer schema, naming both versions.
///
/// - `frontdesk_changes`: every committed change set, in commit order (`seq`): what live
///   consoles catch up from, and the desk's full change history. Never compacted.
/// - `frontdesk_interactions`: each record's latest version, whole (`record`, the same JSON
///   the file store writes, from the one schema table), beside real columns for what lists,
///   lookups and pages query, and a folded text for search.
/// - `frontdesk_entities`: the directory (customers, profiles, agents, queues), related
///   tasks, the configuration and the counters, one JSON document each.
/// - `frontdesk_report_facts`: each record's report facts as columns (`PostgresFacts`).
/// - `frontdesk_viewers`: who is looking at what, with the time last seen (expiring).
/// - `frontdesk_templates`: the desk's reply templates.
///
/// Documents are `json`, not `jsonb`: kept byte for byte as written (a customer's text may
/// hold any character, `\u0000` included, which `jsonb` refuses).
enum PostgresSchema {
    static let version = 4

    /// Statements that bring a schema of version `index` to `index + 1`.
    static let migrations: [[PostgresQuery]] = [
        // 0 -> 1: the first schema.
        [
            "CREATE TABLE frontdesk_meta (key text PRIMARY KEY, value text NOT NULL)",
            """
            CREATE TABLE frontdesk_changes (
                seq bigserial PRIMARY KEY, at bigint NOT NULL, actor text NOT NULL,
                role text NOT NULL DEFAULT session_user, committed timestamptz NOT NULL DEFAULT now(), changes json NOT NULL)
            """,
            """
            CREATE TABLE frontdesk_interactions (
                number text PRIMARY KEY, type text NOT NULL, state text NOT NULL, queue text, assigned_to text, opened_for text,
                opened_at bigint NOT NULL, accepted_at bigint, closed_at bigint, archived boolean NOT NULL, updated bigint NOT NULL,
                pending_reply boolean NOT NULL, search text NOT NULL, record json NOT NULL)
            """,
            "CREATE INDEX frontdesk_interactions_open ON frontdesk_interactions (number) WHERE closed_at IS NULL OR pending_reply",
            "CREATE INDEX frontdesk_interactions_closed ON frontdesk_interactions (closed_at)",
            "CREATE INDEX frontdesk_interactions_list ON frontdesk_interactions (archived, number DESC) WHERE closed_at IS NOT NULL",
            "CREATE INDEX frontdesk_interactions_customer ON frontdesk_interactions (opened_for, number DESC)",
            "CREATE INDEX frontdesk_interactions_assigned ON frontdesk_interactions (assigned_to, state)",
            "CREATE INDEX frontdesk_interactions_queue ON frontdesk_interactions (queue, state)",
            "CREATE INDEX frontdesk_interactions_opened ON frontdesk_interactions (opened_at)",
            // Search: a trigram index over the folded text answers `contains` without reading every row.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX frontdesk_interactions_search ON frontdesk_interactions USING gin (search gin_trgm_ops)",
            "CREATE TABLE frontdesk_entities (kind text NOT NULL, key text NOT NULL, record json NOT NULL, PRIMARY KEY (kind, key))",
            """
            CREATE TABLE frontdesk_viewers (
                viewer text PRIMARY KEY, login text NOT NULL, number text, editing text, seen bigint NOT NULL)
            """,
            "CREATE TABLE frontdesk_templates (name text PRIMARY KEY, body text NOT NULL)",
        ],
        // 1 -> 2: which interactions each related task links, so that opening a desk reads only
        // the tasks of its working set (a desk of years holds hundreds of thousands of tasks;
        // those of records in history are read one at a time, as on the file store).
        [
            """
            CREATE TABLE frontdesk_task_links (task text NOT NULL, interaction text NOT NULL, PRIMARY KEY (task, interaction))
            """,
            "CREATE INDEX frontdesk_task_links_interaction ON frontdesk_task_links (interaction)",
            """
            INSERT INTO frontdesk_task_links (task, interaction)
            SELECT DISTINCT key, n FROM frontdesk_entities, json_array_elements_text(record->'interactions') AS n WHERE kind = 'task'
            """,
        ],
        // 2 -> 3: what reports read, one row of columns per record (`PostgresFacts`), written
        // with the record in the same statement batch; the rows of existing records are filled
        // in by the first report (`report_facts` = `backfill` until then), which needs the
        // records' Swift-side figures (transfers, timers) that SQL alone cannot work out.
        [
            """
            CREATE TABLE IF NOT EXISTS frontdesk_report_facts (
                number text PRIMARY KEY, type text NOT NULL, queue text, agent text, reason text, wrap_up text,
                opened_at bigint NOT NULL, accepted_at bigint, closed_at bigint, outcome text NOT NULL, wait bigint,
                handle bigint, hold bigint NOT NULL, transfers integer NOT NULL, replies integer NOT NULL, rating integer,
                wait_from bigint, answered_at bigint)
            """,
            "CREATE INDEX IF NOT EXISTS frontdesk_report_facts_opened ON frontdesk_report_facts (opened_at)",
            "INSERT INTO frontdesk_meta (key, value) VALUES ('report_facts', 'backfill') ON CONFLICT (key) DO NOTHING",
            // Agents' roles save records, and so their facts: the table is theirs as the others are.
            """
            DO $$ BEGIN
                IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'frontdesk_agents') THEN
                    GRANT SELECT, INSERT, UPDATE ON frontdesk_report_facts TO frontdesk_agents;
                END IF;
            END $$
            """,
        ],
        // 3 -> 4: channel user profiles are read one at a time (`PostgresProfiles`), an
        // incoming message's by its sender's identifier; tasks linking no record are marked.
        [
            """
            CREATE INDEX IF NOT EXISTS frontdesk_entities_profile_identifier ON frontdesk_entities ((record->>'identifier'))
            WHERE kind = 'profile'
            """,
            // A task linking no record gets a row with no number (`PostgresRows.links`): the
            // load reads those by the index, not by scanning every task for a missing link.
            """
            INSERT INTO frontdesk_task_links (task, interaction)
            SELECT key, '' FROM frontdesk_entities e
            WHERE kind = 'task' AND NOT EXISTS (SELECT 1 FROM frontdesk_task_links l WHERE l.task = e.key)
            ON CONFLICT DO NOTHING
            """,
        ],
    ]

    /// A transaction-scoped advisory lock every writer takes: commits are serialised, so
    /// each plans against every change committed before it and numbers stay gapless.
    static let writersLock: Int64 = 0x4644_534B_0001   // "FDSK" 1
    /// A session advisory lock held by the one console that routes.
    static let routingLock: Int64 = 0x4644_534B_0002
    /// Held by an import writing history, or a copy, for their whole run.
    static let historyLock: Int64 = 0x4644_534B_0003

    /// The schema's version, or nil when the database has no Frontdesk schema.
    static func installedVersion(_ session: PostgresSession) throws(StoreError) -> Int? {
        let rows = try session.query("SELECT to_regclass('frontdesk_meta') IS NOT NULL", "read the schema")
        guard let exists = try? rows.first?.decode(Bool.self), exists else { return nil }
        let version = try session.query("SELECT value FROM frontdesk_meta WHERE key = 'schema'", "read the schema version")
        return (try? version.first?.decode(String.self)).flatMap { Int($0) } ?? 0
    }

    /// Creates or migrates the schema to `version`; refuses a newer one. Runs under the
    /// writers' lock, so two processes doing it at once do it once.
    static func prepare(_ session: PostgresSession, create: Bool) throws -> Bool {
        if let installed = try installedVersion(session), installed == version { return false }
        return try session.transaction("create the schema") {
            try session.query("SELECT pg_advisory_xact_lock(\(writersLock))", "create the schema")
            let installed = try installedVersion(session)
            if let installed, installed > version {
                throw StoreError.unknownSchema(file: session.location.display, version: installed, supported: version)
            }
            if installed == nil, !create {
                throw StoreError.notAStore(path: session.location.display,
                                           reason: "the database has no Frontdesk schema (create it with `frontdesk store init`)")
            }
            let from = installed ?? 0
            guard from < version else { return false }
            for step in migrations[from..<version] {
                for statement in step { try session.query(statement, "create the schema") }
            }
            try session.query("""
                INSERT INTO frontdesk_meta (key, value) VALUES ('schema', \(String(version)))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """, "record the schema version")
            return installed == nil
        }
    }
}
