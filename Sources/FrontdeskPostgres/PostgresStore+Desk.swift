import Foundation
import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// Leadership, presence, templates, imports and figures on PostgreSQL: what the file store
/// does with lock files, heartbeat files and folders, done with the database's own means.
extension PostgresStore {
    // MARK: Leadership

    /// Routing belongs to the session holding a session-level advisory lock: released when
    /// the console quits, and by the server when its connection dies, so another console
    /// takes over on its next tick.
    public func takeRouting() throws -> Bool {
        // The lock went with a connection that dropped: routing is taken again, or by another.
        if routing, session.holds(PostgresSchema.routingLock) { return true }
        routing = try session.tryLock(PostgresSchema.routingLock, "take routing")
        return routing
    }

    public func stopRouting() {
        guard routing else { return }
        session.unlock(PostgresSchema.routingLock, "give routing up")
        routing = false
    }

    // MARK: Presence

    /// Upserts this console's row; at most every two seconds for the same view.
    public func announce(_ me: Viewer, at now: Instant) {
        if let last = lastAnnounced, last.viewer == me, last.at.seconds(until: now) < 2 { return }
        let done = try? session.query("""
            INSERT INTO frontdesk_viewers (viewer, login, number, editing, seen) VALUES (\(viewerID), \(me.login), \(me.number), \(me.editing), \(now.seconds))
            ON CONFLICT (viewer) DO UPDATE SET login = excluded.login, number = excluded.number, editing = excluded.editing, seen = excluded.seen
            """, "say who is viewing")
        if done != nil { lastAnnounced = (me, now) }
    }

    public func viewers(at now: Instant) -> [Viewer] {
        // Rows of consoles that died long ago are removed by whoever looks.
        _ = try? session.query("DELETE FROM frontdesk_viewers WHERE seen < \(now.seconds - 60)", "forget old viewers")
        let fresh = now.seconds - Self.viewerFreshness
        guard let rows = try? session.query("""
            SELECT login, number, editing FROM frontdesk_viewers WHERE viewer <> \(viewerID) AND seen >= \(fresh) AND seen <= \(now.seconds + 60)
            """, "read who is viewing") else { return [] }
        return rows.compactMap { try? $0.decode((String, String?, String?).self) }
            .map { Viewer(login: $0.0, number: $0.1, editing: $0.2) }
            .sorted { ($0.login, $0.number ?? "") < ($1.login, $1.number ?? "") }
    }

    public func withdraw() {
        _ = try? session.query("DELETE FROM frontdesk_viewers WHERE viewer = \(viewerID)", "withdraw")
        lastAnnounced = nil
    }

    // MARK: Templates

    public func storedTemplates(skippingDamaged: Bool) throws -> [ReplyTemplate] {
        var out: [ReplyTemplate] = []
        for row in try session.query("SELECT name, body FROM frontdesk_templates ORDER BY name", "read the templates") {
            let (name, body) = try decodeRow((String, String).self, row, "frontdesk_templates")
            let template = ReplyTemplate(name: name, text: body)
            do { try Templates.check(template) } catch {
                if skippingDamaged { continue }
                // Named as the file store names its file: which store, which table, which template.
                throw StoreError.damaged(file: "\(location) frontdesk_templates", location: "template \(name)", problem: "\(error)")
            }
            out.append(template)
        }
        return out
    }

    public func saveTemplate(_ template: ReplyTemplate) throws {
        try Templates.check(template)
        try session.query("""
            INSERT INTO frontdesk_templates (name, body) VALUES (\(template.name), \(template.text))
            ON CONFLICT (name) DO UPDATE SET body = excluded.body
            """, "save the template")
    }

    public func templateLocation(_ name: String) -> String { "\(location) frontdesk_templates \(name)" }

    // MARK: Imports

    public func beginHistoryImport(at now: Instant) throws -> any HistoryImport {
        try PostgresHistoryImport(store: self)
    }

    public func historyCanHold(_ record: Interaction) -> Bool { true }

    // MARK: Figures

    public func statistics() -> [StoreFigure] {
        func count(_ sql: String) -> Int {
            Int((try? session.query(PostgresQuery(unsafeSQL: sql), "count").first?.decode(Int64.self)) ?? 0)
        }
        let open = desk.interactions.reduce(0) { $0 + ($1.state.isOpen ? 1 : 0) }
        let history = desk.history?.recordCount ?? 0
        let changes = count("SELECT count(*) FROM frontdesk_changes")
        let bytes = count("SELECT pg_database_size(current_database())")
        let version = count("SELECT value::bigint FROM frontdesk_meta WHERE key = 'schema'")
        return [
            StoreFigure(label: "Store", text: location, key: "store", value: .string(location)),
            StoreFigure(label: "Working set", text: "\(desk.interactions.count) interactions (\(open) open, \(desk.interactions.count - open) closed within \(desk.config.historyWindowDays) days)",
                        key: "working_set", value: .int(desk.interactions.count)),
            StoreFigure(label: "", text: "", key: "open", value: .int(open)),
            StoreFigure(label: "", text: "", key: "closed_in_working_set", value: .int(desk.interactions.count - open)),
            StoreFigure(label: "", text: "", key: "history_window_days", value: .int(desk.config.historyWindowDays)),
            StoreFigure(label: "History", text: "\(history) interactions (rows of frontdesk_interactions; nothing to compact)",
                        key: "history", value: .int(history)),
            StoreFigure(label: "Changes", text: "\(changes) committed change sets", key: "changes", value: .int(changes)),
            StoreFigure(label: "Database", text: String(format: "%.1f MiB", Double(bytes) / 1_048_576), key: "database_bytes", value: .int(bytes)),
            StoreFigure(label: "Schema", text: "version \(version)", key: "schema", value: .int(version)),
            StoreFigure(label: "Role", text: sessionUser, key: "role", value: .string(sessionUser)),
        ]
    }
}

/// An import's history on PostgreSQL: rows written in the import's own transaction, which
/// holds the history lock (one import or copy at a time) and, at the end, the writers' lock
/// while the working-set changes go in: nothing is visible until its COMMIT.
final class PostgresHistoryImport: HistoryImport {
    private let store: PostgresStore
    private var open = true

    init(store: PostgresStore) throws {
        self.store = store
        try store.requireWritable()
        try store.session.query("BEGIN", "start the import")
        do {
            try store.session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.historyLock))", "wait for another import")
            try store.catchUp()
        } catch {
            abandon()
            throw error
        }
    }

    deinit { if open { abandon() } }

    func add(_ records: [Interaction], customerName: (String?) -> String) throws {
        try PostgresRows.upsert(records, in: store.session)
    }

    func finish(_ changes: ChangeSet, by actor: String, at now: Instant) throws {
        defer { open = false }
        do {
            let milliseconds = max(1, Int(store.lockTimeout * 1000))
            try store.session.query(PostgresQuery(unsafeSQL: "SET LOCAL lock_timeout = \(milliseconds)"), "finish the import")
            try store.session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writersLock))", "wait for the other writers")
            try store.catchUp()
            if let problem = store.desk.inconsistency(in: changes) {
                throw StoreError.badInput(file: store.location, location: "import",
                                          problem: problem + " (an agent changed it while the import ran: import again)")
            }
            if !changes.isEmpty { try store.write(changes, at: now, by: actor) }
            try store.session.query("COMMIT", "finish the import")
        } catch {
            _ = try? store.session.query("ROLLBACK", "abandon the import")
            throw error
        }
        // Tables that took a bulk of rows get their statistics now, not when autovacuum comes
        // round: until then the planner guesses, and the working set's query took 1.7 s instead
        // of 0.14 s on a freshly imported desk of 100,000 records.
        _ = try? store.session.query("ANALYZE frontdesk_interactions, frontdesk_entities, frontdesk_task_links", "analyze the imported rows")
        // The history rows went in beside the working set: load it again, with history's new counts.
        try store.loadEverything()
    }

    func abandon() {
        guard open else { return }
        open = false
        _ = try? store.session.query("ROLLBACK", "abandon the import")
    }
}
