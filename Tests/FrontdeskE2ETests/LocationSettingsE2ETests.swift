import Foundation
import FrontdeskTestSupport
import Testing

/// A walk-up location's settings in the real console: a supervisor opens them from the
/// counter (`L`), a refused value names the rule and keeps what was typed, a saved one is what
/// `frontdesk config get` reads.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct LocationSettingsE2ETests {
    @Test(arguments: TestBackend.allCases)
    func aSupervisorSetsALocationSettingFromTheConsole(_ backend: TestBackend) throws {
        let tmux = try Tmux(backend: backend)
        defer { tmux.stop() }
        CounterE2ETests.openLobby(tmux)
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("7 Lobby (3)"), "\(tmux.screen)")
        tmux.send("L")
        #expect(tmux.waitFor("Location settings · Lobby"), "\(tmux.screen)")
        #expect(tmux.screen.contains("Last check in") && tmux.screen.contains("Closed message"), "\(tmux.screen)")

        // Time zone, hours, holidays, then last check-in.
        tmux.send("j"); tmux.send("j"); tmux.send("j"); tmux.send("Enter")
        #expect(tmux.waitFor("Last check in · Lobby"), "the field opens on the selected setting:\n\(tmux.screen)")
        tmux.send("C-u")
        tmux.type("soon")
        tmux.send("Enter")
        #expect(tmux.waitFor("is not a valid value for walk_up.last_check_in"), "the refusal names the rule:\n\(tmux.screen)")
        #expect(tmux.screen.contains("Last check in · Lobby") && tmux.screen.contains("soon"), "the field stays, as typed:\n\(tmux.screen)")
        #expect(tmux.frontdesk(["config", "get", "queue.lobby.walk_up.last_check_in"]).out.contains("0"))

        tmux.send("C-u")
        tmux.type("30m")
        tmux.send("Enter")
        #expect(tmux.waitFor("queue.lobby.walk_up.last_check_in = 30m"), "\(tmux.screen)")
        #expect(tmux.waitUntil { $0.split(separator: "\n").contains { $0.contains("Last check in") && $0.contains("30m") } },
                "the list shows the new value:\n\(tmux.screen)")
        let got = tmux.frontdesk(["config", "get", "queue.lobby.walk_up.last_check_in"])
        #expect(got.status == 0 && got.out.contains("30m"), "\(got.out)")

        tmux.send("Escape")
        #expect(tmux.waitFor("7 Lobby (3)"), "Esc goes back to the counter:\n\(tmux.screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
