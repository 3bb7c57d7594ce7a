import ArgumentParser
import FrontdeskCore

struct Intake: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "intake", 
        abstract: "A contact arrives from a channel: a message, a chat, a call, a walk-up.",
        discussion: "Intake leaves the short description empty; the agent who accepts the record fills it in.",
        subcommands: [Messaging.self, Chat.self, Phone.self, WalkUp.self, ChannelName.Sms.self, ChannelName.WhatsApp.self])

    struct Messaging: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "messaging", 
            abstract: "A message arrives: match or create the sender's channel user profile, then join its open interaction or open a new one.",
            discussion: """
            The identifier is a phone number in any common form (+1 (555) 123-4567, +1.555.123.4567, \
            +15551234567, 0044 20 7946 0958); it is normalised to E.164 before matching.
            Prints the interaction number and whether it is new or joined, and the profile and \
            whether it was matched or created.
            """)
        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "The sender's phone number.") var from: String
        @Option(help: "The messaging channel.") var channel: MessagingChannel = .sms
        @Option(parsing: .unconditional, help: "The message text.") var text: String?
        @Option(help: "The queue to route a new interaction to (default: the desk's default queue).") var queue: String?
        @Flag(help: "Print the outcome as JSON.") var json = false

        struct Outcome: Encodable {
            var interaction: String
            var joined: Bool
            var profile: String
            var profile_created: Bool
            var opened_for: String?
            /// Present (true) only when the message answered a satisfaction survey.
            var answered_survey: Bool?
        }

        func run() throws {
            let context = try Context.open(global, access: .intake)
            let result = try context.perform(.intakeMessage(channel: channel, identifier: from, text: text, queue: queue),
                                             as: channel.rawValue)
            let outcome = result.intake!
            if json {
                try Output.json(Outcome(interaction: outcome.number, joined: outcome.joined, profile: outcome.profile,
                                        profile_created: outcome.profileCreated, opened_for: outcome.openedFor,
                                        answered_survey: outcome.answeredSurvey ? true : nil))
                return
            }
            if outcome.answeredSurvey {
                Output.line("interaction \(outcome.number): survey answered (\(result.summary))")
                return
            }
            Output.line("interaction \(outcome.number) (\(outcome.joined ? "joined an open interaction" : "new"))")
            let identifier = context.desk.profiles[outcome.profile]?.identifier ?? ""
            Output.line("profile \(outcome.profile) \(identifier) (\(outcome.profileCreated ? "created" : "matched"))")
            if let customer = outcome.openedFor {
                Output.line("opened for \(customer) \(Output.clean(context.desk.customerName(customer)))")
            } else {
                Output.line("opened for: nobody yet; link the profile to a customer with")
                Output.line("  frontdesk profile link \(outcome.profile) --to CUSTOMER")
            }
        }
    }

    struct Chat: ChannelIntake {
        static let type = InteractionType.chat
        static let configuration = CommandConfiguration(commandName: "chat", abstract: "A chat starts: a new interaction waits in a queue.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer: id, email, phone or name.") var customer: String?
        @Option(parsing: .unconditional, help: "The chat handle, when the customer is not known (yet).") var from: String?
        @Option(help: "The queue's id.") var queue: String?
        @Option(parsing: .unconditional, help: "The customer's first message.") var text: String?
    }

    struct Phone: ChannelIntake {
        static let type = InteractionType.phone
        static let configuration = CommandConfiguration(commandName: "phone", abstract: "A call comes in (when the phone channel is on).")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer: id, email, phone or name.") var customer: String?
        @Option(parsing: .unconditional, help: "The caller's number, when the customer is not known (a number that is a customer's opens it for them).")
        var from: String?
        @Option(help: "The queue's id.") var queue: String?
        @Option(parsing: .unconditional, help: "What the caller said first.") var text: String?
    }

    struct WalkUp: ChannelIntake {
        static let type = InteractionType.walkUp
        static let configuration = CommandConfiguration(commandName: "walk-up",
            abstract: "Someone checks in at the counter (without --for: opened for stays empty until the agent sets it).")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer: id, email, phone or name.") var customer: String?
        @Option(help: "The queue's id.") var queue: String?
        @Option(parsing: .unconditional, help: "What they came for.") var text: String?
        var from: String? { nil }
    }

    /// `intake sms` and `intake whatsapp` are what people try first: they are refused with
    /// the command that does it, as a usage error.
    enum ChannelName {
        struct Sms: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "sms", shouldDisplay: false)
            @Argument(parsing: .allUnrecognized) var rest: [String] = []
            func validate() throws { throw ValidationError("did you mean `frontdesk intake messaging --channel sms --from NUMBER`?") }
        }
        struct WhatsApp: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "whatsapp", shouldDisplay: false)
            @Argument(parsing: .allUnrecognized) var rest: [String] = []
            func validate() throws { throw ValidationError("did you mean `frontdesk intake messaging --channel whatsapp --from NUMBER`?") }
        }
    }
}

protocol ChannelIntake: ParsableCommand {
    static var type: InteractionType { get }
    var global: GlobalOptions { get }
    var customer: String? { get }
    var from: String? { get }
    var queue: String? { get }
    var text: String? { get }
}

extension ChannelIntake {
    func validate() throws {
        if customer != nil, from != nil { throw ValidationError("give --for (a known customer) or --from (a number or handle), not both") }
        if customer == nil, from == nil, Self.type != .walkUp {
            throw ValidationError("give --for CUSTOMER, or --from \(Self.type == .phone ? "NUMBER" : "HANDLE") for someone not known yet")
        }
    }

    func run() throws {
        let context = try Context.open(global, access: .intake)
        let result = try context.perform(
            .intake(type: Self.type, openedFor: try customer.map(context.customerID), queue: queue, text: text, caller: from),
            as: Self.type.rawValue)
        Output.line(result.summary)
        if let r = result.subject.flatMap(context.desk.interaction) {
            Output.line(r.openedFor.map { "opened for \($0) \(Output.clean(context.desk.customerName($0)))" }
                        ?? "opened for: nobody yet (the agent sets it)")
        }
    }
}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Create an interaction as an agent and start working it at once.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The interaction's type.") var type: InteractionType
    @Option(name: .customLong("for"), parsing: .unconditional, help: "The customer: id, email, phone or name.") var customer: String
    @Option(name: .customLong("short"), parsing: .unconditional, help: "The short description.") var short: String
    @Option(help: "The queue's id (default: your first queue serving the type).") var queue: String?

    func run() throws {
        let context = try Context.open(global)
        let result = try context.perform(.create(type: type, openedFor: try context.customerID(customer), queue: queue,
                                                 shortDescription: short, accept: true))
        Output.line(result.summary)
    }
}
