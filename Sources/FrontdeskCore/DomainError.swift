/// Why the domain refused an action. Every message names the rule and, for a record, its current state.
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Rule 4: the transition is not allowed from the record's current state.
    case transitionNotAllowed(action: RecordAction, number: String, state: InteractionState)
    /// Rule 1: the short description must be filled in before this operation.
    case shortDescriptionRequired(operation: ShortDescriptionOperation, number: String, state: InteractionState)
    /// Rule 2: only a closed record can be archived.
    case archiveRequiresClosed(number: String, state: InteractionState)
    case alreadyArchived(number: String)
    /// Rule 4: closed records change no more.
    case recordClosed(number: String, state: InteractionState, operation: String)
    /// Rule 3: a state reason belongs to messaging interactions only.
    case stateReasonMessagingOnly(number: String, type: InteractionType)
    case phoneChannelDisabled
    case invalidPhoneNumber(input: String, reason: String)
    /// The record changed since the caller read it.
    /// `lastChange` says who did what last, in words ("accepted by cara").
    case conflict(number: String, expectedVersion: Int, currentVersion: Int, lastChange: String? = nil)
    case notFound(kind: String, key: String)
    case ambiguous(kind: String, key: String, candidates: [String])
    case duplicate(kind: String, key: String)
    case queueDoesNotServe(queue: String, type: InteractionType)
    case taskAlreadyLinked(task: String, number: String)
    case emptyText(field: String)
    case invalidValue(field: String, value: String, allowed: [String])
    case noChange(number: String, field: String)
    /// Ownership: the record is another agent's.
    case notOwner(number: String, operation: String, owner: String, ownerName: String, actor: String)
    /// Ownership: the record waits in a queue the actor does not serve.
    case notInQueue(number: String, operation: String, queue: String, actor: String)
    /// Record work is done by agents; `actor` is not one of this desk's.
    case notAnAgent(login: String, operation: String)
    /// A gateway login where only an agent may act: anyone may act as a gateway, to add
    /// contacts and report on replies, never to work records or change the desk. With no
    /// `operation`, the refusal is of the command as a whole.
    case gatewayIsNotAnAgent(login: String, operation: String?)
    /// No login is both a gateway and an agent: anyone may act as a gateway (`--agent sms`),
    /// so a gateway that were also an agent would let anyone do that agent's work.
    /// `becoming` is what the refused change would have made `login`.
    case gatewayAndAgent(login: String, becoming: LoginKind)
    case supervisorOnly(operation: String, actor: String)
    case reopenWindowPassed(number: String, closedAt: Instant, window: Int64)
    case selfRegistrationOff(login: String)
    /// A disabled agent (`agent disable`) acts on nothing until a supervisor enables them.
    case agentDisabled(login: String, operation: String?)
    /// An agent is disabled only once nothing open is theirs: `numbers` still are.
    case agentHoldsOpenWork(login: String, numbers: [String])
    /// A new customer's phone or email already belongs to another customer.
    case contactInUse(field: String, value: String, owner: String, ownerName: String)
    /// Routing: the offer asked about is not (or no longer) there, or cannot be made; `why` says which.
    case offer(number: String, why: String)
    /// A reply (by record number or reply id) that cannot be sent, delivered, failed or retried.
    case reply(subject: String, why: String)
    /// A canned reply refused: a bad name, an unknown placeholder.
    case template(name: String, why: String)
    /// A walk-up rule refused a check-in, a call or a no-show at `location`; `rule` says which.
    case walkUp(location: String, rule: String)

    public var description: String {
        switch self {
        case let .transitionNotAllowed(action, number, state):
            return "cannot \(action.verb) \(number): \(action.rule) (current state: \(state.display))"
        case let .shortDescriptionRequired(operation, number, state):
            return "the short description must be filled in before \(operation.gerund) \(number) (current state: \(state.display))"
        case let .archiveRequiresClosed(number, state):
            return "cannot archive \(number): only a closed record can be archived (current state: \(state.display))"
        case let .alreadyArchived(number):
            return "cannot archive \(number): it is already archived (current state: archived)"
        case let .recordClosed(number, state, operation):
            return "cannot \(operation) \(number): closed records change no more, except archive (current state: \(state.display))"
        case let .stateReasonMessagingOnly(number, type):
            return "cannot set a state reason on \(number): state reasons are accepted on messaging interactions only (type: \(type.display))"
        case .phoneChannelDisabled:
            return "the phone channel is switched off for this desk; switch it on with `frontdesk config set phone_channel on`"
        case let .invalidPhoneNumber(input, reason):
            return "\"\(input)\" is not a phone number: \(reason)"
        case let .conflict(number, expected, current, lastChange):
            let what = lastChange.map { ": \($0)" } ?? " by someone else"
            return "\(number) changed since you saw it\(what) (you had version \(expected), it is now version \(current)); it is shown as it is now"
        case let .offer(number, why):
            return "\(number): \(why)"
        case let .reply(subject, why):
            return "cannot reply: \(subject): \(why)"
        case let .template(name, why):
            return "template \(name): \(why)"
        case let .walkUp(location, rule):
            return "walk-up location \(location): \(rule)"
        case let .notFound(kind, key):
            return "no \(kind) \"\(key)\""
        case let .ambiguous(kind, key, candidates):
            return "\"\(key)\" matches \(candidates.count) \(kind)s (\(candidates.prefix(5).joined(separator: ", "))\(candidates.count > 5 ? ", …" : "")); be more specific"
        case let .duplicate(kind, key):
            return "\(kind.withArticle) \"\(key)\" already exists"
        case let .queueDoesNotServe(queue, type):
            return "queue \(queue) does not serve \(type.display) interactions"
        case let .taskAlreadyLinked(task, number):
            return "\(task) is already linked to \(number)"
        case let .emptyText(field):
            return "the \(field) cannot be empty"
        case let .invalidValue(field, value, allowed):
            return "\"\(value)\" is not a valid \(field); allowed: \(allowed.joined(separator: ", "))"
        case let .noChange(number, field):
            return "\(number): the \(field) already has that value"
        case let .notOwner(number, operation, owner, ownerName, actor):
            return "cannot \(operation) \(number): it is \(ownerName)'s (\(owner)); only they or a supervisor may act on it (you are \(actor))"
        case let .notInQueue(number, operation, queue, actor):
            return "cannot \(operation) \(number): it waits in queue \(queue), which \(actor) does not serve; a supervisor can add it (frontdesk agent set \(actor) --queues ...)"
        case let .notAnAgent(login, operation):
            return "cannot \(operation): \"\(login)\" is not an agent of this desk (a supervisor adds agents with `frontdesk agent add`)"
        case let .gatewayIsNotAnAgent(login, operation):
            return (operation.map { "cannot \($0): " } ?? "")
                + "\"\(login)\" is not an agent but one of the desk's gateways (config gateways): anyone may act as a gateway, "
                + "to add contacts and report on replies, never to work records or change the desk"
        case let .gatewayAndAgent(login, .agent):
            return "\"\(login)\" cannot be an agent: it is one of the desk's gateways (config gateways), and no login may be both "
                + "a gateway and an agent (anyone may act as a gateway); choose another login, or take it out of the gateways first"
        case let .gatewayAndAgent(login, .gateway):
            return "\"\(login)\" cannot be a gateway: it is an agent of this desk, and no login may be both a gateway and an agent "
                + "(anyone may act as a gateway)"
        case let .supervisorOnly(operation, actor):
            return "only a supervisor may \(operation) (\(actor) is an agent)"
        case let .contactInUse(field, value, owner, ownerName):
            return "the \(field) \(value) already belongs to \(ownerName) (\(owner)); choose that customer, or add another with it "
                + "deliberately (frontdesk customer add --allow-duplicate)"
        case let .selfRegistrationOff(login):
            return "\"\(login)\" is not an agent of this desk and self-registration is off: a supervisor adds agents (frontdesk agent add \(login))"
        case let .agentDisabled(login, operation):
            return (operation.map { "cannot \($0): " } ?? "")
                + "agent \"\(login)\" is disabled; a supervisor enables them again (frontdesk agent enable \(login))"
        case let .agentHoldsOpenWork(login, numbers):
            let list = numbers.prefix(10).joined(separator: ", ") + (numbers.count > 10 ? ", …" : "")
            return "cannot disable \(login): they still hold \(numbers.count) open record\(numbers.count == 1 ? "" : "s") (\(list)); "
                + "transfer them first (frontdesk transfer NUMBER --to-agent LOGIN, or --to-queue QUEUE)"
        case let .reopenWindowPassed(number, closedAt, window):
            if window == 0 { return "cannot reopen \(number): reopening is switched off (config reopen_window is 0)" }
            return "cannot reopen \(number): it closed at \(closedAt.serviceNowDateTime), more than \(formatSeconds(window)) ago (config reopen_window)"
        }
    }
}

extension String {
    /// "an agent", "a customer with email": the indefinite article English puts before it.
    var withArticle: String { (first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + self }
}

/// The two kinds of login a desk knows: people who work records, and channels' gateways.
public enum LoginKind: Sendable {
    case agent, gateway
}

/// Operations that need a short description (rule 1).
public enum ShortDescriptionOperation: String, Sendable {
    case saving, closing, creatingTask, associatingTask, archiving

    public var gerund: String {
        switch self {
        case .saving: "saving"
        case .closing: "closing"
        case .creatingTask: "creating a related task from"
        case .associatingTask: "associating a related task with"
        case .archiving: "archiving"
        }
    }
}

/// A failure that may pass if the same thing is tried again a moment later (the store's lock
/// held by another program). The console retries these instead of giving up at once.
public protocol TemporaryFailure: Error {
    var isTemporary: Bool { get }
    /// The store could not be reached at all (a database server down or cut off), rather
    /// than busy: the console says so instead of "busy".
    var isUnreachable: Bool { get }
}

extension TemporaryFailure {
    public var isUnreachable: Bool { false }
}
