import Foundation

/// The walk-up load test (issue 26): `frontdesk serve` taking 200 check-ins in a minute with 20
/// waiting-room displays open, on the file store and on PostgreSQL. The load itself is the web
/// pages' script (scripts/walkup-load.py, one definition of it); this runs it on each backend
/// and puts the figures side by side.
enum WalkUpLoadFigures {
    /// What the script prints as its last line (JSON), the fields shown here.
    struct Figures: Decodable {
        var check_ins: Int
        var seconds: Double
        var statuses: [String: Int]
        var display_updates_missing: Int
        var lag_median_ms: Double?
        var lag_p99_ms: Double?
        var lag_max_ms: Double?
        var late_over_1s: Int
        var rss_idle_mib: Double
        var rss_max_mib: Double?
        var cpu_seconds: Double
        var cpu_percent_of_one_core: Double
    }

    /// The script beside the package the bench was built in (.build/<config>/frontdesk-bench),
    /// else in the working directory.
    static func script() throws -> String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [binary.deletingLastPathComponent().appendingPathComponent("../../../scripts/walkup-load.py").standardized.path,
                          FileManager.default.currentDirectoryPath + "/scripts/walkup-load.py"]
        guard let found = candidates.first(where: FileManager.default.fileExists(atPath:)) else {
            throw BenchError("scripts/walkup-load.py not found (run the bench from the package's folder)")
        }
        return found
    }

    /// Runs the script once; its figures, or why there are none.
    static func run(frontdesk: String, store: String?, quick: Bool) throws -> Figures {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", try script(), "--frontdesk", frontdesk] + (store.map { ["--store", $0] } ?? [])
            + (quick ? ["--check-ins", "40", "--seconds", "10", "--displays", "5"] : [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // The script exits 1 when a display was late or a check-in unanswered: the figures say so.
        let text = String(decoding: data, as: UTF8.self)
        guard let last = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let figures = try? JSONDecoder().decode(Figures.self, from: Data(last.utf8)) else {
            throw BenchError("walkup-load.py gave no figures (exit \(process.terminationStatus)): \(text.suffix(400))")
        }
        return figures
    }

    static func print(tools: Tools, server: PostgresServer?, quick: Bool) throws {
        guard tools.hasFrontdesk else { throw BenchError(tools.notes) }
        var rows: [(String, Figures)] = [("files", try run(frontdesk: tools.frontdesk, store: nil, quick: quick))]
        if let server {
            let name = server.databaseName(0) + "_walkup"
            try server.create(name)
            defer { server.drop(name) }
            rows.append(("PostgreSQL", try run(frontdesk: tools.frontdesk, store: server.url(database: name), quick: quick)))
        }
        func ms(_ v: Double?) -> String { v.map { String(format: "%.0f", $0) } ?? "n/a" }
        Swift.print("walk-up load: `frontdesk serve` (\(tools.frontdesk)), \(rows.first?.1.check_ins ?? 0) check-ins with displays open (scripts/walkup-load.py)")
        Swift.print("store       answered  in     display lag p50 / p99 / max   over 1 s   serve RSS idle / most   CPU")
        for (name, f) in rows {
            let answered = f.statuses["303"] ?? 0
            Swift.print(WalkUpETAFigures.pad(name, 12)
                        + String(format: "%3d of %-3d %5.1f s ", answered, f.check_ins, f.seconds)
                        + WalkUpETAFigures.pad("\(ms(f.lag_median_ms)) / \(ms(f.lag_p99_ms)) / \(ms(f.lag_max_ms)) ms", 30)
                        + WalkUpETAFigures.pad("\(f.late_over_1s)\(f.display_updates_missing > 0 ? " (\(f.display_updates_missing) missing)" : "")", 11)
                        + WalkUpETAFigures.pad(String(format: "%.1f / %.1f MiB", f.rss_idle_mib, f.rss_max_mib ?? .nan), 24)
                        + String(format: "%.1f s (%.0f %% of a core)", f.cpu_seconds, f.cpu_percent_of_one_core))
        }
    }
}
