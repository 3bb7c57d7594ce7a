import Foundation
import Testing

/// The real binary in tmux: movement keys in empty panes, and what a crash leaves behind.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct EmptyPaneE2ETests {
    /// The keys of issue 21: a chat from someone unknown, `3`, Enter, `2`, `j`. The console
    /// died of SIGILL there; now it stays, and every movement key works in both empty panes.
    @Test func movingInEmptyPanesKeepsTheConsoleRunning() {
        let tmux = Tmux()
        defer { tmux.stop() }
        #expect(tmux.frontdesk(["intake", "chat", "--from", "someone", "--text", "hello"]).status == 0)
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("IMS0000001"), "\(tmux.screen)")
        tmux.send("3")
        #expect(tmux.waitFor("All open (1)"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"), "\(tmux.screen)")
        tmux.send("2")
        #expect(tmux.waitFor("Related tasks (0)"), "\(tmux.screen)")
        tmux.send("j")
        tmux.send("Down", "k", "Up", "NPage", "PPage", "End", "Home")
        tmux.send("3")
        #expect(tmux.waitFor("Opened for is empty"), "\(tmux.screen)")
        tmux.send("j", "Down", "k", "Up", "NPage", "PPage", "End", "Home", "Enter")
        // Still running and answering keys.
        tmux.send("1")
        #expect(tmux.waitFor("Short description"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("EXIT="), "the console died:\n\(tmux.screen)")
        tmux.send("Escape", "q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    /// After a crash signal the shell gets its keypad back: ↑ sends ESC [ A again, not ESC O A.
    @Test func aCrashSignalPutsTheKeypadBackInLocalMode() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        func keypadFlags() -> String {
            Tmux.run(["tmux", "-L", tmux.socket, "display-message", "-p", "-t", "main", "#{keypad_cursor_flag}#{keypad_flag}"])
                .out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(keypadFlags() == "11", "the console runs with the keypad in application mode")
        let pid = try #require(tmux.consolePID, "console pid")
        kill(pid, SIGSEGV)
        #expect(tmux.waitFor("EXIT="), "\(tmux.screen)")
        #expect(tmux.waitFor("icanon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-icanon"), "\(tmux.screen)")
        #expect(keypadFlags() == "00", "keypad and cursor keys back in normal mode after the crash")
    }
}
