import Foundation
import Testing

/// Agents from the command line: a mistyped login on a new store, disabling and enabling.
@Suite(.serialized)
struct CLIAgentLifecycleTests {
    /// A new store's first login is its supervisor; a second login that is not an agent (a
    /// typo of one) is refused, naming the agent meant, and nothing is written.
    @Test func aLoginTypoOnANewStoreIsRefusedNotMadeAnAgent() {
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        let first = cli.run(["customer", "add", "--name", "Kim Park"], user: CLI.loginUser)
        #expect(first.status == 0 && first.err.contains("is now this store's supervisor"), "\(first.err)")
        #expect(cli.run(["config", "get", "self_registration"], user: CLI.loginUser).out.contains("off"))
        cli.run(["agent", "add", "ana", "--queues", "service-desk"], user: CLI.loginUser)
        let before = cli.storeBytes()
        let typo = cli.run(["new", "--type", "walk-up", "--for", "Kim Park", "--short", "Badge"], user: "anaa")
        #expect(typo.status == 1 && typo.err.contains("no agent \"anaa\" (did you mean ana?)"), "\(typo.err)")
        #expect(cli.storeBytes() == before)
        #expect(!cli.run(["agent", "list"], user: CLI.loginUser).out.contains("anaa"))
    }

    @Test func aDisabledAgentIsKeptForHistoryButRefusedEverywhere() throws {
        let cli = CLI(agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Kim Park")
        cli.run(["new", "--type", "chat", "--for", "Kim Park", "--short", "VPN"], agent: "bo")
        let before = cli.storeBytes()
        let busy = cli.run(["agent", "disable", "bo"], agent: "ana")
        #expect(busy.status == 1 && busy.err.contains("cannot disable bo: they still hold 1 open record (IMS0000001)"), "\(busy.err)")
        #expect(busy.err.contains("--to-queue"))
        #expect(cli.storeBytes() == before, "the refusal wrote nothing")
        let notSupervisor = cli.run(["agent", "disable", "ana"], agent: "bo")
        #expect(notSupervisor.status == 1 && notSupervisor.err.contains("only a supervisor may disable agents"), "\(notSupervisor.err)")

        cli.run(["transfer", "1", "--to-queue", "service-desk"], agent: "ana")
        let done = cli.run(["agent", "disable", "bo"], agent: "ana")
        #expect(done.status == 0 && done.out.contains("agent bo disabled"), "\(done.err)")
        let refused = cli.run(["presence", "available"], agent: "bo")
        #expect(refused.status == 1 && refused.err.contains("agent \"bo\" is disabled"), "\(refused.err)")
        let asThemselves = cli.run(["accept", "1"], user: "bo")
        #expect(asThemselves.status == 1 && asThemselves.err.contains("is disabled"), "\(asThemselves.err)")
        #expect(!cli.run("agent", "list").out.contains("Bo"))
        #expect(cli.run("agent", "list", "--all").out.contains("disabled"))
        #expect(!cli.run("board").out.contains("Bo"))
        #expect(cli.run("show", "1").out.contains("Bo"), "kept for the history of the record")

        #expect(cli.run(["agent", "enable", "bo"], agent: "ana").status == 0)
        #expect(cli.run(["presence", "available"], agent: "bo").status == 0)
        #expect(cli.run("agent", "list").out.contains("Bo"))
    }
}

/// `--agent` names whom a supervisor acts for; the trail names the supervisor as who did it.
@Suite(.serialized)
struct CLIAttributionTests {
    @Test func aSupervisorActingForAnAgentIsNamedOnTheTrail() throws {
        var cli = CLI(agents: ["sam", "bo", "cara"])
        defer { cli.cleanUp() }
        cli.agent = "sam"
        // sam (a supervisor) sets cara Away: cara's log says by sam.
        #expect(cli.run(["presence", "away", "--agent", "cara"], user: "sam").status == 0)
        #expect(cli.run(["presence", "--log"], agent: "cara").out.contains("Away       by sam"))
        cli.run(["agent", "presence", "available", "--agent", "bo"], user: "sam")
        #expect(cli.run(["presence", "--log"], agent: "bo").out.contains("Available  by sam"))

        // sam rejects the walk-up offered to bo, acting for bo.
        cli.run(["presence", "away"], user: "sam")
        cli.run(["intake", "walk-up", "--text", "Badge"], agent: "walk-up")
        cli.run(["route"], agent: "walk-up")
        #expect(cli.run(["reject-offer", "1", "--reason", "Busy", "--agent", "bo"], user: "sam").status == 0)
        let trail = cli.run("show", "1").out
        #expect(trail.contains("Offer to Bo rejected by Sam for them: Busy"), "\(trail)")

        // sam's note on bo's record leaves it bo's, and is no takeover.
        cli.run(["accept", "1"], agent: "bo")
        #expect(cli.run(["note", "1", "Checked the badge log"], user: "sam").status == 0)
        #expect(cli.show("1")?["assigned_to"] as? String == "bo")
        #expect(!cli.run("show", "1").out.contains("Taken over"), "\(cli.run("show", "1").out)")
    }
}

/// A walk-up abandoned while it waited, then reopened: it waits in its queue again.
@Suite(.serialized)
struct CLIReopenTests {
    @Test func aWalkUpAbandonedFromTheQueueIsReopenedToItAndAccepted() throws {
        let cli = CLI(agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        cli.run(["agent", "set", "bo", "--queues", "service-desk"], agent: "ana")
        cli.run(["intake", "walk-up"], agent: "walk-up")
        cli.run(["set", "1", "--short", "Badge"], agent: "bo")
        #expect(cli.run(["abandon", "1"], agent: "bo").status == 0)
        let reopened = cli.run(["reopen", "1", "--reason", "Came back"], agent: "ana")
        #expect(reopened.status == 0 && reopened.out.contains("waiting in queue service-desk"), "\(reopened.out)\(reopened.err)")
        #expect(cli.show("1")?["state"] as? String == "queued")
        #expect(cli.list("--view", "queue").contains { $0["number"] as? String == "IMS0000001" })
        let accepted = cli.run(["accept", "1"], agent: "bo")
        #expect(accepted.status == 0, "\(accepted.err)")
        #expect(cli.show("1")?["assigned_to"] as? String == "bo")
    }
}

/// A known customer's chat continues; a handle linked to a customer is theirs next time.
@Suite(.serialized)
struct CLIChatContinuesTests {
    @Test func aKnownCustomersChatJoinsAndALinkedHandleIsRemembered() throws {
        let cli = CLI(agents: ["ana"])
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("customer", "add", "--name", "José Silva", "--email", "jose@example.com")
        cli.run(["intake", "chat", "--for", "Zoë Müller", "--text", "My laptop"], agent: "chat")
        let again = cli.run(["intake", "chat", "--for", "Zoë Müller", "--text", "It is still off"], agent: "chat")
        #expect(again.status == 0 && again.out.contains("IMS0000001 joined"), "\(again.out)\(again.err)")
        #expect(cli.list().count == 1)

        cli.run(["intake", "chat", "--from", "jose-web", "--text", "Hi"], agent: "chat")
        cli.run(["set", "2", "--for", "jose@example.com", "--short", "VPN"])
        cli.run(["abandon", "2"])
        cli.run(["intake", "chat", "--from", "jose-web", "--text", "Back again"], agent: "chat")
        #expect(cli.show("3")?["opened_for"] as? String == "CUS0000002", "\(String(describing: cli.show("3")))")
    }
}
