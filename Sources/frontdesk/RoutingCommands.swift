import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore
import FrontdeskUI

/// Work offered to agents, from the command line: for scripts, screen-reader users, and
/// desks that route without a console open (`route` from cron or a loop).
struct PresenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "presence",
        abstract: "Show your presence, or set it: available (work is offered to you), away or offline.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "available, away or offline; nothing to show it.") var presence: FrontdeskCore.Presence?
    @Flag(help: "The latest presence changes: when, to what, by whom (routing: after missed offers).") var log = false

    func run() throws {
        let context = try Context.open(global, access: presence == nil ? .read : .write)
        if log, presence == nil {
            let changes = context.desk.agents[context.agent]?.presenceLog ?? []
            if changes.isEmpty { Output.line("No presence changes recorded for \(context.agent).") }
            for change in changes {
                Output.line("\(change.at.serviceNowDateTime)  \(change.presence.display.padding(toLength: 9, withPad: " ", startingAt: 0))  by \(Output.clean(change.by))")
            }
            return
        }
        guard let presence else {
            let agent = context.desk.agents[context.agent]
            let load = context.desk.load(of: context.agent)
            let capacity = InteractionType.allCases.map { type in
                "\(type.rawValue) \(load[type] ?? 0)/\(agent.map { context.desk.capacity(of: $0, for: type) } ?? 0)"
            }
            Output.line("\(context.agent) is \(agent?.presence.display ?? "not an agent") · load \(capacity.joined(separator: ", "))")
            return
        }
        // A supervisor setting another's presence (`--agent cara`) is named as who did it.
        Output.line(try context.perform(.setPresence(login: context.agent, presence), as: context.actor).summary)
    }
}

struct Offers: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "offers", abstract: "The work offered to you now, waiting for your answer.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON: number, type, customer, short description, offered at, seconds left.") var json = false

    struct Row: Encodable {
        var number: String
        var type: String
        var opened_for_name: String?
        var short_description: String
        var offered_at: String
        var seconds_left: Int64
    }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let desk = context.desk, now = context.now
        let rows = desk.offers(for: context.agent).compactMap { r -> Row? in
            guard let offer = r.pendingOffer else { return nil }
            return Row(number: r.number, type: r.type.rawValue, opened_for_name: r.openedFor.map { desk.customerName($0) },
                       short_description: r.hasShortDescription ? r.shortDescription : (r.lastCustomerMessage ?? ""),
                       offered_at: offer.at.iso8601,
                       seconds_left: max(0, desk.config.routing.offerTimeoutSeconds - offer.at.seconds(until: now)))
        }
        if json { try Output.json(rows); return }
        if rows.isEmpty { Output.line("No work is offered to you now."); return }
        Output.table(["NUMBER", "TYPE", "CUSTOMER", "LEFT", "DESCRIPTION"], [10, 9, 20, 5, 30], rows.map {
            [$0.number, $0.type, Output.clean($0.opened_for_name ?? ""), "\($0.seconds_left)s", Output.clean($0.short_description)]
        })
    }
}

struct AcceptOffer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accept-offer", abstract: "Accept the work offered to you: it is yours, in Work in Progress.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String

    func run() throws {
        let context = try Context.open(global)
        let n = context.number(number)
        guard context.desk.interaction(n)?.pendingOffer?.agent == context.agent else {
            throw DomainError.offer(number: n, why: "it is not offered to \(context.agent) (frontdesk offers lists what is)")
        }
        Output.line(try context.perform(.transition(number: n, .accept)).summary)
    }
}

struct RejectOffer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject-offer", abstract: "Reject the work offered to you, with a reason: it goes to the next agent.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(parsing: .unconditional, help: "One of the desk's reasons (config get routing.reject_reasons).") var reason: String

    func run() throws {
        let context = try Context.open(global)
        // The offer names whose it was; the trail names who answered it (a supervisor for them).
        Output.line(try context.perform(.rejectOffer(number: context.number(number), reason: reason), as: context.actor).summary)
    }
}

struct Route: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "route",
        abstract: "Route once now: time out unanswered offers and offer waiting work, as an open console does every second.",
        discussion: """
            Only one process routes at a time (the store's routing.lock): while a console routes, this does nothing and says so.
            With NUMBER (supervisors): that waiting record is offered again to everyone serving its queue, those who \
            declined it within routing.reoffer_after included.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "A waiting interaction to send round again (supervisors).") var number: String?

    func run() throws {
        let context = try Context.open(global, access: number == nil ? .intake : .write)
        if let number {
            Output.line(try context.perform(.reroute(number: context.number(number))).summary)
        }
        guard try context.store.takeRouting() else {
            Output.line("another process is routing this desk (an open console); \(number == nil ? "nothing to do" : "it offers it within a second")")
            return
        }
        let done = try context.store.route(at: context.now)
        Output.line(done == 0 ? "nothing to route" : "\(done) routing decision\(done == 1 ? "" : "s") carried out")
    }
}

struct BoardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "board",
        abstract: "The supervisor's board: per queue waiting work and waits against target, per agent presence and load, today's handled work.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON, for a wallboard or a script.") var json = false

    struct QueueJSON: Encodable {
        var id: String, name: String, waiting: Int, longest_wait_seconds: Int64, target_wait_seconds: Int64, over_target: Bool
        var offers_pending: Int, passed_over: Int, handled_today: Int, median_wait_seconds: Int64?, median_handle_seconds: Int64?
    }
    struct AgentJSON: Encodable {
        var login: String, name: String, presence: String, presence_seconds: Int64?
        var load: [String: Int], capacity: [String: Int], offers_pending: Int
    }
    struct BoardJSON: Encodable { var at: String; var queues: [QueueJSON]; var agents: [AgentJSON] }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let board = context.desk.board(at: context.now)
        if json {
            func raw(_ d: [InteractionType: Int]) -> [String: Int] { Dictionary(uniqueKeysWithValues: d.map { ($0.key.rawValue, $0.value) }) }
            try Output.json(BoardJSON(
                at: context.now.iso8601,
                queues: board.queues.map {
                    QueueJSON(id: $0.id, name: $0.name, waiting: $0.waiting, longest_wait_seconds: $0.longestWaitSeconds,
                              target_wait_seconds: $0.targetWaitSeconds, over_target: $0.isOverTarget, offers_pending: $0.offersPending, passed_over: $0.passedOver,
                              handled_today: $0.handledToday, median_wait_seconds: $0.medianWaitSeconds, median_handle_seconds: $0.medianHandleSeconds)
                },
                agents: board.agents.map {
                    AgentJSON(login: $0.login, name: $0.name, presence: $0.presence.rawValue, presence_seconds: $0.presenceSeconds,
                              load: raw($0.load), capacity: raw($0.capacity), offers_pending: $0.offersPending)
                }))
            return
        }
        for line in BoardText.lines(board, width: 100) { Output.line(line.0.isEmpty ? line.1 : line.0 + line.1) }
    }
}
