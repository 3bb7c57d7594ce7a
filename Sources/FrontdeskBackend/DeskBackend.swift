import FrontdeskCore

/// Where a desk is kept, in the core's terms: the one seam between Frontdesk and a backend.
/// The JSON-file store (`FrontdeskStore.Store`) and the PostgreSQL store
/// (`FrontdeskPostgres.PostgresStore`) implement it; the command line, the console, routing,
/// the exchange (ServiceNow and CSV), the benchmark and the shared tests are written against
/// it once.
///
/// What every backend promises:
/// - `desk` is the working set (open records and those closed within the history window),
///   with history behind it through `desk.history`.
/// - `perform` plans the command against a desk that holds every change committed before it
///   (by any process, on any host), commits the change set as one unit and only then returns:
///   a change acknowledged is durable; a change refused or failed left the store exactly as
///   it was. Writers are serialised, so numbers stay unique and gapless.
/// - `refresh` and `waitForChange` bring in what others committed, without a keypress.
public protocol DeskBackend: AnyObject {
    /// The store as the user named it: a folder, or a URL without its password.
    var location: String { get }
    /// The working set, as of the last write or refresh.
    var desk: Desk { get }
    /// Things worth telling the user that did not stop the store (a torn last line, loose permissions).
    var warnings: [String] { get }
    /// How long a writer waits for the others before giving up (a `lockTimeout` error).
    var lockTimeout: Double { get set }

    // MARK: Writing

    /// Plans `command` against the current desk and commits it before returning. The time is
    /// read from `clock` once the writers' turn is held. A rule's refusal throws `DomainError`
    /// and writes nothing; trouble with the store throws `StoreError`.
    @discardableResult
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult
    /// Commits a change set built against the current desk (an import, routing's decisions)
    /// as one unit: all of it or, if `build` throws or the result does not fit, nothing.
    @discardableResult
    func performBatch(by actor: String, at now: Instant, _ build: (Desk) throws -> ChangeSet) throws -> ChangeSet
    /// Throws what a save would meet when this login cannot write the store, before a command tries.
    func requireWritable() throws

    // MARK: Reading

    /// Brings `desk` up to date with what others committed; true when something changed.
    @discardableResult
    func refresh() throws -> Bool
    /// Opens history now, for a command about to list or search it: one that cannot be read
    /// stops the command, naming what, instead of the answer leaving history out.
    func requireHistory() throws
    /// What reading history had to say (an index rebuilt, say).
    var historyWarnings: [String] { get }

    // MARK: Watching

    /// Returns when another process committed a change, or after `milliseconds`.
    func waitForChange(milliseconds: Int)

    // MARK: Leadership

    /// Becomes the one process routing this desk, if no other is; true while it is.
    func takeRouting() throws -> Bool
    /// Gives routing up (another console takes it on its next tick).
    func stopRouting()

    // MARK: Presence

    /// Says what this console shows (a record, a field being edited); repeated calls within
    /// a couple of seconds cost nothing.
    func announce(_ me: Viewer, at now: Instant)
    /// The other consoles seen within `viewerFreshness` seconds.
    func viewers(at now: Instant) -> [Viewer]
    /// This console is gone.
    func withdraw()

    // MARK: Templates

    /// The desk's reply templates (the bundled ones are added by the caller).
    func storedTemplates(skippingDamaged: Bool) throws -> [ReplyTemplate]
    func saveTemplate(_ template: ReplyTemplate) throws
    /// Where a saved template went, for the message that says so.
    func templateLocation(_ name: String) -> String

    // MARK: Bulk import

    /// Starts an import that sends records straight to history (a migration of years): the
    /// backend holds off other history writers until it finishes or is abandoned.
    func beginHistoryImport(at now: Instant) throws -> any HistoryImport
    /// Lets go of the pages of stored files read so far, which are read again when needed: an
    /// import looking up a million numbers would otherwise keep all of history's index in memory.
    func releaseReadPages()
    /// Whether history can hold the record as it is (one that cannot stays in the working set).
    func historyCanHold(_ record: Interaction) -> Bool

    // MARK: Upkeep

    /// What the store holds, for `store stats`: labelled figures in the order shown.
    func statistics() -> [StoreFigure]

    // MARK: Identity and copying

    /// Who the store itself says is connected, when it knows (PostgreSQL: the database role,
    /// `session_user`): then that, not `$USER`, is the login acting. Nil for the file store,
    /// where the operating system's login and the files' permissions say who is who.
    var authenticatedLogin: String? { get }
    /// The version of the store's schema (what `store init` reports).
    var schemaVersion: Int { get }
    /// Related tasks kept in history (all of whose interactions are there), which the working
    /// set does not hold: what a copy of the store carries over besides `desk.everything`.
    func historyTasks() throws -> [RelatedTask]

    // MARK: Reports

    /// The facts of every contact opened in `[from, to)` (working set and history), as of
    /// `now`, hours and days in `zone`. A default walks the records (`walkReportFacts`); a
    /// backend may answer from a faster form. A sequence, so an answer may stream.
    func reportFacts(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> AnySequence<InteractionFacts>
    /// `reportFacts` prepared now, on the caller's thread, to be run on another (the console
    /// reads a report in the background while it goes on taking keys and saving): the read
    /// uses only what it took when prepared (the working set as it is now, history through
    /// `desk.history`), never the backend object, which stays the caller's thread's.
    func reportFactsReader(from: Instant, to: Instant, zone: ZoneOffsets, at now: Instant) throws -> ReportFactsReader
}

/// A read of report facts that may run on any thread (`DeskBackend.reportFactsReader`).
public typealias ReportFactsReader = @Sendable () throws -> [InteractionFacts]

/// Records an import sends to history, and the working-set changes that go live with them.
public protocol HistoryImport: AnyObject {
    /// Writes a batch; nothing is visible until `finish`.
    func add(_ records: [Interaction], customerName: (String?) -> String) throws
    /// Makes the history written and `changes` live at once, against the desk as it is now.
    /// Consumed: a million-row import's changes need not stay beside the store's new load.
    func finish(_ changes: consuming ChangeSet, by actor: String, at now: Instant) throws
    /// Drops what was written; the store is as it was.
    func abandon()
}

/// One line of `store stats`: a label, the value as shown, and the key and value in `--json`.
public struct StoreFigure: Equatable, Sendable {
    public var label: String
    public var text: String
    public var key: String
    public var value: Value

    public enum Value: Equatable, Sendable {
        case int(Int)
        case string(String)
        case none
    }

    public init(label: String, text: String, key: String, value: Value) {
        self.label = label; self.text = text; self.key = key; self.value = value
    }
}

extension DeskBackend {
    /// Nothing mapped: nothing to let go.
    public func releaseReadPages() {}

    /// Seconds a viewer's last announcement counts as present.
    public static var viewerFreshness: Int64 { 5 }

    @discardableResult
    public func perform(_ command: DeskCommand, by actor: String, at now: Instant) throws -> CommandResult {
        try perform(command, by: actor, clock: FixedTime(now))
    }

    /// Whether this process routes the desk (taking routing if nobody does).
    public func isRouting() -> Bool {
        (try? takeRouting()) ?? false
    }

    /// Routing's tick: when this process is the one routing, applies the desk's routing
    /// decisions (releases, reassignments, then offers). A decision the desk refuses by now
    /// (another console acted first) is left out and the rest applied; returns how many were.
    @discardableResult
    public func route(at now: Instant) throws -> Int {
        guard isRouting() else { return 0 }
        try refresh()
        let decisions = desk.routingDecisions(at: now)
        var done = 0
        for part in [decisions.filter { if case .offer = $0 { false } else { true } },
                     decisions.filter { if case .offer = $0 { true } else { false } }] {
            var commands = part.map(\.command)
            while !commands.isEmpty {
                do {
                    try performBatch(by: Desk.routingActor, at: now) { desk in try desk.planAll(commands, by: Desk.routingActor, at: now) }
                    done += commands.count
                    break
                } catch let refusal as BatchRefusal {
                    commands.remove(at: refusal.index)
                }
            }
        }
        return done
    }
}
