import Foundation
import Testing
import FrontdeskCore
import FrontdeskTestSupport
@testable import FrontdeskStore

/// What a store keeps and how writers meet, on both backends (`TestBackend`).
@Suite struct StoreRoundTripTests {
    @Test(arguments: TestBackend.allCases)
    func everyShapeSurvivesReopening(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        try fillWithEveryShape(store)
        let expected = store.desk.everything
        #expect(expected.interactions.count == 4)
        #expect(expected.tasks.count == 2)
        #expect(expected.profiles.count == 1)

        // Through the journal, or the tables. (On PostgreSQL a record closed before the
        // window as of the wall clock is in history from the start: found anywhere the same.)
        let reopened = try place.open()
        var directory = reopened.desk.everything, expectedDirectory = expected
        directory.interactions = []
        expectedDirectory.interactions = []
        #expect(directory == expectedDirectory)
        for record in expected.interactions { #expect(try reopened.desk.record(anywhere: record.number) == record) }
        #expect(reopened.warnings.isEmpty)
        // And the same desk keeps working: numbers continue.
        let next = try reopened.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0.adding(999))
        #expect(next.subject == "IMS0000005")
        #expect(try place.open().desk.everything == reopened.desk.everything)
    }

    @Test func everyShapeSurvivesJournalAndSnapshot() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        let expected = store.desk.everything
        let reopened = try Store(directory: path)

        // Through the snapshot.
        try reopened.compact(at: t0)
        let journal = try #require(bytes(path + "/journal.jsonl"))
        #expect(journal.filter { $0 == UInt8(ascii: "\n") }.count == 1, "the journal restarts with only its header")
        let fromSnapshot = try Store(directory: path)
        #expect(fromSnapshot.desk.everything == expected)

        // And the same desk keeps working: numbers continue.
        let next = try fromSnapshot.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0.adding(999))
        #expect(next.subject == "IMS0000005")
    }

    @Test func snapshotIsPlainJSONForOtherTools() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        try store.compact(at: t0)
        let data = try #require(FileManager.default.contents(atPath: path + "/snapshot.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schema"] as? Int == 1)
        let interactions = try #require(object["interactions"] as? [[String: Any]])
        #expect(interactions.first?["number"] as? String == "IMS0000001")
        #expect(interactions.first?["state"] as? String == "closed_complete")
    }

    @Test func createdPrivate() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        #expect(store.warnings.isEmpty)
        #expect(Posix.mode(path)! & 0o777 == 0o700)
        #expect(Posix.mode(path + "/snapshot.json")! & 0o777 == 0o600)
        #expect(Posix.mode(path + "/journal.jsonl")! & 0o777 == 0o600)
        chmod(path, 0o755)
        let loose = try Store(directory: path)
        #expect(loose.warnings.contains { $0.contains("can be read by other users") && $0.contains(path) })
    }

    @Test(arguments: TestBackend.allCases)
    func refusalWritesNothing(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat", at: t0)
        let before = try place.contents()
        #expect(throws: DomainError.self) {
            try store.perform(.transition(number: "IMS0000001", .complete), by: "ana", at: t0)
        }
        #expect(throws: DomainError.self) {
            try store.perform(.addNote(number: "IMS0000001", text: "x", expectedVersion: 7), by: "ana", at: t0)
        }
        #expect(try place.contents() == before)
        #expect(try place.open().desk.everything == store.desk.everything, "nor changed the desk in memory")
    }

    /// Two processes' views of one store: each sees the other's changes on refresh, and a
    /// write by one never loses the other's.
    @Test(arguments: TestBackend.allCases)
    func otherProcessesChangesAppearOnRefresh(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let console = try place.open(seed: seed())
        let gateway = try place.open()
        #expect(try console.refresh() == false)
        try gateway.perform(.intakeMessage(channel: .sms, identifier: "+15550001111", text: "hi", queue: nil), by: "sms", at: t0)
        #expect(try console.refresh() == true)
        #expect(console.desk.interactions.map(\.number) == ["IMS0000001"])
        #expect(try console.refresh() == false)
        // After the other side compacts (the file store), the console reloads and still agrees.
        if let files = gateway as? Store { try files.compact(at: t0) }
        try gateway.perform(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(5))
        #expect(try console.refresh() == true)
        #expect(console.desk.everything == gateway.desk.everything)
        // The console writing after the gateway does not lose the gateway's change.
        try console.perform(.addNote(number: "IMS0000001", text: "from console", expectedVersion: 2), by: "ana", at: t0.adding(9))
        #expect(try gateway.refresh())
        #expect(gateway.desk.interaction("IMS0000001")?.workNotes.count == 1)
        #expect(gateway.desk.interaction("IMS0000001")?.state == .workInProgress)
        #expect(console.desk.everything == gateway.desk.everything)
    }

    @Test(arguments: TestBackend.allCases)
    func staleWriterGetsAConflictNotAnOverwrite(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let a = try place.open(seed: seed())
        let b = try place.open()
        try a.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat", at: t0)
        try b.refresh()
        let seen = try #require(b.desk.interaction("IMS0000001")).version
        try a.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0)
        let before = try place.contents()
        #expect(throws: DomainError.conflict(number: "IMS0000001", expectedVersion: seen, currentVersion: seen + 1,
                                             lastChange: "accepted by ana at 09:00")) {
            try b.perform(.transition(number: "IMS0000001", .accept, expectedVersion: seen), by: "bo", at: t0)
        }
        #expect(b.desk.interaction("IMS0000001")?.assignedTo == "ana")
        #expect(try place.contents() == before, "the refused change wrote nothing")
    }

    /// Two writers at once, each with its own view of the store: every number is given once,
    /// none is skipped, and every acknowledged record is there.
    @Test(arguments: TestBackend.allCases)
    func twoWritersAtOnceKeepNumbersUniqueAndGapless(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        _ = try place.open(seed: seed())
        let acknowledged = Acknowledged()
        DispatchQueue.concurrentPerform(iterations: 2) { writer in
            do {
                let store = try place.open()
                for i in 0..<40 {
                    let made = try store.perform(.intake(type: .chat, openedFor: nil, queue: nil, text: "writer \(writer) #\(i)"),
                                                 by: "chat", at: t0.adding(Int64(i)))
                    acknowledged.add(made.subject ?? "")
                }
            } catch {
                acknowledged.fail("writer \(writer): \(error)")
            }
        }
        #expect(acknowledged.failures.isEmpty, "\(acknowledged.failures)")
        let numbers = try place.open().desk.interactions.map(\.number)
        #expect(numbers.count == 80)
        #expect(Set(numbers).count == 80)
        #expect(numbers.sorted() == (1...80).map { Counters.format(.interaction, $0) }, "gapless")
        #expect(Set(acknowledged.numbers) == Set(numbers))
    }

    /// A writer that cannot get its turn within `lockTimeout` gives up naming the store (the
    /// lock file, or the database), having written nothing; once the turn is free it writes.
    @Test(arguments: TestBackend.allCases)
    func lockTimeoutNamesTheStore(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        store.lockTimeout = 0.2
        let release: () -> Void
        let named: String
        if let database = place.database {
            // PostgresSchema.writersLock, held by another session.
            let holder = try #require(PostgresLockHolder(0x4644_534B_0001, in: database))
            release = holder.release
            named = place.location
        } else {
            let holder = try FileLock(path: place.location + "/lock")
            try holder.acquire(exclusive: true, timeout: 1)
            release = holder.release
            named = place.location + "/lock"
        }
        let before = try place.contents()
        #expect(throws: StoreError.lockTimeout(file: named, seconds: 0.2)) {
            try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        }
        #expect(try place.contents() == before)
        release()
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        #expect(try place.open().desk.interactions.map(\.number) == ["IMS0000001"])
    }

    @Test(arguments: TestBackend.allCases)
    func missingStoreWithoutSeedIsNotCreated(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        #expect { try place.open() } throws: {
            guard case let StoreError.notAStore(path, _) = $0 else { return false }
            return path == place.location
        }
        if backend == .file {
            #expect(throws: StoreError.notAStore(path: place.location, reason: "it does not exist")) { try Store(directory: place.location) }
            #expect(!FileManager.default.fileExists(atPath: place.location))
        } else {
            #expect(try place.contents() == "no schema", "the database was left as it was")
        }
    }
}

/// What concurrent writers acknowledged, gathered across threads.
final class Acknowledged: @unchecked Sendable {
    private let lock = NSLock()
    private var _numbers: [String] = [], _failures: [String] = []
    var numbers: [String] { locked { _numbers } }
    var failures: [String] { locked { _failures } }
    func add(_ number: String) { locked { _numbers.append(number) } }
    func fail(_ why: String) { locked { _failures.append(why) } }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
