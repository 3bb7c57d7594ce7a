import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// Writes the records and entities of a change set: one statement per table whatever the
/// number of rows (arrays passed whole and unnested by the server).
enum PostgresRows {
    static func upsert(_ changes: ChangeSet, in session: PostgresSession) throws {
        if !changes.interactions.isEmpty { try upsert(changes.interactions, in: session) }
        if !changes.tasks.isEmpty { try links(of: changes.tasks, in: session) }
        let entities = try PostgresDocuments.entities(of: changes)
        guard !entities.isEmpty else { return }
        try session.query("""
            INSERT INTO frontdesk_entities (kind, key, record)
            SELECT k, key, r::json FROM unnest(\(entities.map(\.kind.rawValue)), \(entities.map(\.key)), \(entities.map(\.json))) AS t(k, key, r)
            ON CONFLICT (kind, key) DO UPDATE SET record = excluded.record
            """, "save the directory")
    }

    /// The interactions each task links, replaced whole (a task's list only grows, but it is
    /// the task's latest version that counts).
    static func links(of tasks: [RelatedTask], in session: PostgresSession) throws {
        var task: [String] = [], interaction: [String] = []
        for t in tasks {
            // A task linking no record has one row with no number: the load finds such tasks by
            // the index rather than by scanning every task (250,000 at the bench's 1M).
            let numbers = Set(t.interactions)
            for number in numbers.isEmpty ? [""] : numbers { task.append(t.number); interaction.append(number) }
        }
        try session.query("DELETE FROM frontdesk_task_links WHERE task = ANY(\(tasks.map(\.number)))", "save the task links")
        guard !task.isEmpty else { return }
        try session.query("""
            INSERT INTO frontdesk_task_links (task, interaction) SELECT * FROM unnest(\(task), \(interaction))
            """, "save the task links")
    }

    /// Arrays cannot hold NULL here: "" and -1 stand for it and `NULLIF` turns them back.
    static func upsert(_ records: [Interaction], in session: PostgresSession) throws {
        var number: [String] = [], type: [String] = [], state: [String] = [], queue: [String] = [], assigned: [String] = []
        var openedFor: [String] = [], openedAt: [Int64] = [], acceptedAt: [Int64] = [], closedAt: [Int64] = []
        var archived: [Bool] = [], updated: [Int64] = [], pending: [Bool] = [], search: [String] = [], json: [String] = []
        for r in records {
            number.append(r.number); type.append(r.type.rawValue); state.append(r.state.rawValue)
            queue.append(r.queue ?? ""); assigned.append(r.assignedTo ?? ""); openedFor.append(r.openedFor ?? "")
            openedAt.append(r.openedAt.seconds); acceptedAt.append(r.acceptedAt?.seconds ?? -1); closedAt.append(r.closedAt?.seconds ?? -1)
            archived.append(r.isArchived); updated.append(r.lastChangeAt.seconds)
            pending.append(r.transcript.contains(where: \.isReply) && r.hasQueuedReply)
            search.append(PostgresDocuments.searchText(r)); json.append(PostgresDocuments.encode(r))
        }
        try session.query("""
            INSERT INTO frontdesk_interactions (number, type, state, queue, assigned_to, opened_for, opened_at, accepted_at,
                                                closed_at, archived, updated, pending_reply, search, record)
            SELECT n, t, s, NULLIF(q, ''), NULLIF(a, ''), NULLIF(o, ''), oa, NULLIF(aa, -1), NULLIF(ca, -1), ar, u, p, se, r::json
            FROM unnest(\(number), \(type), \(state), \(queue), \(assigned), \(openedFor), \(openedAt), \(acceptedAt),
                        \(closedAt), \(archived), \(updated), \(pending), \(search), \(json))
                 AS t(n, t, s, q, a, o, oa, aa, ca, ar, u, p, se, r)
            ON CONFLICT (number) DO UPDATE SET type = excluded.type, state = excluded.state, queue = excluded.queue,
                assigned_to = excluded.assigned_to, opened_for = excluded.opened_for, opened_at = excluded.opened_at,
                accepted_at = excluded.accepted_at, closed_at = excluded.closed_at, archived = excluded.archived,
                updated = excluded.updated, pending_reply = excluded.pending_reply, search = excluded.search, record = excluded.record
            """, "save the records")
        try PostgresFacts.upsert(records, in: session)
    }
}
