import Foundation
import FrontdeskTestSupport
import Testing

/// Who may do what from the command line: the login user, acting as another login, unknown
/// logins, ownership of records, supervisors, reopening; and the store's bytes unchanged by
/// every refusal.
@Suite(.serialized)
struct CLIIdentityTests {
    /// A store the test user created (so supervises), with agents ana, bo and cara, and a
    /// chat accepted by ana.
    func desk() -> CLI {
        let cli = CLI(agents: ["ana", "bo", "cara"], role: "agent")
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com", "--phone", "+1 555 123 4567")
        cli.run("intake", "chat", "--for", "zoe@example.com", "--text", "hello")
        cli.run(["accept", "1"], agent: "ana")
        cli.run(["set", "1", "--short", "VPN drops"], agent: "ana")
        return cli
    }

    @Test func anUnknownLoginIsRefusedEvenOnReadsAndNothingIsAdded() {
        let cli = desk()
        defer { cli.cleanUp() }
        let before = cli.journal()
        let typo = cli.run(["list", "--agent", "anaa"])
        #expect(typo.status == 1 && typo.err.contains("no agent \"anaa\" (did you mean ana?)"), "\(typo.err)")
        let nobody = cli.run(["list", "--agent", "nobodyhere"])
        #expect(nobody.status == 1 && nobody.err.contains("frontdesk agent add nobodyhere"), "\(nobody.err)")
        #expect(cli.run(["note", "1", "hi", "--agent", "nobodyhere"]).status == 1)
        #expect(cli.journal() == before, "nothing written")
        #expect(!cli.run("agent", "list").out.contains("nobodyhere"), "no phantom agent")
    }

    @Test func anotherAgentsRecordIsRefusedNamingTheOwner() throws {
        let cli = desk()
        defer { cli.cleanUp() }
        let before = cli.journal()
        for args in [["hold", "1"], ["end", "1"], ["note", "1", "mine"], ["set", "1", "--short", "x"], ["task", "create", "1", "--kind", "incident"]] {
            let r = cli.run(args, agent: "bo")
            #expect(r.status == 1, "\(args): \(r.out)")
            #expect(r.err.contains("it is Ana's (ana); only they or a supervisor may act on it (you are bo)"), "\(args): \(r.err)")
        }
        #expect(cli.journal() == before, "the refusals wrote nothing")
        // Transferred to bo, it is bo's: ana cannot take it back.
        #expect(cli.run(["transfer", "1", "--to-agent", "bo"], agent: "ana").status == 0)
        let back = cli.run(["resume", "1"], agent: "ana")
        #expect(back.status == 1 && back.err.contains("it is Bo's (bo)"), "\(back.err)")
        #expect(cli.run(["resume", "1"], agent: "bo").status == 0)
        // The supervisor may, and the trail says it was a takeover.
        let takeover = cli.run(["end", "1"], agent: CLI.loginUser)
        #expect(takeover.status == 0, "\(takeover.err)")
        #expect(cli.run("show", "1").out.contains("Taken over from Bo by supervisor"), "\(cli.run("show", "1").out)")
    }

    @Test func aQueueNotServedIsRefused() {
        let cli = desk()
        defer { cli.cleanUp() }
        cli.run(["queue", "add", "vip", "--name", "VIP", "--channels", "chat"], agent: CLI.loginUser)
        // From a new handle: Zoë's chat is open, and hers would join it.
        cli.run("intake", "chat", "--from", "visitor-9", "--queue", "vip")
        let r = cli.run(["accept", "2"], agent: "cara")
        #expect(r.status == 1 && r.err.contains("it waits in queue vip, which cara does not serve"), "\(r.err)")
        #expect(cli.run(["agent", "set", "cara", "--queues", "service-desk,vip"], agent: CLI.loginUser).status == 0)
        #expect(cli.run(["accept", "2"], agent: "cara").status == 0)
    }

    @Test func onlyASupervisorReopensAndTheReasonIsKept() {
        let cli = desk()
        defer { cli.cleanUp() }
        #expect(cli.run(["complete", "1"], agent: "ana").status == 0)
        let before = cli.journal()
        let agent = cli.run(["reopen", "1", "--reason", "oops"], agent: "ana")
        #expect(agent.status == 1 && agent.err.contains("only a supervisor may reopen IMS0000001"), "\(agent.err)")
        #expect(cli.journal() == before)
        #expect(cli.run(["reopen", "1"], agent: CLI.loginUser).status == 2, "the reason is required")
        let reopened = cli.run(["reopen", "1", "--reason", "closed by mistake, customer still waiting"], agent: CLI.loginUser)
        #expect(reopened.status == 0 && reopened.out.contains("IMS0000001 reopened, assigned to ana"), "\(reopened.err)")
        // A trail line longer than 80 cells continues on the next, indented: read it whole.
        let shown = cli.run("show", "1").out.replacingOccurrences(of: "\n" + String(repeating: " ", count: 19), with: " ")
        #expect(shown.contains("Work in Progress") && shown.contains("Reopened: closed by mistake, customer still waiting"), "\(shown)")
        // Outside the window it is refused.
        cli.run(["config", "set", "reopen_window", "0"], agent: CLI.loginUser)
        cli.run(["complete", "1"], agent: "ana")
        let late = cli.run(["reopen", "1", "--reason", "again"], agent: CLI.loginUser)
        #expect(late.status == 1 && late.err.contains("config reopen_window"), "\(late.err)")
    }

    @Test func actingAsAnotherLoginIsForSupervisorsAndGateways() {
        let cli = desk()
        defer { cli.cleanUp() }
        let before = cli.journal()
        let posing = cli.run(["note", "1", "from bo", "--agent", "ana"], user: "bo")
        #expect(posing.status == 1 && posing.err.contains("acting as ana (--agent or FRONTDESK_AGENT) is for supervisors"), "\(posing.err)")
        #expect(posing.err.contains("you are bo"))
        #expect(cli.journal() == before)
        // bo as himself is refused by ownership, not identity.
        #expect(cli.run(["note", "1", "mine"], user: "bo").err.contains("it is Ana's"))
        // Anyone may act as a configured gateway, for intake; a gateway is no agent.
        #expect(cli.run(["intake", "chat", "--for", "zoe@example.com", "--agent", "sms"], user: "bo").status == 0)
        let gatewayAccept = cli.run(["accept", "2", "--agent", "sms"], user: "bo")
        #expect(gatewayAccept.status == 1 && gatewayAccept.err.contains("\"sms\" is not an agent"), "\(gatewayAccept.err)")
        // A supervisor acting as ana has ana's rights: bo's record stays refused.
        cli.run(["transfer", "1", "--to-agent", "bo"], agent: "ana")
        let asAna = cli.run(["resume", "1"], agent: "ana")
        #expect(asAna.status == 1 && asAna.err.contains("it is Bo's"), "\(asAna.err)")
    }

    @Test func theLoginUserRegistersThemselvesUnlessSwitchedOff() {
        let cli = desk()
        defer { cli.cleanUp() }
        // Off for a new store (a mistyped login is refused): switched on, it works as before.
        cli.run(["config", "set", "self_registration", "on"], agent: CLI.loginUser)
        #expect(cli.run(["list"], user: "dev").status == 0, "reading as a new login adds nobody")
        #expect(!cli.run("agent", "list").out.contains("dev "))
        let made = cli.run(["new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge"], user: "dev")
        #expect(made.status == 0, "\(made.err)")
        #expect(cli.run("agent", "list").out.contains("dev "))
        cli.run(["config", "set", "self_registration", "off"], agent: CLI.loginUser)
        let eve = cli.run(["new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge"], user: "eve")
        #expect(eve.status == 1 && eve.err.contains("no agent \"eve\""), "\(eve.err)")
    }

    @Test func aStoreMadeBeforeRolesGetsItsFirstSupervisor() throws {
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        let fixture = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/legacy-store"
        try FileManager.default.createDirectory(atPath: cli.store, withIntermediateDirectories: true)
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + file, toPath: cli.store + "/" + file)
        }
        #expect(!cli.run(["list"], user: "walt").err.contains("supervisor"), "reading claims nothing")
        let first = cli.run(["customer", "add", "--name", "Kim Park"], user: "walt")
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("walt is now this store's supervisor"), "\(first.err)")
        let agents = cli.run(["agent", "list"], user: "walt").out
        #expect(agents.split(separator: "\n").contains { $0.hasPrefix("walt") && $0.contains("Supervisor") }, "\(agents)")
        let second = cli.run(["customer", "add", "--name", "Lee Chan"], user: "ana")
        #expect(!second.err.contains("supervisor"), "only once: \(second.err)")
    }

    @Test func agentsAreManagedInGoodEnglish() {
        let cli = desk()
        defer { cli.cleanUp() }
        let again = cli.run(["agent", "add", "ana"], agent: CLI.loginUser)
        #expect(again.status == 1 && again.err.contains("an agent \"ana\" already exists"), "\(again.err)")
        let byAgent = cli.run(["agent", "add", "dan"], agent: "ana")
        #expect(byAgent.status == 1 && byAgent.err.contains("only a supervisor may add agents"), "\(byAgent.err)")
        let set = cli.run(["agent", "set", "bo", "--name", "Bo Chen", "--role", "supervisor"], agent: CLI.loginUser)
        #expect(set.status == 0 && set.out.contains("Bo Chen, supervisor"), "\(set.out)\(set.err)")
        #expect(cli.run(["agent", "set", "bo"], agent: CLI.loginUser).status == 2)
        #expect(cli.run(["agent", "set", "bo", "--role", "boss"], agent: CLI.loginUser).status == 2)
    }

    @Test func unknownCallersAndAChannelNamedForIntake() {
        let cli = desk()
        defer { cli.cleanUp() }
        cli.run(["config", "set", "phone_channel", "on"], agent: CLI.loginUser)
        let unknown = cli.run("intake", "phone", "--from", "+44 (0)7700 900123", "--text", "my badge")
        #expect(unknown.status == 0 && unknown.out.contains("opened for: nobody yet"), "\(unknown.out)\(unknown.err)")
        let shown = cli.run("show", "2").out
        #expect(shown.contains("Caller: +447700900123"), "\(shown)")
        let known = cli.run("intake", "phone", "--from", "001 (555) 123-4567")
        #expect(known.out.contains("opened for CUS0000001 Zoë Müller"), "a customer's number opens it for them: \(known.out)")
        #expect(cli.run("intake", "chat", "--from", "@kim_p").status == 0)
        #expect(cli.run("intake", "chat").status == 2, "who is it for?")
        let sms = cli.run("intake", "sms", "--from", "+447700900123")
        #expect(sms.status == 2 && sms.err.contains("did you mean `frontdesk intake messaging --channel sms"), "\(sms.err)")
    }

    @Test func duplicatesAskAndSearchIgnoresAccents() {
        let cli = desk()
        defer { cli.cleanUp() }
        let dup = cli.run("customer", "add", "--name", "Zoe M", "--phone", "+1 (555) 123-4567")
        #expect(dup.status == 1 && dup.err.contains("already belongs to Zoë Müller (CUS0000001)"), "\(dup.err)")
        #expect(dup.err.contains("--allow-duplicate"))
        #expect(cli.run("customer", "add", "--name", "Zoe M", "--phone", "+1 (555) 123-4567", "--allow-duplicate").status == 0)
        #expect(cli.run("customer", "find", "muller").out.contains("Zoë Müller"))
        #expect(cli.run("customer", "find", "555-123-4567").out.contains("Zoë Müller"))
        #expect(cli.run("list", "--search", "MULLER").out.contains("IMS0000001"))
    }

    /// A read never waits for a writer: while another process holds the lock (taken before
    /// `list` starts, held until it is done), `list` answers; one that waited would be refused
    /// as busy.
    @Test func aReadDoesNotWaitForAWritersLock() throws {
        let cli = desk()
        defer { cli.cleanUp() }
        let holder = try #require(LockHolder(cli.store + "/lock"), "flock holds the store's lock")
        defer { holder.release() }
        #expect(lockIsHeld(cli.store + "/lock"), "the lock really is held while list runs")
        let r = cli.run("list")
        #expect(r.status == 0 && r.out.contains("IMS0000001"), "\(r.err)")
        #expect(cli.run(["show", "1"]).status == 0)
    }

    /// Anyone may act as a gateway, so no login is both a gateway and an agent: every way of
    /// making an agent (agent add, self-registration, a first supervisor, an import) and of
    /// naming gateways asks the one rule, and acting as a gateway never does an agent's work.
    @Test func aGatewayLoginNeverBecomesAnAgentNorActsAsOne() throws {
        let cli = desk()
        defer { cli.cleanUp() }
        let before = cli.storeBytes()
        let added = cli.run(["agent", "add", "phone", "--role", "supervisor"], agent: CLI.loginUser)
        #expect(added.status == 1 && added.err.contains("\"phone\" cannot be an agent: it is one of the desk's gateways"), "\(added.err)")
        let gateways = cli.run(["config", "set", "gateways", "sms,phone,ana"], agent: CLI.loginUser)
        #expect(gateways.status == 1 && gateways.err.contains("\"ana\" cannot be a gateway: it is an agent"), "\(gateways.err)")
        // Acting as a gateway (anyone may) does no agent's work and changes no setting.
        for args in [["config", "set", "reopen_window", "0"], ["note", "1", "from a gateway"], ["accept-offer", "1"],
                     ["agent", "add", "eve", "--role", "supervisor"], ["customer", "add", "--name", "Eve"]] {
            let r = cli.run(args, user: "bo", agent: "phone")
            #expect(r.status == 1 && r.err.contains("\"phone\" is not an agent but one of the desk's gateways"), "\(args): \(r.err)")
            #expect(!r.err.contains("is an agent"), "a gateway is not called an agent: \(r.err)")
        }
        // A gateway's login user is not registered as an agent either.
        let asGateway = cli.run(["new", "--type", "chat", "--for", "zoe@example.com", "--short", "x"], user: "sms")
        #expect(asGateway.status == 1 && asGateway.err.contains("\"sms\" is not an agent"), "\(asGateway.err)")
        #expect(cli.storeBytes() == before, "nothing written")
        #expect(!cli.run("agent", "list").out.contains("phone"))
        // Intake stays open to gateways.
        #expect(cli.run(["intake", "chat", "--for", "zoe@example.com"], user: "bo", agent: "phone").status == 0)
    }

    /// A ServiceNow import that would make a gateway's login an agent is refused, naming them.
    @Test func anImportDoesNotMakeAGatewayAnAgent() throws {
        let cli = desk()
        defer { cli.cleanUp() }
        let person = "5137153cc611227c000bbd1bd8cd2005"
        let file = cli.root + "/rows.json", users = cli.root + "/users.json"
        try """
        {"result":[{"number":"IMS0000009","type":"Chat","state":"Work in Progress","opened_at":"2026-11-27 08:00:00",
        "short_description":"Base","assigned_to":"\(person)"}]}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        try #"{"result":[{"sys_id":"\#(person)","user_name":"sms","name":"Sam Sender"}]}"#.write(toFile: users, atomically: true, encoding: .utf8)
        let before = cli.storeBytes()
        for dryRun in [true, false] {
            let r = cli.run(["import", file, "--users", users] + (dryRun ? ["--dry-run"] : []), agent: CLI.loginUser)
            #expect(r.status == 1 && r.err.contains("user sms (sys_user \(person))")
                    && r.err.contains("\"sms\" cannot be an agent"), "\(r.err)")
        }
        #expect(cli.storeBytes() == before, "nothing imported")
    }
}
