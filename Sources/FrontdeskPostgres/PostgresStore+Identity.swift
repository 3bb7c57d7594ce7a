import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// Who is who on PostgreSQL: an agent is the database role they connect as. The server
/// authenticates it (pg_hba.conf: peer over the socket, a password or certificate over
/// TCP), so `$USER` says nothing here; what a role may do with the desk's tables is granted
/// through one group role, `frontdesk_agents`.
extension PostgresStore {
    /// The group role `store init` grants the desk's tables to. A supervisor adds an agent's
    /// role with `CREATE ROLE ana LOGIN IN ROLE frontdesk_agents` (and `frontdesk agent add ana`).
    public static let agentsRole = "frontdesk_agents"

    /// The role this session is. Never nil: a role that could not be read is "" (which no
    /// agent is), never a fall back to `$USER`.
    public var authenticatedLogin: String? { sessionUser }

    /// The schema this desk has (opening brought it to this binary's, or refused a newer one).
    public var schemaVersion: Int { PostgresSchema.version }

    /// The tasks left out of the working set (all their interactions are history's).
    public func historyTasks() throws -> [RelatedTask] {
        let loaded = Array(desk.tasks.keys)
        return try session.query("""
            SELECT key, record::text FROM frontdesk_entities WHERE kind = 'task' AND NOT (key = ANY(\(loaded))) ORDER BY key
            """, "read the tasks in history").map { row in
            let (number, json) = try decodeRow((String, String).self, row, "frontdesk_entities")
            return try PostgresDocuments.fast(json, table: "frontdesk_entities (task \(number))") {
                (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.task()
            }
        }
    }

    /// What each table is to an agent's role: everything a command or a console does, and no
    /// more (no DELETE but of the viewers' rows, no DDL, the schema version read-only).
    static let agentGrants: [(table: String, privileges: String)] = [
        ("frontdesk_meta", "SELECT"),
        ("frontdesk_changes", "SELECT, INSERT"),
        ("frontdesk_interactions", "SELECT, INSERT, UPDATE"),
        ("frontdesk_entities", "SELECT, INSERT, UPDATE"),
        ("frontdesk_task_links", "SELECT, INSERT, DELETE"),
        ("frontdesk_report_facts", "SELECT, INSERT, UPDATE"),
        ("frontdesk_viewers", "SELECT, INSERT, UPDATE, DELETE"),
        ("frontdesk_templates", "SELECT, INSERT, UPDATE"),
    ]

    /// Creates `frontdesk_agents` if the server has no such role and grants it the desk's
    /// tables (again: harmless when done before). Needs the right to create roles the first
    /// time, and to own the tables: the role that ran `store init` does.
    public func grantTablesToAgents() throws {
        let role = Self.agentsRole
        try session.query(PostgresQuery(unsafeSQL: """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN CREATE ROLE \(role) NOLOGIN; END IF;
            EXCEPTION WHEN duplicate_object THEN NULL;
            END $$
            """), "create the role \(role)")
        try session.transaction("grant the tables to \(role)") {
            for grant in Self.agentGrants {
                try session.query(PostgresQuery(unsafeSQL: "GRANT \(grant.privileges) ON \(grant.table) TO \(role)"),
                                  "grant \(grant.table) to \(role)")
            }
            try session.query(PostgresQuery(unsafeSQL: "GRANT USAGE ON SEQUENCE frontdesk_changes_seq_seq TO \(role)"),
                              "grant the change numbers to \(role)")
        }
    }
}
