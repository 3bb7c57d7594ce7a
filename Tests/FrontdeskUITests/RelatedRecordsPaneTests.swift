import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// The Related Tasks pane lists the related records an import kept of kinds Frontdesk has no
/// task for (issue 23 point 5): by number (or sys_id) and table, not openable, cleaned.
@Suite struct RelatedRecordsPaneTests {
    @Test func keptRelatedRecordsAreListedWithTheirTable() {
        func column(_ name: String, _ value: String, _ display: String? = nil) -> ServiceNowOrigin.Column {
            .init(name: name, value: value, display: display)
        }
        let related: [ServiceNowOrigin.Related] = [
            .init(columns: [column("document_table", "kb_knowledge"), column("document_id", "3b0fccee0a0a0b9b00f9b8d09c4e6f42", "KB0000012")]),
            .init(columns: [column("document_table", "sc_req_item"), column("document_id", "aeed229047801200e0ef563dbb9a71c2", "RITM\u{1B}[2J0010001")]),
        ]
        var r = Interaction(number: "IMS0020002", type: .phone, state: .closedComplete, shortDescription: "VPN article", openedAt: t0)
        r.origin = ServiceNowOrigin(sysID: "8b2d3f4a5c6e7f8091a2b3c4d5e6f7a8", updatedOn: t0, related: related)
        let lines = Desk().paneLines(.relatedTasks, of: r, at: t0, width: 80, height: 20, editable: false)
        #expect(lines.first?.label == "Related tasks (2)")
        #expect(!lines.contains { $0.label.hasPrefix("  None yet") })
        let kb = lines.first { $0.label == "KB0000012" }
        #expect(kb?.value.contains("kb_knowledge") == true && kb?.target == nil, "shown, never opened as a task")
        let item = lines.first { $0.value.contains("sc_req_item") }
        #expect(item.map { TextSanitizer.isClean($0.label) } == true, "imported text never reaches the terminal raw")
    }
}
