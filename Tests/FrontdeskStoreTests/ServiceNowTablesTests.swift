import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskBackend
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// The tables beside the interactions (issue 23 points 3, 5 and 6): `sys_journal_field`,
/// related records of kinds Frontdesk has no task for, and the display values of columns it
/// has no field for. Fixtures: `tables-*` in Fixtures/servicenow, written by make.py.
@Suite struct ServiceNowTablesTests {
    static let fixtures = ServiceNowImportTests.fixtures
    static let directory = fixtures + "/tables-export"
    static let acme = "0c441abbc6112275000025157c651c89", kb = "3b0fccee0a0a0b9b00f9b8d09c4e6f42"
    static let orphan = "9c3e4a5b6d7f8091a2b3c4d5e6f7a8b9", inc = "57af7aec73d423002728660c4cf6a7c0"
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    /// The `tables-export` directory's tables, its interactions in `shape` (all, raw, display).
    func source(_ shape: String = "all") -> ServiceNowSource {
        let file = shape == "all" ? Self.directory + "/interaction.json" : Self.fixtures + "/tables-\(shape).json"
        return ServiceNowSource(interactions: file, directory: Self.directory)
    }

    func record(_ store: Store, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    /// The rows of one exported table, as JSON objects.
    func exported(_ store: Store, _ table: String) throws -> [[String: Any]] {
        let files = try Exporter.serviceNowTables(Array(store.desk.interactions), from: store.desk, at: now)
        let bytes = try #require(files.first { $0.0 == ServiceNowTables.fileName(table) }?.1, "\(table) is exported")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        return try #require(object["result"] as? [[String: Any]])
    }

    // MARK: Point 3: sys_journal_field

    @Test func journalRowsBecomeWorkNotesAndTheConversationOnce() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(source(), by: "ana", at: now)
        #expect(summary.journalUnmatched.isEmpty)
        #expect(summary.tables.contains { $0.contains("sys_journal_field.json") })

        let walkUp = try record(store, "IMS0020001")
        #expect(walkUp.workNotes.map(\.text) == ["Board fault; raised INC0010007.\nLoan laptop issued."])
        #expect(walkUp.workNotes.map(\.at) == [Instant(parsing: "2026-11-20 10:05:00")!])
        #expect(walkUp.workNotes.map(\.author) == ["fred.luddy"], "sys_created_by is the author's user_name")
        #expect(walkUp.transcript.map(\.text) == ["It shows a black screen after the logo.", "Your laptop will be back on Monday."])
        // By user_name: the record's customer wrote the first, the agent the second.
        #expect(walkUp.transcript.map(\.from) == [walkUp.openedFor, "fred.luddy"])
        #expect(store.desk.customers[walkUp.openedFor ?? ""]?.sysID == ServiceNowImportTests.beth)
        #expect(try RecordSummary(walkUp, in: store.desk, at: now).conversation.map(\.direction) == ["in", "out"])
        #expect(try record(store, "IMS0020002").workNotes.map(\.text) == ["Sent KB0000012."])

        // Importing the same tables again adds nothing.
        let again = try store.importServiceNow(source(), by: "ana", at: now)
        #expect(again.skipped == 2 && again.added == 0)
        #expect(try record(store, "IMS0020001").workNotes.count == 1 && record(store, "IMS0020001").transcript.count == 2)

        // Exported back as a journal table: one row per entry, by the same user_name.
        let rows = try exported(store, "sys_journal_field")
        #expect(rows.count == 4)
        let note = try #require(rows.first { $0["element"] as? String == "work_notes" && $0["element_id"] as? String == "7a1c2e3f4b5d6e7f8091a2b3c4d5e6f7" })
        #expect(note["value"] as? String == "Board fault; raised INC0010007.\nLoan laptop issued.")
        #expect(note["sys_created_on"] as? String == "2026-11-20 10:05:00" && note["sys_created_by"] as? String == "fred.luddy")
        #expect(note["name"] as? String == "interaction")
    }

    /// A directory export of an imported desk, imported again: the journal comes back once,
    /// though it is both in `sys_journal_field` and the interactions' own journal fields.
    @Test func anExportWithItsJournalImportsBackWithoutDoubles() throws {
        let first = temporaryDirectory(), second = temporaryDirectory(), dir = temporaryDirectory()
        defer { cleanUp(first); cleanUp(second); cleanUp(dir) }
        let store = try Store(directory: first, seed: seed())
        try store.importServiceNow(source(), by: "ana", at: now)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (file, bytes) in try Exporter.serviceNowTables(Array(store.desk.interactions), from: store.desk, at: now) { write(bytes, to: dir + "/" + file) }
        let fresh = try Store(directory: second, seed: seed())
        try fresh.importServiceNow(ServiceNowSource(interactions: dir + "/interaction.json", directory: dir), by: "ana", at: now)
        for number in ["IMS0020001", "IMS0020002"] {
            #expect(try record(fresh, number).workNotes == record(store, number).workNotes, "\(number)")
            #expect(try record(fresh, number).transcript == record(store, number).transcript, "\(number)")
        }
    }

    @Test func journalRowsOfNoInteractionAreReported() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let source = ServiceNowSource(interactions: Self.directory + "/interaction.json", directory: Self.fixtures + "/tables-orphans")
        let summary = try store.importServiceNow(source, by: "ana", at: now)
        #expect(summary.journalUnmatched == ["\(Self.orphan) (1 row)", "incident.work_notes:\(Self.inc)"])
        #expect(summary.lines.contains { $0.contains("sys_journal_field rows of 2 records match no interaction") && $0.contains(Self.orphan) })
        #expect(try record(store, "IMS0020001").transcript.map(\.text) == ["Is it under warranty?"], "the row that matches is imported")
    }

    // MARK: Point 5: related records Frontdesk has no task for

    @Test func relatedRecordsOfOtherTablesAreKeptShownAndExportedAsTheyCame() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(source(), by: "ana", at: now)

        let walkUp = try record(store, "IMS0020001")
        #expect(walkUp.relatedTasks == ["INC0010007"], "an incident whose row came is a related task")
        #expect(walkUp.keptRelated.map(\.table) == ["sc_req_item"] && walkUp.keptRelated.map(\.shown) == ["RITM0010001"])
        let phone = try record(store, "IMS0020002")
        #expect(phone.keptRelated.map(\.table) == ["kb_knowledge"] && phone.keptRelated.map(\.documentID) == [Self.kb])
        #expect(phone.relatedCount == 1)

        // show --json lists them with their table as the kind.
        let shown = try RecordSummary(phone, in: store.desk, at: now)
        #expect(shown.related_tasks.map(\.number) == ["KB0000012"] && shown.related_tasks.map(\.kind) == ["kb_knowledge"])
        #expect(try RecordSummary(walkUp, in: store.desk, at: now).related_tasks.map(\.number) == ["INC0010007", "RITM0010001"])

        // Kept through a reopen (the snapshot's fast reader) and exported back as they came.
        try store.compact(at: now)
        let reopened = try Store(directory: path)
        #expect(try record(reopened, "IMS0020002").keptRelated == phone.keptRelated)
        let rows = try exported(reopened, "interaction_related_record")
        let kb = try #require(rows.first { $0["sys_id"] as? [String: String] == ["value": "d3e4f5a60718293a4b5c6d7e8f90a1b2", "display_value": "d3e4f5a60718293a4b5c6d7e8f90a1b2"] })
        #expect(kb["document_table"] as? [String: String] == ["value": "kb_knowledge", "display_value": "kb_knowledge"])
        #expect(kb["document_id"] as? [String: String] == ["value": Self.kb, "display_value": "KB0000012"])
        #expect(kb["interaction"] as? String == "8b2d3f4a5c6e7f8091a2b3c4d5e6f7a8")
        #expect(rows.contains { ($0["document_id"] as? [String: String])?["display_value"] == "RITM0010001" })
    }

    // MARK: Point 6: display values of columns Frontdesk has no field for

    @Test(arguments: [("all", "{\"display_value\":\"Acme Corporation\",\"value\":\"0c441abbc6112275000025157c651c89\"}"),
                      ("display", "\"Acme Corporation\""), ("raw", "\"0c441abbc6112275000025157c651c89\"")])
    func referenceDisplayValuesAreKeptBesideTheSysIDAndGoBackInTheirShape(_ shape: String, _ account: String) throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(source(shape), by: "ana", at: now)
        let walkUp = try record(store, "IMS0020001")
        let kept = try #require(walkUp.origin?.columns.first { $0.name == "account" })
        #expect(kept.value == Self.acme, "the sys_id, from the value or the reference's link")
        #expect(kept.display == (shape == "raw" ? nil : "Acme Corporation"))
        let reason = try #require(walkUp.origin?.columns.first { $0.name == "u_reason_for_visit" })
        #expect(reason.value == (shape == "display" ? "Laptop repair" : "laptop_repair"))
        #expect(reason.display == (shape == "all" ? "Laptop repair" : nil))

        let bytes = try Exporter.export([walkUp], from: store.desk, as: .servicenow, at: now)
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"account\":" + account), "exported in the shape it came")

        // The store keeps both: a compacted snapshot read again gives the same columns.
        try store.compact(at: now)
        #expect(try record(try Store(directory: path), "IMS0020001").origin == walkUp.origin)
    }

    /// A column without a display value is written in the bytes it always was, and a store
    /// written before display values were kept reads the same; the fast encoder and decoder
    /// agree with JSONEncoder and JSONDecoder on the new keys.
    @Test func keptColumnsAreStoredCompatibly() throws {
        let encoder = StoreFormat.encoder()
        let plain = ServiceNowOrigin.Column(name: "direction", value: "inbound")
        #expect(String(decoding: try encoder.encode(plain), as: UTF8.self) == #"{"name":"direction","value":"inbound"}"#)
        let old = try JSONDecoder().decode(ServiceNowOrigin.self, from: Data(#"{"columns":[{"name":"direction","value":"inbound"}],"duration":null,"sys_id":"x","updated_on":"2026-11-20T10:00:00Z","wait_time":null}"#.utf8))
        #expect(old.columns == [plain] && old.related.isEmpty)
        #expect(String(decoding: try encoder.encode(old), as: UTF8.self).contains("related") == false)

        let origin = ServiceNowOrigin(sysID: "x", updatedOn: Instant(parsing: "2026-11-20 10:00:00")!, columns: [
            plain, .init(name: "account", value: Self.acme, display: "Acme \"Corp\""),
            .init(name: "location", value: "25ab8e460a0a0bb300857304a1da2e2f", display: "London HQ", displayOnly: true),
        ], related: [.init(columns: [.init(name: "document_table", value: "kb_knowledge"), .init(name: "document_id", value: Self.kb, display: "KB0000012")])])
        let r = Interaction(number: "IMS0020009", type: .phone, state: .closedComplete, shortDescription: "x",
                            openedAt: Instant(parsing: "2026-11-20 10:00:00")!, version: 1, origin: origin)
        let line = [UInt8](try encoder.encode(r))
        #expect(FastEncoder.interaction(r) == line)
        let fast = line.withUnsafeBufferPointer { buffer -> Interaction? in
            var d = FastDecoder(buffer, from: 0, to: buffer.count)
            return try? d.interaction()
        }
        let slow = try JSONDecoder().decode(Interaction.self, from: Data(line))
        #expect(fast == r && slow == r)
    }
}
