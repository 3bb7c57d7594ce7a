import FrontdeskCore

/// Everything the console shows, as a value. `handle` is its only way to change: it never
/// reads the clock, a file or the terminal; time arrives in `.tick`, keys in `.key`.
public struct ConsoleState: Equatable, Sendable {
    public enum Screen: Equatable, Sendable { case home, record, report, appointments, locationSettings }

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
        /// The supervisor's live board.
        case board
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
    /// The work lists, kept while a record is open so going back finds them as they were.
    public var home = HomeScreen()
    /// The open record, when the record screen shows.
    public var record: RecordScreen? {
        // Leaving a record is having read its conversation up to now.
        didSet {
            if let left = oldValue?.number, left != record?.number { readMarks[left] = now }
            // Opened, it is read: its row is no longer marked.
            if let opened = record?.number { seen.unread[opened] = nil }
        }
    }
    /// What this agent has been shown of their own work (kept by the console, not the store):
    /// what arrives or changes since is announced, and its rows marked unread.
    public internal(set) var seen = SeenWork()
    /// The report screen (supervisors' `R`), kept while a record opened from it shows.
    public internal(set) var report: ReportScreen?
    /// A walk-up location's appointments (`p` on its counter), kept while a record opened from them shows.
    public internal(set) var appointments: AppointmentsScreen?
    /// A walk-up location's settings (supervisors, `L` on its counter).
    public internal(set) var locationSettings: LocationSettingsScreen?
    /// Charts in plain ASCII rather than block elements (a terminal whose locale is not UTF-8).
    public var asciiCharts = false
    /// When this agent last left each record they had open: customer messages after that
    /// (and after their own last reply) are marked unread.
    public var readMarks: [String: Instant] = [:]
    /// The canned replies to pick from (the store's and the built-in ones), filled in per record.
    public var templates: [ReplyTemplate] = []
    /// When the canned replies were last read (`.readTemplates`): a supervisor's new one shows
    /// within `templatesRereadSeconds`. Nil until they are first read.
    public internal(set) var templatesReadAt: Instant?
    static let templatesRereadSeconds: Int64 = 10
    public var dialog: Dialog?
    /// A dialog's Enter started a save not yet answered (saved, refused or waiting). The dialog
    /// itself travels in the save's effect (`ConsoleEffect.perform`'s `returnTo`) and comes
    /// back with the refusal (`.saveFailed`).
    public internal(set) var awaitingSave = false
    /// A record accepted while a dialog was open: it opens when the dialog is done.
    public internal(set) var openAfterDialog: String?
    /// Saves are waiting for the store: said on the status line until they go through or fail.
    public var storeWait: String?
    /// The store could not be reached on the last look (a database server down or cut off):
    /// said on the status line until the store answers again.
    public internal(set) var storeUnreachable = false
    /// The oldest record routing offers this agent, as the desk was last read (see `reloadRows`).
    public internal(set) var offer: Interaction?
    /// The other consoles on the store now, and what they have open (from their heartbeats).
    public internal(set) var viewers: [Viewer] = []
    public var overlay: Overlay?
    /// First line shown of the overlay, when it is taller than the window.
    public var overlayTop = 0
    /// The last message (a refusal, a summary), shown whole on its own lines.
    public var status: StatusMessage?
    /// Every message of the session, oldest first (`m` shows them).
    public var messageLog: [StatusMessage] = []
    /// A call went out: the terminal rings once (the runner takes it, `ConsoleSession.takeBell`).
    public internal(set) var bellRequested = false

    public init(agent: String, storeLabel: String, now: Instant, width: Int = 80, height: Int = 24) {
        self.agent = agent; self.storeLabel = storeLabel; self.now = now; self.width = width; self.height = height
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The message area's lines: the last message wrapped to the width.
    var messageLines: [String] {
        guard let status else { return [] }
        let lines = DisplayWidth.wrap(TextSanitizer.clean(status.text), width: max(10, width - 2))
        guard lines.count > Layout.maximumMessageRows else { return lines }
        let more = " … (\(Bindings.label(for: .messageLog, in: .home)): all of it)"
        let last = DisplayWidth.truncate(lines[Layout.maximumMessageRows - 1], to: max(1, width - 2 - DisplayWidth.of(more))) + more
        return Array(lines.prefix(Layout.maximumMessageRows - 1)) + [last]
    }

    /// How the screen is divided now.
    public var layout: Layout {
        Layout(width: width, height: height, screen: screen, messageRows: messageLines.count, bannerRows: offer == nil ? 0 : 1)
    }

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

/// What arrives at the console. Indirect: Swift 6.3 laid this multi-payload enum out wrongly
/// once its payloads grew (a command result beside a dialog holding commands), and freeing a
/// message crashed; boxed payloads sidestep that.
public indirect enum ConsoleMessage: Equatable, Sendable {
    case key(Key)
    case tick(Instant)
    case resize(width: Int, height: Int)
    /// The store changed underneath (another console, a gateway).
    case deskChanged
    /// Who else is on the store now, and on which records.
    case viewers([Viewer])
    case commandSucceeded(CommandResult, FollowUp)
    case commandFailed(String)
    /// A save is waiting for the store (another program holds its lock); the console stays live.
    /// The dialog that submitted it now travels with the waiting save.
    case waiting(String)
    /// Whether the store answered the last look (false: it could not be reached).
    case storeReachable(Bool)
    /// A save that had waited failed (refused, or the store stayed locked): `restoring` is the
    /// dialog it came from, with what was typed.
    case saveFailed(String, restoring: Dialog?)
    /// A search of history finished: the positions (in the view's history order) that match.
    case historySearched(query: String, view: WorkView, positions: [Int])
    /// The canned replies, as read for `.readTemplates`.
    case templatesRead([ReplyTemplate])
    /// Something about the terminal the agent should know, said once (e.g. not UTF-8).
    case notice(String)
    /// A report period's contacts, as read for `.readReport`.
    case reportRead(ReportData)
    /// They could not be read (the store's words).
    case reportFailed(String)
}

/// What the console asks its runner to do. The update function says everything it needs from
/// the world here; the runner never looks into the state to find work.
public enum ConsoleEffect: Equatable, Sendable {
    /// Save a command. `returnTo` is the dialog it was typed in: a refusal (or a store that
    /// stays locked) brings it back with what was typed (`.saveFailed`).
    case perform(DeskCommand, FollowUp, returnTo: Dialog? = nil)
    /// Search history for the list shown, off the input thread (a newer search cancels an
    /// older one); the answer comes back as `.historySearched`.
    case searchHistory(query: String, view: WorkView)
    /// Read the canned replies; they come back as `.templatesRead`.
    case readTemplates
    /// Read the contacts of a report period; they come back as `.reportRead` (or `.reportFailed`).
    case readReport(ReportPeriod)
    case quit

    /// Two saves are the same request when they ask the same of the store with the same
    /// follow-up; the dialog a refusal would bring back is carried, not compared (tests and
    /// the runner's queue compare requests). `returnTo` is asserted where it matters.
    public static func == (a: ConsoleEffect, b: ConsoleEffect) -> Bool {
        switch (a, b) {
        case let (.perform(c1, f1, _), .perform(c2, f2, _)): c1 == c2 && f1 == f2
        case let (.searchHistory(q1, v1), .searchHistory(q2, v2)): q1 == q2 && v1 == v2
        case (.readTemplates, .readTemplates), (.quit, .quit): true
        case let (.readReport(p1), .readReport(p2)): p1 == p2
        default: false
        }
    }

    /// The dialog a refused save brings back.
    public var returnTo: Dialog? {
        if case .perform(_, _, let dialog) = self { dialog } else { nil }
    }
}

/// What to do after a command succeeds.
public enum FollowUp: Equatable, Sendable {
    case stay
    /// Open the record the command created.
    case openSubject
    /// Ask for the wrap-up (code, notes) when the command put the record in Wrap Up.
    case wrapUp
    /// Ring the terminal's bell: a walk-up visitor was called to this agent's desk.
    case ring
}

extension ConsoleState {
    // The work lists' parts, as the update function and the tests name them.
    public var view: WorkView { get { home.view } set { home.view = newValue } }
    public var list: HomeScreen.ListState { get { home.list } set { home.list = newValue } }
    public var searchField: TextField? { get { home.searchField } set { home.searchField = newValue } }
    public var searchQuery: String { get { home.searchQuery } set { home.searchQuery = newValue } }

    func workingRecord(_ index: Int?, in desk: Desk) -> Interaction? { home.workingRecord(index, in: desk) }
    func selectedNumber(in desk: Desk) -> String? { home.row(list.selected, in: desk, at: now)?.number }
}

extension Desk {
    /// A record for the console: the working set's, or history's read from its line.
    func displayed(_ number: String) -> Interaction? {
        interaction(number) ?? (try? history?.record(number: number)) ?? nil
    }
}
