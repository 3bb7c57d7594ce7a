import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport
import Testing
@testable import FrontdeskPostgres

/// Writers killed mid-transaction and a server restarted under live writers and consoles:
/// nothing acknowledged is lost, numbers stay unique and gapless, and whoever was cut off
/// comes back by itself on its next action.
@Suite(.serialized) struct PostgresCrashTests {
    /// SIGKILL at random moments while writers create, note, close and link: the server rolls
    /// the killed transaction back and releases its advisory lock; every change a writer
    /// printed as acknowledged is in the desk, and the next writer gets its turn at once.
    @Test func killedWritersLoseNothingAcknowledged() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Stress.initialize(database.url, in: work)
        var everAcknowledged = 0, kills = 0
        var latest: [String: Int] = [:]
        var rng = SystemRandomNumberGenerator()

        for round in 0..<110 {
            let output = work + "/writer-\(round).out"
            let writer = try Stress.launch(["append", database.url, "0", "0"], output: output)
            // Once it writes (connected, desk loaded), kill it at a random moment of its saves.
            #expect(waitUntil(timeout: 30) { !Stress.acknowledged(output).isEmpty || !writer.isRunning }, "round \(round): no save")
            usleep(UInt32.random(in: 0...40_000, using: &rng))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            #expect(writer.terminationReason == .uncaughtSignal, "round \(round): the writer stopped by itself: \(Stress.errors(output))")
            kills += 1
            for (number, version) in Stress.acknowledged(output) {
                latest[number] = max(latest[number] ?? 0, version)
                everAcknowledged += 1
            }

            // The next writer works at once: the killed one's lock went with its connection.
            let next = try PostgresStore(url: database.url)
            let customer = try #require(next.desk.customers.keys.sorted().first)
            let made = try next.perform(.intake(type: .walkUp, openedFor: customer, queue: nil, text: "after kill \(round)"),
                                        by: "ana", at: Instant(seconds: Int64(time(nil))))
            latest[made.subject!] = 1

            if round % 10 == 9 || round == 109 {
                try expectEveryAcknowledged(latest, in: database.url, round: round)
            }
        }
        #expect(kills >= 100)
        #expect(everAcknowledged >= kills, "only \(everAcknowledged) acknowledged changes")
        print("killed writers: \(kills) kills, \(everAcknowledged) acknowledged changes, \(latest.count) records, none lost")
    }

    /// A restarted server (fast, then immediate: a crash's recovery) under four writers, a
    /// follower process, a console reading and a console waiting for changes.
    @Test func aRestartedServerCutsOffNobodyForGood() throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        let url = cluster.url(host: "127.0.0.1")
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Stress.initialize(url, in: work)

        let console = try PostgresStore(url: url)
        let watcher = try PostgresStore(url: url)
        watcher.waitForChange(milliseconds: 0)          // listening
        let perWriter = 150, writerCount = 4
        let restarts = ["fast", "immediate"]
        // The follower sees every record: the writers', and one the console makes after each restart.
        let follower = try Stress.launch(["follow", url, String(perWriter * writerCount + restarts.count)], output: work + "/follower.out")
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL) } }
        #expect(waitUntil(timeout: 30) { Stress.lines(work + "/follower.out").contains("listening") })
        // A gateway's follower of the outbox rides through the restarts too.
        let outbox = work + "/outbox.out"
        let gateway = try Stress.launch(["outbox", "--store", url, "--agent", "ana", "--follow", "--json"], output: outbox,
                                        program: builtProduct("frontdesk"))
        defer { if gateway.isRunning { kill(gateway.processIdentifier, SIGKILL) } }
        let writers = try (0..<writerCount).map { k in
            try Stress.launch(["add", url, String(perWriter), "w\(k)", "--retry"], output: work + "/w\(k).out")
        }
        defer { for writer in writers where writer.isRunning { kill(writer.processIdentifier, SIGKILL) } }
        func acks() -> Int { (0..<writerCount).reduce(0) { $0 + Stress.acknowledged(work + "/w\($1).out").count } }

        for (turn, mode) in restarts.enumerated() {
            // Writers busy saving when the server goes.
            let before = acks()
            #expect(waitUntil(timeout: 60) { acks() >= before + 40 }, "writers did not get going before restart \(turn)")
            try cluster.restart(mode: mode)

            // The console's connection dropped: its next refresh says the store cannot be
            // reached (nothing else), or has reconnected already; the one after catches up.
            do { try console.refresh() } catch let error as StoreError {
                guard case .unreachable = error else { Issue.record("refresh after restart: \(error)"); throw error }
            }
            #expect(waitUntil(timeout: 30) { (try? console.refresh()) != nil }, "the console never reconnected")

            // The waiting console listens again on a new connection, with no refresh of its own:
            // a change committed elsewhere raises its signal.
            let opened = watcher.session.connectionsOpened
            #expect(waitUntil(timeout: 30) {
                watcher.waitForChange(milliseconds: 50)
                return watcher.session.connectionsOpened > opened
            }, "the waiting console did not reconnect")
            _ = watcher.session.changes.wait(milliseconds: 0)      // lower what the reconnection raised
            let customer = try #require(console.desk.customers.keys.sorted().first)
            try console.perform(.intake(type: .walkUp, openedFor: customer, queue: nil, text: "after restart \(turn)"),
                                by: "ana", at: Instant(seconds: Int64(time(nil))))
            #expect(waitUntil(timeout: 30) { watcher.session.changes.isRaised }, "no NOTIFY after reconnecting (restart \(turn))")
        }

        for (k, writer) in writers.enumerated() {
            #expect(waitUntil(timeout: 180) { !writer.isRunning }, "writer \(k) never finished")
            if writer.isRunning { kill(writer.processIdentifier, SIGKILL) }
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0, "writer \(k): \(Stress.errors(work + "/w\(k).out"))")
        }
        // Someone was cut off mid-save, was told, and went on.
        let failures = (0..<writerCount).flatMap { Stress.lines(work + "/w\($0).out").filter { $0.hasPrefix("fail ") } }
        #expect(!failures.isEmpty, "no writer was cut off by the restarts")
        #expect(failures.allSatisfy { $0.contains("cannot reach the store") }, "\(failures.prefix(3))")

        var acknowledged: [String: Int] = [:]
        // A save whose commit was in doubt (cut off, and the server gone before it could be
        // asked) is neither acknowledged nor tried again: rare, and counted.
        var doubts: [String: Int] = [:]
        for k in 0..<writerCount {
            let mine = Stress.acknowledged(work + "/w\(k).out")
            doubts["w\(k)"] = Stress.lines(work + "/w\(k).out").filter { $0.hasPrefix("doubt ") }.count
            #expect(mine.count + doubts["w\(k)"]! == perWriter, "writer \(k) acknowledged \(mine.count)")
            for (number, _) in mine {
                #expect(acknowledged[number] == nil, "\(number) acknowledged twice")
                acknowledged[number] = 1
            }
        }
        try expectEveryAcknowledged(acknowledged, in: url, round: 0)
        // No save counted twice: a commit whose answer the restart cut off was settled by
        // asking the server, not by saving again. Each writer's change sets are its
        // acknowledgements (and any of its saves in doubt that had committed).
        let perActor = try console.session.query("SELECT actor, count(*) FROM frontdesk_changes WHERE actor LIKE 'w%' GROUP BY actor ORDER BY actor",
                                                 "count the changes").map { try $0.decode((String, Int64).self) }
        #expect(perActor.map(\.0) == (0..<writerCount).map { "w\($0)" }, "\(perActor)")
        for (actor, saved) in perActor {
            let doubted = Int64(doubts[actor] ?? 0)
            #expect(saved >= Int64(perWriter) - doubted && saved <= Int64(perWriter), "\(actor): \(saved) change sets, \(doubted) in doubt")
        }
        // The console caught up with everything written while it was cut off.
        try console.refresh()
        for number in acknowledged.keys { #expect(console.desk.interaction(number) != nil, "the console misses \(number)") }
        // The follower saw every record, across both restarts.
        func missed() -> Set<String> {
            Set(acknowledged.keys).subtracting(Stress.lines(work + "/follower.out").filter { $0.hasPrefix("seen ") }.map { String($0.dropFirst(5)) })
        }
        #expect(waitUntil(timeout: 60) { missed().isEmpty }, "the follower missed \(missed().count): \(missed().sorted().prefix(5))")
        #expect(follower.isRunning || follower.terminationStatus == 0, "the follower failed: \(Stress.errors(work + "/follower.out"))")
        // The gateway's follower is still there and gives a reply queued after the restarts.
        #expect(gateway.isRunning, "outbox --follow ended: \(Stress.errors(outbox))")
        let now = Instant(seconds: Int64(time(nil)))
        let message = try console.perform(.intakeMessage(channel: .sms, identifier: "+15557654321", text: "Still there?", queue: nil), by: "sms", at: now)
        try console.perform(.transition(number: message.subject!, .accept), by: "ana", at: now)
        try console.perform(.reply(number: message.subject!, text: "Yes, after the restart"), by: "ana", at: now)
        #expect(waitUntil(timeout: 30) { Stress.lines(outbox).contains { $0.contains("after the restart") } },
                "the outbox follower did not give the reply: \(Stress.lines(outbox)) \(Stress.errors(outbox))")
        print("server restarts: \(acks()) acknowledged, \(failures.count) saves cut off and retried, "
              + "\(doubts.values.reduce(0, +)) in doubt, none lost")
    }
}

extension PostgresCrashTests {
    /// A server that stops answering (its backend stopped, as a network cut without a reset
    /// looks): the query is given up as `unreachable` instead of waiting for ever, and the
    /// next one works on a new connection.
    @Test func aServerThatStopsAnsweringIsGivenUpNotWaitedForForEver() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Stress.initialize(database.url, in: work)
        let store = try PostgresStore(url: database.url)
        store.session.queryTimeout = .seconds(2)
        let backend = try #require(try store.session.query("SELECT pg_backend_pid()", "ask the backend").first?.decode(Int32.self))
        kill(backend, SIGSTOP)
        defer { kill(backend, SIGCONT) }
        do {
            try store.refresh()
            Issue.record("a query to a stopped server answered")
        } catch let error as StoreError {
            guard case let .unreachable(_, problem) = error else { Issue.record("\(error)"); return }
            #expect(problem == "no answer within 2 s")
        }
        kill(backend, SIGCONT)
        let customer = try #require(store.desk.customers.keys.sorted().first)
        let made = try store.perform(.intake(type: .walkUp, openedFor: customer, queue: nil, text: "after the silence"),
                                     by: "ana", at: Instant(seconds: Int64(time(nil))))
        #expect(try PostgresStore(url: database.url).desk.interaction(made.subject!) != nil)
    }

    /// Routing is held by a session lock, which the server releases when the connection
    /// dies: the console that routed must not go on believing it does once another took over.
    @Test func routingIsGivenUpWithTheConnectionThatHeldIt() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Stress.initialize(database.url, in: work)
        let first = try PostgresStore(url: database.url), second = try PostgresStore(url: database.url)
        #expect(try first.takeRouting())
        #expect(try !second.takeRouting())
        let backend = try #require(try first.session.query("SELECT pg_backend_pid()", "ask the backend").first?.decode(Int32.self))
        try second.session.query("SELECT pg_terminate_backend(\(backend))", "cut the first console off")
        #expect(waitUntil { (try? second.takeRouting()) == true }, "the server released the first console's lock")
        // The first console, back on a new connection, finds routing taken.
        #expect(waitUntil { (try? first.takeRouting()) == false }, "two consoles route the desk")
        second.stopRouting()
        #expect(try first.takeRouting())
    }
}

extension PostgresCrashTests {
    /// The connection drops as a writer commits: after the server committed (the answer lost
    /// on the way back), the writer asks on a new connection and acknowledges the change,
    /// once; before the COMMIT reached the server, the save is reported as not saved.
    @Test func aCommitWhoseAnswerIsLostIsSettledByAskingTheServer() throws {
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let direct = cluster.url(host: "127.0.0.1")
        try Stress.initialize(direct, in: work)
        let proxy = try #require(CuttingProxy(to: cluster.port, in: work), "python3 and a loopback port")
        defer { proxy.stop() }
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:\(proxy.port)/postgres")
        let customer = try #require(store.desk.customers.keys.sorted().first)
        func intake(_ text: String) throws -> CommandResult {
            try store.perform(.intake(type: .walkUp, openedFor: customer, queue: nil, text: text), by: "ana", at: Instant(seconds: Int64(time(nil))))
        }

        proxy.cut(.afterCommit)
        let saved = try intake("the answer was lost")
        #expect(proxy.didCut, "the proxy never saw the COMMIT")
        let fresh = try PostgresStore(url: direct)
        #expect(fresh.desk.interaction(saved.subject!) != nil)
        #expect(fresh.desk.counters.last[.interaction] == 1, "saved once")

        proxy.cut(.beforeCommit)
        do {
            _ = try intake("never committed")
            Issue.record("a change whose COMMIT never reached the server was acknowledged")
        } catch let error as StoreError {
            guard case .unreachable = error else { Issue.record("\(error)"); return }
        }
        #expect(proxy.didCut)
        try fresh.refresh()
        #expect(fresh.desk.counters.last[.interaction] == 1, "nothing saved")
        // The next save goes through on a new connection.
        let next = try intake("after the cut")
        #expect(next.subject == Counters.format(.interaction, 2))

        // Committed, the answer lost, and the server out of reach for the question: in doubt,
        // said so (not "nothing was saved"), and not a temporary failure to retry by itself.
        proxy.cut(.afterCommit, thenRefuse: true)
        do {
            _ = try intake("in doubt")
            Issue.record("a change nobody could confirm was acknowledged")
        } catch let error as StoreError {
            guard case .commitInDoubt = error else { Issue.record("\(error)"); return }
            #expect(!error.isTemporary)
            #expect(error.description.contains("it may have been saved"), "\(error)")
        }
        proxy.acceptAgain()
        try fresh.refresh()
        #expect(fresh.desk.counters.last[.interaction] == 3, "the change in doubt had committed")
        #expect(try intake("reachable again").subject == Counters.format(.interaction, 4))
    }
}

/// A TCP proxy in front of a PostgreSQL server that, when told, cuts the connection carrying
/// the next COMMIT: before passing it on, or after the server answered it (the answer dropped).
final class CuttingProxy {
    enum Cut: String { case beforeCommit = "before", afterCommit = "after" }
    let port: Int
    private let folder: String
    private let process = Process()

    static let script = #"""
    import os, select, socket, sys, threading
    port_file, target, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    def pump(client):
        if os.path.exists(os.path.join(folder, "refuse")):
            client.close()                            # the server out of reach
            return
        upstream = socket.create_connection(("127.0.0.1", target))
        while True:
            ready, _, _ = select.select([client, upstream], [], [])
            if client in ready:
                data = client.recv(65536)
                if not data: break
                if b"COMMIT" in data:
                    for cut in ("before", "after"):
                        flag = os.path.join(folder, cut)
                        if os.path.exists(flag):
                            if cut == "after":
                                upstream.sendall(data)
                                upstream.recv(65536)          # the server committed and answered
                            if os.path.exists(flag + ".refuse"):
                                os.rename(flag + ".refuse", os.path.join(folder, "refuse"))
                            os.rename(flag, flag + ".done")
                            client.close(); upstream.close()
                            return
                upstream.sendall(data)
            if upstream in ready:
                data = upstream.recv(65536)
                if not data: break
                client.sendall(data)
        client.close(); upstream.close()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    while True:
        client, _ = server.accept()
        threading.Thread(target=pump, args=(client,), daemon=True).start()
    """#

    /// Nil when python3 is missing or it did not come up.
    init?(to target: Int, in folder: String) {
        self.folder = folder
        let scriptPath = folder + "/cutting-proxy.py", portPath = folder + "/proxy.port"
        guard (try? Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)) != nil else { return nil }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, portPath, String(target), folder]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let process = self.process
        guard (try? process.run()) != nil else { return nil }
        var found: Int?
        waitUntil { found = (try? String(contentsOfFile: portPath, encoding: .utf8)).flatMap { Int($0) }; return found != nil || !process.isRunning }
        guard let found else {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            return nil
        }
        port = found
    }

    /// Cuts the next COMMIT's connection; `thenRefuse`: and refuses every connection after
    /// it (the server out of reach) until `acceptAgain`.
    func cut(_ cut: Cut, thenRefuse: Bool = false) {
        for other in ["before", "after"] { unlink(folder + "/" + other + ".done") }
        if thenRefuse { _ = FileManager.default.createFile(atPath: folder + "/" + cut.rawValue + ".refuse", contents: nil) }
        _ = FileManager.default.createFile(atPath: folder + "/" + cut.rawValue, contents: nil)
    }

    func acceptAgain() { unlink(folder + "/refuse") }

    /// Whether the cut asked for last was made.
    var didCut: Bool {
        ["before", "after"].contains { FileManager.default.fileExists(atPath: folder + "/" + $0 + ".done") }
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// Every acknowledged record (at least at the acknowledged version) is in a desk opened
/// afresh, and the interaction numbers run 1…last with no gap and no repeat.
func expectEveryAcknowledged(_ latest: [String: Int], in url: String, round: Int) throws {
    let fresh = try PostgresStore(url: url)
    for (number, version) in latest {
        let record = try fresh.desk.record(anywhere: number)
        #expect(record != nil, "round \(round): \(number) acknowledged, lost")
        #expect((record?.version ?? 0) >= version, "round \(round): \(number) v\(version) acknowledged, found v\(record?.version ?? 0)")
    }
    let numbers = try fresh.session.query("SELECT number FROM frontdesk_interactions ORDER BY number", "list the numbers")
        .map { try $0.decode(String.self) }
    let last = fresh.desk.counters.last[.interaction] ?? 0
    let expected = last == 0 ? [] : (1...last).map { Counters.format(.interaction, $0) }
    #expect(numbers == expected, "round \(round): \(numbers.count) numbers, not 1…\(last) once each")
}

/// The stress writer (`frontdesk-stress`) as a child process whose output is a file.
enum Stress {
    static let path = builtProduct("frontdesk-stress")

    /// Runs it with `arguments`, output to `output`; `prefix` runs it through another program
    /// (`ip netns exec HOST`).
    static func launch(_ arguments: [String], output: String, prefix: [String] = [], program: String = path) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: prefix.isEmpty ? program : "/usr/bin/env")
        process.arguments = prefix.isEmpty ? arguments : prefix + [program] + arguments
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: output + ".err"))
        try process.run()
        return process
    }

    /// Creates the desk at `store` (the stress writer's seed).
    static func initialize(_ store: String, in folder: String, prefix: [String] = []) throws {
        let output = folder + "/init.out"
        let process = try launch(["init", store], output: output, prefix: prefix)
        process.waitUntilExit()
        guard process.terminationStatus == 0, lines(output) == ["ready"] else {
            throw SetupFailure("frontdesk-stress init \(store) failed: \(errors(output))")
        }
    }

    static func lines(_ output: String) -> [String] {
        ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    static func errors(_ output: String) -> String {
        (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
    }

    /// (number, version) pairs the child printed after the store acknowledged them.
    static func acknowledged(_ output: String) -> [(String, Int)] {
        lines(output).compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let version = Int(parts[2]) else { return nil }
            return (String(parts[1]), version)
        }
    }
}

struct SetupFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func scratchFolder() throws -> String {
    let path = NSTemporaryDirectory() + "frontdesk-pglive-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs a program to the end; its status and what it wrote (stdout and stderr together).
@discardableResult
func runProgram(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs a program that must succeed; throws its output when it does not.
func mustRun(_ arguments: [String]) throws {
    let (status, output) = try runProgram(arguments)
    guard status == 0 else { throw SetupFailure("`\(arguments.joined(separator: " "))` failed (\(status)): \(output)") }
}

/// A database of its own on the machine's server (over the local socket, as the OS user),
/// dropped after. On CI a server that cannot be reached fails the test.
struct ScratchDatabase {
    let name = "pglive_\(UInt32.random(in: 0...UInt32.max))"
    var url: String { "postgres:///\(name)" }

    init() throws {
        try mustRun(["createdb", name])
    }

    func drop() {
        _ = try? runProgram(["dropdb", "--force", "--if-exists", name])
    }
}

/// A PostgreSQL cluster of this test's own (initdb into a temporary folder, run as the
/// `postgres` user on a free port), so it can be restarted or moved onto a test network
/// without touching the machine's shared server. Trust authentication for role `postgres`
/// from the addresses it is given; fsync off (the machine never crashes in these tests).
final class PrivateCluster {
    /// The newest installed server's programs (Debian's layout: /usr/lib/postgresql/VERSION/bin).
    static let bin: String = {
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .filter { FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb") }
            .sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
        return "/usr/lib/postgresql/\(versions.last ?? "15")/bin"
    }()
    let folder: String
    let port: Int
    var data: String { folder + "/data" }

    /// `listen`: the addresses it accepts connections on; `trust`: the networks (CIDR) whose
    /// clients may connect besides the local ones.
    init(listen: [String] = ["127.0.0.1"], trust: [String] = []) throws {
        folder = "/tmp/frontdesk-pglive-cluster-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        port = try freePort()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            try mustRun(["chown", "postgres:postgres", folder])
            try Self.asPostgres("\(Self.bin)/initdb -A trust -U postgres -D \(data)")
            var settings = """

                port = \(port)
                listen_addresses = '\(listen.joined(separator: ","))'
                unix_socket_directories = '\(folder)'
                fsync = off
                """
            settings += "\n"
            try append(settings, to: data + "/postgresql.conf")
            try append(trust.map { "host all all \($0) trust\n" }.joined(), to: data + "/pg_hba.conf")
            try Self.asPostgres("\(Self.bin)/pg_ctl -D \(data) -w -t 60 -l \(folder)/server.log start")
        } catch {
            destroy()
            throw error
        }
    }

    /// The desk's URL through `host` (the cluster's own `postgres` database: it is ours alone).
    func url(host: String) -> String { "postgres://postgres@\(host):\(port)/postgres" }

    /// Stops the server (`fast`: clients told; `immediate`: like a crash) and starts it again;
    /// returns once it accepts connections.
    func restart(mode: String) throws {
        try Self.asPostgres("\(Self.bin)/pg_ctl -D \(data) -w -t 60 -m \(mode) -l \(folder)/server.log restart")
    }

    func destroy() {
        _ = try? Self.asPostgres("\(Self.bin)/pg_ctl -D \(data) -w -t 60 -m immediate stop")
        try? FileManager.default.removeItem(atPath: folder)
    }

    private func append(_ text: String, to path: String) throws {
        let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? file.close() }
        try file.seekToEnd()
        try file.write(contentsOf: Data(text.utf8))
    }

    /// Runs `command` as the `postgres` user. Descriptors above 2 are closed first: the server
    /// `pg_ctl start` leaves running would otherwise keep the one Foundation watches to see its
    /// child exit, and the test would wait for ever.
    static func asPostgres(_ command: String) throws {
        let closeInherited = "import os, sys; os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])"
        try mustRun(["python3", "-c", closeInherited, "su", "postgres", "-s", "/bin/sh", "-c", command])
    }
}

/// A TCP port nobody listens on now (the kernel's pick for an ephemeral bind).
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw SetupFailure("socket: \(errnoDescription(errno))") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw SetupFailure("bind: \(errnoDescription(errno))") }
    return Int(UInt16(bigEndian: address.sin_port))
}
