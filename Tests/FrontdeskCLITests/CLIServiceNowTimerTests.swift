import Foundation
import Testing

/// `route` and `show` on a store imported from ServiceNow (issue 23, points 9 and 10), with
/// the fixture Fixtures/servicenow/timers-interaction.json of the store tests.
@Suite struct CLIServiceNowTimerTests {
    static let fixtures = ((#filePath as NSString).deletingLastPathComponent as NSString)
        .deletingLastPathComponent + "/FrontdeskStoreTests/Fixtures/servicenow"

    @Test func routeLeavesAnImportedWrapUpAloneAndShowSaysWhatWasNotMeasured() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("config", "set", "phone_channel", "on")
        let imported = cli.run("import", Self.fixtures + "/timers-interaction.json", "--users", Self.fixtures + "/sys_user.json")
        #expect(imported.status == 0, "\(imported.err)")
        let before = cli.show("IMS0020001")
        #expect(before?["state"] as? String == "wrap_up")

        #expect(cli.run("route").status == 0)
        let after = cli.show("IMS0020001")
        #expect(after?["state"] as? String == "wrap_up", "wrap-up was never timed here")
        #expect(after?["wrap_up_by_system"] as? Bool == false)
        // Timers included: nothing runs for it, so two calls agree to the second.
        #expect(NSDictionary(dictionary: after ?? [:]) == NSDictionary(dictionary: before ?? [:]))

        let shown = cli.run("show", "IMS0020003").out
        #expect(shown.contains("Duration           (none: not measured in ServiceNow)"), "\(shown)")
        #expect(cli.run("show", "IMS0020001").out.contains("Wait time          0:45"), "as ServiceNow measured it")
    }
}
