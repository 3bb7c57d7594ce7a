import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// Timers of records imported from ServiceNow (issue 23, points 9 and 10), with the fixture
/// Fixtures/servicenow/timers-interaction.json (make.py): open records as ServiceNow exports
/// them, `wait_time` and `duration` "" until it measured them.
@Suite struct ServiceNowTimerTests {
    static let fixtures = ServiceNowImportTests.fixtures
    static let numbers = ["IMS0020001", "IMS0020002", "IMS0020003", "IMS0020004", "IMS0020005"]
    /// Two months after the records were opened: a running clock would show it.
    let now = Instant(CivilTime(year: 2026, month: 12, day: 1, hour: 9))

    func imported(_ path: String) throws -> Store {
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(interactions: Self.fixtures + "/timers-interaction.json", directory: Self.fixtures),
                                   by: "ana", at: now)
        return store
    }

    func record(_ store: Store, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    /// `wait_time` and `duration` of each exported row, by number.
    func exportedTimers(_ store: Store, at time: Instant) throws -> [String: [String]] {
        let records = try Self.numbers.map { try record(store, $0) }
        let bytes = try Exporter.export(records, from: store.desk, as: .servicenow, at: time)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(object["result"] as? [[String: Any]])
        var out: [String: [String]] = [:]
        for row in rows {
            let number = try #require(row["number"] as? String)
            out[number] = [row["wait_time"] as? String ?? "?", row["duration"] as? String ?? "?"]
        }
        return out
    }

    @Test func recordsNotWorkedHereExportWhatTheSourceHad() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try imported(path)
        let expected: [String: [String]] = [
            "IMS0020001": ["1970-01-01 00:00:45", ""],
            "IMS0020002": ["", ""],
            "IMS0020003": ["", ""],
            "IMS0020004": ["", ""],
            "IMS0020005": ["1970-01-01 00:00:20", "1970-01-01 00:05:00"],
        ]
        #expect(try exportedTimers(store, at: now) == expected)
        #expect(try exportedTimers(store, at: now.adding(30 * 86_400)) == expected, "nothing runs on for them")
    }

    @Test func aMessagingRowOnHoldWithoutAWaitIsNotMadeAccepted() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try imported(path)
        let r = try record(store, "IMS0020002")
        #expect(r.state == .onHold)
        #expect(r.acceptedAt == nil, "no wait_time: nothing says when, or that, it was accepted")
        #expect(!r.history.contains { $0.change.stateChange?.to == .workInProgress }, "\(r.history)")
        // A row in Work in Progress was accepted: by its last update, when no wait says sooner.
        let chat = try record(store, "IMS0020003")
        #expect(chat.acceptedAt == Instant(parsing: "2026-09-30 08:05:00"))
    }

    /// A record worked here after import: its own time since the import is added to what
    /// the source had (see the README).
    @Test func aRecordWorkedHereAddsItsOwnTimeToTheSources() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try imported(path)
        let walkUp = "IMS0020005"
        #expect(try record(store, walkUp).assignedTo == "fred.luddy")
        try store.perform(.transition(number: walkUp, .hold(reason: nil)), by: "fred.luddy", at: now)
        try store.perform(.transition(number: walkUp, .resume), by: "fred.luddy", at: now.adding(100))
        try store.perform(.transition(number: walkUp, .complete), by: "fred.luddy", at: now.adding(160))
        let timers = try record(store, walkUp).timers(at: now.adding(999))
        #expect((timers.wait, timers.duration, timers.hold) == (20, 300 + 60, 100))
        #expect(try exportedTimers(store, at: now.adding(999))[walkUp] == ["1970-01-01 00:00:20", "1970-01-01 00:06:00"])

        // Reopened, the count of imported entries is read back from the store's files.
        let reopened = try Store(directory: path)
        #expect(try record(reopened, walkUp) == record(store, walkUp))
        #expect(try record(reopened, walkUp).origin?.sourceTrail == 2)
    }

    /// `route` on a freshly imported store: the phone record that came in Wrap Up (wrap-up off
    /// for phone here, its code never chosen in ServiceNow) is left as it came, and so is
    /// every record routing has no clock of its own for.
    @Test func routeLeavesImportedRecordsAsTheyCame() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try imported(path)
        let before = try Self.numbers.map { try record(store, $0) }
        #expect(before[0].state == .wrapUp && before[0].type == .phone)
        try store.route(at: now.adding(3600))
        let wrapUp = try record(store, "IMS0020001")
        #expect(wrapUp == before[0], "\(wrapUp.history)")
        #expect(wrapUp.wrapUpOutcome == nil)
        for (number, old) in zip(Self.numbers, before) where number != "IMS0020004" {
            #expect(try record(store, number) == old, "\(number)")
        }
    }
}
