import FrontdeskCore

/// Everything the console shows, as a value. `handle` is its only way to change: it never
/// reads the clock, a file or the terminal; time arrives in `.tick`, keys in `.key`.
public struct ConsoleState: Equatable, Sendable {
    public enum Screen: Equatable, Sendable { case home, record }

    public struct ListState: Equatable, Sendable {
        /// Positions in `desk.interactions` of the working-set rows of the current view and search.
        public var rows: [Int] = []
        /// The rows after them that come from history (Closed and Archived).
        public var history = HistoryRows.none
        public var selected = 0
        public var top = 0

        public var count: Int { rows.count + history.count }
    }

    /// A list's rows from history: all of the view's (read a page at a time through the index),
    /// the matches of a search, or a search still running off the input thread.
    public enum HistoryRows: Equatable, Sendable {
        case none
        case all(Int)
        case matches([Int])
        case searching(query: String)

        public var count: Int {
            switch self {
            case .none, .searching: 0
            case .all(let n): n
            case .matches(let positions): positions.count
            }
        }

        /// The position in the view's history order of row `i` of this part.
        func position(_ i: Int) -> Int? {
            switch self {
            case .all(let n): i < n ? i : nil
            case .matches(let positions): i < positions.count ? positions[i] : nil
            case .none, .searching: nil
            }
        }
    }

    public struct RecordState: Equatable, Sendable {
        public var number: String
        public var pane: Pane = .details
        /// The selected line of each pane; nil until the agent moves, which means the first
        /// line Enter can act on.
        public var selected: [Int?] = [nil, nil, nil]
        public var top: [Int] = [0, 0, 0]
        /// Records opened from this one (User's Interactions); Esc goes back through them.
        public var previous: [String] = []
    }

    public struct StatusMessage: Equatable, Sendable {
        public var text: String
        public var isError: Bool
        public var at: Instant = Instant(seconds: 0)
    }

    /// A view over the screen that reads and scrolls: help, the session's messages, or a
    /// record's whole conversation.
    public enum Overlay: Equatable, Sendable {
        case help
        case messageLog
        case conversation(String)
    }

    /// The smallest window the console draws into; below it, a notice.
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    public var agent: String
    public var storeLabel: String
    public var now: Instant
    public var width: Int
    public var height: Int
    public var screen: Screen = .home
    public var view: WorkView = .mine
    public var list = ListState()
    /// The search input while it is being typed; `searchQuery` is the filter applied.
    public var searchField: TextField?
    public var searchQuery = ""
    /// The query whose history matches `list.history` holds.
    public var lastHistorySearch: String?
    public var record: RecordState?
    public var dialog: Dialog?
    /// The dialog whose Enter started the command being saved: it comes back, with what was
    /// typed, if the save fails; it goes when the save succeeds.
    public var submitted: Dialog?
    /// Saves are waiting for the store: said on the status line until they go through or fail.
    public var storeWait: String?
    public var overlay: Overlay?
    /// First line shown of the overlay, when it is taller than the window.
    public var overlayTop = 0
    /// The last message (a refusal, a summary), shown whole on its own lines.
    public var status: StatusMessage?
    /// Every message of the session, oldest first (`m` shows them).
    public var messageLog: [StatusMessage] = []

    public init(agent: String, storeLabel: String, now: Instant, width: Int = 80, height: Int = 24) {
        self.agent = agent; self.storeLabel = storeLabel; self.now = now; self.width = width; self.height = height
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The message area's lines: the last message wrapped to the width.
    var messageLines: [String] {
        guard let status else { return [] }
        let lines = DisplayWidth.wrap(TextSanitizer.clean(status.text), width: max(10, width - 2))
        guard lines.count > Layout.maximumMessageRows else { return lines }
        let more = " … (m: all of it)"
        let last = DisplayWidth.truncate(lines[Layout.maximumMessageRows - 1], to: max(1, width - 2 - DisplayWidth.of(more))) + more
        return Array(lines.prefix(Layout.maximumMessageRows - 1)) + [last]
    }

    /// How the screen is divided now.
    public var layout: Layout { Layout(width: width, height: height, screen: screen, messageRows: messageLines.count) }

    /// Rows available to the work list.
    public var listHeight: Int { layout.body.height }
    /// Rows available to a pane.
    public var paneHeight: Int { layout.body.height }

    /// Shows a message and keeps it in the session's log.
    mutating func say(_ text: String, isError: Bool) {
        let message = StatusMessage(text: text, isError: isError, at: now)
        status = message
        messageLog.append(message)
        if messageLog.count > 500 { messageLog.removeFirst(messageLog.count - 500) }
    }
}

/// What arrives at the console.
public enum ConsoleMessage: Equatable, Sendable {
    case key(Key)
    case tick(Instant)
    case resize(width: Int, height: Int)
    /// The store changed underneath (another console, a gateway).
    case deskChanged
    case commandSucceeded(CommandResult, FollowUp)
    case commandFailed(String)
    /// A save is waiting for the store (another program holds its lock); the console stays live.
    /// The dialog that submitted it now travels with the waiting save.
    case waiting(String)
    /// A save that had waited failed (refused, or the store stayed locked): `restoring` is the
    /// dialog it came from, with what was typed.
    case saveFailed(String, restoring: Dialog?)
    /// A search of history finished: the positions (in the view's history order) that match.
    case historySearched(query: String, view: WorkView, positions: [Int])
    /// Something about the terminal the agent should know, said once (e.g. not UTF-8).
    case notice(String)
}

/// What the console asks its runner to do.
public enum ConsoleEffect: Equatable, Sendable {
    case perform(DeskCommand, FollowUp)
    case quit
}

/// What to do after a command succeeds.
public enum FollowUp: Equatable, Sendable {
    case stay
    /// Open the record the command created.
    case openSubject
}

extension ConsoleState {
    /// Row `index` of the current list, from the working set or from history.
    func listRow(_ index: Int, in desk: Desk) -> HistoryRow? {
        guard index >= 0 else { return nil }
        if index < list.rows.count { return desk.row(desk.interactions[list.rows[index]], at: now) }
        guard let position = list.history.position(index - list.rows.count) else { return nil }
        return desk.history?.row(in: view, at: position)
    }

    /// The record in the working set behind a row, when it is there (history rows are closed).
    func workingRecord(_ index: Int, in desk: Desk) -> Interaction? {
        index >= 0 && index < list.rows.count ? desk.interactions[list.rows[index]] : nil
    }

    func selectedNumber(in desk: Desk) -> String? { listRow(list.selected, in: desk)?.number }
}

extension Desk {
    /// A record for the console: the working set's, or history's read from its line.
    func displayed(_ number: String) -> Interaction? {
        interaction(number) ?? (try? history?.record(number: number)) ?? nil
    }
}
