import Foundation
import FrontdeskPostgres
import FrontdeskCore
import FrontdeskTestSupport
import Testing

/// A database of its own for one test on the test server (`FRONTDESK_TEST_POSTGRES`, default
/// the local socket as this user), dropped after it. Until `FrontdeskTestSupport.TestPostgres`
/// is here, this suite makes its own with psql.
private struct TestDatabase {
    static var server: String {
        let url = ProcessInfo.processInfo.environment["FRONTDESK_TEST_POSTGRES"] ?? ""
        return url.isEmpty ? "postgres:///postgres" : url
    }

    /// The server answers; under CI a test that needs it runs (and fails) either way.
    static let usable: Bool = ProcessInfo.processInfo.environment["CI"] != nil || psql(server, "SELECT 1").out == "1"

    let name = "pgcli_\(UInt32.random(in: 0...UInt32.max))"
    /// The database's URL as the test server's role.
    let url: String

    init() throws {
        let made = Self.psql(Self.server, "CREATE DATABASE \(name)")
        try #require(made.status == 0, "createdb \(name): \(made.err)")
        url = Self.url(Self.server, database: name)
    }

    func drop() { Self.psql(Self.server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }

    /// The server's URL with another database, and a role and password when given.
    static func url(_ server: String, database: String, role: String? = nil, password: String? = nil, host: String? = nil) -> String {
        var components = URLComponents(string: server)!
        components.path = "/" + database
        if let role { components.user = role; components.password = password }
        if let host { components.host = host }
        return components.string!
    }

    /// One value (or rows, a line each) from `sql` in this database.
    @discardableResult
    func query(_ sql: String) -> String { Self.psql(url, sql).out }

    @discardableResult
    static func psql(_ url: String, _ sql: String) -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [url, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return (-1, "", "no psql") }
        let outData = out.fileHandleForReading.readDataToEndOfFile(), errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines),
                String(decoding: errData, as: UTF8.self))
    }
}

/// The command line on a PostgreSQL store: `store init`, identity as the database role,
/// `store copy` between a folder and a database, and `outbox --follow` woken by NOTIFY.
@Suite(.enabled(if: TestDatabase.usable, "needs PostgreSQL (FRONTDESK_TEST_POSTGRES)"))
struct CLIPostgresTests {
    /// Runs `frontdesk` against `store` as login user `user` (USER), acting as `agent` when given.
    @discardableResult
    func run(_ cli: CLI, _ arguments: [String], store: String, user: String = CLI.loginUser, agent: String? = nil) -> CLI.Result {
        cli.run(arguments, environment: ["FRONTDESK_STORE": store, "USER": user, "FRONTDESK_AGENT": agent ?? ""])
    }

    @Test func storeInitCreatesTheSchemaOnceAndRefusesANewerOne() throws {
        let db = try TestDatabase()
        let cli = CLI(agents: [])
        defer { db.drop(); cli.cleanUp() }
        let nothingYet = run(cli, ["list"], store: db.url)
        #expect(nothingYet.status == 3 && nothingYet.err.contains("store init"), "\(nothingYet.err)")

        let made = run(cli, ["store", "init", db.url], store: cli.store)
        #expect(made.status == 0, "\(made.err)")
        #expect(made.out.contains("created a Frontdesk store at \(db.url), schema version \(PostgresStore.schemaVersion)"), "\(made.out)")
        #expect(made.out.contains("granted to the role frontdesk_agents"), "\(made.out)")
        #expect(db.query("SELECT has_table_privilege('frontdesk_agents', 'frontdesk_changes', 'INSERT')") == "t")
        #expect(db.query("SELECT has_table_privilege('frontdesk_agents', 'frontdesk_changes', 'DELETE')") == "f")
        #expect(db.query("SELECT count(*) FROM frontdesk_entities WHERE kind = 'queue'") == "1", "the bundled queue")
        #expect(!FileManager.default.fileExists(atPath: cli.store), "the store named is the argument, not --store")

        let again = run(cli, ["store", "init"], store: db.url)
        #expect(again.status == 0 && again.out.contains("\(db.url) is already a Frontdesk store, schema version \(PostgresStore.schemaVersion)"), "\(again.out)\(again.err)")
        #expect(db.query("SELECT count(*) FROM frontdesk_changes") == "1", "nothing written a second time")
        #expect(run(cli, ["customer", "add", "--name", "Kim"], store: db.url).status == 0, "the desk is usable")

        // A schema newer than this binary: refused naming both versions, nothing written.
        db.query("UPDATE frontdesk_meta SET value = '99' WHERE key = 'schema'")
        for args in [["store", "init", db.url], ["list"], ["customer", "add", "--name", "Kim"]] {
            let newer = run(cli, args, store: db.url)
            #expect(newer.status == 3 && newer.err.contains("version 99") && newer.err.contains("version \(PostgresStore.schemaVersion)"), "\(args): \(newer.err)")
        }
        #expect(db.query("SELECT count(*) FROM frontdesk_changes") == "3", "the seed, the first supervisor, Kim: nothing since")
        #expect(db.query("SELECT value FROM frontdesk_meta WHERE key = 'schema'") == "99")

        // The schema before task links (version 1) is migrated by the next command that opens it:
        // the links are made from the tasks there, and the version says 2.
        db.query("UPDATE frontdesk_meta SET value = '1' WHERE key = 'schema'")
        db.query("DROP TABLE frontdesk_task_links")
        #expect(run(cli, ["list"], store: db.url).status == 0)
        #expect(db.query("SELECT value FROM frontdesk_meta WHERE key = 'schema'") == "\(PostgresStore.schemaVersion)")
        #expect(db.query("SELECT to_regclass('frontdesk_task_links') IS NOT NULL") == "t")

        // The file store: a folder, the same words.
        let folder = cli.root + "/desk"
        let created = run(cli, ["store", "init", folder], store: db.url)
        #expect(created.status == 0 && created.out.contains("created a Frontdesk store at \(folder), schema version 1"), "\(created.out)\(created.err)")
        let snapshot = FileManager.default.contents(atPath: folder + "/snapshot.json")
        #expect(snapshot != nil)
        let existing = run(cli, ["store", "init"], store: folder)
        #expect(existing.out.contains("\(folder) is already a Frontdesk store, schema version 1"), "\(existing.out)")
        #expect(FileManager.default.contents(atPath: folder + "/snapshot.json") == snapshot)

        #expect(run(cli, ["list", "--help"], store: folder).out.contains("postgres://"), "--store's help names the URL form")
    }

    /// Issue 25 point 6: on PostgreSQL the agent is the role the server authenticated, not $USER.
    @Test func theAgentIsTheDatabaseRoleWhateverUserSays() throws {
        let db = try TestDatabase()
        let cli = CLI(agents: [])
        let ana = "pgcli_ana_\(UInt32.random(in: 0...UInt32.max))", reader = "pgcli_reader_\(UInt32.random(in: 0...UInt32.max))"
        defer { db.drop(); TestDatabase.psql(TestDatabase.server, "DROP ROLE IF EXISTS \(ana), \(reader)"); cli.cleanUp() }
        #expect(run(cli, ["store", "init", db.url], store: db.url).status == 0)
        let supervisor = db.query("SELECT session_user")
        #expect(TestDatabase.psql(TestDatabase.server, "CREATE ROLE \(ana) LOGIN PASSWORD 'x' IN ROLE frontdesk_agents").status == 0)
        // Over TCP with a password (scram in pg_hba.conf): the socket's peer auth would need an OS user ana.
        let host = URLComponents(string: TestDatabase.server)?.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        let asAna = TestDatabase.url(db.url, database: db.name, role: ana, password: "x", host: host)

        // The test server's role is the first supervisor, whatever USER says.
        let added = run(cli, ["agent", "add", ana, "--queues", "service-desk"], store: db.url, user: ana)
        #expect(added.status == 0 && added.err.contains("\(supervisor) is now this store's supervisor"), "\(added.out)\(added.err)")
        run(cli, ["intake", "chat", "--from", "visitor-1", "--text", "hello?"], store: db.url, agent: "chat")

        // ana's role accepts: the record is hers though USER names the supervisor.
        let accepted = run(cli, ["accept", "1"], store: asAna, user: supervisor)
        #expect(accepted.status == 0, "\(accepted.err)")
        let shown = run(cli, ["show", "1", "--json"], store: asAna).out
        #expect((try? JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])?["assigned_to"] as? String == ana, "\(shown)")
        #expect(db.query("SELECT role FROM frontdesk_changes ORDER BY seq DESC LIMIT 1") == ana)
        let mine = run(cli, ["list", "--view", "mine", "--json"], store: asAna, user: supervisor).out
        #expect(mine.contains("IMS0000001"), "\(mine)")
        #expect(!run(cli, ["list", "--view", "mine", "--json"], store: db.url, user: ana).out.contains("IMS0000001"),
                "the supervisor's role with USER=ana is the supervisor")

        // USER does not make ana's role a supervisor; acting as another is still for supervisors.
        let changes = db.query("SELECT count(*) FROM frontdesk_changes")
        let notSupervisor = run(cli, ["agent", "add", "eve"], store: asAna, user: supervisor)
        #expect(notSupervisor.status == 1, "\(notSupervisor.out)\(notSupervisor.err)")
        let actingAs = run(cli, ["hold", "1"], store: asAna, user: ana, agent: supervisor)
        #expect(actingAs.status == 1 && actingAs.err.contains("for supervisors") && actingAs.err.contains("you are \(ana)"), "\(actingAs.err)")
        #expect(db.query("SELECT count(*) FROM frontdesk_changes") == changes, "nothing written")
        // Anyone may act as a gateway login (intake); the supervisor may act as ana.
        #expect(run(cli, ["intake", "chat", "--from", "visitor-2", "--text", "hi"], store: asAna, agent: "chat").status == 0)
        let forAna = run(cli, ["note", "1", "seen"], store: db.url, user: "nobody", agent: ana)
        #expect(forAna.status == 0, "\(forAna.err)")
        #expect(db.query("SELECT role FROM frontdesk_changes ORDER BY seq DESC LIMIT 1") == supervisor)

        // A role granted only SELECT reads, and is refused every change.
        TestDatabase.psql(TestDatabase.server, "CREATE ROLE \(reader) LOGIN PASSWORD 'x'")
        db.query("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(reader)")
        #expect(run(cli, ["agent", "add", reader], store: db.url).status == 0)
        let asReader = TestDatabase.url(db.url, database: db.name, role: reader, password: "x", host: host)
        let read = run(cli, ["list", "--view", "open", "--json"], store: asReader)
        #expect(read.status == 0 && read.out.contains("IMS0000001"), "\(read.err)")
        let before = db.query("SELECT count(*) FROM frontdesk_changes")
        let write = run(cli, ["presence", "away"], store: asReader)
        #expect(write.status == 3 && write.err.contains("role \(reader) may only read"), "\(write.err)")
        #expect(db.query("SELECT count(*) FROM frontdesk_changes") == before)

        // A role outside frontdesk_agents cannot use the desk.
        db.query("REVOKE frontdesk_agents FROM \(ana)")
        let outside = run(cli, ["list"], store: asAna)
        #expect(outside.status == 3 && outside.err.contains("permission denied"), "\(outside.err)")
    }

    /// Every query answers the same on a folder, its copy in PostgreSQL and that copy's copy
    /// back in a folder (issue 25 point 7).
    @Test func aCopyToPostgresAndBackAnswersEveryQueryTheSame() throws {
        let db = try TestDatabase()
        let cli = CLI()
        defer { db.drop(); cli.cleanUp() }
        func ok(_ args: String..., agent: String? = nil) {
            let r = cli.run(args, agent: agent)
            #expect(r.status == 0, "\(args): \(r.out)\(r.err)")
        }
        ok("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        ok("intake", "messaging", "--from", "+44 7700 900123", "--text", "my printer is on fire", agent: "sms")
        ok("accept", "1")
        ok("reply", "1", "--text", "On it \u{1B}[2J")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "badge")
        ok("task", "create", "2", "--kind", "incident")
        ok("complete", "2")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "laptop")
        ok("complete", "3")
        ok("archive", "3")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "still open")
        ok("new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "closed too")
        ok("complete", "5")
        // Every closed record in history, on both backends: where a record lives orders a search's answer.
        ok("config", "set", "history.window", "0d")
        waitForNextSecond()   // closed in an earlier second than the compaction: they move to history
        #expect(cli.run("store", "compact").out.contains("moved 3 closed"))
        ok("template", "add", "greeting", "--text", "Hej {{customer.first_name}}")

        // A record a batch: the closed list's second batch carries on from the first.
        let toDatabase = cli.run(["store", "copy", cli.store, db.url, "--batch-size", "1"])
        #expect(toDatabase.status == 0, "\(toDatabase.err)")
        #expect(toDatabase.out.contains("2 interactions in the working set, 3 in history, 1 tasks"), "\(toDatabase.out)")
        let back = cli.root + "/back"
        let toFolder = cli.run(["store", "copy", db.url, back, "--batch-size", "1"])
        #expect(toFolder.status == 0, "\(toFolder.err)")

        let original = answers(cli, store: cli.store)
        #expect(original.count > 10 && original["show IMS0000002"] != nil && original["show IMS0000003"] != nil)
        for store in [db.url, back] {
            let copied = answers(cli, store: store)
            for key in Set(original.keys).union(copied.keys).sorted() {
                #expect(copied[key] == original[key], "\(store): \(key)\n\(original[key] ?? "-")\n\(copied[key] ?? "-")")
            }
        }

        // A target that holds work is refused, naming it; nothing is written to it.
        let changes = db.query("SELECT count(*) FROM frontdesk_changes")
        let intoDatabase = cli.run(["store", "copy", cli.store, db.url])
        #expect(intoDatabase.status == 1 && intoDatabase.err.contains("\(db.url) is not empty") && intoDatabase.err.contains("5 interactions"),
                "\(intoDatabase.err)")
        #expect(db.query("SELECT count(*) FROM frontdesk_changes") == changes)
        let files = (FileManager.default.subpaths(atPath: back) ?? []).sorted().map { FileManager.default.contents(atPath: back + "/" + $0) }
        let intoFolder = cli.run(["store", "copy", db.url, back])
        #expect(intoFolder.status == 1 && intoFolder.err.contains("\(back) is not empty"), "\(intoFolder.err)")
        #expect((FileManager.default.subpaths(atPath: back) ?? []).sorted().map { FileManager.default.contents(atPath: back + "/" + $0) } == files)

        // A source that is not a store: refused before anything is made where the copy would go.
        let never = cli.root + "/never"
        let noSource = cli.run(["store", "copy", cli.root + "/nothing-here", never])
        #expect(noSource.status == 3 && noSource.err.contains("nothing-here"), "\(noSource.err)")
        #expect(!FileManager.default.fileExists(atPath: never))

        // On a terminal, standard error shows the history records copied and the rate as they go.
        let terminal = cli.run(["-qec", "\(CLI.binary) store copy \(cli.store) \(cli.root)/onscreen", "/dev/null"], executable: "/usr/bin/script")
        #expect(terminal.status == 0 && terminal.out.contains("copying history: 3 of 3 records (") && terminal.out.contains(" a second)"),
                "\(terminal.out)")
    }

    /// What every reading command answers on `store`, by command: each work list, each record
    /// in full, the customers, the outbox, the templates and the store's counts.
    func answers(_ cli: CLI, store: String) -> [String: String] {
        func read(_ args: [String]) -> String {
            let r = cli.run(args, environment: ["FRONTDESK_STORE": store])
            return r.status == 0 ? r.out : "exit \(r.status): \(r.err)"
        }
        func json(_ text: String) -> Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8)) }
        /// JSON with the timers that move between two calls left out, keys sorted.
        func stable(_ value: Any?) -> String {
            let cleaned: Any
            if let rows = value as? [[String: Any]] { cleaned = rows.map { CLI.stable($0) } }
            else if let row = value as? [String: Any] { cleaned = CLI.stable(row) }
            else { return "not JSON" }
            let data = (try? JSONSerialization.data(withJSONObject: cleaned, options: [.sortedKeys])) ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
        var out: [String: String] = [:]
        var numbers = Set<String>()
        for view in WorkView.allCases {
            let text = read(["list", "--view", view.rawValue, "--json", "--limit", "1000"])
            for row in json(text) as? [[String: Any]] ?? [] { if let n = row["number"] as? String { numbers.insert(n) } }
            out["list \(view.rawValue)"] = stable(json(text))
        }
        for number in numbers { out["show \(number)"] = stable(json(read(["show", number, "--json"]))) }
        // Not the customer's name: PostgreSQL's search text (PostgresDocuments.searchText) leaves it out, the file store's has it.
        for text in ["t", "fire"] { out["search \(text)"] = stable(json(read(["list", "--search", text, "--json"]))) }
        out["customers"] = read(["customer", "list", "--json"])
        out["outbox"] = read(["outbox", "--json"])
        out["templates"] = read(["template", "show", "greeting", "--for", "IMS0000004"])
        out["agents"] = read(["agent", "list"])
        out["config"] = read(["config", "list"])
        let stats = json(read(["store", "stats", "--json"])) as? [String: Any] ?? [:]
        let counted = ["working_set", "history", "open"].map { stats[$0] as? Int ?? -1 }
        out["stats"] = "\(counted[0] + counted[1]) interactions, \(counted[2]) open"
        return out
    }

    /// A reply made by another process reaches a follower on PostgreSQL through LISTEN/NOTIFY:
    /// its longest wait between looks is a minute, so only the notification brings it in time.
    @Test func outboxFollowOnPostgresIsWokenByAReplyFromAnotherProcess() throws {
        let db = try TestDatabase()
        let cli = CLI(agents: [])
        defer { db.drop(); cli.cleanUp() }
        #expect(run(cli, ["store", "init", db.url], store: db.url).status == 0)
        run(cli, ["agent", "add", "ana", "--queues", "service-desk"], store: db.url)
        func contact(_ phone: String) -> String {
            let intake = run(cli, ["intake", "messaging", "--from", phone, "--text", "help", "--json"], store: db.url, agent: "sms")
            let number = (try? JSONSerialization.jsonObject(with: Data(intake.out.utf8)) as? [String: Any])?["interaction"] as? String ?? ""
            run(cli, ["accept", number], store: db.url, agent: "ana")
            return number
        }
        let first = contact("+44 7700 900123"), second = contact("+44 7700 900456")
        #expect(run(cli, ["reply", first, "--text", "one"], store: db.url, agent: "ana").status == 0)
        let follower = try Background(cli, ["outbox", "--follow", "--json", "--poll-ms", "60000"], agent: "sms",
                                      environment: ["FRONTDESK_STORE": db.url])
        defer { follower.kill() }
        #expect(jsonLines(follower.waitForLines(1)).first?["text"] as? String == "one")
        #expect(run(cli, ["reply", second, "--text", "two"], store: db.url, agent: "ana").status == 0)
        let lines = jsonLines(follower.waitForLines(2, seconds: 10))
        #expect(lines.map { $0["text"] as? String } == ["one", "two"], "\(lines)")
        #expect(lines.last?["number"] as? String == second)
    }
}
