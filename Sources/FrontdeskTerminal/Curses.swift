import CNCursesW
import FrontdeskUI
#if canImport(Glibc)
import Glibc
#endif

/// The only code that talks to curses: start-up and restore, key decoding, colours, and
/// copying a grid to the screen.
final class Curses {
    private let window: UnsafeMutablePointer<WINDOW>
    private let colour: Bool
    private var attributes: [Style: (attr_t, Int16)] = [:]
    private var previous: Grid?

    /// Set when the locale is not UTF-8: what the console should say once.
    private(set) var localeNote: String?
    /// No UTF-8 locale could be had: cells outside ASCII are drawn as visible stand-ins.
    private let asciiOnly: Bool

    init(monochrome: Bool) {
        (localeNote, asciiOnly) = Self.chooseLocale()
        set_escdelay(25)
        window = initscr()!
        cbreak()
        noecho()
        nonl()
        Self.disableFlowControl()
        keypad(window, true)
        Self.defineKeySequences()
        curs_set(0)
        colour = !monochrome && has_colors()
        if colour {
            start_color()
            use_default_colors()
        }
        attributes = Self.theme(colour: colour)
    }

    /// The console draws UTF-8. Under LANG=C (or SSH without LANG forwarded) curses would
    /// count bytes, not letters, and names and timers would shift and smear; so the character
    /// type is switched to C.UTF-8 (terminals today are UTF-8 whatever the locale says), and
    /// the agent is told once. Without a UTF-8 locale at all, non-ASCII cells are drawn as
    /// stand-ins instead, and that is said too.
    private static func chooseLocale() -> (note: String?, asciiOnly: Bool) {
        setlocale(LC_ALL, "")
        if isUTF8 { return (nil, false) }
        let was = String(cString: fd_codeset())
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil && isUTF8 {
            // One line at 80 columns: the message line gives it back to the lists sooner.
            return ("Locale \(was), not UTF-8: if letters look wrong, set LANG=C.UTF-8.", false)
        }
        return ("Locale \(was), not UTF-8, none installed: non-ASCII letters show as ?.", true)
    }

    private static var isUTF8: Bool {
        let codeset = String(cString: fd_codeset()).uppercased()
        return codeset == "UTF-8" || codeset == "UTF8"
    }

    /// Sequences terminals send that the terminfo entry may not list: Home and End as
    /// `ESC[1~`/`ESC[4~` (PuTTY, screen, tmux under TERM=xterm) or `ESC[7~`/`ESC[8~` (rxvt),
    /// `ESC[H`/`ESC[F` and `ESCOH`/`ESCOF`, and Insert, Delete, PgUp, PgDn, Shift-Tab. Without
    /// them curses hands over Esc and then the digits: End would jump to list 4.
    static let keySequences: [(String, Int32)] = [
        ("\u{1B}[1~", KEY_HOME), ("\u{1B}[7~", KEY_HOME), ("\u{1B}[H", KEY_HOME), ("\u{1B}OH", KEY_HOME),
        ("\u{1B}[4~", KEY_END), ("\u{1B}[8~", KEY_END), ("\u{1B}[F", KEY_END), ("\u{1B}OF", KEY_END),
        ("\u{1B}[2~", KEY_IC), ("\u{1B}[3~", KEY_DC), ("\u{1B}[5~", KEY_PPAGE), ("\u{1B}[6~", KEY_NPAGE),
        ("\u{1B}[Z", KEY_BTAB),
        ("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT), ("\u{1B}[D", KEY_LEFT),
        ("\u{1B}OA", KEY_UP), ("\u{1B}OB", KEY_DOWN), ("\u{1B}OC", KEY_RIGHT), ("\u{1B}OD", KEY_LEFT),
    ]

    private static func defineKeySequences() {
        for (sequence, code) in keySequences where key_defined(sequence) <= 0 {
            define_key(sequence, code)
        }
    }

    /// The sequence that puts the keypad back in local mode (terminfo's `rmkx`) for `terminal`
    /// (nil: TERM's), or nil when terminfo has none. Read before curses starts.
    static func keypadLocalSequence(terminal: String? = nil) -> String? {
        var buffer = [CChar](repeating: 0, count: 64)
        let found = buffer.withUnsafeMutableBufferPointer { out in
            if let terminal { return fd_terminal_string(terminal, "rmkx", out.baseAddress, Int32(out.count)) }
            return fd_terminal_string(nil, "rmkx", out.baseAddress, Int32(out.count))
        }
        guard found == 1 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the terminal named by TERM can run the console at all.
    static var terminalIsUsable: Bool { fd_terminal_is_usable() == 1 }

    /// Ctrl-S would otherwise stop the terminal's output (XON/XOFF) and look like a frozen
    /// console that then ignores everything but Ctrl-Q. curses keeps these modes as the
    /// program's (`def_prog_mode`) and restores the shell's own on `endwin`.
    private static func disableFlowControl() {
        var modes = termios()
        guard tcgetattr(STDIN_FILENO, &modes) == 0 else { return }
        modes.c_iflag &= ~tcflag_t(IXON | IXOFF)
        guard tcsetattr(STDIN_FILENO, TCSANOW, &modes) == 0 else { return }
        def_prog_mode()
    }

    /// Restores the terminal: what every exit path calls.
    func stop() {
        endwin()
    }

    var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Waits up to `milliseconds` for a key; nil on timeout or interruption.
    func key(waiting milliseconds: Int32) -> Key?? {
        wtimeout(window, milliseconds)
        var ch: wint_t = 0
        let result = wget_wch(window, &ch)
        if result == fd_err() { return nil }
        if result == fd_key_code_yes() {
            if Int32(ch) == KEY_RESIZE { return .some(nil) }
            return Self.special(Int32(ch)).map { .some($0) } ?? nil
        }
        return Self.character(UInt32(ch)).map { .some($0) } ?? nil
    }

    /// The terminal's bell (a flash where it has no sound).
    func bell() { beep() }

    /// Copies the rows of `grid` that changed since the last frame. Curses then sends only
    /// the cells that differ, so an idle console sends just its ticking timers.
    func draw(_ grid: Grid) {
        let rows = grid.changedRows(since: previous)
        for y in rows {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                let (attr, pair) = attributes[cell.style] ?? (fd_a_normal(), 0)
                let chars = Self.drawable(asciiOnly ? Self.standIn(cell.text) : cell.text)
                // The last column of the last row scrolls some terminals; curses reports ERR but draws it.
                _ = fd_put_cluster(window, Int32(y), Int32(x), chars, attr, pair)
            }
        }
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    /// The scalars of one cell for curses: the base character and the marks and variation
    /// selectors that stay inside its cells. A ZWJ sequence (👨‍👩‍👧), a skin tone or a flag is
    /// drawn as its first scalar: terminals disagree on joining them, and one that does not
    /// would push the rest of the row out of place.
    private static func drawable(_ cluster: String) -> [wchar_t] {
        var chars: [wchar_t] = []
        for scalar in cluster.unicodeScalars {
            if !chars.isEmpty {
                let category = scalar.properties.generalCategory
                let attaches = category == .nonspacingMark || category == .enclosingMark
                    || (0xFE00...0xFE0F).contains(scalar.value)
                guard attaches, chars.count < 4 else { break }
            }
            chars.append(wchar_t(bitPattern: scalar.value))
        }
        chars.append(0)
        return chars
    }

    /// An ASCII stand-in for a cell, where no UTF-8 locale exists: the console's own symbols
    /// by their look, letters by their base letter where Unicode gives one, else `?`.
    private static func standIn(_ cluster: String) -> String {
        if cluster.utf8.allSatisfy({ $0 < 0x80 }) { return cluster }
        switch cluster {
        case "─": return "-"
        case "│": return "|"
        case "┌", "┐", "└", "┘": return "+"
        case "▸", "◂": return cluster == "▸" ? ">" : "<"
        case "·": return "."
        case "…": return "~"
        case "“", "”": return "\""
        case "✎": return "*"
        case "★": return "*"
        case "↑": return "^"
        case "↓": return "v"
        case "←": return "<"
        case "→": return ">"
        case "✉": return "@"
        case "↗": return ">"
        case "✓": return "+"
        case "✗": return "x"
        case "●", "◉": return "*"
        default: break
        }
        if let base = cluster.unicodeScalars.first, base.value < 0x80 { return String(base) }
        return "?"
    }

    /// After a resize curses repaints from scratch; forget what was drawn.
    func invalidate() { previous = nil }

    private static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        // Enter sends CR (the terminal is in nonl mode); LF is Ctrl-J: a new line in a reply.
        case 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        default:
            guard value >= 32, let scalar = Unicode.Scalar(value) else { return nil }
            return .character(Character(scalar))
        }
    }

    private static func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_ENTER: return .enter
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Styles to attributes and colour pairs. The default theme keeps the terminal's own
    /// background (pair colours use -1); monochrome uses bold, dim, underline and reverse only.
    private static func theme(colour: Bool) -> [Style: (attr_t, Int16)] {
        let normal = fd_a_normal(), bold = fd_a_bold(), reverse = fd_a_reverse(), dim = fd_a_dim(), underline = fd_a_underline()
        if colour {
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_RED), -1)
            init_pair(3, Int16(COLOR_YELLOW), -1)
            init_pair(4, Int16(COLOR_BLUE), -1)
            init_pair(5, Int16(COLOR_BLACK), Int16(COLOR_CYAN))
            init_pair(6, Int16(COLOR_WHITE), Int16(COLOR_RED))
            init_pair(7, Int16(COLOR_GREEN), -1)
            // Orange where the terminal has 256 colours, magenta where it has 8.
            init_pair(8, fd_colors() >= 256 ? 208 : Int16(COLOR_MAGENTA), -1)
        }
        func c(_ attr: attr_t, _ pair: Int16) -> (attr_t, Int16) { colour ? (attr, pair) : (attr, 0) }
        return [
            .normal: (normal, 0),
            .dim: (dim, 0),
            .bold: (bold, 0),
            .title: c(bold, 1),
            .header: (bold | underline, 0),
            .selected: (reverse, 0),
            .overdue: c(bold, 2),
            .overdueSelected: colour ? (bold, 6) : (reverse | bold, 0),
            .status: colour ? (normal, 5) : (reverse, 0),
            .statusError: colour ? (bold, 6) : (reverse | bold, 0),
            .key: c(bold, 3),
            .border: c(normal, 4),
            .input: (underline, 0),
            .tabActive: (reverse | bold, 0),
            .tabInactive: (dim, 0),
            .attention: colour ? (bold, 3) : (bold | underline, 0),
            .calm: c(bold, 7),
            .caution: colour ? (bold, 3) : (bold, 0),
            .urgent: colour ? (bold, 8) : (bold | underline, 0),
            .reply: colour ? (bold, 7) : (bold, 0),
            .internalNote: colour ? (normal, 4) : (dim, 0),
        ]
    }
}
