import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// An opened store and the acting agent: what every command works with.
struct Context {
    let store: any DeskBackend
    /// The login acted as: the login user, or the one `--agent` names.
    let agent: String
    let clock: any TimeSource
    /// Who does it: the login user when a supervisor acts for another agent (`--agent cara`),
    /// else `agent`. Commands that name the agent they concern (presence, an offer's answer)
    /// run as this login, so the trail says who did it ("Away by sam") and for whom (cara's
    /// presence log, the offer to cara).
    private(set) var actor: String

    var desk: Desk { store.desk }
    nonisolated(unsafe) private static var opened: [any DeskBackend] = []
    /// Said when opening made the login user the store's first supervisor (the console shows
    /// it too: stderr is hidden behind the full screen).
    var supervisorNote: String?

    /// Says what reading history had to say during the command (an index rebuilt, say).
    static func reportHistoryWarnings() {
        for store in opened { for warning in store.historyWarnings { Output.warn(warning) } }
    }
    var now: Instant { clock.now() }

    /// What a command does with the store, which decides what it asks of the acting login.
    enum Access {
        /// Reads only: writes nothing (works on a store this user can only read); the login
        /// asked for must exist.
        case read
        /// Changes the store as an agent: the rules of identity below apply.
        case write
        /// Adds contacts as a channel (`intake`): any user who may write the store may.
        case intake
    }

    /// Opens the store and settles who is acting. A command that writes (and the console)
    /// creates the store on first use; one that only reads creates nothing, and a path with
    /// no store there is refused (exit 3) naming it.
    ///
    /// - A store without a supervisor (a new one, or one made before roles existed) makes the
    ///   login user its supervisor on the first command that writes, and says so.
    /// - Acting as another login (`--agent`, $FRONTDESK_AGENT) is for supervisors, and for the
    ///   gateways named in the configuration (anyone may act as those). A gateway adds contacts
    ///   (`intake`) and reports on replies; it never does an agent's work, whoever acts as it.
    /// - The login acting must be an agent (or a gateway); the login user becomes one on first
    ///   use when the desk allows self-registration; anyone else is refused, with similar logins.
    static func open(_ options: GlobalOptions, access: Access = .write, trustingIdentity: Bool = false,
                     startsMigration: Bool = true, compacting: Bool = false, concurrent: Bool = false) throws -> Context {
        let reading = access == .read
        // The seed is read only for a store that does not exist yet, and only to write it.
        let seed = OpenBackend.exists(options.storePath) || reading ? nil : try BundledData.defaultSeed()
        // A command that only reads does not wait for a writer's lock.
        let store = try OpenBackend.open(options.storePath, seed: seed, reading: reading, compacting: compacting, concurrent: concurrent)
        for warning in store.warnings { Output.warn(warning) }
        // A working set far past its window (an upgraded store) migrates now, in the
        // background; this command reads the old form meanwhile (`store compact` is that
        // compaction: it starts none).
        if startsMigration { BackgroundCompaction.startIfNeeded(store, opening: true) }
        // Who is at the keyboard: the database role on PostgreSQL, the login user on files.
        let login = GlobalOptions.login(at: store)
        let agent = options.requestedAgent ?? login
        var context = Context(store: store, agent: agent, clock: SystemTime(), actor: agent)
        // The process ends with the command: freeing every record on the way out would only
        // cost time, so the store is kept until exit.
        Context.opened.append(store)
        if !reading { try store.requireWritable() }
        // Refused before anything is written (a first supervisor claimed, say).
        if access == .write, !trustingIdentity, store.desk.isGateway(context.agent) {
            throw DomainError.gatewayIsNotAnAgent(login: context.agent, operation: nil)
        }
        // A gateway login is never an agent, so never the supervisor either.
        if !reading, !store.desk.hasSupervisor, !store.desk.isGateway(login) {
            try context.perform(.claimSupervision(login: login), as: login)
            context.supervisorNote = "\(login) is now this store's supervisor: it had none (a new store, or one made before roles existed)"
            Output.warn(context.supervisorNote!)
        }
        guard access != .intake, !trustingIdentity else { return context }
        if context.agent != login, !store.desk.isGateway(context.agent), store.desk.actingAgent(login)?.isSupervisor == true {
            context.actor = login
        }
        let acting = context.agent
        let desk = store.desk
        let isGateway = desk.isGateway(acting)
        // A disabled agent is kept for history only: refused at the console and every command
        // that changes the store, whoever they act as (a gateway's intake excepted, above).
        for who in Set([login, acting]) where !reading && desk.agents[who]?.disabled == true {
            throw DomainError.agentDisabled(login: who, operation: nil)
        }
        if acting != login, !reading, !isGateway, desk.actingAgent(login)?.isSupervisor != true {
            throw CLIRefusal(message: "acting as \(acting) (--agent or FRONTDESK_AGENT) is for supervisors; anyone may act as one of "
                             + "the gateways named in the configuration (\(desk.config.gatewayActors.joined(separator: ", "))), "
                             + "to add contacts; you are \(login)")
        }
        if desk.agents[acting] == nil, !isGateway {
            if acting == login, desk.config.selfRegistration {
                if !reading { try context.perform(.ensureAgent(login: acting, displayName: acting)) }
            } else {
                let similar = desk.similarLogins(to: acting)
                let hint = similar.isEmpty ? "" : " (did you mean \(similar.joined(separator: ", "))?)"
                throw CLIRefusal(message: "no agent \"\(acting)\"\(hint); a supervisor adds agents with `frontdesk agent add \(acting)`")
            }
        }
        return context
    }

    @discardableResult
    func perform(_ command: DeskCommand) throws -> CommandResult {
        try perform(command, as: agent)
    }

    /// Performs `command` for `actor` (an agent, or a channel for intake), the time read once
    /// the store is locked; says so when the clock had to be moved forward.
    @discardableResult
    func perform(_ command: DeskCommand, as actor: String) throws -> CommandResult {
        let result = try store.perform(command, by: actor, clock: clock)
        if let note = result.clockNote { Output.warn(note) }
        BackgroundCompaction.startIfNeeded(store)
        return result
    }

    /// A record by number, accepting lower case and the digits alone (`42` for IMS0000042).
    func number(_ typed: String) -> String {
        let upper = typed.uppercased()
        if let value = Int(upper), value > 0 { return Counters.format(.interaction, value) }
        return upper
    }

    func customerID(_ reference: String) throws -> String {
        try desk.resolveCustomer(reference).id
    }
}
