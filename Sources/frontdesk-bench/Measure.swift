import Foundation

/// Wall-clock timing and process memory, for the benchmark only.
enum Measure {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Seconds `body` took.
    static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    /// A field of /proc/PID/status or smaps_rollup, in bytes ("VmHWM", "Pss").
    static func procField(_ file: String, _ field: String) -> Int {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kb * 1024
        }
        return 0
    }

    /// Peak resident set of this process (VmHWM: of this program only, not of whoever started it).
    static var peakMemory: Int { procField("/proc/self/status", "VmHWM") }
    /// Proportional set size: shared pages (the mapped store files) divided among the processes sharing them.
    static var pss: Int { procField("/proc/self/smaps_rollup", "Pss") }

    /// The median of `runs` timings of `body`.
    static func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<runs { times.append(try time(body)) }
        return percentile(times, 50)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(sorted.count - 1, max(0, rank))]
    }

    /// Runs a command, returning its standard output and wall time; nil when it cannot run or
    /// fails. posix_spawn and waitpid: Foundation's Process notices an exit only every 50 ms or
    /// so, which would swamp the times measured here.
    static func run(_ arguments: [String], input: String? = nil) -> (out: String, seconds: Double)? {
        let output = NSTemporaryDirectory() + "frontdesk-bench-\(UUID().uuidString)"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = now()
        guard posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let seconds = now() - start
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else { return nil }
        return ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "", seconds)
    }

    /// A program left running beside the benchmark, its standard input and output on pipes
    /// (closing the input tells the probes to finish).
    struct Child {
        let process: Process
        let input: Pipe
        let output: Pipe
    }

    static func start(_ executable: String, _ arguments: [String]) throws -> Child {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        p.standardError = FileHandle.nullDevice
        try p.run()
        return Child(process: p, input: input, output: output)
    }

    /// A command as a whole process, timed from outside, with its own peak resident set
    /// (GNU time's %M, which a small parent keeps honest). nil when it failed.
    static func process(_ arguments: [String]) -> (seconds: Double, peak: Int)? {
        let timed = FileManager.default.isExecutableFile(atPath: "/usr/bin/time")
        let output = NSTemporaryDirectory() + "frontdesk-bench-time-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let command = timed ? ["/usr/bin/time", "-f", "%M", "-o", output] + arguments : arguments
        guard let result = run(command) else { return nil }
        let kb = Int(((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").last ?? "") ?? 0
        return (result.seconds, kb * 1024)
    }

    static func ms(_ seconds: Double) -> String { seconds.isNaN ? "n/a" : String(format: "%.2f ms", seconds * 1000) }
    static func s(_ seconds: Double) -> String { seconds.isNaN ? "n/a" : seconds >= 1 ? String(format: "%.2f s", seconds) : ms(seconds) }
    static func mb(_ bytes: Int) -> String { bytes == 0 ? "n/a" : String(format: "%.0f MB", Double(bytes) / 1_048_576) }
}
