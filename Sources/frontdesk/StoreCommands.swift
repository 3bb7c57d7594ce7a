import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore

/// Maintenance: what the store holds, and compaction on demand.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "The store itself: its size and history, and compaction.",
        subcommands: [Stats.self, Compact.self])

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
            let context = try Context.open(global, access: .read)
            guard let store = context.store as? Store else {
                if !quiet { Output.line("\(context.store.location) keeps history as rows: there is nothing to compact") }
                return
            }
            let report = try store.compact(at: context.now, inBatches: inBatches)
            if quiet { return }
            struct Summary: Encodable {
                var skipped: Bool, moved: Int, working_set: Int, history: Int, carried_lines: Int, seconds: Double, lock_seconds: Double
            }
            let summary = Summary(skipped: report.skipped, moved: report.moved, working_set: report.workingSet, history: report.history,
                                  carried_lines: report.carriedLines, seconds: report.seconds, lock_seconds: report.lockSeconds)
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
    static func startIfNeeded(_ store: any DeskBackend) {
        // Only the file store compacts: history on PostgreSQL is simply rows.
        guard let store = store as? Store else { return }
        store.startBackgroundCompactionIfNeeded(at: SystemTime().now()) { spawn(store: store.directory) }
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
