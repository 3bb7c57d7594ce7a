import ArgumentParser
import FrontdeskCore

/// The state-changing commands share their shape: a number, one transition.
protocol TransitionCommand: ParsableCommand {
    var global: GlobalOptions { get }
    var number: String { get }
    func transition(_ context: Context) throws -> RecordTransition
}

extension TransitionCommand {
    func run() throws {
        let context = try Context.open(global)
        let result = try context.perform(.transition(number: context.number(number), try transition(context)))
        Output.line(result.summary)
    }
}

struct Accept: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "accept", abstract: "Accept a New or On Hold interaction: it becomes yours, in Work in Progress.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number (IMS0000042, or 42).") var number: String
    func transition(_ context: Context) -> RecordTransition { .accept }
}

struct WrapUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wrap-up",
        abstract: "Wrap up with a code (config get wrap_up.TYPE.codes) and notes: your record in Wrap Up closes (Closed Complete); "
            + "on a record you transferred on while working it, your part is wrapped up.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(help: "One of the type's wrap-up codes.") var code: String
    @Option(parsing: .unconditional, help: "Wrap-up notes.") var notes: String = ""

    func run() throws {
        let context = try Context.open(global)
        let n = context.number(number)
        let r = context.desk.interaction(n)
        let part = !(r?.state == .wrapUp && r?.assignedTo == context.agent) && (r?.wrapUpsDue.contains { $0.agent == context.agent } ?? false)
        let command: DeskCommand = part ? .wrapUpPart(number: n, code: code, notes: notes)
                                        : .transition(number: n, .submitWrapUp(code: code, notes: notes))
        Output.line(try context.perform(command).summary)
    }
}

struct Hold: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Put an interaction in Work in Progress on hold.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(help: "Why (messaging only).") var reason: StateReason?
    func transition(_ context: Context) throws -> RecordTransition {
        .hold(reason: reason)
    }
}

struct Resume: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume an On Hold interaction.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    func transition(_ context: Context) -> RecordTransition { .resume }
}

struct Transfer: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "transfer", abstract: "Transfer an open interaction: to an agent it waits On Hold for them, to a queue Queued for the next agent.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(name: .customLong("to-agent"), help: "The agent's login.") var toAgent: String?
    @Option(name: .customLong("to-queue"), help: "The queue's id.") var toQueue: String?

    func validate() throws {
        guard (toAgent == nil) != (toQueue == nil) else {
            throw ValidationError("give exactly one of --to-agent or --to-queue")
        }
    }

    func transition(_ context: Context) -> RecordTransition {
        if let toAgent { return .transfer(.agent(toAgent)) }
        return .transfer(.queue(toQueue!))
    }
}

struct End: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "end", abstract: "End the conversation: Wrap Up when wrap-up is on for the type, else Closed Complete.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    func transition(_ context: Context) -> RecordTransition { .endConversation }
}

struct Complete: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "complete", abstract: "Close an interaction as Closed Complete (needs a short description).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    func transition(_ context: Context) -> RecordTransition { .complete }
}

struct Abandon: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "abandon", abstract: "Close an interaction as Closed Abandoned: the customer left (needs a short description).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    func transition(_ context: Context) -> RecordTransition { .abandon }
}

struct Archive: TransitionCommand {
    static let configuration = CommandConfiguration(commandName: "archive", abstract: "Archive a closed interaction that has a short description.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    func transition(_ context: Context) -> RecordTransition { .archive }
}

struct Reopen: TransitionCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen an interaction closed by mistake (supervisors; within the reopen window, 24 h unless configured).",
        discussion: "It returns to Work in Progress, assigned as it was; the reason is on its audit trail.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(parsing: .unconditional, help: "Why it is reopened.") var reason: String
    func transition(_ context: Context) -> RecordTransition { .reopen(reason: reason) }
}

struct SetFields: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change fields of an open interaction and save it (the short description must then be filled in).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(name: .customLong("short"), parsing: .unconditional, help: "The short description.") var short: String?
    @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer it is opened for: id, email, phone or name.") var openedFor: String?
    @Option(help: "The queue's id.") var queue: String?
    @Option(help: "The state reason (messaging only): waiting_on_customer, waiting_internal, or none.") var reason: String?
    @Option(name: .customLong("visit-reason"), parsing: .unconditional,
            help: "The reason for visit (at a walk-up location, one of its reasons; \"\" clears it); fills an empty short description.")
    var visitReason: String?

    func validate() throws {
        guard short != nil || openedFor != nil || queue != nil || reason != nil || visitReason != nil else {
            throw ValidationError("give at least one of --short, --for, --queue, --reason, --visit-reason")
        }
    }

    func run() throws {
        let context = try Context.open(global)
        var edits: [FieldEdit] = []
        if let short { edits.append(.shortDescription(short)) }
        if let openedFor { edits.append(.openedFor(try context.customerID(openedFor))) }
        if let queue { edits.append(.queue(queue)) }
        if let reason {
            edits.append(.stateReason(reason == "none" ? nil : try parseEnum(reason, field: "state reason") as StateReason))
        }
        if let visitReason { edits.append(.visitReason(visitReason)) }
        Output.line(try context.perform(.edit(number: context.number(number), edits)).summary)
    }
}

struct Note: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "note", abstract: "Add a work note (internal, append-only) to an open interaction.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Argument(parsing: .allUnrecognized, help: "The note's text.") var text: [String]

    func run() throws {
        let context = try Context.open(global)
        // `--` ends the options; it is not part of the note.
        let words = text.first == "--" ? Array(text.dropFirst()) : text
        Output.line(try context.perform(.addNote(number: context.number(number), text: words.joined(separator: " "))).summary)
    }
}

struct TaskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task", abstract: "Create or associate the incident, case or request an interaction leads to.",
        subcommands: [Create.self, Link.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an incident, case or request from an interaction.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The interaction number.") var number: String
        @Option(help: "What to create.") var kind: TaskKind

        func run() throws {
            let context = try Context.open(global)
            Output.line(try context.perform(.createTask(number: context.number(number), kind: kind)).summary)
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link", abstract: "Associate an existing incident, case or request with an interaction.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The interaction number.") var number: String
        @Argument(help: "The task's number (INC…, CS…, REQ…).") var task: String

        func run() throws {
            let context = try Context.open(global)
            Output.line(try context.perform(.linkTask(number: context.number(number), task: task.uppercased())).summary)
        }
    }
}
