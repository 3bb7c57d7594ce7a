/// Everything that can change the desk. The console and the command line both build these,
/// so every rule is implemented once, in `Desk.plan`.
public enum DeskCommand: Equatable, Sendable {
    /// An agent creates a record and (with `accept`) starts working it at once.
    case create(type: InteractionType, openedFor: String?, queue: String?, shortDescription: String, accept: Bool)
    /// A contact arrives through chat, phone or walk-up intake and waits in a queue. `caller`:
    /// the phone number or chat handle of someone who may not be a customer yet (a number that
    /// belongs to exactly one customer makes them the opened for).
    case intake(type: InteractionType, openedFor: String?, queue: String?, text: String?, caller: String? = nil)
    /// A message arrives from a messaging channel; runs channel-user-profile matching.
    case intakeMessage(channel: MessagingChannel, identifier: String, text: String?, queue: String?)
    case transition(number: String, RecordTransition, expectedVersion: Int? = nil)
    /// Saves edited fields; rule 1 applies to the saved record.
    case edit(number: String, [FieldEdit], expectedVersion: Int? = nil)
    case addNote(number: String, text: String, expectedVersion: Int? = nil)
    case createTask(number: String, kind: TaskKind, expectedVersion: Int? = nil)
    case linkTask(number: String, task: String, expectedVersion: Int? = nil)
    /// `allowDuplicate`: add the customer even when their phone or email already belongs to another.
    case addCustomer(name: String, email: String, phone: String, company: String, vip: Bool, allowDuplicate: Bool = false)
    /// Changes a customer's card; the id stays.
    case editCustomer(id: String, CustomerDetails)
    /// Adds a customer and, in the same change, runs `then`, which names the new customer as
    /// `CustomerDetails.newCustomerReference` (a new record opened for them, a profile linked
    /// to them). Both are saved, or neither.
    indirect case withNewCustomer(CustomerDetails, then: DeskCommand)
    case linkProfile(profile: String, customer: String)
    case addQueue(id: String, name: String, channels: [InteractionType], targetWaitSeconds: Int64)
    /// Makes sure the agent exists (the login user of a console on a new store); no change if it does.
    case ensureAgent(login: String, displayName: String)
    case addAgent(login: String, displayName: String, queues: [String], role: Role = .agent)
    /// Changes an agent's name, queues or role; nil leaves a part as it is.
    case updateAgent(login: String, displayName: String?, queues: [String]?, role: Role?)
    /// Names `login` the desk's supervisor when it has none (a new store's creator, or the
    /// first login to open a store made before roles existed); no change otherwise.
    case claimSupervision(login: String)
    /// A supervisor disables an agent (kept for history; no offers, no login, off the board)
    /// or enables them again. Refused while the agent still holds open records.
    case setAgentDisabled(login: String, Bool)
    case setPresence(login: String, Presence)
    case setConfig(key: String, value: String)
    /// Routing offers a waiting record to an available agent with free capacity (by routing's
    /// own login, or a supervisor).
    case offerRecord(number: String, agent: String)
    /// An offer not answered in time: the record waits again, for the next agent.
    case timeOutOffer(number: String)
    /// A supervisor offers a waiting record again at once, to everyone: those who declined it
    /// are no longer passed over.
    case reroute(number: String)
    /// The offered agent turns the offer down, with one of the desk's reasons.
    case rejectOffer(number: String, reason: String)
    /// Sets an agent's own capacity per channel (nil: the desk's again).
    case setCapacity(login: String, type: InteractionType, Int?)
    /// Wrap Up past its enforced limit: the default code, applied by the system, and closed.
    case expireWrapUp(number: String)
    /// An agent wraps up their part of a record they transferred on while working it.
    case wrapUpPart(number: String, code: String, notes: String)
    /// That part's wrap-up past the limit: the default code, applied by the system.
    case expireWrapUpPart(number: String, agent: String)
    /// An agent answers the customer through the record's channel: stored on the record and
    /// queued in the outbox for the gateway. Not checked against a version: a reply adds to
    /// the conversation and changes no field, so a message or a delivery meanwhile is no conflict.
    case reply(number: String, text: String)
    /// The gateway delivered reply `id` (`frontdesk outbox ack`).
    case replyDelivered(id: String)
    /// The gateway could not deliver reply `id` (`frontdesk outbox fail`).
    case replyFailed(id: String, reason: String)
    /// An agent puts a failed reply back in the outbox.
    case retryReply(id: String)
    /// A visitor checks in at a walk-up location (by its gateway login, or an agent): a Queued
    /// walk-up with the next daily ticket, the reason and the status link's token. `customer`:
    /// a customer id, email or phone; else `guestName` (and `contact`, a phone or email for
    /// messages) when the location takes guests.
    case checkIn(location: String, customer: String?, guestName: String?, contact: String?, reason: String, token: String,
                 appointment: String? = nil)
    /// An agent calls the next waiting visitor at a location, or visitor `number`: each call counts.
    case callVisitor(location: String, number: String?, agent: String)
    /// A visitor called often enough who did not come: Closed Abandoned, noted as a no-show.
    case noShow(number: String)
    /// Sets where an agent sits (`Desk 2`); nil or empty: no desk label.
    case setAgentDesk(login: String, desk: String?)
    /// After the visit: the customer's satisfaction, 1 to 5, with an optional comment. `token`:
    /// the visit's status token (the kiosk, the SMS link); nil when an agent records it.
    case rate(number: String, score: Int, comment: String?, token: String?)
    /// Books a walk-up appointment for a customer at a location's slot (`AppointmentRules`).
    case bookAppointment(customer: String, location: String, at: Instant, reason: String)
    case cancelAppointment(id: String)
    /// Moves a booked appointment to another slot, under the same rules as booking.
    case rescheduleAppointment(id: String, at: Instant)
    /// Routing: an appointment whose slot is `offerLeadMinutes` away becomes a Queued walk-up.
    case openAppointment(id: String)
    /// Routing: an appointment whose slot ended without its visitor checking in.
    case missAppointment(id: String)
}

extension DeskCommand {
    /// The interaction the command acts on, when it acts on one by number.
    public var recordNumber: String? {
        switch self {
        case let .transition(number, _, _), let .edit(number, _, _), let .addNote(number, _, _),
             let .createTask(number, _, _), let .linkTask(number, _, _), let .offerRecord(number, _),
             let .timeOutOffer(number), let .reroute(number), let .rejectOffer(number, _), let .expireWrapUp(number),
             let .wrapUpPart(number, _, _), let .expireWrapUpPart(number, _), let .reply(number, _), let .noShow(number),
             let .rate(number, _, _, _):
            return number
        case let .callVisitor(_, number?, _):
            return number
        case let .withNewCustomer(_, then):
            return then.recordNumber
        default:
            return nil
        }
    }
}

public enum RecordTransition: Equatable, Sendable {
    case accept
    case hold(reason: StateReason?)
    case resume
    case transfer(TransferTarget)
    case endConversation
    case complete
    case abandon
    case archive
    /// A supervisor reopens a record closed by mistake: back to Work in Progress, assigned as it
    /// was; one closed while it waited unassigned goes back to Queued in its queue.
    case reopen(reason: String)
    /// Ends a Wrap Up with a code (one of the type's) and notes: Closed Complete.
    case submitWrapUp(code: String, notes: String)
}

public enum TransferTarget: Equatable, Sendable {
    case agent(String)
    case queue(String)
}

public enum FieldEdit: Equatable, Sendable {
    case shortDescription(String)
    case openedFor(String?)
    case queue(String)
    case stateReason(StateReason?)
    /// The reason for visit (one of the location's at a walk-up location); it fills an empty
    /// short description. Nil or empty clears it.
    case visitReason(String?)
}

/// What a planned command did, for the caller to report.
public struct CommandResult: Equatable, Sendable {
    public var changes: ChangeSet
    /// The number or id the command created or changed.
    public var subject: String?
    /// One line for people: "IMS0000012 created", "IMS0000003 on hold".
    public var summary: String
    /// Messaging intake only.
    public var intake: IntakeOutcome?
    /// When the change is recorded: the time asked for, or later when the clock read earlier
    /// than a record's last change (a clock stepped back, or two hosts' clocks disagree).
    public var at: Instant = Instant(seconds: 0)
    /// Says so when `at` was moved later than the clock's reading.
    public var clockNote: String?

    public init(changes: ChangeSet, subject: String?, summary: String, intake: IntakeOutcome? = nil) {
        self.changes = changes; self.subject = subject; self.summary = summary; self.intake = intake
    }
}

public struct IntakeOutcome: Equatable, Sendable {
    public var number: String
    /// True when the message joined an open interaction of the same profile.
    public var joined: Bool
    public var profile: String
    public var profileCreated: Bool
    public var openedFor: String?
    /// The message was the answer to a satisfaction survey on `number` (`Survey.swift`): a
    /// rating, not a conversation.
    public var answeredSurvey = false
}
