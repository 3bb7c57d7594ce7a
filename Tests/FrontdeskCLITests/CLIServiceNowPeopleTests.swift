import Foundation
import Testing

/// People from ServiceNow across processes (issue 23, point 1): `import --users` first, the
/// interactions after, each its own run of `frontdesk`.
@Suite struct CLIServiceNowPeopleTests {
    static let fixtures = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/servicenow"

    @Test func twoStepImportMakesTheAssigneesImportedAsCustomersAgents() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let users = cli.run("import", "--users", Self.fixtures + "/people-sys_user.json")
        #expect(users.status == 0, "\(users.err)")
        #expect(users.out.contains("3 customers added"), "\(users.out)")

        let interactions = cli.run("import", Self.fixtures + "/people-interaction-raw.json")
        #expect(interactions.status == 0, "\(interactions.err)")
        #expect(!interactions.out.contains("assigned_to references resolve to nobody"), "\(interactions.out)")
        #expect(!interactions.out.contains("unknown user 5137153c"), "\(interactions.out)")
        #expect(cli.show("IMS0020001")?["assigned_to"] as? String == "fred.luddy")
        #expect(cli.show("IMS0020002")?["assigned_to"] as? String == "abel.tuter")
        let agents = cli.run("agent", "list").out
        #expect(agents.contains("fred.luddy") && agents.contains("Fred Luddy"), "\(agents)")
        #expect(!agents.contains("unknown"), "\(agents)")

        // Exported back, the agent's row is the sys_user row as it came: email, names, active.
        let out = cli.root + "/export"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let export = cli.run("export", "--format", "servicenow", "--out", out)
        #expect(export.status == 0, "\(export.err)")
        let data = try #require(FileManager.default.contents(atPath: out + "/sys_user.json"))
        let rows = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["result"] as? [[String: String]])
        let fred = try #require(rows.first { $0["sys_id"] == "5137153cc611227c000bbd1bd8cd2005" })
        #expect(fred["user_name"] == "fred.luddy" && fred["email"] == "fred.luddy@example.com" && fred["first_name"] == "Fred")
        #expect(rows.filter { $0["sys_id"] == "5137153cc611227c000bbd1bd8cd2005" }.count == 1, "one row for a customer who is an agent")
    }
}
