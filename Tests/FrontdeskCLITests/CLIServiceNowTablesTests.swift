import Foundation
import Testing

/// `show` lists what an import kept from ServiceNow's other tables (issue 23 points 5, 6):
/// related records Frontdesk has no task for, and reference display values beside sys_ids.
@Suite struct CLIServiceNowTablesTests {
    static let export = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/servicenow/tables-export"

    @Test func showListsKeptRelatedRecordsAndDisplayValues() {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = cli.run("import", Self.export)
        #expect(r.status == 0, "\(r.err)")
        let phone = cli.run("show", "IMS0020002")
        #expect(phone.out.contains("Related tasks (1)"), "\(phone.out)")
        #expect(phone.out.contains("KB0000012  kb_knowledge  (kept from ServiceNow)"), "\(phone.out)")
        let walkUp = cli.run("show", "IMS0020001")
        #expect(walkUp.out.contains("RITM0010001  sc_req_item  (kept from ServiceNow)"), "\(walkUp.out)")
        #expect(walkUp.out.contains("account: 0c441abbc6112275000025157c651c89 (Acme Corporation)"), "\(walkUp.out)")
        #expect(walkUp.out.contains("Board fault; raised INC0010007."), "the journal table's work note: \(walkUp.out)")
    }
}
