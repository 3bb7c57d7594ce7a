import Foundation
import Testing
import FrontdeskTestSupport

/// The walk-up counter from the command line, on both backends: check-in, the queue as the
/// room sees it, calling, no-shows, and tickets that stay unique under concurrent check-ins.
@Suite struct CLIWalkUpTests {
    /// A store with a walk-in location open all day every day (the tests run at any hour),
    /// served by bo at Desk 2, Available; ana is the supervisor.
    func counter(_ backend: TestBackend) throws -> CLI {
        let cli = try CLI(backend, agents: ["ana", "bo"])
        cli.run(["queue", "add", "walk-in", "--name", "Walk-in Counter", "--channels", "walk-up"])
        for (key, value) in [("queue.walk-in.walk_up", "on"), ("queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00"),
                             ("queue.walk-in.walk_up.last_check_in", "0"), ("queue.walk-in.walk_up.public_url", "https://desk.example.com")] {
            let r = cli.run(["config", "set", key, value])
            #expect(r.status == 0, "\(key): \(r.err)")
        }
        #expect(cli.run(["agent", "set", "bo", "--queues", "walk-in", "--desk", "Desk 2"]).status == 0)
        cli.run(["presence", "available"], user: "bo")
        return cli
    }

    func json(_ r: CLI.Result) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any]) ?? [:]
    }

    @Test(arguments: TestBackend.allCases)
    func checkInListCallAndNoShow(_ backend: TestBackend) throws {
        let cli = try counter(backend)
        defer { cli.cleanUp() }
        let ada = cli.run(["checkin", "walk-in", "--name", "Ada Lovelace", "--phone", "+44 7700 900123", "--reason", "Password reset", "--json"], agent: nil)
        #expect(ada.status == 0, "\(ada.err)")
        let outcome = json(ada)
        #expect(outcome["ticket"] as? String == "W-001" && outcome["position"] as? Int == 1 && outcome["number"] as? String == "IMS0000001")
        let token = try #require(outcome["status_token"] as? String)
        #expect(token.count == 32 && outcome["status_link"] as? String == "https://desk.example.com/status/\(token)")
        let grace = cli.run(["checkin", "walk-in", "--name", "Grace\u{1B}[31m Hopper", "--email", "grace@example.org", "--reason", "laptop repair"])
        #expect(grace.status == 0 && grace.out.hasPrefix("W-002 (IMS0000002) at walk-in: number 2, about 5 minutes"), "\(grace.out)\(grace.err)")

        // The queue as the room sees it: tickets and formatted names, never a phone or an email.
        let list = cli.run(["walkup", "list", "walk-in", "--json"])
        let waiting = json(list)["waiting"] as? [[String: Any]] ?? []
        #expect(waiting.map { $0["ticket"] as? String } == ["W-001", "W-002"])
        #expect(waiting.map { $0["name"] as? String } == ["Ada L.", "Grace H."])
        #expect(waiting.map { $0["reason"] as? String } == ["Password reset", "Laptop repair"])
        #expect(json(list)["status"] as? String == "open")
        let text = cli.run(["walkup", "list", "walk-in"]).out
        for secret in ["7700", "grace@", token, "\u{1B}"] { #expect(!list.out.contains(secret) && !text.contains(secret), "\(secret)") }

        // bo calls the next visitor to Desk 2; a no-show needs the location's calls first.
        let called = cli.run(["call", "walk-in"], agent: "bo")
        #expect(called.status == 0 && called.out == "W-001 (IMS0000001) called to Desk 2\n", "\(called.out)\(called.err)")
        #expect(cli.run(["walkup", "list", "walk-in"]).out.contains("Now serving: W-001 → Desk 2"))
        let before = cli.contents()
        let early = cli.run(["noshow", "1"], agent: "bo")
        #expect(early.status == 1 && early.err.contains("W-001 was called 1 time; a visitor may be closed as a no-show after 3 calls"), "\(early.err)")
        #expect(cli.contents() == before, "a refusal writes nothing")
        #expect(cli.run(["config", "set", "queue.walk-in.walk_up.no_show_after_calls", "1"]).status == 0)
        let noShow = cli.run(["noshow", "1"], agent: "bo")
        #expect(noShow.status == 0 && noShow.out == "W-001 (IMS0000001) closed abandoned: No show\n", "\(noShow.out)\(noShow.err)")
        #expect(cli.show("1")?["state"] as? String == "closed_abandoned")
        #expect(cli.show("1")?["u_reason_for_visit"] as? String == "Password reset" && cli.show("1")?["u_ticket"] as? String == "W-001")

        // Ada heard at check-in, when called and when closed; the gateway reads it from the outbox.
        let outbox = cli.run(["outbox", "--json"], agent: "sms").out
        #expect(outbox.contains("+447700900123") && outbox.contains("W-001: please go to Desk 2."), "\(outbox)")
        #expect(!outbox.contains("grace@example.org"), "no gateway handles email here")

        // The estimate for the next visitor, per location.
        let stats = (try? JSONSerialization.jsonObject(with: Data(cli.run(["queue", "stats", "--json"]).out.utf8))) as? [[String: Any]] ?? []
        let walkIn = try #require(stats.first { $0["id"] as? String == "walk-in" })
        #expect(walkIn["status"] as? String == "open" && walkIn["waiting"] as? Int == 1 && walkIn["estimate_minutes"] as? Int == 5)
        #expect(stats.first { $0["id"] as? String == "service-desk" }?["walk_up"] as? Bool == false)
    }

    @Test(arguments: TestBackend.allCases)
    func refusedCheckInsWriteNothing(_ backend: TestBackend) throws {
        let cli = try counter(backend)
        defer { cli.cleanUp() }
        let before = cli.contents()
        for (arguments, refusal) in [
            (["checkin", "walk-in", "--name", "Ada", "--reason", "Free coffee"], "not a valid reason for visit at walk-in"),
            (["checkin", "nowhere", "--name", "Ada", "--reason", "Other"], "no walk-up location \"nowhere\""),
            (["checkin", "walk-in", "--name", String(repeating: "x", count: 10_000), "--reason", "Other"], "at most 100 characters"),
        ] {
            let r = cli.run(arguments)
            #expect(r.status == 1 && r.err.contains(refusal), "\(r.err)")
            #expect(r.err.count < 500, "the refusal does not repeat a hostile input")
        }
        #expect(cli.run(["checkin", "walk-in", "--reason", "Other"]).status == 2, "a name or a customer is needed")
        #expect(cli.contents() == before)
    }

    /// Eight `checkin` processes at once get eight distinct, consecutive tickets.
    @Test(arguments: TestBackend.allCases)
    func concurrentCheckInsGetDistinctTickets(_ backend: TestBackend) throws {
        let cli = try counter(backend)
        defer { cli.cleanUp() }
        let results = LockedResults()
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            results.add(cli.run(["checkin", "walk-in", "--name", "Visitor \(i)", "--reason", "Other", "--json"], agent: nil))
        }
        let all = results.all
        #expect(all.allSatisfy { $0.status == 0 }, "\(all.map(\.err))")
        let tickets = all.compactMap { json($0)["ticket"] as? String }.sorted()
        #expect(tickets == (1...8).map { "W-00\($0)" })
        let listed = (json(cli.run(["walkup", "list", "walk-in", "--json"]))["waiting"] as? [[String: Any]] ?? []).compactMap { $0["ticket"] as? String }
        #expect(listed.sorted() == tickets)
    }

    /// A ticket is never handed out twice in a day: the morning's visits closed and moved to
    /// history by a compaction (window 0d) leave the day's counter behind on the location.
    @Test(arguments: TestBackend.allCases)
    func ticketsCarryOnAfterTheDaysVisitsMoveToHistory(_ backend: TestBackend) throws {
        let cli = try counter(backend)
        defer { cli.cleanUp() }
        for i in 1...3 {
            let r = cli.run(["checkin", "walk-in", "--name", "Visitor \(i)", "--reason", "Other", "--json"], agent: nil)
            #expect(r.status == 0 && json(r)["ticket"] as? String == "W-00\(i)", "\(r.out)\(r.err)")
            #expect(cli.run(["accept", "\(i)"], agent: "bo").status == 0)
            #expect(cli.run(["complete", "\(i)"], agent: "bo").status == 0)
        }
        #expect(cli.run(["config", "set", "history.window", "0d"]).status == 0)
        waitForNextSecond()   // closed in an earlier second than the compaction: they move to history
        // The file store moves them at a compaction; PostgreSQL's working set leaves them out by the window alone.
        let compacted = cli.run(["store", "compact"])
        #expect(compacted.status == 0, "\(compacted.err)")
        let stats = json(cli.run(["store", "stats", "--json"]))
        #expect(stats["history"] as? Int == 3 && stats["working_set"] as? Int == 0, "the day's visits are in history: \(stats)")
        let next = cli.run(["checkin", "walk-in", "--name", "Visitor 4", "--reason", "Other", "--json"], agent: nil)
        #expect(next.status == 0 && json(next)["ticket"] as? String == "W-004", "\(next.out)\(next.err)")
        let listed = (json(cli.run(["walkup", "list", "walk-in", "--json"]))["waiting"] as? [[String: Any]] ?? []).compactMap { $0["ticket"] as? String }
        #expect(listed == ["W-004"])
    }
}

/// Results gathered from concurrent runs.
final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [CLI.Result] = []
    func add(_ r: CLI.Result) { lock.lock(); results.append(r); lock.unlock() }
    var all: [CLI.Result] { lock.lock(); defer { lock.unlock() }; return results }
}
