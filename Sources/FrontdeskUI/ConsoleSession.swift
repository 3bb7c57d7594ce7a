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
}

/// Runs the console's effects against a desk source: the part between the pure update
/// function and the world. The terminal loop feeds it keys, ticks and resizes.
public final class ConsoleSession {
    public private(set) var state: ConsoleState
    public let source: any DeskSource
    private let clock: any TimeSource
    public private(set) var wantsToQuit = false

    public init(source: any DeskSource, clock: any TimeSource, agent: String, storeLabel: String, width: Int, height: Int) {
        self.source = source
        self.clock = clock
        state = ConsoleState(agent: agent, storeLabel: storeLabel, now: clock.now(), width: width, height: height)
        state.reloadRows(source.desk)
        if state.list.count == 0, !source.desk.positions(in: .queue, agent: agent).isEmpty {
            // Nothing assigned yet: start where the work is.
            state.view = .queue
            state.reloadRows(source.desk)
        }
    }

    /// Handles one message and carries out what it asks for.
    public func send(_ message: ConsoleMessage) {
        let effects = state.handle(message, desk: source.desk)
        for effect in effects { run(effect) }
        startHistorySearchIfAsked()
    }

    private let searches = BackgroundSearch()

    /// A search of history is running: the loop should look for its answer soon.
    public var isSearching: Bool { searches.isRunning }

    /// Hands a finished history search to the state; true when there was one.
    @discardableResult
    public func poll() -> Bool {
        guard let answer = searches.take() else { return false }
        send(.historySearched(query: answer.query, view: answer.view, positions: answer.positions))
        return true
    }

    /// The list shows `.searching`: start that search off the input thread, cancelling an
    /// older one, so typing never waits for history.
    private func startHistorySearchIfAsked() {
        guard case .searching(let query) = state.list.history, let history = source.desk.history else { return }
        searches.start(query: query, view: state.view, in: history)
    }

    /// Advances the clock and, when the store changed underneath, reloads the lists.
    public func tick() {
        poll()
        send(.tick(clock.now()))
        do {
            if try source.refresh() { send(.deskChanged) }
        } catch {
            send(.commandFailed("store: \(error)"))
        }
    }

    public func render() -> Grid { state.render(source.desk) }

    private func run(_ effect: ConsoleEffect) {
        switch effect {
        case .quit:
            wantsToQuit = true
        case .perform(let command, let followUp):
            do {
                let result = try source.perform(command, by: state.agent, clock: clock)
                send(.commandSucceeded(result, followUp))
            } catch {
                send(.commandFailed(describe(error)))
            }
        case .createInteraction(let type, let customer, let short):
            do {
                let now = clock.now()
                var customerID: String?
                var addCustomer: DeskCommand?
                switch customer {
                case .existing(let id): customerID = id
                case .new(let name, let email, let phone):
                    addCustomer = .addCustomer(name: name, email: email, phone: phone, company: "", vip: false)
                case nil: customerID = nil
                }
                if let addCustomer {
                    // Check both steps before saving either, so a refusal leaves no half-made customer.
                    var scratch = source.desk
                    let added = try scratch.plan(addCustomer, by: state.agent, at: now)
                    scratch.apply(added.changes)
                    _ = try scratch.plan(.create(type: type, openedFor: added.subject, queue: nil, shortDescription: short, accept: true),
                                         by: state.agent, at: now)
                    customerID = try source.perform(addCustomer, by: state.agent, clock: clock).subject
                }
                let result = try source.perform(.create(type: type, openedFor: customerID, queue: nil, shortDescription: short, accept: true),
                                                by: state.agent, clock: clock)
                send(.commandSucceeded(result, .openSubject))
            } catch {
                send(.commandFailed(describe(error)))
            }
        }
    }

    private func describe(_ error: any Error) -> String {
        String(describing: error)
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
