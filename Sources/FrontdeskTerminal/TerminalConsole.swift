import FrontdeskCore
import FrontdeskUI
#if canImport(Glibc)
import Glibc
#endif

/// The console's main loop, on one thread that owns curses: wait for a key until the next
/// tick, update, draw what changed. Restores the terminal on every way out.
public enum TerminalConsole {
    /// Why the terminal named by TERM cannot run the console (a `dumb` or unknown terminal),
    /// or nil when it can.
    public static func unusableTerminal(named term: String?) -> String? {
        if Curses.terminalIsUsable { return nil }
        let name = (term ?? "").isEmpty ? "TERM is not set" : "TERM=\(term!) cannot move its cursor or clear its screen"
        return "this terminal cannot run the console (\(name)); use a full terminal (TERM=xterm-256color, say), or the other commands (frontdesk --help)"
    }

    /// Runs until the agent quits or a signal ends it. `monochrome` when NO_COLOR is set.
    public static func run(_ session: ConsoleSession, monochrome: Bool) {
        installSignalHandlers()
        let curses = Curses(monochrome: monochrome)
        defer { curses.stop() }
        activeCurses = true

        var size = curses.size
        session.send(.resize(width: size.width, height: size.height))
        if let note = curses.localeNote { session.send(.notice(note)) }
        curses.draw(session.render())
        var nextTick = monotonicMilliseconds() + 1000

        while !session.wantsToQuit {
            // While a search of history or a report's read runs, look for its answer every 20 ms.
            let soon: Int64 = session.isReadingInBackground ? 20 : session.isWaitingForStore ? 100 : 1000
            let wait = Int32(max(0, min(soon, nextTick - monotonicMilliseconds())))
            let key = curses.key(waiting: wait)
            switch pendingSignal {
            case SIGINT:
                pendingSignal = 0
                session.send(.key(.control("c")))
            case SIGTERM, SIGHUP:
                return
            default: break
            }
            if let key {
                if let key {
                    session.send(.key(key))
                } else {
                    // A resize: curses repaints the whole screen on its next refresh.
                    curses.invalidate()
                    size = curses.size
                    session.send(.resize(width: size.width, height: size.height))
                }
            }
            session.poll()
            if monotonicMilliseconds() >= nextTick {
                session.tick()
                nextTick = monotonicMilliseconds() + 1000
            }
            curses.draw(session.render())
            if session.takeBell() { curses.bell() }
        }
    }

    private static func monotonicMilliseconds() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// What a crash handler writes before the default action runs: leave the alternate screen,
    /// put the keypad back in local mode and the cursor keys in normal mode (`keypadLocal`,
    /// terminfo's `rmkx`; else ESC[?1l ESC>, which xterm-likes understand), show the cursor,
    /// reset attributes. Without the keypad reset the shell gets ESC O A for ↑ afterwards.
    static func crashRestoreBytes(keypadLocal: String?) -> [UInt8] {
        let keypad = keypadLocal.flatMap { $0.isEmpty ? nil : $0 } ?? "\u{1B}[?1l\u{1B}>"
        return Array("\u{1B}[?1049l\(keypad)\u{1B}[?25h\u{1B}[0m\r\n".utf8)
    }

    /// SIGINT becomes Ctrl-C (which asks first when text is unsaved); SIGTERM and SIGHUP (an
    /// SSH drop) end the loop, and the deferred `stop` restores the terminal. A crash restores
    /// the terminal's settings from the handler before the default action runs.
    private static func installSignalHandlers() {
        tcgetattr(STDIN_FILENO, &savedTermios)
        // The crash handler may only call async-signal-safe functions: its bytes are made here,
        // once, and it just writes them.
        if crashRestore.baseAddress == nil {
            let bytes = crashRestoreBytes(keypadLocal: Curses.keypadLocalSequence())
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = buffer.initialize(from: bytes)
            crashRestore = buffer
        }
        // A parent may have started us with these blocked (they are inherited); the loop
        // depends on them, SIGWINCH included, which curses turns into KEY_RESIZE.
        var needed = sigset_t()
        sigemptyset(&needed)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGWINCH] { sigaddset(&needed, sig) }
        sigprocmask(SIG_UNBLOCK, &needed, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { pendingSignal = $0 }
        }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { sig in
                if activeCurses {
                    // Async-signal-safe calls only: write(2) the prepared bytes, tcsetattr.
                    if let bytes = crashRestore.baseAddress { _ = write(STDOUT_FILENO, bytes, crashRestore.count) }
                    tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }
}

// Set from signal handlers, read by the loop's single thread.
nonisolated(unsafe) private var pendingSignal: Int32 = 0
nonisolated(unsafe) private var activeCurses = false
nonisolated(unsafe) private var savedTermios = termios()
/// The crash handler's bytes (`TerminalConsole.crashRestoreBytes`), made before it is installed.
nonisolated(unsafe) private var crashRestore = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
