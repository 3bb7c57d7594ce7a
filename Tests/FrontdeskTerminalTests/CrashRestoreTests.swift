import Testing
@testable import FrontdeskTerminal

/// What the crash handler writes: the terminal as the shell had it, keypad included.
/// Serialized: terminfo's loaded terminal is one per process, so two look-ups at once (tests
/// run in parallel) would trample each other's.
@Suite(.serialized) struct CrashRestoreTests {
    @Test func theKeypadGoesBackToLocalModeFromTerminfo() throws {
        let rmkx = try #require(Curses.keypadLocalSequence(terminal: "xterm"), "xterm's terminfo has rmkx")
        #expect(rmkx == "\u{1B}[?1l\u{1B}>")
        let bytes = TerminalConsole.crashRestoreBytes(keypadLocal: rmkx)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\u{1B}[?1l\u{1B}>"), "keypad local, cursor keys normal")
        #expect(text.contains("\u{1B}[?1049l"), "the alternate screen is left")
        #expect(text.contains("\u{1B}[?25h"), "the cursor is shown")
    }

    @Test func withoutRmkxTheXtermSequenceIsSent() {
        #expect(Curses.keypadLocalSequence(terminal: "dumb") == nil)
        #expect(Curses.keypadLocalSequence(terminal: "no-such-terminal-here") == nil)
        for missing in [nil, ""] as [String?] {
            let text = String(decoding: TerminalConsole.crashRestoreBytes(keypadLocal: missing), as: UTF8.self)
            #expect(text.contains("\u{1B}[?1l\u{1B}>"))
        }
    }
}
