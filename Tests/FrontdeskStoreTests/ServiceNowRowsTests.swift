import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// Issue 23, points 4, 13 and 14: paged exports are read page by page (and what is not read is
/// named), one bad row never stops a migration, an unknown channel comes in as `other`, and a
/// record the source closed against the rules is kept and marked. Fixtures: the `rows-…`
/// folders beside the other ServiceNow fixtures, written by make.py.
@Suite struct ServiceNowRowsTests {
    static let fixtures = ServiceNowImportTests.fixtures
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    func files(_ path: String) -> [String: [UInt8]] { ServiceNowImportTests().files(path) }

    func record(_ store: Store, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    func folder(_ name: String) -> ServiceNowSource { ServiceNowSource(directory: Self.fixtures + "/" + name) }

    // MARK: 4. Pages

    /// `interaction_0001.json`, `interaction_0002.json` and `sys_user.json` + `sys_user.json.2`:
    /// every page is read, and the summary says how many of each table.
    @Test func pagedFilesAreEveryOneReadAndCounted() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(folder("rows-paged"), by: "ana", at: now)
        #expect((summary.read, summary.added) == (4, 4))
        #expect(summary.pages["interaction"] == 2 && summary.pages["sys_user"] == 2 && summary.pages["incident"] == 1)
        #expect(summary.lines.contains("pages read: incident 1, interaction 2, interaction_related_record 1, sys_user 2, sys_user_group 1"))
        // Fred is on sys_user's second page: his name came from it.
        #expect(store.desk.agents["fred.luddy"]?.displayName == "Fred Luddy")
        #expect(store.desk.customerName(try record(store, "IMS0010001").openedFor) == "Beth Anglin")
        #expect(try record(store, "IMS0010003").relatedTasks == ["INC0000456"])
    }

    /// A folder named after the table holds its pages: read in page order (page10 after page2).
    @Test func pagesInAFolderNamedAfterTheTableAreRead() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(folder("rows-paged-folder"), by: "ana", at: now)
        #expect((summary.read, summary.added, summary.pages["interaction"]) == (4, 4, 3))
        var tables = ServiceNowTables()
        let found = try tables.readDirectory(Self.fixtures + "/rows-paged-folder")
        #expect(found.map { ($0 as NSString).lastPathComponent } == ["page1.json", "page2.json", "page10.json"])
    }

    @Test(arguments: [
        ("interaction.json", 0), ("interaction.json.2", 2), ("interaction_0002.json", 2), ("interaction-3.json", 3),
        ("interaction-page4.json", 4), ("Interaction_Page_5.json", 5), ("interaction.6.json", 6),
        ("interaction_related_record.json", nil), ("interaction-raw.json", nil), ("interaction (1).json", nil),
        ("interactions.json", nil), ("interaction.json.bak", nil),
    ] as [(String, Int?)])
    func pageNames(_ name: String, _ page: Int?) {
        #expect(ServiceNowExportFolder.pageNumber(name, table: "interaction") == page)
    }

    /// `page2.json` and `interaction (1).json` are no table's name: the import is refused,
    /// naming them, rather than reading some of the export and saying it is done.
    @Test func exportFilesNoTableReadsAreRefusedNamingThem() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let before = files(path)
        for dryRun in [true, false] {
            #expect { try store.importServiceNow(folder("rows-unread"), by: "ana", at: now, dryRun: dryRun) } throws: {
                "\($0)".contains("not read: interaction (1).json, page2.json") && "\($0)".contains("rows-unread")
            }
        }
        #expect(files(path) == before)
    }

    @Test func aFolderWithNoTableExportIsRefused() throws {
        let path = temporaryDirectory(), empty = temporaryDirectory()
        defer { cleanUp(path); cleanUp(empty) }
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let store = try Store(directory: path, seed: seed())
        #expect { try store.importServiceNow(ServiceNowSource(directory: empty), by: "ana", at: now, dryRun: true) } throws: {
            "\($0)".contains("holds no table export")
        }
    }

    // MARK: 13. Bad rows

    /// The good rows are imported; each bad one is listed with its table, key and reason.
    @Test func badRowsAreLeftOutListedAndTheRestImported() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(folder("rows-bad"), by: "ana", at: now)
        #expect((summary.read, summary.added) == (7, 4))
        for number in ["IMS0010001", "IMS0020001", "IMS0020005", "IMS0010003"] { _ = try record(store, number) }
        for number in ["IMS0020002", "IMS0020003"] { #expect(try store.desk.record(anywhere: number) == nil) }
        let listed = summary.skippedRows.map { "\($0.table) \($0.key) result[\($0.row)]: \($0.reason)" }
        #expect(listed == [
            "incident INC0000457 result[1]: opened_at is empty, and so is sys_created_on: when it was opened is needed",
            "interaction IMS0020002 result[2]: state \"escalated\" is not one of new, queued, on_hold, work_in_progress, wrap_up, closed_complete, closed_abandoned",
            "interaction IMS0020003 result[3]: opened_at \"yesterday\" is not YYYY-MM-DD HH:MM:SS",
            "interaction IMS0010001 result[4]: IMS0010001 is also result[0]: an export holds each record once",
        ])
        #expect(summary.skippedRows.allSatisfy { $0.file.hasPrefix(Self.fixtures + "/rows-bad/") })
        #expect(summary.skippedRows[1].sysID == "aa000000000000000000000000000002" && summary.skippedRows[1].line == 4)
        #expect(summary.lines.contains { $0.hasPrefix("4 bad rows were left out (not imported): incident INC0000457: opened_at is empty") })
        #expect(try store.desk.task(anywhere: "INC0000456") != nil && store.desk.task(anywhere: "INC0000457") == nil)

        var listedIn = summary
        listedIn.skippedList = "/tmp/import-skipped.jsonl"
        #expect(listedIn.lines.contains("4 bad rows were left out (not imported): each with its reason in /tmp/import-skipped.jsonl"))
        let line = summary.skippedRows[1].jsonLine
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["table"] as? String == "interaction" && object["number"] as? String == "IMS0020002")
        #expect(object["row"] as? Int == 2 && object["sys_id"] as? String == "aa000000000000000000000000000002")
        #expect((object["reason"] as? String)?.hasPrefix("state \"escalated\"") == true)
    }

    /// Strict: the first bad row refuses the whole import, and the store is as it was.
    @Test func strictRefusesAtTheFirstBadRowAndWritesNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let before = files(path)
        #expect { try store.importServiceNow(folder("rows-bad"), by: "ana", at: now, strict: true) } throws: {
            "\($0)".contains("rows-bad/incident.json line 3 (result[1]): opened_at is empty")
        }
        #expect(files(path) == before)
        #expect(try store.desk.record(anywhere: "IMS0010001") == nil)
    }

    /// Bad JSON is no row to skip: the file itself is not an export, and that stops it.
    @Test func aFileThatIsNotAnExportStillStopsTheImport() throws {
        let path = temporaryDirectory(), dir = temporaryDirectory()
        defer { cleanUp(path); cleanUp(dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "{\"result\":[{\"number\":\"IMS0000001\"".write(toFile: dir + "/cut.json", atomically: true, encoding: .utf8)
        let store = try Store(directory: path, seed: seed())
        #expect { try store.importServiceNow(ServiceNowSource(interactions: dir + "/cut.json"), by: "ana", at: now) } throws: {
            "\($0)".contains("cut.json")
        }
    }

    // MARK: 13. Unknown channels

    /// `email` comes in as `other`, shown as Other, and goes back to ServiceNow as `email`.
    @Test func anUnknownChannelComesInAsOtherAndGoesBackAsItCame() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(folder("rows-bad"), by: "ana", at: now)
        let email = try record(store, "IMS0020001")
        #expect(email.type == .other && email.type.display == "Other")
        #expect(email.origin?.columns.contains(.init(name: "type", value: "email")) == true)
        let bytes = try Exporter.export([email], from: store.desk, as: .servicenow, at: now)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let row = try #require((object["result"] as? [[String: Any]])?.first)
        #expect(row["type"] as? String == "email")
        // Reopened, the store reads it back the same.
        #expect(try Store(directory: path).desk.interaction("IMS0020001")?.type == .other)
    }

    /// `other` can be viewed, worked and closed, but never created, and no queue serves it.
    @Test func anOtherRecordIsWorkedAndClosedButNeverCreatedOrRouted() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(folder("rows-bad"), by: "ana", at: now)
        #expect(!InteractionType.allCases.contains(.other))
        #expect(store.desk.queues.values.allSatisfy { !$0.serves(.other) })
        #expect(throws: DomainError.self) {
            try store.perform(.create(type: .other, openedFor: nil, queue: nil, shortDescription: "x", accept: true), by: "ana", at: now)
        }
        #expect(throws: DomainError.self) {
            try store.perform(.addQueue(id: "mail", name: "Mail", channels: [.other], targetWaitSeconds: 60), by: "ana", at: now)
        }
        for key in ["wrap_up.other", "capacity.other"] {
            #expect(throws: DomainError.self, "\(key)") { try store.perform(.setConfig(key: key, value: key.hasPrefix("capacity") ? "2" : "on"), by: "ana", at: now) }
        }
        try store.perform(.addNote(number: "IMS0020001", text: "Answered by email"), by: "ana", at: now.adding(60))
        try store.perform(.transition(number: "IMS0020001", .complete), by: "ana", at: now.adding(120))
        #expect(try record(store, "IMS0020001").state == .closedComplete)
    }

    // MARK: 14. Closed without a short description

    /// ServiceNow closed it without a short description (Frontdesk's rule 1 forbids that): it is
    /// kept as it came, and the record says the source broke the rule; nothing else does.
    @Test func aRecordTheSourceClosedWithoutAShortDescriptionIsKeptAndMarked() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(folder("rows-bad"), by: "ana", at: now)
        let broken = try record(store, "IMS0020005")
        #expect(broken.type == .walkUp && broken.state == .closedComplete && broken.shortDescription == "")
        #expect(broken.sourceClosedWithoutShortDescription)
        #expect(try !record(store, "IMS0010001").sourceClosedWithoutShortDescription, "it has one")
        var local = broken
        local.origin = nil
        #expect(!local.sourceClosedWithoutShortDescription, "only an import can bring one")
        var open = broken
        open.state = .workInProgress
        #expect(!open.sourceClosedWithoutShortDescription, "open, the rule has not been broken yet")
    }
}
