import FrontdeskCore
import Synchronization

/// One frame of the console: a render, or the handling of one message. Whether a record action
/// may run is asked of the domain (`RecordActions.refusal`: a `Desk.plan` per command the action
/// can lead to), and the hint line, the pane's ✎ marks and reply line, the key's own check and
/// Enter on a line all need the answer: within a frame each is asked once. The desk, the agent
/// and the time do not change inside a frame; the record's number and version key the answers.
/// A session keeps one frame from a key to the render after it, and starts a new one whenever
/// the desk may have changed (`ConsoleSession.frame`).
final class ConsoleFrame: Sendable {
    @TaskLocal static var current: ConsoleFrame?

    private struct Question: Hashable {
        let action: UIAction
        let number: String
        let version: Int
        let agent: String
        let now: Instant
    }
    private let refusals = Mutex<[Question: String?]>([:])

    /// Runs `body` in a frame: the one already running, or a new one.
    static func run<T>(_ body: () -> T) -> T {
        if current != nil { return body() }
        return $current.withValue(ConsoleFrame(), operation: body)
    }

    /// The frame's answer to `action` on `r`, asked of `ask` the first time only.
    func refusal(_ action: UIAction, on r: Interaction, agent: String, at now: Instant, ask: () -> String?) -> String? {
        refusal(action, subject: r.number, version: r.version, agent: agent, at: now, ask: ask)
    }

    /// The same for any versioned subject (an appointment: its id and version).
    func refusal(_ action: UIAction, subject: String, version: Int, agent: String, at now: Instant, ask: () -> String?) -> String? {
        let question = Question(action: action, number: subject, version: version, agent: agent, now: now)
        if let known = refusals.withLock({ $0[question] }) { return known }
        let answer = ask()
        refusals.withLock { $0[question] = answer }
        return answer
    }
}

/// Counts the domain plans the console runs (`Desk.plan`), for tests that bound them per frame:
/// `PlanCount.$current.withValue(counter) { … }`.
final class PlanCount: Sendable {
    @TaskLocal static var current: PlanCount?
    private let runs = Mutex(0)
    var value: Int { runs.withLock { $0 } }

    /// Plans `command` for the console, counted when a test counts.
    static func plan(_ desk: Desk, _ command: DeskCommand, by agent: String, at now: Instant) throws(DomainError) -> CommandResult {
        current?.runs.withLock { $0 += 1 }
        return try desk.plan(command, by: agent, at: now)
    }
}
