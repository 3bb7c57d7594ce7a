import ArgumentParser
import FrontdeskCore
import FrontdeskStore

/// The filters `list` and `export` share.
struct RecordFilters: ParsableArguments {
    @Option(help: "mine, queue, open, closed or archived (default: every record).") var view: String?
    @Option(help: "Only this state (snake_case, e.g. work_in_progress).") var state: String?
    @Option(help: "Only this type: chat, phone, walk-up, messaging.") var type: String?
    @Option(name: .customLong("for"), help: "Only this customer's interactions (id, email, phone or name).") var customer: String?
    @Option(parsing: .unconditional, help: "Text to find in number, customer, short description or work notes.") var search: String?
    @Option(help: "At most this many records.") var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func select(_ context: Context) throws -> [Interaction] {
        let desk = context.desk
        var positions: [Int]
        if let view {
            positions = desk.positions(in: try parseEnum(view, field: "view") as WorkView, agent: context.agent)
        } else {
            positions = Array(desk.interactions.indices.reversed())
        }
        if let state {
            let wanted: InteractionState = try parseEnum(state, field: "state")
            positions = positions.filter { desk.interactions[$0].state == wanted }
        }
        if let type {
            let wanted: InteractionType = try parseEnum(type, field: "interaction type")
            positions = positions.filter { desk.interactions[$0].type == wanted }
        }
        if let customer {
            let id = try context.customerID(customer)
            positions = positions.filter { desk.interactions[$0].openedFor == id }
        }
        if let search { positions = desk.search(search, in: positions) }
        if let limit { positions = Array(positions.prefix(limit)) }
        return positions.map { desk.interactions[$0] }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List interactions, newest first (queue and my work: oldest first).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Flag(help: "Print a JSON array.") var json = false

    func run() throws {
        let context = try Context.open(global, reading: true)
        let records = try filters.select(context)
        let now = context.now
        if json {
            try Output.json(records.map { RecordSummary($0, in: context.desk, at: now) })
            return
        }
        if records.isEmpty {
            Output.line("No interactions match.")
            return
        }
        Output.table(["NUMBER", "TYPE", "STATE", "OPENED FOR", "DESCRIPTION", "WAIT", "DUR"],
                     [10, 9, 16, 13, 15, 5, 5],
                     records.map { r in
                         let timers = r.timers(at: now)
                         return [r.number, r.type.display, r.state.display + (r.isArchived ? "*" : ""),
                                 context.desk.customerName(r.openedFor), r.shortDescription,
                                 Output.compactSpan(timers.wait), Output.compactSpan(timers.duration)]
                     })
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show one interaction: its fields, timers, related tasks, notes and audit trail.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Flag(help: "Print a JSON object.") var json = false

    func run() throws {
        let context = try Context.open(global, reading: true)
        let desk = context.desk
        guard let r = desk.interaction(context.number(number)) else {
            throw DomainError.notFound(kind: "interaction", key: context.number(number))
        }
        let now = context.now
        if json {
            try Output.json(RecordSummary(r, in: desk, at: now))
            return
        }
        let t = r.timers(at: now)
        let c = Output.clean
        Output.field("\(r.number)  \(r.type.display)  \(r.state.display)\(r.stateReason.map { " (\($0.display))" } ?? "")\(r.isArchived ? "  [archived]" : "")")
        Output.field("Short description  \(r.hasShortDescription ? c(r.shortDescription) : "(empty)")")
        Output.field("Opened for         \(r.openedFor.map { "\($0) \(c(desk.customerName($0)))" } ?? "(nobody yet)")")
        if let profile = r.channelUserProfile.flatMap({ desk.profiles[$0] }) {
            Output.field("Channel profile    \(profile.id) \(profile.channel.display) \(profile.identifier)")
        }
        let assignee = r.assignedTo.map { login -> String in
            let name = desk.agents[login]?.displayName ?? login
            return name == login ? login : "\(login) \(c(name))"
        }
        Output.field("Assigned to        \(assignee ?? "(waiting in queue)")")
        Output.field("Queue              \(r.queue.map { "\($0) \(c(desk.queues[$0]?.name))" } ?? "")")
        Output.field("Opened             \(r.openedAt.iso8601)")
        if let at = r.acceptedAt { Output.field("Accepted           \(at.iso8601)") }
        if let at = r.closedAt { Output.field("Closed             \(at.iso8601)") }
        if let at = r.archivedAt { Output.field("Archived           \(at.iso8601)") }
        Output.field("Wait time          \(formatSpan(t.wait))\(t.waitIsLive ? " (running)" : "")")
        Output.field("Duration           \(formatSpan(t.duration))\(t.durationIsLive ? " (running)" : "")")
        Output.field("Hold / wrap up     \(formatSpan(t.hold)) / \(formatSpan(t.wrapUp))")
        Output.field("Version            \(r.version)")
        Output.field()
        Output.field("Related tasks (\(r.relatedTasks.count))")
        for number in r.relatedTasks {
            let task = desk.tasks[number]
            Output.field("  \(number)  \(task?.kind.display ?? "")  \(task?.state.display ?? "")  \(c(task?.shortDescription))")
        }
        if !r.transcript.isEmpty {
            Output.field()
            Output.field("Messages")
            for m in r.transcript { Output.field("  \(m.at.iso8601) \(c(m.from)): \(c(m.text))") }
        }
        Output.field()
        Output.field("Work notes (\(r.workNotes.count), newest first)")
        for note in r.workNotes.reversed() { Output.field("  \(note.at.iso8601) \(c(note.author)): \(c(note.text))") }
        Output.field()
        Output.field("Audit trail")
        for entry in r.history {
            Output.field("  \(entry.at.iso8601) \(c(entry.by)) \(entry.change.field): \(c(entry.change.oldValue ?? "—")) -> \(c(entry.change.newValue ?? "—"))")
        }
    }
}
