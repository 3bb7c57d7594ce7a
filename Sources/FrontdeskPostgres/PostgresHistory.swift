import Foundation
import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// History on PostgreSQL is simply rows: the records closed before the cut-off the working
/// set was loaded with (and no reply queued), answered by SQL over the real columns. It reads
/// on the desk's side connection (a console searches history off its input thread), one
/// query at a time.
final class PostgresHistory: HistoryBatchReader, @unchecked Sendable {
    private let side: PostgresSideConnection
    private var session: PostgresSession { side.session }
    private let cutoff: Int64
    /// Counts per list, read once until `forget()` (the store calls it when rows change).
    private var counts: [WorkView: Int] = [:]
    /// A page of rows around the last one asked for, per list (a screen asks row by row).
    private var page: (view: WorkView, start: Int, rows: [HistoryRow])?
    /// Customer names for rows, from the desk the history belongs to.
    private let names: @Sendable (String?) -> String
    /// The ids of the customers whose name a query matches: a record is found by its
    /// customer's name, in history as in the working set (and the file store's history).
    private let customersMatching: @Sendable (SearchQuery) -> [String]
    static let pageSize = 200

    init(side: PostgresSideConnection, cutoff: Instant, names: @escaping @Sendable (String?) -> String,
         customersMatching: @escaping @Sendable (SearchQuery) -> [String] = { _ in [] }) {
        self.side = side
        self.cutoff = cutoff.seconds
        self.names = names
        self.customersMatching = customersMatching
    }

    /// Drops the counts and the page read so far: rows changed (a record in history was
    /// changed here, or others' changes were caught up), and a list must not count rows that
    /// moved to another list or end short of its count.
    func forget() {
        locked {
            counts = [:]
            page = nil
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        try side.locked { _ in try body() }
    }

    /// The condition that makes a record history, and a list's part of it.
    private func condition(_ view: WorkView?) -> String {
        let base = "closed_at IS NOT NULL AND closed_at < \(cutoff) AND NOT pending_reply"
        switch view {
        case .closed: return base + " AND NOT archived"
        case .archived: return base + " AND archived"
        case nil: return base
        default: return "false"
        }
    }

    var recordCount: Int {
        locked { (try? count(nil)) ?? 0 }
    }

    func count(in view: WorkView) -> Int {
        guard view == .closed || view == .archived else { return 0 }
        return locked { (try? count(view)) ?? 0 }
    }

    private func count(_ view: WorkView?) throws -> Int {
        if let view, let known = counts[view] { return known }
        let rows = try session.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM frontdesk_interactions WHERE \(condition(view))"),
                                     "count history")
        let n = Int((try? rows.first?.decode(Int64.self)) ?? 0)
        if let view { counts[view] = n }
        return n
    }

    func row(in view: WorkView, at index: Int) -> HistoryRow? {
        guard view == .closed || view == .archived, index >= 0 else { return nil }
        return locked {
            if let page, page.view == view, index >= page.start, index < page.start + page.rows.count {
                return page.rows[index - page.start]
            }
            guard let total = try? count(view), index < total else { return nil }
            // Newest first; a page past the middle is read from the other end, so End costs what Home does.
            let start = max(0, index - Self.pageSize / 2)
            let fromEnd = start > total / 2
            let sql: String
            if fromEnd {
                let last = min(total, start + Self.pageSize)
                sql = "SELECT record::text FROM frontdesk_interactions WHERE \(condition(view)) ORDER BY number ASC "
                    + "OFFSET \(total - last) LIMIT \(last - start)"
            } else {
                sql = "SELECT record::text FROM frontdesk_interactions WHERE \(condition(view)) ORDER BY number DESC "
                    + "OFFSET \(start) LIMIT \(Self.pageSize)"
            }
            guard var rows = try? records(sql).map(historyRow) else { return nil }
            if fromEnd { rows.reverse() }
            page = (view, start, rows)
            let offset = index - start
            return offset < rows.count ? rows[offset] : nil
        }
    }

    func record(number: String) throws -> Interaction? {
        try locked {
            try records(PostgresQuery(unsafeSQL: "SELECT record::text FROM frontdesk_interactions WHERE number = $1 AND \(condition(nil))",
                                      binds: binds(number))).first
        }
    }

    /// Where the last batch of `records(in:from:count:)` ended, so the next carries on from its
    /// last number rather than skipping ever more rows with OFFSET.
    private var streamed: (view: WorkView, end: Int, last: String)?

    func records(in view: WorkView, from index: Int, count: Int) throws -> [Interaction] {
        guard view == .closed || view == .archived, index >= 0, count > 0 else { return [] }
        return try locked {
            var sql = "SELECT record::text FROM frontdesk_interactions WHERE \(condition(view))"
            var bindings = PostgresBindings()
            if let streamed, streamed.view == view, streamed.end == index {
                sql += " AND number < $1 ORDER BY number DESC LIMIT \(count)"
                bindings.append(streamed.last)
            } else {
                sql += " ORDER BY number DESC OFFSET \(index) LIMIT \(count)"
            }
            let batch = try records(PostgresQuery(unsafeSQL: sql, binds: bindings))
            streamed = batch.last.map { (view, index + batch.count, $0.number) }
            return batch
        }
    }

    /// A task none of whose interactions is in the working set (it was not loaded with it).
    func task(number: String) throws -> RelatedTask? {
        try locked {
            let sql = "SELECT record::text FROM frontdesk_entities WHERE kind = 'task' AND key = $1"
            guard let row = try session.query(PostgresQuery(unsafeSQL: sql, binds: binds(number)), "read a task").first else { return nil }
            return try PostgresDocuments.fast(try row.decode(String.self), table: "frontdesk_entities (task \(number))") {
                (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.task()
            }
        }
    }

    func rows(ofCustomer id: String) -> [HistoryRow] {
        locked {
            let sql = "SELECT record::text FROM frontdesk_interactions WHERE opened_for = $1 AND \(condition(nil)) ORDER BY number DESC"
            return ((try? records(PostgresQuery(unsafeSQL: sql, binds: binds(id)))) ?? []).map(historyRow)
        }
    }

    func numbers(ofCustomer id: String) -> [String] {
        locked {
            let sql = "SELECT number FROM frontdesk_interactions WHERE opened_for = $1 AND \(condition(nil)) ORDER BY number DESC"
            return ((try? session.query(PostgresQuery(unsafeSQL: sql, binds: binds(id)), "read history")) ?? [])
                .compactMap { try? $0.decode(String.self) }
        }
    }

    /// A cancelled search (the console's query changed meanwhile) answers nothing, as the
    /// file store's does.
    func search(_ query: SearchQuery, in view: WorkView, isCancelled: @Sendable () -> Bool) -> [Int]? {
        guard view == .closed || view == .archived else { return [] }
        guard !isCancelled() else { return nil }
        let positions: [Int] = locked {
            // Positions in the list's order (newest first) of the rows that match.
            let sql = """
                SELECT position - 1 FROM (
                    SELECT row_number() OVER (ORDER BY number DESC) AS position, search, opened_for FROM frontdesk_interactions
                    WHERE \(condition(view))) AS list
                WHERE strpos(search, $1) > 0 OR opened_for = ANY($2) ORDER BY position
                """
            guard let rows = try? session.query(PostgresQuery(unsafeSQL: sql, binds: searchBinds(query, like: false)), "search history") else { return [] }
            return rows.compactMap { (try? $0.decode(Int64.self)).map(Int.init) }
        }
        return isCancelled() ? nil : positions
    }

    /// The rows whose records match, newest first. Read through a cursor a page at a time,
    /// each page decoded on all cores and let go once its rows are made: what is held is the
    /// rows, never every hit's record (tens of thousands at 1M).
    func search(_ query: SearchQuery) -> [HistoryRow] {
        locked {
            let sql = "SELECT number, record::text FROM frontdesk_interactions WHERE \(condition(nil)) "
                + "AND (search LIKE '%' || $1 || '%' OR opened_for = ANY($2)) ORDER BY number DESC"
            var rows: [HistoryRow] = []
            func pages() throws {
                try session.query(PostgresQuery(unsafeSQL: "DECLARE hits NO SCROLL CURSOR FOR " + sql, binds: searchBinds(query, like: true)),
                                  "search history")
                while true {
                    let page = try session.query(PostgresQuery(unsafeSQL: "FETCH \(Self.searchPage) FROM hits"), "search history")
                    let documents = try page.map { try $0.decode((String, String).self) }.map { (number: $0.0, json: $0.1) }
                    rows += try PostgresStore.decodeRecords(documents).map(historyRow)
                    if page.count < Self.searchPage { break }
                }
                try session.query("CLOSE hits", "search history")
            }
            // A search that fails answers nothing, as before, never a part. A cursor lives in a
            // transaction: the one the shared connection is in (a writer's plan), or its own.
            do {
                if session.inTransaction { try pages() } else { try session.transaction("search history") { try pages() } }
            } catch {
                rows = []
            }
            return rows
        }
    }

    /// Rows a search's cursor hands over at a time.
    static let searchPage = 2000

    /// Many records in one query (`list --json`'s and `export`'s waves), decoded on all cores.
    func records(numbers: [String]) throws -> [String: Interaction] {
        guard !numbers.isEmpty else { return [:] }
        let documents = try locked {
            var binds = PostgresBindings()
            binds.append(numbers)
            let sql = "SELECT number, record::text FROM frontdesk_interactions WHERE number = ANY($1) AND \(condition(nil))"
            return try session.query(PostgresQuery(unsafeSQL: sql, binds: binds), "read history")
                .map { try $0.decode((String, String).self) }.map { (number: $0.0, json: $0.1) }
        }
        var found: [String: Interaction] = [:]
        found.reserveCapacity(documents.count)
        for r in try PostgresStore.decodeRecords(documents) { found[r.number] = r }
        return found
    }

    /// The folded needle (as a LIKE pattern, or plain for `strpos`) and the customers whose
    /// name it matches.
    private func searchBinds(_ query: SearchQuery, like: Bool) -> PostgresBindings {
        let needle = String(decoding: query.needle, as: UTF8.self)
        var b = PostgresBindings()
        b.append(like ? needle.likeEscaped : needle)
        b.append(query.isEmpty ? [] : customersMatching(query))
        return b
    }

    // MARK: Helpers

    private func binds(_ values: String...) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    private func records(_ sql: String) throws -> [Interaction] {
        try records(PostgresQuery(unsafeSQL: sql))
    }

    /// What makes a row history (for queries written beside this file).
    /// The report facts of the records opened in `[from, to)`, from `frontdesk_report_facts`
    /// (filled in first for a database migrated from before that table).
    func reportFacts(openedFrom from: Instant, to: Instant, zone: ZoneOffsets) throws -> [InteractionFacts] {
        try locked {
            if try PostgresFacts.needsBackfill(session) { try PostgresFacts.backfill(session) }
            return try PostgresFacts.facts(openedFrom: from, to: to, zone: zone, in: session)
        }
    }

    var historyCondition: String { condition(nil) }

    /// Whole records a query selects (`record::text`), one query at a time.
    func historyRecords(_ query: PostgresQuery) throws -> [Interaction] {
        try locked { try records(query) }
    }

    private func records(_ query: PostgresQuery) throws -> [Interaction] {
        try session.query(query, "read history").map { row in
            let json = try row.decode(String.self)
            return try PostgresDocuments.interaction(json, table: "frontdesk_interactions")
        }
    }

    private func historyRow(_ r: Interaction) -> HistoryRow {
        let timers = r.timers(at: r.closedAt ?? r.openedAt)
        return HistoryRow(number: r.number, type: r.type, state: r.state, isArchived: r.isArchived, openedFor: r.openedFor,
                          customerName: names(r.openedFor), shortDescription: r.shortDescription, openedAt: r.openedAt,
                          closedAt: r.closedAt, waitSeconds: timers.wait, durationSeconds: timers.duration)
    }
}

extension String {
    /// The text as a LIKE pattern matches it literally.
    var likeEscaped: String {
        replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
