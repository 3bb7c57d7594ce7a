import ArgumentParser
import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore
import FrontdeskTerminal
import FrontdeskUI

struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "The full-screen console (the default command).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Open the console on a throwaway store filled with a demo desk.") var demo = false

    func run() throws {
        guard isatty(STDIN_FILENO) != 0, isatty(STDOUT_FILENO) != 0 else {
            throw CLIRefusal(message: "the console needs a terminal; for scripts use the other commands (frontdesk --help)")
        }
        let env = ProcessInfo.processInfo.environment
        if let reason = TerminalConsole.unusableTerminal(named: env["TERM"]) {
            throw CLIRefusal(message: reason, status: 2)
        }
        let monochrome = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        var options = global
        var throwaway: String?
        var gateway: DemoGateway?
        if demo {
            let directory = NSTemporaryDirectory() + "frontdesk-demo-\(getpid())"
            Output.emit("Generating the demo desk…\n", to: .standardError)
            let desk = try DemoDesk.generate(interactions: 3000, endingAt: SystemTime().now(), agent: global.agentLogin)
            _ = try Store(directory: directory, seed: desk.everything)
            options.store = directory
            throwaway = directory
            gateway = DemoGateway(directory: directory, queues: desk.agents[global.agentLogin]?.queues ?? [])
        }
        defer {
            gateway?.stop()
            if let throwaway { try? FileManager.default.removeItem(atPath: throwaway) }
        }

        let context = try Context.open(options, trustingIdentity: demo, concurrent: true)
        // The console never waits long for the store: a save that finds it locked waits in the
        // background (the console stays live and says so) and is retried.
        context.store.lockTimeout = 0.05
        let home = env["HOME"] ?? ""
        var label = demo ? "demo store + demo gateway" : context.store.location
        if !home.isEmpty, label.hasPrefix(home + "/") { label = "~" + label.dropFirst(home.count) }
        let session = ConsoleSession(source: StoreSource(store: context.store), clock: context.clock, agent: context.agent,
                                     storeLabel: label, width: 80, height: 24)
        // Charts as `frontdesk report` draws them: plain ASCII where the locale is not UTF-8.
        session.asciiCharts = ReportCommand.plainLocale
        if let note = context.supervisorNote { session.send(.notice(note)) }
        // Said on standard error too, but that is hidden behind the full screen.
        if let warning = (context.store as? Store)?.compactionWarning { session.send(.notice(warning)) }
        // At the console is at the desk: an Offline agent becomes Available (work is offered
        // to them); quitting their last console makes them Offline again, and hands routing on.
        if context.desk.agents[context.agent]?.presence == .offline,
           (try? context.perform(.setPresence(login: context.agent, .available))) != nil {
            session.send(.deskChanged)
            session.send(.notice("You are Available: work is offered to you (P changes your presence)."))
        }
        defer {
            context.store.withdraw()
            context.store.stopRouting()
            context.store.lockTimeout = 2
            // Presence follows the agent's last console: another still open keeps them at the desk.
            let stillAtTheDesk = context.store.viewers(at: context.clock.now()).contains { $0.login == context.agent }
            if !stillAtTheDesk { _ = try? context.perform(.setPresence(login: context.agent, .offline)) }
        }
        if let gateway {
            gateway.start()
            session.send(.notice(gateway.notice))
        }
        TerminalConsole.run(session, monochrome: monochrome)
    }
}

/// The store as the console's desk source.
final class StoreSource: DeskSource {
    let store: any DeskBackend
    init(store: any DeskBackend) { self.store = store }
    var desk: Desk { store.desk }
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        let result = try store.perform(command, by: actor, clock: clock)
        BackgroundCompaction.startIfNeeded(store)
        return result
    }
    func refresh() throws -> Bool { try store.refresh() }
    /// Routing reads the store first: what others changed is read here, so that it counts as
    /// a change (a transfer, a customer's message) even when routing then has nothing to do.
    func route(clock: any TimeSource) throws -> Bool {
        let changed = try store.refresh()
        return try store.route(at: clock.now()) > 0 || changed
    }
    func heartbeat(_ me: Viewer, clock: any TimeSource) -> [Viewer] {
        store.announce(me, at: clock.now())
        return store.viewers(at: clock.now())
    }
    /// The report's contacts from the store's facts (`DeskBackend.reportFacts`), in the
    /// system's time zone, as `frontdesk report` counts them.
    /// Prepared on the input thread, read in the background (`DeskBackend.reportFactsReader`).
    func reportReader(for period: ReportPeriod, at now: Instant) throws -> ReportReader {
        let zone = ZoneResolver.system.zone(TimeZone.current.identifier) ?? .utc
        let (from, to) = period.range(at: now, zone: zone)
        let read = try store.reportFactsReader(from: from, to: to, zone: zone, at: now)
        return { ReportData(period: period, from: from, to: to, zone: zone, facts: try read()) }
    }
    /// A damaged template file is left out here (the console has no room to stop for it);
    /// `frontdesk template list` names it.
    func templates() -> [ReplyTemplate] {
        Templates.merged(stored: (try? store.storedTemplates(skippingDamaged: true)) ?? [], builtIn: (try? BundledData.defaultTemplates()) ?? [])
    }
}
