import Foundation
import Testing

/// What reaches an agent while they work, in a real terminal: an offer answered from inside a
/// dialog, routing setting them Away, work transferred to them.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct NoticeE2ETests {
    /// Ctrl-O accepts from inside a work note (A is a letter there); the note is kept, saved,
    /// and then the accepted record opens.
    @Test func ctrlOAcceptsAnOfferFromInsideADialog() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        tmux.frontdesk(["presence", "away"], as: nil)
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("My work", in: "ana"))
        tmux.frontdesk(["intake", "chat", "--from", "visitor-1", "--text", "VPN down"], as: "chat")
        #expect(tmux.waitFor("▶ Offered IMS0000001", in: "ana", timeout: 5))
        tmux.send(to: "ana", "A")
        #expect(tmux.waitFor("1 Details", in: "ana"))
        tmux.send(to: "ana", "w")
        tmux.send(to: "ana", "-l", "Asked for A screenshot")
        tmux.frontdesk(["intake", "chat", "--from", "visitor-2", "--text", "Printer jam"], as: "chat")
        #expect(tmux.waitFor("Ctrl-O accept · ▶ Offered IMS0000002", in: "ana", timeout: 5), "\(tmux.screen(of: "ana"))")
        tmux.send(to: "ana", "C-o")
        #expect(tmux.waitFor("it opens when you finish here", in: "ana"), "\(tmux.screen(of: "ana"))")
        #expect(tmux.screen(of: "ana").contains("Asked for A screenshot"), "what was typed stays:\n\(tmux.screen(of: "ana"))")
        tmux.send(to: "ana", "Enter")
        #expect(tmux.waitFor("IMS0000002 · Chat · Work in Progress", in: "ana"), "\(tmux.screen(of: "ana"))")
        #expect(tmux.frontdesk(["show", "1"], as: nil).out.contains("Asked for A screenshot"))
    }

    /// Routing setting the agent Away after a missed offer is said on screen, with why.
    @Test func routingSettingTheAgentAwayIsSaid() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        tmux.frontdesk(["presence", "away"], as: nil)
        for (key, value) in [("routing.offer_timeout", "5s"), ("routing.timeouts_to_away", "1")] {
            #expect(tmux.frontdesk(["config", "set", key, value], as: nil).status == 0)
        }
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("My work", in: "ana"))
        tmux.frontdesk(["intake", "chat", "--from", "visitor-1", "--text", "hello?"], as: "chat")
        #expect(tmux.waitFor("▶ Offered IMS0000001", in: "ana", timeout: 5))
        #expect(tmux.waitFor("Away: you missed an offer (routing.timeouts_to_away); P to change.", in: "ana", timeout: 12),
                "\(tmux.screen(of: "ana"))")
        tmux.send(to: "ana", "m")
        #expect(tmux.waitFor("Missed the offer of IMS0000001", in: "ana"), "the log keeps it:\n\(tmux.screen(of: "ana"))")
    }

    /// A record transferred to an agent is announced on their console and its row marked.
    @Test func aTransferIsAnnouncedToTheReceivingAgent() throws {
        let tmux = Tmux(agents: ["ana", "bo"])
        defer { tmux.stop() }
        tmux.frontdesk(["config", "set", "queue.service-desk.routing", "pull"], as: nil)
        tmux.frontdesk(["intake", "chat", "--from", "visitor-9", "--text", "hello"], as: "chat")
        #expect(tmux.frontdesk(["accept", "1"], as: "bo").status == 0)
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("My work", in: "ana"))
        tmux.send(to: "ana", "1")
        #expect(tmux.frontdesk(["transfer", "1", "--to-agent", "ana"], as: "bo").status == 0)
        #expect(tmux.waitFor("was transferred to you by Bo.", in: "ana", timeout: 5), "\(tmux.screen(of: "ana"))")
        #expect(tmux.screen(of: "ana").contains("●IMS0000001"), "\(tmux.screen(of: "ana"))")
    }

    /// A customer's new message on a record in progress is said, and its row marked, not only
    /// its quoted text changed.
    @Test func aNewMessageOnWorkInProgressIsAnnounced() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        tmux.frontdesk(["config", "set", "queue.service-desk.routing", "pull"], as: nil)
        tmux.frontdesk(["intake", "messaging", "--from", "+15551234567", "--text", "Is there an outage?"], as: "sms")
        #expect(tmux.frontdesk(["accept", "1"], as: "ana").status == 0)
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("IMS0000001", in: "ana"))
        tmux.frontdesk(["intake", "messaging", "--from", "+15551234567", "--text", "Still nothing works"], as: "sms")
        #expect(tmux.waitFor("✉ New message on IMS0000001", in: "ana", timeout: 5), "\(tmux.screen(of: "ana"))")
        #expect(tmux.screen(of: "ana").contains("●IMS0000001"), "\(tmux.screen(of: "ana"))")
        tmux.send(to: "ana", "Enter")
        #expect(tmux.waitFor("1 Details", in: "ana"))
        tmux.send(to: "ana", "Escape")
        #expect(tmux.waitFor(" IMS0000001", in: "ana"))
        #expect(!tmux.screen(of: "ana").contains("●IMS0000001"), "opened, it is read:\n\(tmux.screen(of: "ana"))")
    }
}
