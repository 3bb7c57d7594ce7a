import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
import FrontdeskTestSupport
@testable import FrontdeskStore

/// Importing what a ServiceNow instance exports (fixtures in Fixtures/servicenow, written by
/// its make.py from the Table API's shapes), and exporting what it can load.
@Suite struct ServiceNowImportTests {
    static let fixtures = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/servicenow"
    static let beth = "a8f98bb0eb32010045e1a5115206fe3a", gone = "9ee1b13dc6112271007f9d0efdb69cd0"
    static let numbers = ["IMS0010001", "IMS0010002", "IMS0010003", "IMS0010004"]
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    func source(_ shape: String) -> ServiceNowSource {
        ServiceNowSource(interactions: Self.fixtures + "/interaction-\(shape).json", directory: Self.fixtures)
    }

    func record(_ store: any DeskBackend, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    func summaries(_ store: any DeskBackend, _ numbers: [String] = numbers) throws -> [RecordSummary] {
        try numbers.map { try RecordSummary(try record(store, $0), in: store.desk, at: now) }
    }

    /// Every file the store has, with its bytes: what "nothing was written" is checked against.
    func files(_ path: String) -> [String: [UInt8]] {
        var all: [String: [UInt8]] = [:]
        let names = FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []
        for name in names where !name.hasSuffix(".lock") { if let b = bytes(path + "/" + name) { all[name] = b } }
        return all
    }

    @Test(arguments: [("raw", ServiceNowShape.raw), ("raw-nolinks", .rawWithoutLinks), ("display", .display), ("all", .all)],
          TestBackend.allCases)
    func everyShapeImportsTheSameRecords(_ shapes: (String, ServiceNowShape), _ backend: TestBackend) throws {
        let (shape, expected) = shapes
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        let summary = try store.importServiceNow(source(shape), by: "ana", at: now)
        #expect(summary.shape == expected)
        #expect((summary.read, summary.added, summary.updated, summary.skipped) == (4, 4, 0, 0))
        #expect((summary.toHistory, summary.toWorkingSet) == (2, 2), "2024's closed records go straight to history")
        #expect(store.desk.history?.recordCount == 2)

        let walkUp = try record(store, "IMS0010001")
        #expect(walkUp.type == .walkUp && walkUp.state == .closedComplete)
        #expect(store.desk.customerName(walkUp.openedFor) == "Beth Anglin")
        #expect(walkUp.assignedTo == "fred.luddy")
        #expect(walkUp.queue == "service-desk", "the group matches the desk's queue of that name")
        #expect(walkUp.version == 5, "sys_mod_count 4")
        #expect(walkUp.origin?.sysID == "1c741bd70b2322007518478d83673af3")
        let timers = walkUp.timers(at: now)
        #expect((timers.wait, timers.duration) == (192, 300), "as ServiceNow computed them")
        #expect(walkUp.closedAt == Instant(parsing: "2024-03-04 09:10:00"))

        let weekend = try record(store, "IMS0010003")
        #expect(weekend.timers(at: now).duration == 2 * 86_400 + 3600, "a glide_duration over a day")
        #expect(weekend.timers(at: now).wait == 45)
        #expect(weekend.relatedTasks == ["INC0000456"])
        let incident = try #require(try store.desk.task(anywhere: "INC0000456"))
        #expect(incident.state == .inProgress && incident.interactions == ["IMS0010003"])
        #expect(store.desk.customerName(incident.openedFor) == "Beth Anglin")
        #expect(summary.relatedMissing == ["sn_customerservice_case:f8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3"])

        let chat = try record(store, "IMS0010002")
        #expect(store.desk.customerName(chat.openedFor) == "unknown user \(Self.gone)")
        #expect(summary.unresolved["opened_for"] == [Self.gone])
        #expect(chat.acceptedAt == Instant(parsing: "2026-11-27 08:00:30"), "accepted after the wait ServiceNow measured")

        let queued = try record(store, "IMS0010004")
        #expect(queued.state == .queued && queued.assignedTo == nil && queued.queue == nil && queued.openedFor == nil)
        #expect(queued.shortDescription == "")

        #expect(summary.unknownColumns["direction"] == 3 && summary.unknownColumns["sys_domain"] == 4)
        #expect(walkUp.origin?.columns.contains { $0.name == "direction" } == true)
        #expect(summary.lines.contains { $0.contains("direction (3)") })
        #expect(summary.lines.contains { $0.contains("opened_for references resolve to nobody") && $0.contains(Self.gone) })
    }

    @Test func theShapesAgreeExceptForWorkNotesWhichOnlyDisplayValuesCarry() throws {
        var all: [String: [RecordSummary]] = [:]
        for shape in ["raw", "raw-nolinks", "display", "all"] {
            let path = temporaryDirectory()
            defer { cleanUp(path) }
            let store = try Store(directory: path, seed: seed())
            try store.importServiceNow(source(shape), by: "ana", at: now)
            all[shape] = try summaries(store)
        }
        func withoutNotes(_ s: [RecordSummary]?) -> [RecordSummary] { (s ?? []).map { var r = $0; r.work_notes = []; return r } }
        #expect(withoutNotes(all["raw-nolinks"]) == withoutNotes(all["raw"]))
        #expect(withoutNotes(all["display"]) == withoutNotes(all["raw"]))
        #expect(all["all"] == all["display"])
        #expect(all["raw"]?[0].work_notes.isEmpty == true, "raw exports write work_notes as \"\"")
        let notes = try #require(all["display"]?[0].work_notes)
        #expect(notes.map(\.text) == ["Customer locked out after holiday.\nTwo lines.", "Reset done; identity checked against the badge."])
        #expect(notes.map(\.author) == ["fred.luddy", "fred.luddy"], "entry headers name people; the agent of that name wrote them")
        #expect(notes.map(\.at) == ["2024-03-04T09:04:00Z", "2024-03-04T09:08:00Z"])
    }

    @Test func peopleBecomeCustomersAndAgentsKeyedBySysID() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(source("raw"), by: "ana", at: now)
        let beth = try #require(store.desk.customers.values.first { $0.sysID == Self.beth })
        #expect(beth.name == "Beth Anglin" && beth.email == "beth.anglin@example.com" && beth.vip)
        #expect(beth.phone == "+15550100" || beth.phone == "+1 555 0100")
        #expect(beth.company == "", "a company reference without display values names no company")
        let fred = try #require(store.desk.agents["fred.luddy"])
        #expect(fred.displayName == "Fred Luddy" && fred.sysID == "5137153cc611227c000bbd1bd8cd2005")
        #expect(!store.desk.customers.values.contains { $0.name == "Fred Luddy" }, "an assignee is an agent, not a customer")
        #expect(store.desk.customers.values.contains { $0.name == "Abel Tuter" }, "people no row names are customers")
        #expect(summary.customersAdded == 3 && summary.agentsAdded == 1)

        // Importing again resolves the same people: no new customers, everything skipped.
        let again = try store.importServiceNow(source("raw"), by: "ana", at: now)
        #expect((again.added, again.skipped, again.customersAdded, again.agentsAdded) == (0, 4, 0, 0))
    }

    /// The same number again: a later `sys_updated_on` replaces the record (its notes kept),
    /// an earlier or equal one is skipped; both are counted.
    @Test func aLaterUpdateWinsAndAnOlderOneIsSkipped() throws {
        let path = temporaryDirectory(), dir = temporaryDirectory()
        defer { cleanUp(path); cleanUp(dir) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(source("raw"), by: "ana", at: now)
        try store.perform(.addNote(number: "IMS0010002", text: "Noted here"), by: "fred.luddy", at: now)

        var text = try String(contentsOfFile: Self.fixtures + "/interaction-raw.json", encoding: .utf8)
        // IMS0010002 closed in ServiceNow at 08:40; IMS0010004 comes with an older stamp.
        text = text.replacingOccurrences(of: "\"state\": \"work_in_progress\"", with: "\"state\": \"closed_complete\"")
            .replacingOccurrences(of: "\"sys_updated_on\": \"2026-11-27 08:00:30\"", with: "\"sys_updated_on\": \"2026-11-27 09:30:00\"")
            .replacingOccurrences(of: "\"sys_updated_on\": \"2026-11-27 08:30:00\"", with: "\"sys_updated_on\": \"2026-11-27 07:00:00\"")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/changed.json", atomically: true, encoding: .utf8)
        let summary = try store.importServiceNow(ServiceNowSource(interactions: dir + "/changed.json", directory: Self.fixtures), by: "ana", at: now)
        #expect((summary.added, summary.updated, summary.skipped) == (0, 1, 3))
        let chat = try record(store, "IMS0010002")
        #expect(chat.state == .closedComplete)
        #expect(chat.workNotes.map(\.text) == ["Noted here"], "what was added here stays")
        #expect(chat.version == 5, "one past the store's version (3 imported, 4 with the note)")
        #expect(chat.history.last?.change == .state(from: .workInProgress, to: .closedComplete))
    }

    @Test(arguments: TestBackend.allCases)
    func aDryRunReportsTheSameAndWritesNothing(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        let before = try place.contents()
        let dry = try store.importServiceNow(source("all"), by: "ana", at: now, dryRun: true)
        #expect(try place.contents() == before)
        #expect(dry.lines.last == "dry run: nothing was written")
        var real = try store.importServiceNow(source("all"), by: "ana", at: now)
        real.dryRun = true
        #expect(real == dry)
    }

    /// Rows of a fake export: `closed` closed in 2023 (history-bound), then `open` open ones.
    func generated(closed: Int, open: Int, bad: Int? = nil) -> String {
        var rows: [String] = []
        for k in 0..<(closed + open) {
            let number = "IMS" + String(100_000 + k).leftPadded(7)
            let isOpen = k >= closed
            let state = k == bad ? "sleeping" : (isOpen ? "work_in_progress" : "closed_complete")
            rows.append("""
            {"sys_id":"\(String(k, radix: 16).leftPadded(32))","number":"\(number)","type":"chat","state":"\(state)",\
            "opened_for":"\(Self.beth)","assigned_to":"","assignment_group":"","short_description":"Row \(k) ü",\
            "opened_at":"\(isOpen ? "2026-11-27 08:00:00" : "2023-01-02 10:00:00")","closed_at":"\(isOpen ? "" : "2023-01-02 10:05:00")",\
            "wait_time":"1970-01-01 00:00:10","duration":"1970-01-01 00:04:00","sys_mod_count":"2","sys_updated_on":"2023-01-02 10:05:00"}
            """)
        }
        return "{\"result\":[\n" + rows.joined(separator: ",\n") + "\n]}\n"
    }

    @Test(arguments: TestBackend.allCases)
    func largeImportsStreamThroughHistoryInBatches(_ backend: TestBackend) throws {
        let place = try backend.fresh(), dir = temporaryDirectory()
        defer { place.remove(); cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try generated(closed: 25, open: 3).write(toFile: dir + "/big.json", atomically: true, encoding: .utf8)
        let store = try place.open(seed: seed())
        var seen: [Int] = []
        let summary = try store.importServiceNow(ServiceNowSource(interactions: dir + "/big.json", users: Self.fixtures + "/sys_user.json"),
                                                 by: "ana", at: now, batchSize: 4, progress: { seen.append($0.rows) })
        #expect((summary.toHistory, summary.toWorkingSet) == (25, 3))
        #expect(seen.last == 28)
        // Another process sees all of it; history answers by number and by customer.
        let reopened = try place.open()
        #expect(reopened.desk.history?.recordCount == 25)
        #expect(reopened.desk.interactions.count == 3)
        for k in [0, 7, 24] {
            let r = try #require(try reopened.desk.record(anywhere: "IMS" + String(100_000 + k).leftPadded(7)))
            #expect(r.shortDescription == "Row \(k) ü" && r.timers(at: now).duration == 240)
        }
        let beth = try #require(reopened.desk.customers.values.first { $0.sysID == Self.beth }).id
        #expect(reopened.desk.customerRows(beth, at: now).count == 28)
        // The desk goes on: a compaction (on the file store) and new work.
        if let files = reopened as? Store { try files.compact(at: now) }
        #expect(try reopened.desk.record(anywhere: "IMS0100003")?.number == "IMS0100003")
        let next = try reopened.perform(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "x", accept: true), by: "ana", at: now)
        #expect(next.subject == "IMS0100028", "numbering goes on after the imported numbers")
    }

    /// A bad row after some batches went to history: named by line, row and field, and the
    /// store is exactly as it was (the segment written so far is never named).
    @Test(arguments: TestBackend.allCases)
    func aBadRowLateInTheFileLeavesTheStoreAsItWas(_ backend: TestBackend) throws {
        let place = try backend.fresh(), dir = temporaryDirectory()
        defer { place.remove(); cleanUp(dir) }
        let path = place.location
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try generated(closed: 12, open: 0, bad: 9).write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        let store = try place.open(seed: seed())
        let before = files(path), contents = try place.contents()
        #expect { try store.importServiceNow(ServiceNowSource(interactions: dir + "/bad.json"), by: "ana", at: now, strict: true, batchSize: 2) } throws: {
            "\($0)".contains("bad.json line 11 (result[9]): state \"sleeping\" is not one of new, queued")
        }
        if backend == .file {
            #expect(files(path).filter { !$0.key.hasPrefix("history/text") && !$0.key.hasPrefix("history/rows") } == before.filter { !$0.key.hasPrefix("history") })
            #expect(!files(path).keys.contains { $0.hasPrefix("history/seg-") })
        } else {
            #expect(try place.contents() == contents)
        }
        let reopened = try place.open()
        #expect(try reopened.desk.record(anywhere: "IMS0100000") == nil)
    }

    @Test func aNumberTwiceInOneFileIsRefused() throws {
        let path = temporaryDirectory(), dir = temporaryDirectory()
        defer { cleanUp(path); cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let text = generated(closed: 3, open: 0).replacingOccurrences(of: "IMS0100002", with: "IMS0100000")
        try text.write(toFile: dir + "/twice.json", atomically: true, encoding: .utf8)
        let store = try Store(directory: path, seed: seed())
        #expect { try store.importServiceNow(ServiceNowSource(interactions: dir + "/twice.json"), by: "ana", at: now, strict: true) } throws: {
            "\($0)".contains("result[2]): IMS0100000 is also result[0]")
        }
    }

    @Test(arguments: [
        ("[]", nil),
        ("{\"meta\":{\"count\":[1,2]},\"result\":[]}", nil),
        ("{\"result\":[{\"number\":[\"IMS0000001\"]}]}", "line 1 (result[0]): number holds an array"),
        ("{\"result\":[{\"number\":\"IMS0000001\"", "the file ends inside a row"),
        ("{\"rows\":[]}", "no \"result\" key"),
        ("", "the file is empty"),
    ] as [(String, String?)])
    func theRowReaderNamesWhatIsWrong(_ text: String, _ problem: String?) throws {
        let dir = temporaryDirectory()
        defer { cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try text.write(toFile: dir + "/x.json", atomically: true, encoding: .utf8)
        var reader = try ServiceNowRowReader(path: dir + "/x.json")
        defer { reader.close() }
        if let problem {
            #expect { while try reader.next() != nil {} } throws: { "\($0)".contains(problem) }
        } else {
            #expect(try reader.next() == nil)
        }
    }

    @Test(arguments: [
        ("1970-01-01 00:03:12", 192), ("1970-01-03 01:00:00", 176_400), ("3 Minutes 12 Seconds", 192),
        ("2 Days 1 Hour", 176_400), ("1 Day", 86_400), ("45 Seconds", 45), ("soon", nil), ("3 Fortnights", nil),
    ] as [(String, Int64?)])
    func durations(_ text: String, _ seconds: Int64?) {
        #expect(ServiceNowVocabulary.duration(text) == seconds)
    }

    @Test func generatedSysIDsSpellShortIdsAndHashLongOnes() {
        let id = ServiceNowID.generated(for: "CUS0000012")
        #expect(ServiceNowID.isSysID(id) && ServiceNowID.frontdeskID(id) == "CUS0000012")
        let long = ServiceNowID.generated(for: "a.very.long.login.name")
        #expect(ServiceNowID.isSysID(long) && ServiceNowID.frontdeskID(long) == nil)
        #expect(long == ServiceNowID.generated(for: "a.very.long.login.name"), "stable")
        #expect(ServiceNowID.frontdeskID(Self.beth) == nil)
    }

    // MARK: Export

    /// A directory export of every kind of record imports into an empty store as the same
    /// records, the same `show --json` for each.
    @Test(arguments: TestBackend.allCases)
    func aDirectoryExportImportsBackIdentically(_ backend: TestBackend) throws {
        let source = try backend.fresh(), target = try backend.fresh(), dir = temporaryDirectory()
        defer { source.remove(); target.remove(); cleanUp(dir) }
        let store = try source.open(seed: seed())
        try fillWithEveryShape(store)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (file, bytes) in try Exporter.serviceNowTables(Array(store.desk.interactions), from: store.desk, at: now) { write(bytes, to: dir + "/" + file) }

        var empty = ChangeSet()
        empty.config = DeskConfig()
        let fresh = try target.open(seed: empty)
        let summary = try fresh.importServiceNow(ServiceNowSource(interactions: dir + "/interaction.json", directory: dir), by: "admin", at: now)
        #expect(summary.unresolved.isEmpty && summary.relatedMissing.isEmpty)
        let numbers = store.desk.interactions.map(\.number)
        // By design (README, Timers): the span an open record was in when exported does not run
        // on where it is imported; its hold and wrap-up time are what its trail closed.
        func settled(_ s: [RecordSummary]) -> [RecordSummary] {
            s.map { var r = $0; if r.state == "on_hold" { r.hold_time_seconds = 0 }; if r.state == "wrap_up" { r.wrap_up_seconds = 0 }; return r }
        }
        #expect(try summaries(fresh, numbers) == settled(summaries(store, numbers)))
        // sys_audit has no null: a change from or to nothing comes back with nil for "".
        func trail(_ r: Interaction) -> [AuditEntry] {
            r.history.map { e in
                guard case .field(let name, let old, let new) = e.change else { return e }
                return AuditEntry(at: e.at, by: e.by, change: .field(name: name, old: old == "" ? nil : old, new: new == "" ? nil : new))
            }
        }
        for number in numbers { #expect(try trail(record(fresh, number)) == trail(record(store, number)), "\(number)") }
        #expect(try numbers.map { try record(fresh, $0).transcript } == numbers.map { try record(store, $0).transcript })
        // And once more is a no-op.
        let again = try fresh.importServiceNow(ServiceNowSource(interactions: dir + "/interaction.json", directory: dir), by: "admin", at: now)
        #expect(again.skipped == numbers.count && again.added == 0)
    }

    /// Every value a string, ServiceNow's spellings, sys_ids kept; the columns Frontdesk has
    /// no field for go back as they came.
    @Test(arguments: TestBackend.allCases)
    func theExportIsWhatServiceNowLoads(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        try store.importServiceNow(source("raw"), by: "ana", at: now)
        let records = try Self.numbers.map { try record(store, $0) }
        let bytes = try Exporter.export(records, from: store.desk, as: .servicenow, at: now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(object["result"] as? [[String: Any]])
        #expect(rows.count == 4)
        for row in rows { #expect(row.values.allSatisfy { $0 is String }, "\(row)") }
        let first = rows[0]
        #expect(first["sys_id"] as? String == "1c741bd70b2322007518478d83673af3")
        #expect(first["type"] as? String == "walkup")
        #expect(first["opened_for"] as? String == Self.beth)
        #expect(first["assigned_to"] as? String == "5137153cc611227c000bbd1bd8cd2005")
        #expect(first["wait_time"] as? String == "1970-01-01 00:03:12")
        #expect(first["sys_mod_count"] as? String == "4")
        #expect(first["direction"] as? String == "inbound")
        #expect(first["active"] as? String == "false")
        #expect(rows[2]["duration"] as? String == "1970-01-03 01:00:00")
    }
}
