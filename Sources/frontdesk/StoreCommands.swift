import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskResources
import FrontdeskStore

/// Maintenance: what the store holds, and compaction on demand.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "The store itself: creating one, its size and history, compaction, and copying it elsewhere.",
        subcommands: [Init.self, Stats.self, Compact.self, Copy.self])

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init",
            abstract: "Create a store: a folder, or the schema in a PostgreSQL database, holding the bundled configuration.",
            discussion: """
                On PostgreSQL the database must exist (createdb); init creates the tables and grants them to the role \
                frontdesk_agents (created if absent), so an agent's role is added with \
                `CREATE ROLE ana LOGIN IN ROLE frontdesk_agents`. Running it again changes nothing but the grants.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: ArgumentHelp("The folder or postgres:// URL (default: the store --store or $FRONTDESK_STORE names).", valueName: "dir-or-url"))
        var location: String?

        func run() throws {
            let location = self.location ?? global.storePath
            let existed = OpenBackend.exists(location)
            let store = try OpenBackend.open(location, seed: try BundledData.defaultSeed(), reading: false)
            for warning in store.warnings { Output.warn(warning) }
            let created = (store as? PostgresStore)?.created ?? !existed
            let shown = StoreError.escaped(store.location)
            if created {
                Output.line("created a Frontdesk store at \(shown), schema version \(store.schemaVersion), with the bundled configuration")
            } else {
                Output.line("\(shown) is already a Frontdesk store, schema version \(store.schemaVersion): nothing to create")
            }
            if let database = store as? PostgresStore { Self.grant(database) }
        }

        /// Grants the tables to `frontdesk_agents`; a role that may not is told what is missing
        /// (the desk itself is made either way).
        static func grant(_ database: PostgresStore) {
            let role = PostgresStore.agentsRole
            do {
                try database.grantTablesToAgents()
                Output.line("its tables are granted to the role \(role): add an agent with "
                            + "`CREATE ROLE login LOGIN IN ROLE \(role)` and `frontdesk agent add login`")
            } catch {
                Output.warn("could not grant the tables to the role \(role): \(error); "
                            + "a role that owns them and may create roles runs `frontdesk store init` again")
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "copy",
            abstract: "Copy a store into a new, empty one: a folder to PostgreSQL, PostgreSQL to a folder, or alike.",
            discussion: """
                Everything goes: the working set, history (streamed in batches), the directory, the configuration and \
                the templates. The source is only read; copy a store nobody is using. The target is created when it \
                does not exist, and refused when it holds any work: nothing is copied into it then.
                """)
        @Argument(help: ArgumentHelp("The store to copy: a folder or a postgres:// URL.", valueName: "from")) var from: String
        @Argument(help: ArgumentHelp("The empty store to copy into: a folder or a postgres:// URL.", valueName: "to")) var to: String
        @Option(help: "History records read and written at a time (memory holds about twice this many).")
        var batchSize = StoreCopy.batchSize

        func validate() throws {
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        }

        func run() throws {
            let source = try OpenBackend.open(from, seed: nil, reading: true)
            for warning in source.warnings { Output.warn(warning) }
            let seed = OpenBackend.exists(to) ? nil : try BundledData.defaultSeed()
            let target = try OpenBackend.open(to, seed: seed, reading: false)
            for warning in target.warnings { Output.warn(warning) }
            let progress = CopyProgressLine()
            defer { progress.clear() }
            let summary: StoreCopy.Summary
            do {
                summary = try StoreCopy.copy(from: source, to: target, by: GlobalOptions.login(at: target), at: SystemTime().now(),
                                             batchSize: batchSize, progress: progress.show)
            } catch let refusal as StoreCopy.TargetNotEmpty {
                throw CLIRefusal(message: refusal.description)
            }
            progress.clear()
            Output.line("copied \(StoreError.escaped(source.location)) to \(StoreError.escaped(target.location)): "
                        + "\(summary.workingSet) interactions in the working set, \(summary.history) in history, \(summary.tasks) tasks, "
                        + "\(summary.customers) customers, \(summary.agents) agents, \(summary.templates) templates "
                        + String(format: "in %.1f s", summary.seconds))
            if let database = target as? PostgresStore { Init.grant(database) }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Records in the working set and in history, file sizes, the last compaction.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON object.") var json = false

        func run() throws {
            let context = try Context.open(global, access: .read)
            let figures = context.store.statistics()
            if json { try Output.json(StoreFigures(figures: figures)); return }
            for figure in figures where !figure.label.isEmpty {
                Output.line(figure.label.padding(toLength: 19, withPad: " ", startingAt: 0) + figure.text)
            }
        }
    }

    /// `store stats --json`: one object, a key per figure.
    struct StoreFigures: Encodable {
        var figures: [StoreFigure]
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Key.self)
            for figure in figures {
                switch figure.value {
                case .int(let n): try c.encode(n, forKey: Key(stringValue: figure.key))
                case .string(let text): try c.encode(text, forKey: Key(stringValue: figure.key))
                case .none: break   // absent, as a figure not set
                }
            }
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compact", 
            abstract: "Move records closed before the history window into history and rewrite the snapshot, without stopping other writers.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON object.") var json = false
        @Flag(help: "Print nothing (the form the console and the command line start in the background).") var quiet = false
        @Flag(help: "Move records to history only in daily batches (what the automatic compactions do).") var inBatches = false

        func run() throws {
            // The automatic compactions write in paced chunks at idle I/O priority, so the
            // saves beside them never wait on their I/O (FRONTDESK_PACED_COMPACTION=0: whole,
            // as before, for measuring the difference).
            if inBatches, ProcessInfo.processInfo.environment["FRONTDESK_PACED_COMPACTION"] != "0" { PacedWrites.enable() }
            let opening = ProcessInfo.processInfo.systemUptime
            let context = try Context.open(global, access: .read, startsMigration: false, compacting: true)
            let openSeconds = ProcessInfo.processInfo.systemUptime - opening
            guard let store = context.store as? Store else {
                if !quiet { Output.line("\(context.store.location) keeps history as rows: there is nothing to compact") }
                return
            }
            let report = try store.compact(at: context.now, inBatches: inBatches)
            if quiet { return }
            struct Summary: Encodable {
                var skipped: Bool, moved: Int, working_set: Int, history: Int, carried_lines: Int, seconds: Double, lock_seconds: Double
                // Where else writers may have waited for this process: its opening read (under the
                // shared lock), the consistent point, and the reading after the swap.
                var open_seconds: Double, point_lock_seconds: Double, after_swap_lock_seconds: Double
            }
            let summary = Summary(skipped: report.skipped, moved: report.moved, working_set: report.workingSet, history: report.history,
                                  carried_lines: report.carriedLines, seconds: report.seconds, lock_seconds: report.lockSeconds,
                                  open_seconds: openSeconds, point_lock_seconds: report.pointLockSeconds,
                                  after_swap_lock_seconds: report.afterSwapLockSeconds)
            if json { try Output.json(summary); return }
            if report.skipped { Output.line("another Frontdesk is compacting this store; nothing done"); return }
            Output.line("moved \(report.moved) closed interactions to history; working set \(report.workingSet), history \(report.history)")
            Output.line(String(format: "took %.2f s; writers waited %.1f ms for the swap", report.seconds, report.lockSeconds * 1000))
        }
    }
}

/// Starts `frontdesk store compact --quiet` in its own session, so the command or console
/// that crossed the threshold answers at once and the compaction outlives it. Throttled
/// across processes by the store (`claimBackgroundCompaction`): while one runs, or within a
/// minute of the last start, nobody starts another.
enum BackgroundCompaction {
    static func startIfNeeded(_ store: any DeskBackend, opening: Bool = false) {
        // Only the file store compacts: history on PostgreSQL is simply rows.
        guard let store = store as? Store else { return }
        store.startBackgroundCompactionIfNeeded(at: SystemTime().now(), opening: opening) { spawn(store: store.directory) }
    }

    /// The process itself, detached: stdin, stdout and stderr on /dev/null.
    private static func spawn(store directory: String) {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in Int32(0)...2 { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, 0x80)   // POSIX_SPAWN_SETSID (glibc), not exported to Swift
        let arguments: [String] = ["frontdesk", "store", "compact", "--quiet", "--in-batches", "--store", directory]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        _ = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, environ)
    }
}

/// `store copy`'s line on standard error while history streams (a terminal only): records
/// copied of all, and the rate.
final class CopyProgressLine {
    private let enabled = isatty(2) == 1
    private var shown = false

    func show(_ p: StoreCopy.Progress) {
        guard enabled else { return }
        // Our own words and numbers: written as is, with the erase-line code.
        FileHandle.standardError.write(Data("\rcopying history: \(p.copied) of \(p.total) records (\(Int(p.rate)) a second)\u{1B}[K".utf8))
        shown = true
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
