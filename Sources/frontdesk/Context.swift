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
    nonisolated(unsafe) private static var opened: [Store] = []

    /// Says what reading history had to say during the command (an index rebuilt, say).
    static func reportHistoryWarnings() {
        for store in opened { for warning in store.historyWarnings { Output.warn(warning) } }
    }
    var now: Instant { clock.now() }

    /// Opens (creating on first use) the store and, for a command that changes it, makes
    /// sure the acting agent exists. A command that only reads writes nothing, so it works on
    /// a store this user can only read.
    static func open(_ options: GlobalOptions, reading: Bool = false) throws -> Context {
        // The seed is read only for a store that does not exist yet.
        let exists = FileManager.default.fileExists(atPath: options.storePath + "/snapshot.json")
        let store = try Store(directory: options.storePath, seed: exists ? nil : try BundledData.defaultSeed())
        // A compaction would hold up the command that crossed the threshold: it runs in a
        // process of its own instead.
        store.compactsAutomatically = false
        for warning in store.warnings { Output.warn(warning) }
        let context = Context(store: store, agent: options.agentLogin, clock: SystemTime())
        // The process ends with the command: freeing every record on the way out would only
        // cost time, so the store is kept until exit.
        Context.opened.append(store)
        if !reading, store.desk.agents[context.agent] == nil {
            try context.perform(.ensureAgent(login: context.agent, displayName: context.agent))
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
