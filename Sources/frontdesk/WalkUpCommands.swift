import ArgumentParser
import FrontdeskCore

/// The walk-up counter from the command line: check a visitor in, see the queue as the
/// waiting room does, call the next visitor, close a no-show (see Desk+WalkUp).

struct CheckIn: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checkin",
        abstract: "A visitor checks in at a walk-up location: prints their ticket, place, estimated wait and status token.",
        discussion: """
        Made by the location's gateway login (queue.<id>.walk_up.gateway), or by another gateway named with --agent. The contact \
        (--phone or --email) finds the customer it belongs to; without one, the visitor is a guest \
        (when the location takes guests). Messages to the visitor go to the outbox.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The walk-up location (a queue id).") var location: String
    @Option(parsing: .unconditional, help: "The visitor's name.") var name: String?
    @Option(parsing: .unconditional, help: "Their phone number (messages go there by SMS).") var phone: String?
    @Option(parsing: .unconditional, help: "Their email address.") var email: String?
    @Option(name: .customLong("for"), parsing: .unconditional, help: "A known customer: id, email or phone.") var customer: String?
    @Option(parsing: .unconditional, help: "The reason for the visit: one of the location's.") var reason: String
    @Flag(help: "Print the outcome as JSON.") var json = false

    func validate() throws {
        if phone != nil, email != nil { throw ValidationError("give --phone or --email, not both") }
        if name == nil, customer == nil, phone == nil, email == nil { throw ValidationError("give --name (and --phone or --email), or --for CUSTOMER") }
    }

    struct Outcome: Encodable {
        var number: String, ticket: String, location: String, position: Int
        var estimate_minutes: Int?, estimate: String, status_token: String, status_link: String?
    }

    func run() throws {
        let context = try Context.open(global, access: .intake)
        guard let settings = context.desk.walkUpSettings(location) else { throw DomainError.notFound(kind: "walk-up location", key: location) }
        let token = StatusToken.make()
        let result = try context.perform(.checkIn(location: location, customer: try customer.map(context.customerID), guestName: name,
                                                  contact: phone ?? email, reason: reason, token: token),
                                         as: global.requestedAgent.flatMap { context.desk.isGateway($0) ? $0 : nil } ?? settings.gateway)
        let number = result.subject ?? ""
        let desk = context.desk
        let now = context.now
        let visitor = desk.walkUpQueue(location: location, at: now).first { $0.number == number }
        let ticket = desk.interaction(number)?.ticket ?? ""
        let position = visitor?.position ?? 0
        let estimate = visitor?.estimate ?? .unknown(.closed)
        let link = settings.statusLink(token: token)
        if json {
            try Output.json(Outcome(number: number, ticket: ticket, location: location, position: position, estimate_minutes: estimate.minutes,
                                    estimate: estimate.text, status_token: token, status_link: link))
            return
        }
        Output.line("\(ticket) (\(number)) at \(location): number \(position), \(estimate.text)")
        Output.line("status token \(token)" + (link.map { " (\($0))" } ?? ""))
    }
}

/// The status link's secret: 24 random bytes, URL-safe base64 (192 bits, never guessed).
enum StatusToken {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        return String((0..<32).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
    }
}

struct WalkUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "walkup", abstract: "Walk-up locations: the queue as the waiting room sees it.",
                                                    subcommands: [ListQueue.self])

    struct ListQueue: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list",
            abstract: "A location's status, who is being served where, and who waits, in serving order, with estimated waits.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The walk-up location (a queue id).") var location: String
        @Flag(help: "Print it as JSON.") var json = false

        struct ServingJSON: Encodable { var number: String, ticket: String, desk: String, called_at: String }
        struct VisitorJSON: Encodable {
            var number: String, ticket: String, name: String, reason: String, checked_in_at: String, waited_seconds: Int64, position: Int
            var estimate_minutes: Int?, estimate: String, appointment: Bool, called_at: String?, call_count: Int, called_desk: String?
        }
        struct QueueJSON: Encodable {
            var location: String, name: String, at: String, status: String, message: String
            var now_serving: [ServingJSON], waiting: [VisitorJSON]
        }

        func run() throws {
            let context = try Context.open(global, access: .read)
            let desk = context.desk, now = context.now
            guard let queue = desk.queues[location], queue.walkUp != nil else { throw DomainError.notFound(kind: "walk-up location", key: location) }
            let status = desk.locationStatus(location: location, at: now)
            let serving = desk.nowServing(location: location, at: now)
            let waiting = desk.walkUpQueue(location: location, at: now)
            if json {
                try Output.json(QueueJSON(
                    location: location, name: queue.name, at: now.iso8601, status: status.word, message: status.message,
                    now_serving: serving.map { ServingJSON(number: $0.number, ticket: $0.ticket, desk: $0.desk, called_at: $0.calledAt.iso8601) },
                    waiting: waiting.map {
                        VisitorJSON(number: $0.number, ticket: $0.ticket, name: $0.displayName, reason: $0.reason, checked_in_at: $0.checkedInAt.iso8601,
                                    waited_seconds: $0.waitedSeconds, position: $0.position, estimate_minutes: $0.estimate.minutes,
                                    estimate: $0.estimate.text, appointment: $0.hasAppointment, called_at: $0.calledAt?.iso8601,
                                    call_count: $0.callCount, called_desk: $0.calledDesk)
                    }))
                return
            }
            Output.line("\(Output.clean(queue.name)) (\(location)): \(status.word)" + (status.message.isEmpty ? "" : " — \(Output.clean(status.message))"))
            if !serving.isEmpty {
                Output.line("Now serving: " + serving.prefix(5).map { "\($0.ticket) → \(Output.clean($0.desk))" }.joined(separator: ", "))
            }
            guard !waiting.isEmpty else { Output.line("Nobody is waiting."); return }
            Output.table(["#", "TICKET", "NUMBER", "NAME", "REASON", "WAITED", "ESTIMATE", "CALLED"], [3, 7, 10, 16, 18, 8, 18, 14],
                         waiting.map { v in
                             [String(v.position), v.ticket + (v.hasAppointment ? "*" : ""), v.number, v.displayName, v.reason,
                              formatListSpan(v.waitedSeconds), v.estimate.text,
                              v.callCount == 0 ? "" : "\(v.callCount)× \(v.calledDesk ?? "")"]
                         })
        }
    }
}

extension LocationStatus {
    /// `open`, `closed`, `check-in-ended`: as JSON and the list say it.
    var word: String {
        switch self {
        case .open: "open"
        case .closed: "closed"
        case .checkInEnded: "check-in-ended"
        }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "call",
        abstract: "Call the next waiting visitor at a location to your desk (or visitor NUMBER); calling again counts.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The walk-up location (a queue id).") var location: String
    @Argument(help: "The visitor's interaction number (default: the next not yet called).") var number: String?

    func run() throws {
        let context = try Context.open(global)
        Output.line(try context.perform(.callVisitor(location: location, number: number.map(context.number), agent: context.agent)).summary)
    }
}

struct NoShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "noshow",
        abstract: "Close a visitor who did not come when called (after the location's no_show_after_calls calls) as Abandoned.")
    @OptionGroup var global: GlobalOptions
    @Argument var number: String

    func run() throws {
        let context = try Context.open(global)
        Output.line(try context.perform(.noShow(number: context.number(number))).summary)
    }
}

/// `queue stats`: each queue's waiting work; a walk-up location also its status and the
/// estimated wait of a visitor checking in now (the one estimate, `Desk.estimatedWait`).
struct QueueStats: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats",
        abstract: "Per queue: waiting records; per walk-up location also its status and the estimated wait for a visitor checking in now.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print it as JSON.") var json = false

    struct QueueJSON: Encodable {
        var id: String, name: String, waiting: Int, walk_up: Bool
        var status: String?, estimate_minutes: Int?, estimate: String?, estimate_unknown: String?
    }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let desk = context.desk, now = context.now
        let rows: [QueueJSON] = desk.queues.values.sorted { $0.id < $1.id }.map { q in
            let waiting = desk.interactions.positions { $0.queue == q.id && $0.isWaiting }.count
            guard q.walkUp != nil else { return QueueJSON(id: q.id, name: q.name, waiting: waiting, walk_up: false) }
            let estimate = desk.estimatedWait(location: q.id, position: desk.walkUpQueue(location: q.id, at: now).count + 1, at: now)
            var unknown: String?
            if case .unknown(let why) = estimate { unknown = why.rawValue }
            return QueueJSON(id: q.id, name: q.name, waiting: waiting, walk_up: true, status: desk.locationStatus(location: q.id, at: now).word,
                             estimate_minutes: estimate.minutes, estimate: estimate.text, estimate_unknown: unknown)
        }
        if json { try Output.json(rows); return }
        Output.table(["ID", "NAME", "WAITING", "WALK-UP", "ESTIMATE"], [14, 20, 7, 15, 20],
                     rows.map { [$0.id, $0.name, String($0.waiting), $0.status ?? "", $0.estimate ?? ""] })
    }
}
