import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// People from ServiceNow (issue 23, points 1, 2, 7, 11): found by sys_id whatever an earlier
/// import made of them, their `sys_user` columns kept and exported as they came, references by
/// user name or name resolved or reported, one login for one person. Fixtures: the `people-`
/// files in Fixtures/servicenow, written by its make.py.
@Suite struct ServiceNowPeopleTests {
    static let fixtures = ServiceNowImportTests.fixtures
    static let beth = "a8f98bb0eb32010045e1a5115206fe3a", fred = "5137153cc611227c000bbd1bd8cd2005"
    static let abel = "62826bf03710200044e0bfc8bcbe5df1", acme = "81fd65ecac1d55eb42a426568fc87a63"
    let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 9))

    static func file(_ name: String) -> String { fixtures + "/people-" + name + ".json" }

    func record(_ store: Store, _ number: String) throws -> Interaction {
        try #require(try store.desk.record(anywhere: number), "\(number)")
    }

    /// The `sys_user.json` an export of the store's records writes, as rows by sys_id.
    func exportedUsers(_ store: Store) throws -> [String: [String: String]] {
        let records = try ["IMS0020001", "IMS0020002"].map { try record(store, $0) }
        let tables = try ServiceNowExport.tables(records, in: store.desk, at: now)
        let bytes = try #require(tables.first { $0.table == "sys_user" }?.bytes)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let rows = try #require(document["result"] as? [[String: String]])
        return Dictionary(rows.map { ($0["sys_id"] ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: 1. Two steps

    /// `import --users` first: everyone is a customer. The interactions after it: the assignee
    /// they name by sys_id is an agent (login from their user_name), and still a customer.
    @Test func anAssigneeImportedBeforeAsACustomerBecomesAnAgent() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let users = try store.importServiceNow(ServiceNowSource(users: Self.file("sys_user")), by: "ana", at: now)
        #expect(users.customersAdded == 3 && users.agentsAdded == 0)

        let summary = try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw")), by: "ana", at: now)
        #expect(summary.unresolved["assigned_to"] == nil, "\(summary.lines)")
        #expect(summary.customersAdded == 1 && summary.unresolved["opened_for"] == ["glide.maint"], "only the user name in no file")
        #expect(store.desk.customers.values.filter { $0.sysID == Self.fred }.count == 1)
        let walkUp = try record(store, "IMS0020001")
        #expect(walkUp.assignedTo == "fred.luddy")
        let fred = try #require(store.desk.agents["fred.luddy"])
        #expect(fred.displayName == "Fred Luddy" && fred.sysID == Self.fred)
        #expect(store.desk.customers.values.contains { $0.sysID == Self.fred && $0.name == "Fred Luddy" }, "a customer stays one")
        #expect(store.desk.customerName(walkUp.openedFor) == "Beth Anglin")
        // The one named by user name in the second file is found by it too.
        #expect(try record(store, "IMS0020002").assignedTo == "abel.tuter")
        #expect(store.desk.agents["abel.tuter"]?.sysID == Self.abel)
    }

    /// The same with display values (links, no sys_user beside them): the assignee and the
    /// work notes' author are the agent with their user_name as login.
    @Test func twoStepsWithDisplayValuesGiveTheSameAgent() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(users: Self.fixtures + "/sys_user.json"), by: "ana", at: now)
        let summary = try store.importServiceNow(ServiceNowSource(interactions: Self.fixtures + "/interaction-display.json"), by: "ana", at: now)
        #expect(summary.unresolved["assigned_to"] == nil, "\(summary.lines)")
        let walkUp = try record(store, "IMS0010001")
        #expect(walkUp.assignedTo == "fred.luddy")
        #expect(walkUp.workNotes.map(\.author) == ["fred.luddy", "fred.luddy"])
        #expect(store.desk.agents["fred-luddy"] == nil && store.desk.agents["fred.luddy"]?.sysID == Self.fred)
    }

    /// A person imported as an agent is found by sys_id when a later file names them as a customer.
    @Test func aCustomerImportedBeforeAsAnAgentIsFoundBySysID() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: Self.file("sys_user")), by: "ana", at: now)
        #expect(!store.desk.customers.values.contains { $0.sysID == Self.fred }, "an assignee only is an agent, not a customer")
        let file = temporaryDirectory() + "-fred-calls.json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try #"""
        {"result":[{"number":"IMS0020003","type":"phone","state":"new","opened_at":"2026-11-27 08:30:00",
        "opened_for":{"link":"https://dev12345.service-now.com/api/now/table/sys_user/5137153cc611227c000bbd1bd8cd2005","value":"5137153cc611227c000bbd1bd8cd2005"}}]}
        """#.write(toFile: file, atomically: true, encoding: .utf8)
        let summary = try store.importServiceNow(ServiceNowSource(interactions: file), by: "ana", at: now)
        #expect(summary.unresolved.isEmpty, "\(summary.lines)")
        let call = try record(store, "IMS0020003")
        #expect(store.desk.customerName(call.openedFor) == "Fred Luddy")
        #expect(store.desk.customers[call.openedFor ?? ""]?.sysID == Self.fred)
    }

    // MARK: 2. sys_user columns

    /// Every column of the rows comes back in the export as it came: user_name (customers too),
    /// an agent's email, first and last name, active, mobile_phone beside phone, the company as
    /// its reference, vip as written; the store keeps them (reopened, and after a compaction).
    @Test func sysUserColumnsAreKeptAndExportedAsTheyCame() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        var store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: Self.file("sys_user")), by: "ana", at: now)

        func check(_ users: [String: [String: String]], _ when: Comment) throws {
            let beth = try #require(users[Self.beth], when)
            #expect(beth["user_name"] == "beth.anglin", when)
            #expect(beth["first_name"] == "Beth" && beth["last_name"] == "Anglin" && beth["active"] == "true", when)
            #expect(beth["phone"] == "+1 555 0100" && beth["mobile_phone"] == "+1 555 0101", when)
            #expect(beth["company"] == Self.acme, "a reference stays a reference (\(when))")
            #expect(beth["vip"] == "true", when)
            let fred = try #require(users[Self.fred], when)
            #expect(fred["email"] == "fred.luddy@example.com", "an agent's email (\(when))")
            #expect(fred["user_name"] == "fred.luddy" && fred["first_name"] == "Fred" && fred["mobile_phone"] == "+1 555 0199", when)
            #expect(fred["phone"] == "", "the mobile number is not folded into phone (\(when))")
            let abel = try #require(users[Self.abel], when)
            #expect(abel["active"] == "false" && abel["vip"] == "1" && abel["email"] == "abel.tuter@example.com", when)
        }
        try check(try exportedUsers(store), "after the import")
        store = try Store(directory: path)
        try check(try exportedUsers(store), "reopened")
        try store.compact(at: now)
        store = try Store(directory: path)
        try check(try exportedUsers(store), "after a compaction")
        // The snapshot's fast reader reads the people with their rows, as JSONDecoder does.
        let snapshot = try StoreFormat.encodeSnapshot(store.desk, generation: 1)
        let fast = try #require(SnapshotLoader.load(snapshot), "the fast path reads people imported from ServiceNow")
        let slow = try JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(snapshot))
        #expect(fast.customers == slow.customers && fast.customers == store.desk.customers.values.sorted { $0.id < $1.id })

        // A field changed here goes out as it is now; the other columns as they came.
        let beth = try #require(store.desk.customers.values.first { $0.sysID == Self.beth })
        var card = CustomerDetails(beth)
        card.email = "beth@new.example.com"
        try store.perform(.editCustomer(id: beth.id, card), by: "ana", at: now)
        let edited = try #require(try exportedUsers(store)[Self.beth])
        #expect(edited["email"] == "beth@new.example.com" && edited["phone"] == "+1 555 0100" && edited["company"] == Self.acme)
    }

    /// With display values the company has a name: the customer shows it, the export still
    /// writes the reference.
    @Test func aCompanyWithItsDisplayValueIsShownAndExportedAsItsReference() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: Self.file("sys_user-all")), by: "ana", at: now)
        let beth = try #require(store.desk.customers.values.first { $0.sysID == Self.beth })
        #expect(beth.company == "ACME North America")
        let row = try #require(try exportedUsers(store)[Self.beth])
        #expect(row["company"] == Self.acme, "never the display text in a raw column")
        #expect(row["user_name"] == "beth.anglin" && row["mobile_phone"] == "+1 555 0101")
    }

    // MARK: 7. References by user name

    /// `{"link": ".../sys_user/abel.tuter", "value": "abel.tuter"}` is the person of that
    /// user_name; `glide.maint`, in no file, is reported, never a nameless customer.
    @Test func aReferenceByUserNameResolvesByItOrIsReported() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: Self.file("sys_user")),
                                                 by: "ana", at: now)
        let chat = try record(store, "IMS0020002")
        #expect(chat.assignedTo == "abel.tuter")
        #expect(store.desk.agents["abel.tuter"]?.sysID == Self.abel)
        #expect(summary.unresolved["opened_for"] == ["glide.maint"], "\(summary.lines)")
        #expect(summary.lines.contains { $0.contains("opened_for references resolve to nobody") && $0.contains("glide.maint") })
        #expect(store.desk.customerName(chat.openedFor) == "unknown user glide.maint")
        #expect(!store.desk.customers.values.contains { $0.name.isEmpty }, "no customer without a name")

        // Once a sys_user file has that user name, the same reference is that person: in a new
        // store, and in this one, where the placeholder becomes them.
        let users = temporaryDirectory() + "-glide.json"
        defer { try? FileManager.default.removeItem(atPath: users) }
        try #"""
        {"result":[{"sys_id":"0a826bf03710200044e0bfc8bcbe5d7f","user_name":"glide.maint","name":"Glide Maintenance"}]}
        """#.write(toFile: users, atomically: true, encoding: .utf8)
        let other = temporaryDirectory()
        defer { cleanUp(other) }
        let second = try Store(directory: other, seed: seed())
        let resolved = try second.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: users), by: "ana", at: now)
        #expect(resolved.unresolved["opened_for"] == [Self.beth], "Beth is in neither file; glide.maint is")
        #expect(second.desk.customerName(try record(second, "IMS0020002").openedFor) == "Glide Maintenance")

        let again = try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: users), by: "ana", at: now)
        #expect(again.unresolved.isEmpty && again.customersAdded == 0, "\(again.lines)")
        let glide = try #require(store.desk.customers[chat.openedFor ?? ""])
        #expect(glide.name == "Glide Maintenance" && glide.sysID == "0a826bf03710200044e0bfc8bcbe5d7f")
    }

    // MARK: 11. Names nobody has, and one login per person

    /// Display values without links name people: a name in no file and not in the store is
    /// reported (the record imports, for a customer of that name without a sys_id); an
    /// assignee gets the login a raw import gives them (`fred.luddy`, not `fred-luddy`).
    @Test func anUnknownNameIsReportedAndLoginsAreDerivedOneWay() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-display")), by: "ana", at: now)
        #expect(summary.shape == .display)
        #expect(summary.added == 2, "every record imports")
        #expect(summary.unresolved["opened_for"]?.contains("Somebody Unknown") == true, "\(summary.lines)")
        #expect(summary.lines.contains { $0.contains("opened_for references resolve to nobody") && $0.contains("Somebody Unknown") })
        let chat = try record(store, "IMS0020002")
        #expect(store.desk.customerName(chat.openedFor) == "Somebody Unknown")
        #expect(store.desk.customers[chat.openedFor ?? ""]?.sysID == nil)
        #expect(try record(store, "IMS0020001").assignedTo == "fred.luddy")
        #expect(store.desk.agents["fred-luddy"] == nil)

        // The raw export of the same records, with sys_user: the same logins.
        let raw = temporaryDirectory()
        defer { cleanUp(raw) }
        let rawStore = try Store(directory: raw, seed: seed())
        try rawStore.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-raw"), users: Self.file("sys_user")), by: "ana", at: now)
        for number in ["IMS0020001", "IMS0020002"] {
            #expect(try record(rawStore, number).assignedTo == record(store, number).assignedTo, "\(number)")
        }
    }

    /// With sys_user beside the display values, names resolve to the people of those rows.
    @Test func namesResolveToTheSysUserRowsOfThoseNames() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let summary = try store.importServiceNow(ServiceNowSource(interactions: Self.file("interaction-display"), users: Self.file("sys_user")),
                                                 by: "ana", at: now)
        #expect(summary.unresolved["opened_for"] == ["Somebody Unknown"], "\(summary.lines)")
        let walkUp = try record(store, "IMS0020001")
        #expect(store.desk.customers[walkUp.openedFor ?? ""]?.sysID == Self.beth)
        #expect(walkUp.assignedTo == "fred.luddy" && store.desk.agents["fred.luddy"]?.sysID == Self.fred)
        #expect(try record(store, "IMS0020002").assignedTo == "abel.tuter")
    }
}
