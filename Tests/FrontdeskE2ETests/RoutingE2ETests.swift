import Foundation
import FrontdeskTestSupport
import Testing

/// Two agents' consoles on one store: work comes to them without a keypress.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct RoutingE2ETests {
    @Test func offersReachTheRightConsoleAndRoutingMovesOnWhenItsConsoleQuits() throws {
        let tmux = Tmux(agents: ["ana", "bo"])
        defer { tmux.stop() }
        // The store's creator steps away: the work goes to ana and bo.
        tmux.frontdesk(["presence", "away"], as: nil)
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("My work", in: "ana"), "\(tmux.screen(of: "ana"))")
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "bo"], session: "bo")
        #expect(tmux.waitFor("My work", in: "bo"), "\(tmux.screen(of: "bo"))")

        // A gateway process adds a chat; ana's console (routing: it started first) offers it to
        // ana (equal capacity, equally idle: by login) within two seconds, no key pressed.
        let start = Date()
        #expect(tmux.frontdesk(["intake", "chat", "--from", "visitor-1", "--text", "Is the VPN down?"], as: "chat").status == 0)
        #expect(tmux.waitFor("▶ Offered IMS0000001", in: "ana", timeout: 5), "\(tmux.screen(of: "ana"))")
        #expect(Date().timeIntervalSince(start) < 3.5)
        #expect(!tmux.screen(of: "bo").contains("▶ Offered"))

        // ana rejects it (the first reason): it goes to bo.
        tmux.send(to: "ana", "R")
        #expect(tmux.waitFor("Reject IMS0000001", in: "ana"))
        tmux.send(to: "ana", "Enter")
        #expect(tmux.waitFor("▶ Offered IMS0000001", in: "bo", timeout: 5), "\(tmux.screen(of: "bo"))")
        tmux.send(to: "bo", "A")
        #expect(tmux.waitFor("1 Details", in: "bo"), "accepted, the record opens:\n\(tmux.screen(of: "bo"))")

        // ana quits: ana goes Offline and bo's console takes routing over.
        tmux.send(to: "ana", "q")
        #expect(tmux.waitFor("EXIT=0", in: "ana"))
        #expect(tmux.frontdesk(["intake", "chat", "--from", "visitor-2", "--text", "Still down"], as: "chat").status == 0)
        #expect(tmux.waitFor("▶ Offered IMS0000002", in: "bo", timeout: 6), "\(tmux.screen(of: "bo"))")
        #expect(tmux.frontdesk(["agent", "list"], as: nil).out.contains("Offline"), "ana is Offline after quitting")
    }

    @Test func aWrapUpCountdownRunsOutAndTheDefaultCodeIsApplied() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        tmux.frontdesk(["presence", "away"], as: nil)
        for (key, value) in [("wrap_up.chat", "on"), ("wrap_up.chat.enforce", "6s"), ("wrap_up.chat.default", "Callback")] {
            #expect(tmux.frontdesk(["config", "set", key, value], as: nil).status == 0)
        }
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        #expect(tmux.waitFor("My work", in: "ana"))
        tmux.frontdesk(["intake", "chat", "--from", "visitor-3", "--text", "Password reset please"], as: "chat")
        #expect(tmux.waitFor("▶ Offered IMS0000001", in: "ana", timeout: 5))
        tmux.send(to: "ana", "A")
        #expect(tmux.waitFor("1 Details", in: "ana"))
        tmux.send(to: "ana", "s")
        tmux.send(to: "ana", "-l", "Password reset")
        tmux.send(to: "ana", "Enter")
        #expect(tmux.waitFor("IMS0000001 saved", in: "ana"))
        tmux.send(to: "ana", "e")
        #expect(tmux.waitFor("Wrap up IMS0000001: code", in: "ana"), "\(tmux.screen(of: "ana"))")
        tmux.send(to: "ana", "Escape")
        #expect(tmux.waitFor("left", in: "ana"), "the countdown shows:\n\(tmux.screen(of: "ana"))")
        #expect(tmux.waitFor("Closed Complete", in: "ana", timeout: 12), "\(tmux.screen(of: "ana"))")
        let shown = tmux.frontdesk(["show", "1"], as: nil).out
        #expect(shown.contains("Wrap-up            Callback (applied by the system: time ran out)"), "\(shown)")
    }

    @Test func aSecondConsoleOnTheSameRecordShowsWhoIsViewing() throws {
        let tmux = Tmux(agents: ["ana", "bo"])
        defer { tmux.stop() }
        tmux.frontdesk(["config", "set", "queue.service-desk.routing", "pull"], as: nil)
        tmux.frontdesk(["intake", "chat", "--from", "visitor-9", "--text", "hello"], as: "chat")
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "ana")
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "bo"], session: "bo")
        for who in ["ana", "bo"] { #expect(tmux.waitFor("IMS0000001", in: who), "\(tmux.screen(of: who))") }
        tmux.send(to: "ana", "Enter")
        #expect(tmux.waitFor("1 Details", in: "ana"))
        let start = Date()
        tmux.send(to: "bo", "Enter")
        #expect(tmux.waitFor("◉ Ana is viewing", in: "bo", timeout: 5), "\(tmux.screen(of: "bo"))")
        #expect(tmux.waitFor("◉ Bo is viewing", in: "ana", timeout: 5), "\(tmux.screen(of: "ana"))")
        #expect(Date().timeIntervalSince(start) < 3)
        tmux.send(to: "ana", "s")
        #expect(tmux.waitFor("Ana is editing the short description", in: "bo", timeout: 5), "\(tmux.screen(of: "bo"))")
        tmux.send(to: "ana", "Escape")
        tmux.send(to: "ana", "q")
        tmux.send(to: "ana", "q")
        #expect(tmux.waitFor("EXIT=0", in: "ana"))
        #expect(tmux.waitUntil(in: "bo", timeout: 5) { !$0.contains("Ana is") }, "gone within seconds of quitting:\n\(tmux.screen(of: "bo"))")
    }

    /// Presence follows the agent's last console: quitting one of two keeps them Available.
    @Test func quittingOneOfTwoConsolesKeepsTheAgentAtTheDesk() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "one")
        tmux.start([], width: 80, height: 24, environment: ["FRONTDESK_AGENT": "ana"], session: "two")
        for session in ["one", "two"] { #expect(tmux.waitFor("My work", in: session), "\(tmux.screen(of: session))") }
        // Both heartbeats are written before one console quits.
        let viewers = tmux.root + "/store/viewers"
        #expect(waitUntil {
            ((try? FileManager.default.contentsOfDirectory(atPath: viewers)) ?? []).filter { $0.hasSuffix(".json") }.count == 2
        }, "both consoles' heartbeats")
        tmux.send(to: "one", "q")
        #expect(tmux.waitFor("EXIT=0", in: "one"))
        #expect(tmux.frontdesk(["presence"], as: "ana").out.contains("ana is Available"), "the other console still runs")
        tmux.send(to: "two", "q")
        #expect(tmux.waitFor("EXIT=0", in: "two"))
        #expect(tmux.frontdesk(["presence"], as: "ana").out.contains("ana is Offline"), "the last console quit")
    }
}
