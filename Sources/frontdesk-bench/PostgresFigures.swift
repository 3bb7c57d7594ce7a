import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskResources

/// The same desk on PostgreSQL, measured as the file store is (issue 25, point 9): commands
/// as whole processes beside `psql -c`, consoles and their screens, and what only a shared
/// database has: eight writers at once, and a commit reaching twenty live consoles.
enum PostgresFigures {
    static func measure(_ row: inout Row, server: PostgresServer, tools: Tools, quick: Bool) throws {
        let name = server.databaseName(row.count)
        try server.create(name)
        defer { server.drop(name) }
        let url = server.url(database: name)
        row.generated = try Measure.time { try PostgresGenerator.write(count: row.count, url: url) }
        print("[\(row.count)] PostgreSQL desk generated into database \(name) in \(Measure.s(row.generated))")

        let store = try PostgresStore(url: url)
        row.workingSet = store.desk.interactions.count
        row.history = store.desk.history?.recordCount ?? 0
        row.databaseBytes = Int(server.psql("SELECT pg_database_size(current_database())", on: url)?.out
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        // Every command and console loads the working set whole: in-process, and the same rows
        // fetched by psql without decoding them (what the server and the wire cost).
        row.loadOpen = try Measure.median(quick ? 3 : 7) { _ = try PostgresStore(url: url) }
        let cutoff = Int64(time(nil)) - Int64(store.desk.config.historyWindowDays) * 86_400
        var fetches: [Double] = []
        for _ in 0..<(quick ? 3 : 7) {
            if let r = server.psql("SELECT record::text FROM frontdesk_interactions WHERE closed_at IS NULL OR closed_at >= \(cutoff) "
                                   + "OR pending_reply; SELECT record::text FROM frontdesk_entities", on: url, discardOutput: true) {
                fetches.append(r.seconds)
            }
        }
        row.loadFetch = Measure.percentile(fetches, 50)
        try PostgresPhases.print(count: row.count, url: url, runs: quick ? 3 : 7)

        let runs = quick ? 5 : 15
        if tools.hasFrontdesk {
            let old = store.desk.history?.row(in: .closed, at: (store.desk.history?.count(in: .closed) ?? 1) / 2)?.number
                ?? store.desk.interactions.first?.number ?? "IMS0000001"
            _ = try StoreFigures.intakeShowAccept(&row, fd: tools.frontdesk, store: url, runs: runs, old: old) {
                try PostgresStore(url: url).desk.interactions.filter(\.isWaiting).map(\.number)
            }
            StoreFigures.listSearch(&row, fd: tools.frontdesk, store: url, query: "printer")
        }
        peers(&row, server: server, url: url, runs: runs)
        try StoreFigures.consoles(&row, store: url, quick: quick)
        try UIFigures.measure(&row, store: url, tools: tools, quick: quick)
        try WriterFigures.measure(&row, url: url, writers: 8, changes: quick ? 20 : 100)
        try LiveFigures.measure(&row, url: url, consoles: 20, changes: quick ? 10 : 50)
    }

    /// `psql -c` beside the commands: a table of as many rows in the same database (key,
    /// customer, short text, a 416-character body), one insert (committed, the server's
    /// default synchronous_commit) and one lookup by key, each a whole process.
    static func peers(_ row: inout Row, server: PostgresServer, url: String, runs: Int) {
        guard server.psql("""
            CREATE TABLE bench_peer (number text PRIMARY KEY, customer text, short text, body text);
            INSERT INTO bench_peer SELECT 'IMS' || lpad(i::text, 7, '0'), 'CUS' || lpad((i % 900)::text, 7, '0'), 'short ' || i,
                repeat(md5(i::text), 13) FROM generate_series(1, \(row.count)) AS i;
            ANALYZE bench_peer
            """, on: url) != nil else { return }
        var inserts: [Double] = [], lookups: [Double] = []
        for i in 0..<runs {
            if let r = server.psql("INSERT INTO bench_peer VALUES ('NEW\(UUID().uuidString)', 'CUS1', 'bench \(i)', 'x')", on: url) {
                inserts.append(r.seconds)
            }
            if let r = server.psql("SELECT * FROM bench_peer WHERE number = 'IMS' || lpad('\(1 + i * 37 % row.count)', 7, '0')", on: url) {
                lookups.append(r.seconds)
            }
        }
        row.psqlInsert = Measure.percentile(inserts, 50)
        row.psqlLookup = Measure.percentile(lookups, 50)
        _ = server.psql("DROP TABLE bench_peer", on: url)
    }
}

/// Writes the store generator's desk into a new database through the backend protocol, as
/// an import does: the directory as the seed, history in batches through `beginHistoryImport`,
/// the working set going live with it in one change set.
enum PostgresGenerator {
    static let batch = 5_000

    static func write(count: Int, url: String) throws {
        // The same desk as the file store's (seed, size, span), but ending now: PostgreSQL
        // draws the working set's line at load time from the clock, so a desk ending on the
        // file store's fixed date would leave its week of closed records out of the working set.
        let now = Instant(seconds: Int64(time(nil)))
        let customers = max(300, min(count / 10, 900))
        let desk = try DemoDesk.generate(interactions: count, customers: customers, days: max(28, count / 1000),
                                         endingAt: now, seed: 42)
        var seed = desk.everything
        let records = seed.interactions
        seed.interactions = []
        let store = try PostgresStore(url: url, seed: seed)
        let cutoff = now.adding(-Int64(desk.config.historyWindowDays) * 86_400)
        let toHistory = records.filter { r in r.closedAt.map { $0 < cutoff } ?? false }
        let history = try store.beginHistoryImport(at: now)
        for start in stride(from: 0, to: toHistory.count, by: batch) {
            try history.add(Array(toHistory[start..<min(toHistory.count, start + batch)]), customerName: { desk.customerName($0) })
        }
        var live = ChangeSet()
        live.interactions = records.filter { r in r.closedAt.map { $0 >= cutoff } ?? true }
        try history.finish(live, by: StoreGenerator.actor, at: now)
    }
}
