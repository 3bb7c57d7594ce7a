import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// Issue 23, point 8: a ServiceNow row without its `sys_audit` gets a trail made up from
/// `sys_created_by`/`sys_updated_by` (or whoever ran the import). Those entries are marked
/// as inferred, say so in the trail, and never go back out as `sys_audit` rows.
/// Fixtures: Fixtures/servicenow/audit-*.json, written by make.py.
@Suite struct ServiceNowAuditTests {
    static let fixtures = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/servicenow"
    static let audited = "c3d4e5f60718293a4b5c6d7e8f9a0b1c"
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    /// The three rows imported by `ana`, the audited one with its sys_audit beside it.
    func imported() throws -> (store: Store, path: String, cleanUp: () -> Void) {
        let path = temporaryDirectory(), dir = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        write(try #require(bytes(Self.fixtures + "/audit-sys_audit.json")), to: dir + "/sys_audit.json")
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(interactions: Self.fixtures + "/audit-interaction.json", directory: dir), by: "ana", at: now)
        return (store, path, { cleanUp(path); cleanUp(dir) })
    }

    func record(_ store: Store, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    @Test func aMadeUpTrailIsMarkedAndSaysWhereItsAuthorCameFrom() throws {
        let (store, path, done) = try imported()
        defer { done() }
        // Only sys_created_by: the kiosk that created it did not accept or close it.
        let kiosk = try record(store, "IMS0020001")
        #expect(kiosk.history.map(\.inferred) == [.createdBy, .createdBy, .createdBy])
        #expect(kiosk.history.map { store.desk.auditText($0) } == [
            "imported: created (New) by kiosk.lobby, inferred from sys_created_by",
            "imported: accepted by kiosk.lobby, inferred from sys_created_by",
            "imported: closed (Closed Complete) by kiosk.lobby, inferred from sys_created_by",
        ])
        // Nobody named: the importer's login, said to be just that.
        let nobody = try record(store, "IMS0020002")
        #expect(nobody.history.allSatisfy { $0.by == "ana" && $0.inferred == .importer })
        #expect(store.desk.auditText(nobody.history[1]) == "imported: accepted by Ana Lima, inferred from who ran the import (the row has no sys_created_by)")
        // Its own audit came along: nothing inferred, the trail as ServiceNow recorded it.
        let audited = try record(store, "IMS0020003")
        #expect(audited.history.allSatisfy { $0.inferred == nil })
        #expect(store.desk.auditText(audited.history[1]) == "State: New → Work in Progress")
        // `show --json` names it too.
        let summary = try RecordSummary(kiosk, in: store.desk, at: now, withAuditTrail: true)
        #expect(summary.audit_trail?.map(\.inferred) == ["sys_created_by", "sys_created_by", "sys_created_by"])

        // Stored: another process reads the marks.
        let again = try Store(directory: path)
        #expect(try record(again, "IMS0020001").history == kiosk.history)
        #expect(try record(again, "IMS0020003").history == audited.history)
    }

    @Test func anInferredEntryIsNeverExportedAsASysAuditRow() throws {
        let (store, _, done) = try imported()
        defer { done() }
        let records = try ["IMS0020001", "IMS0020002", "IMS0020003"].map { try record(store, $0) }
        let tables = Dictionary(uniqueKeysWithValues: try Exporter.serviceNowTables(records, from: store.desk, at: now).map { ($0.file, $0.bytes) })
        func rows(_ file: String) throws -> [[String: Any]] {
            let bytes = try #require(tables[file], "\(file)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
            return try #require(object["result"] as? [[String: Any]])
        }
        let audit = try rows("sys_audit.json")
        #expect(audit.map { $0["documentkey"] as? String } == [Self.audited, Self.audited, Self.audited],
                "only the audit ServiceNow had goes back")
        #expect(audit.map { $0["user"] as? String } == ["kiosk.lobby", "beth.anglin", "beth.anglin"])
        // A row that named no creator is not sent back as created by whoever imported it.
        let interactions = try rows("interaction.json")
        let createdBy = Dictionary(uniqueKeysWithValues: interactions.map { ($0["number"] as? String ?? "", $0["sys_created_by"] as? String ?? "?") })
        #expect(createdBy == ["IMS0020001": "kiosk.lobby", "IMS0020002": "", "IMS0020003": "kiosk.lobby"])
    }
}
