import Foundation
import Testing
import FrontdeskTestSupport

/// Offers from the command line: a routing pass, the offers an agent has, answering them.
@Suite struct CLIRoutingTests {
    func offered(_ cli: CLI, to agent: String) -> [[String: Any]] {
        let out = cli.run(["offers", "--json"], agent: agent).out
        return (try? JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]]) ?? []
    }

    @Test(arguments: TestBackend.allCases)
    func workIsOfferedRejectedPassedOnAndAccepted(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana", "bo", "cy"])
        defer { cli.cleanUp() }
        // Only bo and cy take work: the supervisors step away.
        // Each as themselves: the trail and the presence log name who did it.
        for login in ["ana", CLI.loginUser] { cli.run(["presence", "away"], user: login) }
        // New agents start Offline: bo and cy come to the desk.
        for login in ["bo", "cy"] { cli.run(["presence", "available"], agent: login) }
        cli.run(["agent", "set", "cy", "--capacity", "chat=1,phone=desk"], agent: "ana")
        cli.run(["intake", "chat", "--from", "visitor-7", "--text", "Printer on fire"], agent: "chat")
        let routed = cli.run(["route"], agent: "chat")
        #expect(routed.out.contains("1 routing decision carried out"), "\(routed.out)\(routed.err)")
        // bo has more free chat capacity (3 against cy's 1).
        let offer = try #require(offered(cli, to: "bo").first)
        #expect(offer["number"] as? String == "IMS0000001")
        #expect(offer["seconds_left"] as? Int ?? 0 > 25)
        #expect(offered(cli, to: "cy").isEmpty)
        #expect(cli.run(["offers"], agent: "bo").out.contains("Printer on fire"))

        // Not cy's to take; bo says no, with a reason from the list.
        let taken = cli.run(["accept-offer", "1"], agent: "cy")
        #expect(taken.status == 1 && taken.err.contains("not offered to cy"), "\(taken.err)")
        let badReason = cli.run(["reject-offer", "1", "--reason", "Lunch"], agent: "bo")
        #expect(badReason.status == 1 && badReason.err.contains("Busy"))
        #expect(cli.run(["reject-offer", "1", "--reason", "Busy"], user: "bo").status == 0)
        cli.run(["route"], agent: "chat")
        #expect(offered(cli, to: "cy").first?["number"] as? String == "IMS0000001")
        #expect(cli.run(["accept-offer", "1"], agent: "cy").status == 0)
        #expect(cli.show("1")?["assigned_to"] as? String == "cy")
        let trail = cli.run("show", "1").out
        #expect(trail.contains("Offered to Bo") && trail.contains("Offer rejected by Bo: Busy") && trail.contains("Offered to Cy"))
        #expect(cli.run(["presence"], agent: "cy").out.contains("chat 1/1"))
        #expect(cli.run(["presence", "--log"], agent: "ana").out.contains("Away       by ana"))

        // cy is full now: the next chat goes to bo, although bo said no to the last one.
        cli.run(["intake", "chat", "--from", "visitor-8", "--text", "again"], agent: "chat")
        cli.run(["route"], agent: "chat")
        #expect(offered(cli, to: "bo").first?["number"] as? String == "IMS0000002")
    }

    /// The one agent who serves the queue said no: the board says so, and a supervisor sends
    /// the record round again at once (routing would after routing.reoffer_after).
    @Test(arguments: TestBackend.allCases)
    func aDeclinedRecordIsCountedAndSentRoundAgain(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        // bo is the one at the desk (new agents start Offline); the supervisors step away.
        cli.run(["presence", "available"], agent: "bo")
        for login in ["ana", CLI.loginUser] { cli.run(["presence", "away"], agent: login) }
        cli.run(["intake", "chat", "--from", "visitor-8", "--text", "VPN?"], agent: "chat")
        cli.run(["route"], agent: "chat")
        #expect(cli.run(["reject-offer", "1", "--reason", "Busy"], agent: "bo").status == 0)
        #expect(cli.run(["route"], agent: "chat").out.contains("nothing to route"), "bo is passed over for now")
        let board = cli.run(["board", "--json"], agent: "ana").out
        let queues = (try? JSONSerialization.jsonObject(with: Data(board.utf8)) as? [String: Any])?["queues"] as? [[String: Any]]
        #expect(queues?.first { $0["id"] as? String == "service-desk" }?["passed_over"] as? Int == 1, "\(board)")
        #expect(cli.run(["board"], agent: "ana").out.contains("1 waiting, declined by the agents free to take it"))
        let refused = cli.run(["route", "1"], agent: "bo")
        #expect(refused.status == 1, "agents do not send work round: \(refused.out)")
        let rerouted = cli.run(["route", "1"], agent: "ana")
        #expect(rerouted.status == 0 && rerouted.out.contains("IMS0000001 is offered again to everyone"), "\(rerouted.out)\(rerouted.err)")
        #expect(rerouted.out.contains("1 routing decision carried out"), "\(rerouted.out)")
        #expect(offered(cli, to: "bo").first?["number"] as? String == "IMS0000001")
    }

    @Test(arguments: TestBackend.allCases)
    func routingSettingsAreDeskSettings(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        #expect(cli.run("config", "set", "routing.offer_timeout", "45s").status == 0)
        #expect(cli.run("config", "get", "routing.offer_timeout").out.contains("45s"))
        #expect(cli.run("config", "set", "capacity.chat", "2").status == 0)
        #expect(cli.run("config", "set", "queue.service-desk.routing", "pull").status == 0)
        cli.run(["intake", "chat", "--from", "v", "--text", "x"], agent: "chat")
        #expect(cli.run(["route"], agent: "chat").out.contains("nothing to route"), "a pull queue is not routed")
        let refused = cli.run(["config", "set", "routing.offer_timeout", "1s"], agent: "bo")
        #expect(refused.status == 1 && refused.err.contains("supervisor"))
    }

    @Test(arguments: TestBackend.allCases)
    func wrapUpFromTheCommandLine(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana"])
        defer { cli.cleanUp() }
        cli.run("config", "set", "wrap_up.chat", "on")
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Laptop")
        let number = cli.list().first { ($0["short_description"] as? String) == "Laptop" }?["number"] as? String ?? "IMS0000001"
        cli.run("end", number)
        let refused = cli.run("wrap-up", number, "--code", "Lunch")
        #expect(refused.status == 1 && refused.err.contains("allowed: Resolved, Escalated, Callback, No action needed"), "\(refused.err)")
        let done = cli.run("wrap-up", number, "--code", "escalated", "--notes", "To the network team")
        #expect(done.status == 0 && done.out.contains("wrapped up (Escalated) and closed complete"), "\(done.err)")
        let json = try #require(cli.show(number))
        #expect(json["wrap_up_code"] as? String == "Escalated")
        #expect(json["wrap_up_notes"] as? String == "To the network team")
        #expect(json["wrap_up_by_system"] as? Bool == false)
        #expect(json["state"] as? String == "closed_complete")
    }
}

extension CLIRoutingTests {
    @Test(arguments: TestBackend.allCases)
    func theBoardForAWallboard(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        cli.run(["intake", "chat", "--from", "v1", "--text", "hello"], agent: "chat")
        let out = cli.run("board", "--json").out
        let board = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        let queues = try #require(board["queues"] as? [[String: Any]])
        #expect(queues.first { $0["id"] as? String == "service-desk" }?["waiting"] as? Int == 1)
        let agents = try #require(board["agents"] as? [[String: Any]])
        #expect((agents.first { $0["login"] as? String == "bo" }?["capacity"] as? [String: Int])?["chat"] == 3)
        #expect(cli.run("board").out.contains("Service Desk"))
    }
}

extension CLIRoutingTests {
    @Test(arguments: TestBackend.allCases)
    func aChatHandleWritingAgainJoinsItsOpenChat(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana"])
        defer { cli.cleanUp() }
        #expect(cli.run(["intake", "chat", "--from", "visitor-1", "--text", "Hi"], agent: "chat").status == 0)
        let again = cli.run(["intake", "chat", "--from", "visitor-1", "--text", "Still there?"], agent: "chat")
        #expect(again.status == 0 && again.out.contains("IMS0000001 joined"), "\(again.out)\(again.err)")
        #expect(cli.list().count == 1)
        #expect(cli.run("show", "1").out.contains("Still there?"))
    }
}
