import ArgumentParser
import Foundation
import FrontdeskCore

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", 
        abstract: "The desk's settings, kept in the store.",
        discussion: "Keys: phone_channel (on|off), wrap_up.<chat|phone|walk-up|messaging> (on|off), default_queue (a queue id), "
            + "history.window (7d), queue.<id>.target_wait (90s, 5m, 1h), self_registration (on|off, off for a new store: the "
            + "login user becomes an agent on first use), gateways (logins anyone may act as, for intake: sms,phone-gateway), reopen_window "
            + "(24h; 0: never), default_country (ISO letters such as GB: national phone numbers are read as that "
            + "country's). Changing them is for supervisors.",
        subcommands: [ListKeys.self, Get.self, SetKey.self])

    struct ListKeys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every key and its value.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            for entry in try Context.open(global, access: .read).desk.configEntries { Output.line("\(entry.key) = \(entry.value)") }
        }
    }

    struct Get: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "One key's value.")
        @OptionGroup var global: GlobalOptions
        @Argument var key: String
        func run() throws { Output.line(try Context.open(global, access: .read).desk.configValue(key)) }
    }

    struct SetKey: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a key.")
        @OptionGroup var global: GlobalOptions
        @Argument var key: String
        @Argument var value: String
        func run() throws { Output.line(try Context.open(global).perform(.setConfig(key: key, value: value)).summary) }
    }
}

struct CustomerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer", abstract: "The customer directory.",
                                                    subcommands: [Add.self, Find.self, ListAll.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a customer; prints the new id.")
        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional) var name: String
        @Option var email: String = ""
        @Option(help: "A phone number with its country code; stored as E.164.") var phone: String = ""
        @Option(parsing: .unconditional) var company: String = ""
        @Flag var vip = false
        @Flag(name: .customLong("allow-duplicate"), help: "Add them even when their phone or email already belongs to another customer.")
        var allowDuplicate = false
        func run() throws {
            let result = try Context.open(global).perform(.addCustomer(name: name, email: email, phone: phone, company: company, vip: vip,
                                                                       allowDuplicate: allowDuplicate))
            Output.line(result.subject ?? "")
        }
    }

    struct Find: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "find", abstract: "Customers whose name, email, phone, company or id contain the text.")
        @OptionGroup var global: GlobalOptions
        @Argument var text: String
        @Flag var json = false
        func run() throws {
            let context = try Context.open(global, access: .read)
            try printCustomers(context.desk.findCustomers(text), json: json)
        }
    }

    struct ListAll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every customer, by name.")
        @OptionGroup var global: GlobalOptions
        @Flag var json = false
        func run() throws {
            let context = try Context.open(global, access: .read)
            try printCustomers(context.desk.findCustomers("", limit: .max), json: json)
        }
    }
}

private struct CustomerJSON: Encodable {
    var id, name, email, phone, company: String
    var vip: Bool
}

private func printCustomers(_ customers: [Customer], json: Bool) throws {
    if json {
        try Output.json(customers.map { CustomerJSON(id: $0.id, name: $0.name, email: $0.email, phone: $0.phone, company: $0.company, vip: $0.vip) })
        return
    }
    if customers.isEmpty { Output.line("No customers match."); return }
    Output.table(["ID", "NAME", "EMAIL", "PHONE", "COMPANY"], [10, 20, 20, 13, 12],
                 customers.map { [$0.id, $0.name + ($0.vip ? " ★" : ""), $0.email, $0.phone, $0.company] })
}

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profile", abstract: "Channel user profiles of messaging senders.",
                                                    subcommands: [ListAll.self, Link.self])

    struct ListAll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every profile and the customer it belongs to.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let desk = try Context.open(global, access: .read).desk
            let profiles = desk.profiles.values.sorted { $0.id < $1.id }
            if profiles.isEmpty { Output.line("No channel user profiles yet."); return }
            Output.table(["ID", "CHANNEL", "IDENTIFIER", "CUSTOMER"], [10, 8, 16, 40],
                         profiles.map { [$0.id, $0.channel.display, $0.identifier,
                                         $0.customer.map { "\($0) \(desk.customerName($0))" } ?? "(not linked)"] })
        }
    }

    struct Link: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link", abstract: "Link a profile to a customer; fills opened for on its open interactions.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The profile id (CUP…).") var profile: String
        @Option(parsing: .unconditional, help: "The customer: id, email, phone or name.") var to: String
        func run() throws {
            let context = try Context.open(global)
            Output.line(try context.perform(.linkProfile(profile: profile.uppercased(), customer: try context.customerID(to))).summary)
        }
    }
}

struct AgentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "agent", abstract: "The desk's agents.",
                                                    subcommands: [ListAll.self, Add.self, SetAgent.self, Presence.self, Disable.self, Enable.self])

    struct ListAll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every agent at work, their role, queues and presence.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Disabled agents too, marked so.") var all = false
        func run() throws {
            let desk = try Context.open(global, access: .read).desk
            let agents = all ? desk.agents.values.sorted { $0.login < $1.login } : desk.enabledAgents
            Output.table(["LOGIN", "NAME", "ROLE", "PRESENCE", "QUEUES"], [10, 20, 10, 9, 30],
                         agents.map {
                             [$0.login, $0.displayName, $0.role.display, $0.disabled ? "disabled" : $0.presence.display,
                              $0.queues.joined(separator: ", ")]
                         })
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "disable",
            abstract: "Disable an agent (supervisors): kept for the history of their records, offered nothing, refused at the console "
                + "and every command, left off the board and `agent list`. Refused while they hold open records.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws { Output.line(try Context.open(global).perform(.setAgentDisabled(login: login, true)).summary) }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "enable",
            abstract: "Enable a disabled agent again (supervisors); they are Offline until they open a console or set their presence.")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        func run() throws { Output.line(try Context.open(global).perform(.setAgentDisabled(login: login, false)).summary) }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an agent (supervisors).")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        @Option(parsing: .unconditional) var name: String = ""
        @Option(help: "Comma-separated queue ids.") var queues: String = ""
        @Option var role: Role = .agent
        func run() throws {
            let ids = queueIDs(queues) ?? []
            Output.line(try Context.open(global).perform(.addAgent(login: login, displayName: name, queues: ids, role: role)).summary)
        }
    }

    struct SetAgent: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change an agent's name, queues or role (supervisors).")
        @OptionGroup var global: GlobalOptions
        @Argument var login: String
        @Option(parsing: .unconditional) var name: String?
        @Option(help: "Comma-separated queue ids: the agent's queues from now on.") var queues: String?
        @Option var role: Role?
        @Option(help: "Records at once per channel, e.g. chat=2,phone=1 (desk: the desk's figure again).") var capacity: String?
        @Option(parsing: .unconditional, help: "Where the agent sits, e.g. \"Desk 2\": walk-up visitors are called there (\"\" for none).")
        var desk: String?

        func validate() throws {
            guard name != nil || queues != nil || role != nil || capacity != nil || desk != nil else {
                throw ValidationError("give --name, --queues, --role, --capacity or --desk")
            }
            _ = try capacities()
        }

        /// `chat=2,phone=desk` -> per type, nil for the desk's figure.
        func capacities() throws -> [(InteractionType, Int?)] {
            try (capacity ?? "").split(separator: ",").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, let type = InteractionType(rawValue: parts[0]), parts[1] == "desk" || Int(parts[1]) != nil else {
                    throw ValidationError("--capacity takes type=number pairs (chat=2,phone=1; desk for the desk's figure), not \(pair)")
                }
                return (type, Int(parts[1]))
            }
        }

        func run() throws {
            let context = try Context.open(global)
            if name != nil || queues != nil || role != nil {
                let command = DeskCommand.updateAgent(login: login, displayName: name, queues: queues.flatMap(queueIDs), role: role)
                Output.line(try context.perform(command).summary)
            }
            for (type, value) in try capacities() {
                Output.line(try context.perform(.setCapacity(login: login, type: type, value)).summary)
            }
            if let desk { Output.line(try context.perform(.setAgentDesk(login: login, desk: desk)).summary) }
        }
    }

    struct Presence: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "presence", abstract: "Set your presence: available, away or offline.")
        @OptionGroup var global: GlobalOptions
        @Argument var presence: FrontdeskCore.Presence
        func run() throws {
            let context = try Context.open(global)
            let value = presence
            Output.line(try context.perform(.setPresence(login: context.agent, value), as: context.actor).summary)
        }
    }
}

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue", abstract: "The desk's queues.",
                                                    subcommands: [ListAll.self, Add.self, QueueStats.self])

    struct ListAll: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Every queue, the channels it serves and its target wait.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let desk = try Context.open(global, access: .read).desk
            Output.table(["ID", "NAME", "TARGET", "WAITING", "CHANNELS"], [14, 20, 6, 7, 29],
                         desk.queues.values.sorted { $0.id < $1.id }.map { q in
                             let waiting = desk.interactions.positions { $0.queue == q.id && $0.assignedTo == nil && $0.state.isOpen }.count
                             return [q.id, q.name, formatSeconds(q.targetWaitSeconds), String(waiting),
                                     q.channels.map(\.rawValue).joined(separator: ", ")]
                         })
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a queue.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A short id such as walk-in.") var id: String
        @Option(parsing: .unconditional) var name: String = ""
        @Option(help: "Comma-separated channel types (default: all).") var channels: String = "chat,phone,walk-up,messaging"
        @Option(name: .customLong("target-wait"), help: "Target wait: 90s, 5m, 1h.") var targetWait: String = "5m"
        func run() throws {
            var types: [InteractionType] = []
            for name in channels.split(separator: ",") { types.append(try parseEnum(name.trimmedWhitespace, field: "channel type")) }
            guard let seconds = parseSeconds(targetWait) else {
                throw DomainError.invalidValue(field: "target wait", value: targetWait, allowed: ["90s", "5m", "1h"])
            }
            Output.line(try Context.open(global).perform(.addQueue(id: id, name: name, channels: types, targetWaitSeconds: seconds)).summary)
        }
    }
}

/// `a, b,c` as queue ids.
private func queueIDs(_ list: String) -> [String]? {
    list.split(separator: ",").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
}
