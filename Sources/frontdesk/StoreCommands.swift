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
            let s = context.store.stats()
            if json { try Output.json(s); return }
            Output.line("Store              \(context.store.directory)")
            Output.line("Working set        \(s.workingSet) interactions (\(s.open) open, \(s.closedInWorkingSet) closed within \(s.historyWindowDays) days)")
            Output.line("History            \(s.history) interactions in \(s.segments) segment\(s.segments == 1 ? "" : "s")")
            Output.line("Snapshot           \(bytes(s.snapshotBytes))")
            Output.line("Journal            \(bytes(s.journalBytes)) (compacts past \(bytes(s.compactionThresholdBytes)))")
            Output.line("History files      \(bytes(s.historyBytes))")
            Output.line("Last compaction    \(s.lastCompaction ?? "never (history is empty)")")
            if let failure = s.lastCompactionFailure { Output.line("Compaction failed  \(failure)") }
            // Already said on standard error when the store was opened; here too, with the figures.
            if let warning = s.warning { Output.line("Warning            \(warning)") }
        }

        private func bytes(_ n: Int) -> String {
            n >= 1 << 20 ? String(format: "%.1f MiB", Double(n) / 1_048_576) : n >= 1024 ? "\(n / 1024) KiB" : "\(n) bytes"
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
            let report = try context.store.compact(at: context.now, inBatches: inBatches)
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
    static func startIfNeeded(_ store: Store) {
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
