import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// An opened store and the acting agent: what every command works with.
struct Context {
    let store: Store
    let agent: String
    let clock: any TimeSource

    var desk: Desk { store.desk }
    var now: Instant { clock.now() }

    /// Opens (creating on first use) the store and makes sure the acting agent exists.
    static func open(_ options: GlobalOptions) throws -> Context {
        let store = try Store(directory: options.storePath, seed: try BundledData.defaultSeed())
        for warning in store.warnings { Output.warn(warning) }
        let context = Context(store: store, agent: options.agentLogin, clock: SystemTime())
        if store.desk.agents[context.agent] == nil {
            try store.perform(.ensureAgent(login: context.agent, displayName: context.agent), by: context.agent, at: context.now)
        }
        return context
    }

    @discardableResult
    func perform(_ command: DeskCommand) throws -> CommandResult {
        try store.perform(command, by: agent, at: now)
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
