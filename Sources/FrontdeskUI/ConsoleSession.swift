import Dispatch
import Foundation
import FrontdeskCore

/// Where the console's desk comes from and where its commands go. The executable adapts the
/// JSON-file store to it; tests use an in-memory desk.
public protocol DeskSource: AnyObject {
    var desk: Desk { get }
    /// Plans and saves a command, reading the time from `clock` when it is its turn to be
    /// saved; throws the rule's refusal or a store error.
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult
    /// Reads what others changed; true when the desk changed.
    func refresh() throws -> Bool
    /// Carries out routing's decisions when this console is the one routing (see `Store.route`);
    /// true when it changed the desk.
    func route(clock: any TimeSource) throws -> Bool
    /// Says what this console shows (its heartbeat) and returns the other consoles seen.
    func heartbeat(_ me: Viewer, clock: any TimeSource) -> [Viewer]
    /// The canned replies agents pick from.
    func templates() -> [ReplyTemplate]
    /// The read of a report period's contacts at `now` (supervisors' `R`), as the store keeps
    /// their facts: prepared here, on the input thread, and run in the background, so it may
    /// use only what it took when prepared (never the source itself).
    func reportReader(for period: ReportPeriod, at now: Instant) throws -> ReportReader
}

/// A read of a report period that may run on any thread (`DeskSource.reportReader`).
public typealias ReportReader = @Sendable () throws -> ReportData

extension DeskSource {
    /// A source that does not route (a read-only view, a benchmark's) leaves it to others.
    public func route(clock: any TimeSource) throws -> Bool { false }
    /// A source alone on its desk sees nobody else.
    public func heartbeat(_ me: Viewer, clock: any TimeSource) -> [Viewer] { [] }
    public func templates() -> [ReplyTemplate] { [] }
}

/// Runs the console's effects against a desk source: the part between the pure update
/// function and the world. The terminal loop feeds it keys, ticks and resizes.
public final class ConsoleSession {
    public private(set) var state: ConsoleState
    public let source: any DeskSource
    private let clock: any TimeSource
    public private(set) var wantsToQuit = false
    /// Charts drawn in plain ASCII (the executable sets it where the locale is not UTF-8).
    public var asciiCharts: Bool {
        get { state.asciiCharts }
        set { state.asciiCharts = newValue }
    }

    public init(source: any DeskSource, clock: any TimeSource, agent: String, storeLabel: String, width: Int, height: Int) {
        self.source = source
        self.clock = clock
        state = ConsoleState(agent: agent, storeLabel: storeLabel, now: clock.now(), width: width, height: height)
        run(.readTemplates)
        state.reloadRows(source.desk)
        if state.list.count == 0, let counter = source.desk.counterLocations(for: agent).first {
            // Nothing assigned yet, at a walk-up counter: start on its visitors.
            state.home.counter = counter.id
            state.reloadRows(source.desk)
        } else if state.list.count == 0, !source.desk.positions(in: .queue, agent: agent).isEmpty {
            // Nothing assigned yet: start where the work is.
            state.view = .queue
            state.reloadRows(source.desk)
        }
        // A store's records stay stored until read (`WorkingRecords`); a search or a long list
        // reads them all. Decode them now, off the input thread, so the first key does not.
        let desk = source.desk
        DispatchQueue.global(qos: .utility).async { desk.interactions.prefetch(Array(desk.interactions.indices)) }
    }

    /// What the domain was asked (may this action run on that record?) while the desk stays as
    /// it is: a key's handling and the render after it share the answers. Whatever may change
    /// the desk (a save, a refresh, routing) starts a new frame; a tick moves the time, which
    /// the answers are keyed by.
    private var frame = ConsoleFrame()
    private func deskMayHaveChanged() { frame = ConsoleFrame() }

    /// Handles one message and carries out what it asks for.
    public func send(_ message: ConsoleMessage) {
        let effects = ConsoleFrame.$current.withValue(frame) { state.handle(message, desk: source.desk) }
        rememberShownRecord()
        for effect in effects { run(effect) }
    }

    /// The open record at each version the agent was shown: what a save carrying that version
    /// was prepared against, to merge it with what changed since (`Desk.rebase`).
    private var basis = ShownVersions()

    private func rememberShownRecord() {
        guard let number = state.record?.number, let record = source.desk.interaction(number) else { return }
        basis.remember(record)
    }

    private let searches = BackgroundSearch()

    /// A search of history is running: the loop should look for its answer soon.
    public var isSearching: Bool { searches.isRunning }

    private let reports = BackgroundReport()

    /// A search of history or a report's read is running: the loop should look for its answer soon.
    public var isReadingInBackground: Bool { searches.isRunning || reports.isRunning }

    /// Hands a finished history search or report read to the state; true when there was one.
    @discardableResult
    public func poll() -> Bool {
        if !waitingSaves.isEmpty { retryWaitingSaves() }
        var handed = false
        if let answer = reports.take() {
            switch answer {
            case .success(let data): send(.reportRead(data))
            case .failure(let failure): send(.reportFailed("the report could not be read: \(failure.description)"))
            }
            handed = true
        }
        guard let answer = searches.take() else { return handed }
        send(.historySearched(query: answer.query, view: answer.view, positions: answer.positions))
        return true
    }

    /// Advances the clock and, when the store changed underneath, reloads the lists. A store
    /// that is busy (its lock held elsewhere) is simply looked at again on the next tick.
    public func tick() {
        poll()
        send(.tick(clock.now()))
        // Routing or another console may have changed the desk, even when reading it failed.
        defer { deskMayHaveChanged() }
        do {
            let routed = try source.route(clock: clock)
            let changed = try source.refresh() || routed
            deskMayHaveChanged()
            if changed { send(.deskChanged) } else { rememberShownRecord() }
            if state.storeUnreachable { send(.storeReachable(true)) }
            let others = source.heartbeat(Viewer(login: state.agent, number: state.record?.number, editing: state.editingLabel), clock: clock)
            if others != state.viewers { send(.viewers(others)) }
        } catch let error as any TemporaryFailure where error.isTemporary {
            // Busy: looked at again on the next tick. Unreachable: said, and tried again then.
            if error.isUnreachable != state.storeUnreachable { send(.storeReachable(!error.isUnreachable)) }
            return
        } catch {
            send(.commandFailed("store: \(error)"))
        }
    }

    public func render() -> Grid { ConsoleFrame.$current.withValue(frame) { state.render(source.desk) } }

    private var lastOffer: String?
    /// True once for each new offer shown, when the desk rings for offers (`routing.bell`), and
    /// once for each visitor this agent called to their desk.
    public func takeBell() -> Bool {
        let current = state.offer?.number
        defer { lastOffer = current }
        let called = state.bellRequested
        state.bellRequested = false
        return called || (current != nil && current != lastOffer && source.desk.config.routing.bell)
    }

    /// Saves waiting for the store (its lock is held elsewhere), oldest first, each carrying the
    /// dialog it came from (restored if it fails), and since when.
    private var waitingSaves: [ConsoleEffect] = []
    private var waitingSince: Instant?
    /// How long a save may wait for the store before it is given up (the dialog comes back).
    public var saveTimeout: Int64 = 10

    /// A save is waiting for the store: the loop should retry it soon.
    public var isWaitingForStore: Bool { !waitingSaves.isEmpty }

    private func run(_ effect: ConsoleEffect) {
        switch effect {
        case .quit:
            wantsToQuit = true
        case .searchHistory(let query, let view):
            // Off the input thread, cancelling an older search, so typing never waits for history.
            guard let history = source.desk.history else { return }
            searches.start(query: query, view: view, in: history)
        case .readTemplates:
            send(.templatesRead(source.templates()))
        case .readReport(let period):
            // Off the input thread, so keys keep working while a long period is read; a newer
            // read (another period, R again) drops the older one's answer.
            do {
                reports.start(try source.reportReader(for: period, at: clock.now()))
            } catch {
                send(.reportFailed("the report could not be read: \(error)"))
            }
        case .perform:
            // Saves keep their order: behind one that waits, the next waits too.
            if !waitingSaves.isEmpty {
                waitingSaves.append(effect)
                send(.waiting("Store busy: \(waitingSaves.count) wait"))
                return
            }
            if let remaining = attempt(effect) {
                waitingSaves = [remaining]
                waitingSince = clock.now()
                send(.waiting(unreachable == nil ? "Store busy, saving…" : "Store unreachable, retrying…"))
            }
        }
    }

    /// Retries waiting saves; gives them up (and says so, with the typed text kept) after `saveTimeout`.
    private func retryWaitingSaves() {
        while let first = waitingSaves.first {
            if let remaining = attempt(first) {
                waitingSaves[0] = remaining
                let waited = (waitingSince ?? clock.now()).seconds(until: clock.now())
                if waited >= saveTimeout {
                    let given = waitingSaves
                    waitingSaves = []
                    waitingSince = nil
                    // The first comes back to edit; what waited behind it is given up too, and said.
                    let more = given.count > 1 ? " (\(given.count - 1) more change\(given.count == 2 ? "" : "s") not saved either)" : ""
                    // The store's own words say why it could not be reached (and that nothing was saved).
                    let why = unreachable.map { "not saved for \(waited) s: \($0) " }
                        ?? "not saved: the store stayed locked for \(waited) s (another Frontdesk holds it); "
                    send(.saveFailed(why + "what you typed is kept, press \(Bindings.label(for: .confirm, in: .dialog)) to try again" + more,
                                     restoring: given[0].returnTo))
                } else {
                    send(.waiting(unreachable == nil ? "Store busy (\(waited) s)" : "Store unreachable (\(waited) s), retrying"))
                }
                return
            }
            waitingSaves.removeFirst()
        }
        waitingSince = nil
    }

    /// Why the last save attempt could not reach the store (its words), nil when it did.
    private var unreachable: String?

    /// Carries out a save. Returns what is left to do when the store was busy (the same
    /// effect, or the part of it not yet saved), nil when it is done, saved or refused.
    /// A refusal brings back the dialog the save came from (`returnTo`), with what was typed.
    private func attempt(_ effect: ConsoleEffect) -> ConsoleEffect? {
        guard case .perform(var command, let followUp, let returnTo) = effect else { return nil }
        // A change made meanwhile that touches nothing the save depends on is merged: the save
        // goes again against the version now stored (a few times, should writers keep racing it).
        var merges = 0
        while true {
            // Saved, refused or busy, the desk is read again: what was asked of it is asked anew.
            defer { deskMayHaveChanged() }
            do {
                let result = try source.perform(command, by: state.agent, clock: clock)
                unreachable = nil
                deskMayHaveChanged()
                if state.storeUnreachable { send(.storeReachable(true)) }
                send(.commandSucceeded(result, followUp))
            } catch let error as any TemporaryFailure where error.isTemporary {
                // Nothing was saved (the store says so): the same save goes again on the next poll.
                unreachable = error.isUnreachable ? String(describing: error) : nil
                if error.isUnreachable != state.storeUnreachable { send(.storeReachable(!error.isUnreachable)) }
                return .perform(command, followUp, returnTo: returnTo)
            } catch {
                unreachable = nil
                // What was refused may have changed underneath (an accept race lost): show it as it is.
                _ = try? source.refresh()
                deskMayHaveChanged()
                if case .conflict = error as? DomainError, merges < 3, let rebased = rebase(command) {
                    command = rebased
                    merges += 1
                    continue
                }
                var text = describe(error)
                if case .conflict = error as? DomainError, returnTo != nil {
                    text += "; \(Bindings.label(for: .confirm, in: .dialog)) saves what you typed over it"
                }
                send(returnTo.map { .saveFailed(text, restoring: $0) } ?? .commandFailed(text))
            }
            return nil
        }
    }

    /// The command against the current version when the changes since the one it was prepared
    /// against do not meet it. After a real conflict the record is shown as it is now, and the
    /// agent's next save of what they typed is prepared against that: Enter then saves it.
    private func rebase(_ command: DeskCommand) -> DeskCommand? {
        guard let number = command.recordNumber, let expected = command.expectedVersion,
              let current = source.desk.interaction(number) else { return nil }
        guard let seen = basis.record(number, version: expected),
              let rebased = source.desk.rebase(command, preparedOn: seen) else {
            basis.acknowledge(current, shownFor: expected)
            return nil
        }
        return rebased
    }

    private func describe(_ error: any Error) -> String {
        String(describing: error)
    }
}

/// The versions of the open record the agent has been shown, newest kept, so a save carrying
/// one of them can be compared with the record as it is now.
struct ShownVersions {
    private var number: String?
    private var versions: [Int: Interaction] = [:]
    private static let kept = 32

    mutating func remember(_ record: Interaction) {
        if record.number != number { number = record.number; versions = [:] }
        guard versions[record.version] == nil else { return }
        versions[record.version] = record
        if versions.count > Self.kept, let oldest = versions.keys.min() { versions[oldest] = nil }
    }

    /// The record a save carrying `version` was prepared against.
    func record(_ number: String, version: Int) -> Interaction? {
        number == self.number ? versions[version] : nil
    }

    /// A conflict was shown: what the agent now has in front of them, and saves again from the
    /// dialog that still carries `version`, is the record as it is now.
    mutating func acknowledge(_ current: Interaction, shownFor version: Int) {
        if current.number != number { number = current.number; versions = [:] }
        versions[version] = current
    }
}

/// Runs one history search at a time on a background queue; a newer search cancels the older.
final class BackgroundSearch: @unchecked Sendable {
    struct Answer { var query: String; var view: WorkView; var positions: [Int] }
    private let lock = NSLock()
    private var generation = 0
    private var running: (query: String, view: WorkView)?
    private var answer: Answer?

    var isRunning: Bool { lock.withLock { running != nil } }

    func start(query: String, view: WorkView, in history: any HistoryReader) {
        let mine: Int? = lock.withLock {
            if let running, running.query == query, running.view == view { return nil }
            generation += 1
            running = (query, view)
            return generation
        }
        guard let mine else { return }
        DispatchQueue.global(qos: .userInitiated).async {
            let positions = history.search(SearchQuery(query), in: view) { [weak self] in
                guard let self else { return true }
                return self.lock.withLock { self.generation != mine }
            }
            self.lock.withLock {
                guard self.generation == mine else { return }
                self.running = nil
                if let positions { self.answer = Answer(query: query, view: view, positions: positions) }
            }
        }
    }

    func take() -> Answer? {
        lock.withLock {
            defer { answer = nil }
            return answer
        }
    }
}

/// Runs one report read at a time on a background queue; a newer read supersedes the older,
/// whose answer is dropped when it comes.
final class BackgroundReport: @unchecked Sendable {
    /// Why a read failed, in its own words (an error itself need not be `Sendable`).
    struct Failure: Error { var description: String }
    private let lock = NSLock()
    private var generation = 0
    private var running = false
    private var answer: Result<ReportData, Failure>?

    /// A read is running, or its answer waits to be taken.
    var isRunning: Bool { lock.withLock { running } }

    func start(_ read: @escaping ReportReader) {
        let mine: Int = lock.withLock {
            generation += 1
            running = true
            answer = nil
            return generation
        }
        DispatchQueue.global(qos: .userInitiated).async {
            let result: Result<ReportData, Failure>
            do { result = .success(try read()) } catch { result = .failure(Failure(description: String(describing: error))) }
            self.lock.withLock {
                guard self.generation == mine else { return }
                self.answer = result
            }
        }
    }

    func take() -> Result<ReportData, Failure>? {
        lock.withLock {
            defer { answer = nil }
            if answer != nil { running = false }
            return answer
        }
    }
}
