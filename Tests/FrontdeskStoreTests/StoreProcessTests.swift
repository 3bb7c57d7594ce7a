import Foundation
import FrontdeskTestSupport
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// Real processes against one store: killed writers and concurrent writers.
@Suite(.serialized) struct StoreProcessTests {
    let stress = builtProduct("frontdesk-stress")

    func launch(_ arguments: [String], output: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: stress)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// (number, version) pairs the child printed after the store acknowledged them.
    func acknowledged(_ output: String) -> [(String, Int)] {
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            guard parts.count == 3, parts[0] == "ack", let version = Int(parts[2]) else { return nil }
            return (String(parts[1]), version)
        }
    }

    func waitFor(_ text: String, in output: String, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try? String(contentsOfFile: output, encoding: .utf8), s.contains(text) { return true }
            usleep(500)
        }
        return false
    }

    /// Readers that do not wait for the lock (`list`, `show`, `export`) while a writer saves
    /// and compacts every few changes: every reading is whole and consistent (no damage
    /// reported, nothing acknowledged missing, never fewer records than a reading before).
    @Test func readersThatDoNotWaitSeeAConsistentStoreThroughCompactions() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try Store(directory: path, seed: seed())
        let output = (path as NSString).deletingLastPathComponent + "/writer.out"
        let writer = try launch(["append", path, "3000", "6000"], output: output)
        var readings = 0, largest = 0
        let deadline = Date().addingTimeInterval(20)
        while writer.isRunning, Date() < deadline {
            let acknowledgedBefore = acknowledged(output)
            // Never taking the lock, so every reading is the one a reader makes while a writer holds it.
            let store = try Store(directory: path, reads: .withoutLock)
            #expect(store.warnings.isEmpty, "\(store.warnings)")
            let count = store.desk.interactions.count + (store.desk.history?.recordCount ?? 0)
            #expect(count >= largest, "a later reading lost records: \(count) after \(largest)")
            largest = max(largest, count)
            for (number, version) in acknowledgedBefore.suffix(5) {
                let record = try store.desk.record(anywhere: number)
                #expect((record?.version ?? 0) >= version, "\(number) v\(version) acknowledged before the reading, read v\(record?.version ?? 0)")
            }
            readings += 1
        }
        writer.terminate()
        writer.waitUntilExit()
        #expect(readings >= 20, "only \(readings) readings")
        print("lockless readers: \(readings) readings while a writer saved and compacted; \(largest) records at the end")
    }

    @Test func killedWritersLoseNothingAcknowledged() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try Store(directory: path, seed: seed())
        let output = (path as NSString).deletingLastPathComponent + "/child.out"
        let steps = Store.CompactionStep.allCases.filter { $0 != .done }
        // A console reading history all along.
        let readerOutput = (path as NSString).deletingLastPathComponent + "/reader.out"
        let reader = try launch(["read", path, "25", "0"], output: readerOutput)
        var kills = 0, killsInCompaction = 0, everAcknowledged = 0, tornInterleavings = 0
        var rng = SystemRandomNumberGenerator()

        for round in 0..<72 {
            // A small threshold makes the writer compact every few changes.
            let child = try launch(["append", path, "0", "6000", "--probe"], output: output)
            if round % 3 == 0 {
                // Kill inside a compaction, at each of its steps in turn.
                let step = steps[(round / 3) % steps.count]
                if waitFor("step \(step.rawValue)", in: output, timeout: 10) { killsInCompaction += 1 }
            } else {
                usleep(UInt32.random(in: 5_000...60_000, using: &rng))
            }
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            kills += 1

            var acks = acknowledged(output)
            if round % 4 == 3 {
                // The torn-tail interleaving: a crash's torn line; a writer opens and sees it;
                // another cuts it and appends changes it acknowledges; then the first writes.
                // (First one change, so the journal is the current one: a crash cut short inside a
                // compaction leaves an older journal, which no writer appends to.)
                let first = try launch(["append", path, "1", "1000000"], output: output + ".first")
                first.waitUntilExit()
                acks += acknowledged(output + ".first")
                let journal = path + "/journal.jsonl"
                write((bytes(journal) ?? []) + Array("{\"at\":\"2026-11-27T03:30:00Z\",\"by\":\"ana\",\"chan".utf8), to: journal)
                let gate = path + ".gate", lateOutput = output + ".late"
                unlink(gate)
                let target = try #require(try Store(directory: path).desk.interactions.last { $0.state.isOpen }?.number)
                let late = try launch(["late-note", path, target, gate], output: lateOutput)
                #expect(waitFor("opened", in: lateOutput, timeout: 10))
                let quick = try launch(["append", path, "6", "1000000"], output: output + ".quick")
                quick.waitUntilExit()
                _ = FileManager.default.createFile(atPath: gate, contents: nil)
                late.waitUntilExit()
                #expect(late.terminationStatus == 0 && quick.terminationStatus == 0)
                acks += acknowledged(output + ".quick") + acknowledged(lateOutput)
                tornInterleavings += 1
            }
            everAcknowledged += acks.count
            let store = try Store(directory: path)
            for (number, version) in acks {
                let record = try #require(try store.desk.record(anywhere: number), "round \(round): \(number) lost")
                #expect(record.version >= version, "round \(round): \(number) v\(version) acknowledged, found v\(record.version)")
            }
            #expect(Set(store.desk.interactions.map(\.number)).count == store.desk.interactions.count)
        }
        reader.waitUntilExit()
        #expect(reader.terminationStatus == 0, "the history reader failed")
        let historyReads = Int(((try? String(contentsOfFile: readerOutput, encoding: .utf8)) ?? "").split(separator: " ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        #expect(historyReads > 0)
        let final = try Store(directory: path)
        #expect((final.desk.history?.recordCount ?? 0) >= 10, "compactions moved closed records to history")
        #expect(kills >= 60)
        #expect(killsInCompaction >= 20)
        #expect(everAcknowledged > 100)
        #expect(tornInterleavings >= 15)
        print("crash test: \(kills) kills (\(killsInCompaction) inside a compaction, at each of its \(steps.count) steps), "
              + "\(tornInterleavings) torn-tail interleavings, \(everAcknowledged) acknowledged changes checked, "
              + "\(historyReads) history records read back meanwhile, \(final.desk.history?.recordCount ?? 0) in history at the end")
    }

    @Test func fourWritersAtOnceLoseNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try Store(directory: path, seed: seed())
        let dir = (path as NSString).deletingLastPathComponent
        let children = try (0..<4).map { i in
            try launch(["add", path, "100", "writer\(i)"], output: dir + "/w\(i).out")
        }
        for child in children {
            child.waitUntilExit()
            #expect(child.terminationStatus == 0)
        }
        let acks = (0..<4).flatMap { acknowledged(dir + "/w\($0).out") }
        #expect(acks.count == 400)
        let store = try Store(directory: path)
        let numbers = store.desk.interactions.map(\.number)
        #expect(numbers.count == 400)
        #expect(Set(numbers).count == 400)
        #expect(Set(acks.map(\.0)) == Set(numbers))
        #expect(numbers.last == "IMS0000400")
    }
}
