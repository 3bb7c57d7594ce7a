import Foundation
import FrontdeskTestSupport
import Testing

/// The walk-up counter in the real console: visitors checked in by the gateway show on the
/// agent's counter list; `C` calls (again counts), the no-show is refused until the calls are
/// made and then asks, and a called visitor is accepted from the list.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct CounterE2ETests {
    /// The Lobby, open round the clock (the test runs at any hour), two calls before a
    /// no-show; ana serves it from Desk 2; three visitors checked in by the gateway login.
    static func openLobby(_ tmux: Tmux) {
        for arguments in [["queue", "add", "lobby", "--name", "Lobby", "--channels", "walk-up", "--target-wait", "15m"],
                          ["config", "set", "queue.lobby.walk_up", "on"],
                          ["config", "set", "queue.lobby.walk_up.hours", "mon-sun 00:00-24:00"],
                          ["config", "set", "queue.lobby.walk_up.last_check_in", "0"],
                          ["config", "set", "queue.lobby.walk_up.no_show_after_calls", "2"],
                          ["agent", "set", "ana", "--queues", "service-desk,lobby", "--desk", "Desk 2"]] {
            let result = tmux.frontdesk(arguments)
            #expect(result.status == 0, "\(arguments): \(result.out)")
        }
        for (name, reason) in [("Ada Lovelace", "Laptop repair"), ("Evil\u{1B}]0;pwned\u{07}\u{1B}[31m Hacker", "Password reset"),
                               ("Grace Hopper", "Other")] {
            let result = tmux.frontdesk(["checkin", "lobby", "--name", name, "--reason", reason], as: "walk-up")
            #expect(result.status == 0, "check-in of \(name): \(result.out)")
        }
    }

    @Test(arguments: TestBackend.allCases, [(80, 24), (40, 12)])
    func callNoShowAndAcceptAtTheCounter(_ backend: TestBackend, _ size: (Int, Int)) throws {
        let tmux = try Tmux(backend: backend)
        defer { tmux.stop() }
        Self.openLobby(tmux)
        tmux.start([], width: size.0, height: size.1)
        #expect(tmux.waitFor("7 Lobby (3)"), "with nothing assigned, ana starts on the counter:\n\(tmux.screen)")
        tmux.send("1")
        #expect(tmux.waitFor("1 My work (0)"), "\(tmux.screen)")
        tmux.send("7")
        #expect(tmux.waitFor("7 Lobby (3)"), "the counter is the list after the work lists:\n\(tmux.screen)")
        #expect(tmux.waitFor("Ada L."), "\(tmux.screen)")
        #expect(tmux.screen.contains("W-002") && tmux.screen.contains("Evil H.") && tmux.screen.contains("Grace H."), "\(tmux.screen)")
        #expect(!tmux.screen.contains("pwned"), "no escape sequence reaches the terminal")
        #expect(tmux.screen.contains("C call"), "the hint line offers the call:\n\(tmux.screen)")

        // Called once: the no-show is refused, naming the rule.
        tmux.send("C")
        #expect(tmux.waitFor("called to Desk 2"), "\(tmux.screen)")
        tmux.send("N")
        #expect(tmux.waitFor("no-show after 2 calls"), "\(tmux.screen)")
        // Called again: it counts, and the no-show asks first.
        tmux.send("C")
        #expect(tmux.waitFor("(call 2)"), "\(tmux.screen)")
        tmux.send("N")
        #expect(tmux.waitFor("as a no-show?"), "\(tmux.screen)")
        tmux.send("N")
        #expect(tmux.waitFor("closed abandoned"), "\(tmux.screen)")
        #expect(tmux.waitFor("7 Lobby (2)"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("Ada L."), "the no-show leaves the counter:\n\(tmux.screen)")

        // The next visitor is selected: called, then accepted from the call.
        tmux.send("C")
        #expect(tmux.waitFor("W-002 (IMS0000002) called"), "\(tmux.screen)")
        tmux.send("a")
        #expect(tmux.waitFor("1 Details"), "accepting from the counter opens the record:\n\(tmux.screen)")
        #expect(tmux.waitFor("accepted by ana"), "\(tmux.screen)")
        tmux.send("Escape")
        #expect(tmux.waitUntil { $0.contains("7 Lobby") && $0.contains("WIP") }, "back on the counter, served by ana:\n\(tmux.screen)")

        let shown = tmux.frontdesk(["show", "1"]).out
        #expect(shown.contains("Closed Abandoned"), "\(shown)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
