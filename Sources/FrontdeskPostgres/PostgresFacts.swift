import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// Reports on PostgreSQL read columns, not JSON: `frontdesk_report_facts` holds each record's
/// `InteractionFacts(stored:)`, written by the same statements that save the record (in its
/// transaction), and read for a period with one query on `opened_at`. The hour and day opened
/// and the service level are worked out when read (the zone is the report's, the calendars
/// today's). Rows of records saved before the table existed are filled in by the first
/// report (`backfill`), a batch of records at a time.
enum PostgresFacts {
    /// Arrays cannot hold NULL: "" and -1 stand for it and `NULLIF` turns them back.
    static func upsert(_ records: [Interaction], in session: PostgresSession) throws {
        var number: [String] = [], type: [String] = [], queue: [String] = [], agent: [String] = [], reason: [String] = []
        var wrapUp: [String] = [], openedAt: [Int64] = [], acceptedAt: [Int64] = [], closedAt: [Int64] = [], outcome: [String] = []
        var wait: [Int64] = [], handle: [Int64] = [], hold: [Int64] = [], transfers: [Int64] = [], replies: [Int64] = []
        var rating: [Int64] = [], waitFrom: [Int64] = [], answeredAt: [Int64] = []
        for r in records {
            let f = InteractionFacts(stored: r)
            number.append(f.number); type.append(f.channel.rawValue); queue.append(f.queue ?? ""); agent.append(f.agent ?? "")
            reason.append(f.reason ?? ""); wrapUp.append(f.wrapUpCode ?? ""); openedAt.append(f.openedAt.seconds)
            acceptedAt.append(f.acceptedAt?.seconds ?? -1); closedAt.append(f.closedAt?.seconds ?? -1); outcome.append(f.outcome.rawValue)
            wait.append(f.waitSeconds ?? -1); handle.append(f.handleSeconds ?? -1); hold.append(f.holdSeconds)
            transfers.append(Int64(f.transfers)); replies.append(Int64(f.replies)); rating.append(Int64(f.rating ?? 0))
            waitFrom.append(f.serviceWaitFrom?.seconds ?? -1); answeredAt.append(f.answeredAt?.seconds ?? -1)
        }
        try session.query("""
            INSERT INTO frontdesk_report_facts (number, type, queue, agent, reason, wrap_up, opened_at, accepted_at, closed_at,
                                                outcome, wait, handle, hold, transfers, replies, rating, wait_from, answered_at)
            SELECT n, t, NULLIF(q, ''), NULLIF(ag, ''), NULLIF(re, ''), NULLIF(wu, ''), oa, NULLIF(aa, -1), NULLIF(ca, -1),
                   o, NULLIF(w, -1), NULLIF(h, -1), ho, tr, rp, NULLIF(ra, 0), NULLIF(wf, -1), NULLIF(an, -1)
            FROM unnest(\(number), \(type), \(queue), \(agent), \(reason), \(wrapUp), \(openedAt), \(acceptedAt), \(closedAt),
                        \(outcome), \(wait), \(handle), \(hold), \(transfers), \(replies), \(rating), \(waitFrom), \(answeredAt))
                 AS t(n, t, q, ag, re, wu, oa, aa, ca, o, w, h, ho, tr, rp, ra, wf, an)
            ON CONFLICT (number) DO UPDATE SET type = excluded.type, queue = excluded.queue, agent = excluded.agent,
                reason = excluded.reason, wrap_up = excluded.wrap_up, opened_at = excluded.opened_at,
                accepted_at = excluded.accepted_at, closed_at = excluded.closed_at, outcome = excluded.outcome,
                wait = excluded.wait, handle = excluded.handle, hold = excluded.hold, transfers = excluded.transfers,
                replies = excluded.replies, rating = excluded.rating, wait_from = excluded.wait_from, answered_at = excluded.answered_at
            """, "save the report facts")
    }

    /// Whether records saved before the facts table still need their rows.
    static func needsBackfill(_ session: PostgresSession) throws -> Bool {
        let rows = try session.query("SELECT 1 FROM frontdesk_meta WHERE key = 'report_facts'", "read the report facts")
        return !rows.isEmpty
    }

    /// Writes the rows of every record that has none, a batch at a time, then clears the mark
    /// (a role that may not change `frontdesk_meta` leaves it: the next report finds nothing to do).
    static func backfill(_ session: PostgresSession) throws {
        var last = ""
        while true {
            var binds = PostgresBindings()
            binds.append(last)
            let rows = try session.query(PostgresQuery(unsafeSQL: """
                SELECT i.number, i.record::text FROM frontdesk_interactions i
                WHERE i.number > $1 AND NOT EXISTS (SELECT 1 FROM frontdesk_report_facts f WHERE f.number = i.number)
                ORDER BY i.number LIMIT 5000
                """, binds: binds), "fill in the report facts")
            guard !rows.isEmpty else { break }
            var records: [Interaction] = []
            for row in rows {
                let (number, json) = try row.decode((String, String).self)
                records.append(try PostgresDocuments.interaction(json, table: "frontdesk_interactions"))
                last = number
            }
            try session.transaction("fill in the report facts") { try upsert(records, in: session) }
        }
        _ = try? session.query("DELETE FROM frontdesk_meta WHERE key = 'report_facts'", "fill in the report facts")
    }

    /// The facts of the records opened in `[from, to)`, with the hour and day in `zone`.
    static func facts(openedFrom from: Instant, to: Instant, zone: ZoneOffsets, in session: PostgresSession) throws -> [InteractionFacts] {
        var binds = PostgresBindings()
        binds.append(from.seconds)
        binds.append(to.seconds)
        let rows = try session.query(PostgresQuery(unsafeSQL: """
            SELECT number, type, queue, agent, reason, wrap_up, opened_at, accepted_at, closed_at, outcome, wait, handle, hold,
                   transfers::bigint, replies::bigint, rating::bigint, wait_from, answered_at
            FROM frontdesk_report_facts WHERE opened_at >= $1 AND opened_at < $2
            """, binds: binds), "read the report facts")
        var facts: [InteractionFacts] = []
        facts.reserveCapacity(rows.count)
        for row in rows {
            let (number, type, queue, agent, reason, wrapUp, openedAt, acceptedAt, closedAt, outcome, wait, handle, hold,
                 transfers, replies, rating, waitFrom, answeredAt) = try row.decode(
                (String, String, String?, String?, String?, String?, Int64, Int64?, Int64?, String, Int64?, Int64?, Int64,
                 Int64, Int64, Int64?, Int64?, Int64?).self)
            let opened = Instant(seconds: openedAt)
            let local = zone.local(opened)
            facts.append(InteractionFacts(
                number: number, channel: InteractionType(rawValue: type) ?? .chat, queue: queue, agent: agent, reason: reason,
                wrapUpCode: wrapUp, openedAt: opened, acceptedAt: acceptedAt.map(Instant.init(seconds:)),
                closedAt: closedAt.map(Instant.init(seconds:)), outcome: ReportOutcome(rawValue: outcome) ?? .open,
                waitSeconds: wait, metTarget: nil, handleSeconds: handle, holdSeconds: hold, transfers: Int(transfers),
                replies: Int(replies), rating: rating.map(Int.init), hourOpened: local.minuteOfDay / 60, dayOpened: local.date,
                serviceWaitFrom: waitFrom.map(Instant.init(seconds:)), answeredAt: answeredAt.map(Instant.init(seconds:))))
        }
        return facts
    }
}
