import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

@Suite struct StoreRoundTripTests {
    @Test func everyShapeSurvivesJournalAndSnapshot() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        let expected = store.desk.everything
        #expect(expected.interactions.count == 4)
        #expect(expected.tasks.count == 2)
        #expect(expected.profiles.count == 1)

        // Through the journal.
        let reopened = try Store(directory: path)
        #expect(reopened.desk.everything == expected)
        #expect(reopened.warnings.isEmpty)

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

    @Test func refusalWritesNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat", at: t0)
        let before = bytes(path + "/journal.jsonl")
        #expect(throws: DomainError.self) {
            try store.perform(.transition(number: "IMS0000001", .complete), by: "ana", at: t0)
        }
        #expect(throws: DomainError.self) {
            try store.perform(.addNote(number: "IMS0000001", text: "x", expectedVersion: 7), by: "ana", at: t0)
        }
        #expect(bytes(path + "/journal.jsonl") == before)
    }

    @Test func otherProcessesChangesAppearOnRefresh() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let console = try Store(directory: path, seed: seed())
        let gateway = try Store(directory: path)
        #expect(try console.refresh() == false)
        try gateway.perform(.intakeMessage(channel: .sms, identifier: "+15550001111", text: "hi", queue: nil), by: "sms", at: t0)
        #expect(try console.refresh() == true)
        #expect(console.desk.interactions.map(\.number) == ["IMS0000001"])
        #expect(try console.refresh() == false)
        // After the other side compacts, the console reloads and still agrees.
        try gateway.compact(at: t0)
        try gateway.perform(.transition(number: "IMS0000001", .accept), by: "bo", at: t0.adding(5))
        #expect(try console.refresh() == true)
        #expect(console.desk.everything == gateway.desk.everything)
        // The console writing after the gateway does not lose the gateway's change.
        try console.perform(.addNote(number: "IMS0000001", text: "from console", expectedVersion: 2), by: "ana", at: t0.adding(9))
        #expect(try gateway.refresh())
        #expect(gateway.desk.interaction("IMS0000001")?.workNotes.count == 1)
        #expect(gateway.desk.interaction("IMS0000001")?.state == .workInProgress)
    }

    @Test func staleWriterGetsAConflictNotAnOverwrite() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let a = try Store(directory: path, seed: seed())
        let b = try Store(directory: path)
        try a.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "chat", at: t0)
        try b.refresh()
        let seen = try #require(b.desk.interaction("IMS0000001")).version
        try a.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0)
        #expect(throws: DomainError.conflict(number: "IMS0000001", expectedVersion: seen, currentVersion: seen + 1,
                                             lastChange: "accepted by ana at 09:00")) {
            try b.perform(.transition(number: "IMS0000001", .accept, expectedVersion: seen), by: "bo", at: t0)
        }
        #expect(b.desk.interaction("IMS0000001")?.assignedTo == "ana")
    }

    @Test func lockTimeoutNamesTheFile() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        store.lockTimeout = 0.2
        let holder = try FileLock(path: path + "/lock")
        try holder.acquire(exclusive: true, timeout: 1)
        #expect(throws: StoreError.lockTimeout(file: path + "/lock", seconds: 0.2)) {
            try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
        }
        holder.release()
        try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), by: "x", at: t0)
    }

    @Test func missingStoreWithoutSeedIsNotCreated() {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        #expect(throws: StoreError.notAStore(path: path, reason: "it does not exist")) { try Store(directory: path) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
