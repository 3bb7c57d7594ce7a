import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres

/// Writers at once on one PostgreSQL desk, each its own process (as agents on several hosts
/// are): changes acknowledged per second, stale saves refused, and a check afterwards that
/// every acknowledged change is there exactly once and no refused one is.
enum WriterFigures {
    static func measure(_ row: inout Row, url: String, writers: Int, changes: Int) throws {
        let hot = try hotRecord(url: url, title: "bench writers' shared record")
        let children = try (0..<writers).map { id in
            try Measure.start(CommandLine.arguments[0], ["--pg-writer", url, "--probe-record", hot,
                                                         "--probe-changes", String(changes), "--probe-id", String(id)])
        }
        for c in children { try Probes.awaitReady(c) }
        let start = Measure.now()
        for c in children { c.input.fileHandleForWriting.write(Data("go\n".utf8)) }
        let outputs = try children.map { try Probes.finish($0, "--pg-writer") }
        row.writerSeconds = Measure.now() - start
        row.writers = writers

        // Each writer says what was acknowledged: "C number i" (a record created) or "N text"
        // (a note added), and "R text" for a note refused as a conflict.
        var created: [(number: String, title: String)] = [], notes: [String] = [], refused: [String] = []
        for (id, out) in outputs.enumerated() {
            for line in out.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
                guard parts.count == 3 else { continue }
                switch parts[0] {
                case "C": created.append((parts[1], "writer \(id) change \(parts[2])"))
                case "N": notes.append(parts.dropFirst().joined(separator: " "))
                case "R": refused.append(parts.dropFirst().joined(separator: " "))
                default: break
                }
            }
        }
        row.writerChanges = created.count + notes.count
        row.writerConflicts = refused.count
        let desk = try PostgresStore(url: url).desk
        row.writerDuplicates = created.count - Set(created.map(\.number)).count
        var lost = created.filter { desk.interaction($0.number)?.shortDescription != $0.title }.count
        let saved = Dictionary((desk.interaction(hot)?.workNotes ?? []).map { ($0.text, 1) }, uniquingKeysWith: +)
        lost += notes.filter { saved[$0] == nil }.count
        row.writerDuplicates += notes.filter { (saved[$0] ?? 0) > 1 }.count
        row.writerSavedRefused = refused.filter { saved[$0] != nil }.count
        row.writerLost = lost
    }

    /// A record of the bench's own, open and taken by the bench's agent, that probes write to.
    static func hotRecord(url: String, title: String) throws -> String {
        let store = try PostgresStore(url: url)
        let result = try store.perform(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: title, accept: true),
                                       by: StoreGenerator.actor, at: Instant(seconds: Int64(time(nil))))
        guard let number = result.subject else { throw BenchError("creating \(title) on \(url) gave no number") }
        return number
    }

    /// One writer (a child process): opens the desk, says "ready", waits for "go", then makes
    /// `changes` changes one after another, each acknowledged before the next: a new record
    /// (a number drawn under concurrency), a note, or a note saved against the version of the
    /// record this process last saw (refused as a conflict when another writer came between;
    /// not retried: a refused save must leave nothing behind).
    static func probe(url: String, hot: String, changes: Int, id: Int) throws {
        let store = try PostgresStore(url: url)
        Probes.say("ready")
        _ = readLine()
        for i in 0..<changes {
            let now = Instant(seconds: Int64(time(nil)))
            switch i % 4 {
            case 0, 2:
                let result = try store.perform(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "writer \(id) change \(i)",
                                                       accept: false), by: StoreGenerator.actor, at: now)
                Probes.say("C \(result.subject ?? "-") \(i)")
            case 1:
                try store.perform(.addNote(number: hot, text: "writer \(id) note \(i)"), by: StoreGenerator.actor, at: now)
                Probes.say("N writer \(id) note \(i)")
            default:
                let text = "writer \(id) stale note \(i)"
                do {
                    try store.perform(.addNote(number: hot, text: text, expectedVersion: store.desk.interaction(hot)?.version),
                                      by: StoreGenerator.actor, at: now)
                    Probes.say("N \(text)")
                } catch DomainError.conflict {
                    Probes.say("R \(text)")
                }
            }
        }
    }
}

/// The time from a commit to the change in each of twenty live consoles: each a process
/// holding the desk and waiting in `waitForChange` (LISTEN) then `refresh`, as the console's
/// loop does; a writer stamps each note with the moment it started saving it.
enum LiveFigures {
    static func measure(_ row: inout Row, url: String, consoles: Int, changes: Int) throws {
        let record = try WriterFigures.hotRecord(url: url, title: "bench live record")
        let children = try (0..<consoles).map { _ in try Measure.start(CommandLine.arguments[0], ["--pg-live", url, "--probe-record", record]) }
        for c in children { try Probes.awaitReady(c) }
        let writer = try PostgresStore(url: url)
        var commits: [Double] = []
        for i in 0..<changes {
            let stamp = Measure.now()
            try writer.perform(.addNote(number: record, text: String(format: "live %d %.6f", i, stamp)),
                               by: StoreGenerator.actor, at: Instant(seconds: Int64(time(nil))))
            commits.append(Measure.now() - stamp)
            usleep(100_000)   // the pace of the changes, not a wait for anything
        }
        try writer.perform(.addNote(number: record, text: "live end"), by: StoreGenerator.actor, at: Instant(seconds: Int64(time(nil))))
        var delays: [Double] = []
        for c in children {
            for line in try Probes.finish(c, "--pg-live").split(separator: "\n") {
                if let seconds = line.split(separator: " ").last.flatMap({ Double($0) }) { delays.append(seconds) }
            }
        }
        row.liveConsoles = consoles
        row.liveChanges = changes
        row.liveP50 = Measure.percentile(delays, 50)
        row.liveP99 = Measure.percentile(delays, 99)
        row.liveWorst = delays.max() ?? .nan
        row.liveMissed = consoles * changes - delays.count
        row.liveCommit = Measure.percentile(commits, 50)
    }

    /// One live console (a child process): prints "i seconds" for each stamped note as it
    /// arrives, until the note "live end".
    static func probe(url: String, record: String) throws {
        let store = try PostgresStore(url: url)
        store.waitForChange(milliseconds: 1)   // LISTEN before saying ready: no commit slips past
        var seen = Set((store.desk.interaction(record)?.workNotes ?? []).map(\.text))
        Probes.say("ready")
        while true {
            store.waitForChange(milliseconds: 500)
            try store.refresh()
            let now = Measure.now()
            for note in store.desk.interaction(record)?.workNotes ?? [] where !seen.contains(note.text) {
                seen.insert(note.text)
                if note.text == "live end" { return }
                let parts = note.text.split(separator: " ")
                if parts.count == 3, parts[0] == "live", let stamp = Double(parts[2]) {
                    Probes.say(String(format: "%@ %.6f", String(parts[1]), now - stamp))
                }
            }
        }
    }
}

extension Probes {
    /// A line to the parent at once (standard output to a pipe is otherwise buffered).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Waits for a child's "ready" line; a child that exits first failed to open the desk.
    static func awaitReady(_ child: Measure.Child) throws {
        let line = String(decoding: child.output.fileHandleForReading.availableData, as: UTF8.self)
        guard line.hasPrefix("ready") else {
            throw BenchError("a probe (\(child.process.arguments?.first ?? "?")) did not start: \(line.isEmpty ? "it exited" : line)")
        }
    }

    /// Reads a child's output to its end and waits for it; its failure stops the bench.
    static func finish(_ child: Measure.Child, _ what: String) throws -> String {
        let out = String(decoding: child.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.process.waitUntilExit()
        guard child.process.terminationStatus == 0 else {
            throw BenchError("a \(what) probe failed (exit \(child.process.terminationStatus))")
        }
        return out
    }
}
