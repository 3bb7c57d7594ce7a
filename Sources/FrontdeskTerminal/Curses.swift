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

    init(monochrome: Bool) {
        setlocale(LC_ALL, "")
        set_escdelay(25)
        window = initscr()!
        cbreak()
        noecho()
        nonl()
        Self.disableFlowControl()
        keypad(window, true)
        curs_set(0)
        colour = !monochrome && has_colors()
        if colour {
            start_color()
            use_default_colors()
        }
        attributes = Self.theme(colour: colour)
    }

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

    /// Copies the rows of `grid` that changed since the last frame. Curses then sends only
    /// the cells that differ, so an idle console sends just its ticking timers.
    func draw(_ grid: Grid) {
        let rows = grid.changedRows(since: previous)
        for y in rows {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if cell.isContinuation { continue }
                let (attr, pair) = attributes[cell.style] ?? (fd_a_normal(), 0)
                let chars = Self.drawable(cell.text)
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

    /// After a resize curses repaints from scratch; forget what was drawn.
    func invalidate() { previous = nil }

    private static func character(_ value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
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
        ]
    }
}
