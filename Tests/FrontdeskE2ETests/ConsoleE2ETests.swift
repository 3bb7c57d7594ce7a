import Foundation
import Testing

/// The real binary in tmux, as an agent would use it.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ConsoleE2ETests {
    @Test func aWorkingSession() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        // A customer and a waiting chat, added as a gateway would.
        #expect(tmux.frontdesk(["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"]).status == 0)
        #expect(tmux.frontdesk(["intake", "chat", "--for", "zoe@example.com", "--text", "hello"]).status == 0)

        tmux.start([])
        #expect(tmux.waitFor("My work"), "the console starts:\n\(tmux.screen)")
        #expect(tmux.waitFor("IMS0000001"), "the waiting chat is listed (the console opens on the queue):\n\(tmux.screen)")

        // Open it, accept, look at the panes.
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"))
        tmux.send("a")
        #expect(tmux.waitFor("IMS0000001 accepted by ana"))
        tmux.send("2")
        #expect(tmux.waitFor("Related tasks (0)"))
        tmux.send("3")
        #expect(tmux.waitFor("Zoë Müller: 1 interaction"))
        tmux.send("Tab")
        #expect(tmux.waitFor("Short description"))

        // Fill in the short description, then create an incident from it.
        tmux.send("s")
        #expect(tmux.waitFor("Short description of IMS0000001"))
        tmux.type("Laptop will not boot")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000001 saved"))
        tmux.send("T")
        #expect(tmux.waitFor("Create a task from IMS0000001"))
        tmux.send("Enter")
        #expect(tmux.waitFor("Incident INC0000001 created from IMS0000001"))
        tmux.send("2")
        #expect(tmux.waitFor("INC0000001"))

        // A new interaction for a new customer, created inline.
        tmux.send("Escape", "1")
        #expect(tmux.waitFor("My work (1)"))
        tmux.send("n")
        #expect(tmux.waitFor("New interaction"))
        tmux.send("Tab")
        tmux.type("Nora Jones")
        tmux.send("Down", "Enter")
        #expect(tmux.waitFor("Email"))
        tmux.type("nora@example.com")
        tmux.send("Tab", "Tab")
        tmux.type("Lost badge")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000002 created and accepted"), "\(tmux.screen)")
        #expect(tmux.waitFor("Nora Jones"))

        // Too small, then back.
        tmux.resize(width: 30, height: 8)
        #expect(tmux.waitFor("Window too small"), "\(tmux.screen)")
        tmux.resize(width: 100, height: 30)
        #expect(tmux.waitFor("1 Details"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("Window too small"))

        // Back home and quit; the terminal is restored (canonical mode and echo on again).
        tmux.send("Escape")
        #expect(tmux.waitFor("My work (2)"))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
        #expect(tmux.waitFor("icanon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-icanon"), "\(tmux.screen)")
        #expect(tmux.screen.contains("echo") && !tmux.screen.contains("-echo"))
        // The store holds what was done.
        let shown = tmux.frontdesk(["show", "IMS0000001", "--json"]).out
        #expect(shown.contains("\"short_description\" : \"Laptop will not boot\""))
        #expect(shown.contains("INC0000001"))
    }

    @Test func anotherConsolesChangeAppearsWithoutAKeypress() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([])
        #expect(tmux.waitFor("No interactions yet"), "\(tmux.screen)")
        #expect(tmux.frontdesk(["intake", "messaging", "--from", "+1 555 010 9999", "--text", "hi"]).status == 0)
        tmux.send("2")
        #expect(tmux.waitFor("IMS0000001", timeout: 3), "within two seconds:\n\(tmux.screen)")
        #expect(tmux.frontdesk(["intake", "messaging", "--from", "+1 555 010 8888"]).status == 0)
        #expect(tmux.waitFor("IMS0000002", timeout: 3), "and again, with no key pressed:\n\(tmux.screen)")
        tmux.send("C-c")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test(arguments: ["TERM", "HUP"])
    func signalsRestoreTheTerminal(_ signal: String) throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([])
        #expect(tmux.waitFor("My work"))
        let console = Tmux.run(["pgrep", "-f", "-n", "^" + Tmux.binary + "$"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(Int32(console.split(separator: "\n").last ?? ""), "console pid")
        kill(pid, signal == "TERM" ? SIGTERM : SIGHUP)
        #expect(tmux.waitFor("EXIT="), "\(tmux.screen)")
        #expect(tmux.waitFor("icanon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-icanon"), "\(tmux.screen)")
    }

    @Test func hostileTextNeverReachesTheTerminal() {
        let tmux = Tmux()
        defer { tmux.stop() }
        _ = tmux.frontdesk(["customer", "add", "--name", "Mallory\u{1B}]2;pwned\u{07}\u{1B}[2J\u{1B}[31m Red", "--email", "m@example.com"])
        _ = tmux.frontdesk(["intake", "chat", "--for", "m@example.com", "--text", "\u{1B}[?1049lbye"])
        tmux.start([])
        #expect(tmux.waitFor("Mallory Red"), "\(tmux.screen)")
        let title = Tmux.run(["tmux", "-L", tmux.socket, "display-message", "-p", "-t", "main", "#{pane_title}"]).out
        #expect(!title.contains("pwned"), "an OSC title sequence got through: \(title)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test func demoDeskOpens() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start(["--demo"])
        #expect(tmux.waitFor("My work (", timeout: 60), "\(tmux.screen)")
        #expect(tmux.waitFor("IMS000"), "the demo gives the agent work of their own:\n\(tmux.screen)")
        tmux.send("3")
        #expect(tmux.waitFor("3 All open ("))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
