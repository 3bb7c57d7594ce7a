import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport
import Testing
@testable import FrontdeskPostgres

/// Channel user profiles on PostgreSQL are read one at a time (`PostgresProfiles`), not loaded
/// with the working set (issue 28): by id and by channel and identifier, as the desk was
/// loaded, with the changes caught up since on top.
@Suite(.serialized) struct PostgresProfilesTests {
    static let t0 = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 9))

    static let profiles = [
        ChannelUserProfile(id: "CUP0000001", channel: .whatsapp, identifier: "+447700900000", customer: nil, createdAt: t0),
        ChannelUserProfile(id: "CUP0000002", channel: .sms, identifier: "+447700900000", customer: "CUS0000001", createdAt: t0),
        ChannelUserProfile(id: "CUP0000003", channel: .sms, identifier: "+4477009000001", customer: nil, createdAt: t0),
        ChannelUserProfile(id: "CUP0000004", channel: .sms, identifier: "a\"b\\c/ü 🙂", customer: nil, createdAt: t0),
    ]

    static func seed() -> ChangeSet {
        var seed = ChangeSet()
        seed.config = DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk")
        seed.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
        seed.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"], role: .supervisor)]
        seed.customers = [Customer(id: "CUS0000001", name: "Zoë Müller", email: "zoe@example.com", phone: "+15551234567")]
        seed.profiles = profiles
        seed.counters = [.customer: 1, .profile: 4]
        return seed
    }

    @Test func profilesAreReadByIdAndIdentifierAsLoadedWithChangesSinceOnTop() throws {
        let database = try TestPostgres.createDatabase()
        defer { database.drop() }
        let writer = try PostgresStore(url: database.url, seed: Self.seed())
        let reader = try PostgresStore(url: database.url)
        for p in Self.profiles {
            #expect(reader.desk.profile(channel: p.channel, identifier: p.identifier) == p, "\(p.id)")
            #expect(reader.desk.profiles[p.id] == p)
        }
        #expect(reader.desk.profile(channel: .sms, identifier: "+44770090000") == nil, "a prefix of a number is not the number")
        #expect(reader.desk.profile(channel: .whatsapp, identifier: "+4477009000001") == nil, "known on SMS only")
        #expect(reader.desk.profiles["CUP0000009"] == nil && reader.desk.profiles["CUP"] == nil && reader.desk.profiles[""] == nil)
        #expect(reader.desk.profiles.count == 4 && reader.desk.profiles.greatestIDs() == ["CUP0000004"])
        #expect(reader.desk.profiles.values.sorted { $0.id < $1.id } == Self.profiles)

        // Changed since: one re-numbered and linked, one added by a message from a new number.
        var moved = Self.profiles[0]
        moved.identifier = "+10000000"
        moved.customer = "CUS0000001"
        try writer.performBatch(by: "ana", at: Self.t0.adding(60)) { _ in
            var changes = ChangeSet()
            changes.profiles = [moved]
            return changes
        }
        let added = try writer.perform(.intakeMessage(channel: .sms, identifier: "+15550100777", text: "hi", queue: nil),
                                       by: "sms", clock: FixedTime(Self.t0.adding(120)))
        #expect(added.intake?.profile == "CUP0000005" && added.intake?.profileCreated == true)
        // Not caught up yet: the desk is as loaded; a profile added since is not among the stored ones.
        #expect(reader.desk.profiles.count == 4 && reader.desk.profiles["CUP0000005"] == nil)
        #expect(reader.desk.profile(channel: .sms, identifier: "+15550100777") == nil)

        try reader.refresh()
        for (name, desk) in [("caught up", reader.desk), ("opened again", try PostgresStore(url: database.url).desk)] {
            #expect(desk.profile(channel: .whatsapp, identifier: "+447700900000") == nil, "\(name): its old number no longer finds it")
            #expect(desk.profile(channel: .whatsapp, identifier: "+10000000") == moved, "\(name)")
            #expect(desk.profiles["CUP0000001"] == moved, "\(name)")
            #expect(desk.profile(channel: .sms, identifier: "+447700900000") == Self.profiles[1], "\(name): the other channel's is untouched")
            #expect(desk.profile(channel: .sms, identifier: "+15550100777")?.id == "CUP0000005", "\(name)")
            #expect(desk.profiles.count == 5, "\(name): a change is not counted twice; an addition is")
            #expect(desk.profiles.values.map(\.id).sorted() == ["CUP0000001", "CUP0000002", "CUP0000003", "CUP0000004", "CUP0000005"], "\(name)")
            #expect(desk.counterProblem() == nil, "\(name)")
        }
        // A second message from the added number joins its interaction: found by identifier in the database.
        let again = try PostgresStore(url: database.url)
        let joined = try again.perform(.intakeMessage(channel: .sms, identifier: "+15550100777", text: "again", queue: nil),
                                       by: "sms", clock: FixedTime(Self.t0.adding(180)))
        #expect(joined.intake?.profile == "CUP0000005" && joined.intake?.joined == true && joined.intake?.profileCreated == false)
    }

    /// A profile whose document cannot be read refuses the message that needs it, naming it,
    /// rather than planning as if there were none (a second profile for one number); nothing is written.
    @Test func aProfileThatCannotBeReadRefusesTheMessageAndWritesNothing() throws {
        let database = try TestPostgres.createDatabase()
        defer { database.drop() }
        _ = try PostgresStore(url: database.url, seed: Self.seed())
        try database.sql("""
            UPDATE frontdesk_entities SET record = '{"channel":"sms","identifier":"+4477009000001"}' WHERE kind = 'profile' AND key = 'CUP0000003'
            """)
        let store = try PostgresStore(url: database.url)
        let before = try database.sql("SELECT count(*) FROM frontdesk_changes")
        #expect {
            try store.perform(.intakeMessage(channel: .sms, identifier: "+4477009000001", text: "hi", queue: nil),
                              by: "sms", clock: FixedTime(Self.t0))
        } throws: { error in
            guard case StoreError.damaged(let file, _, _) = error else { return false }
            return file.contains("CUP0000003") || file.contains("profile")
        }
        #expect(try database.sql("SELECT count(*) FROM frontdesk_changes") == before)
        #expect(store.desk.interactions.isEmpty)
        // Another number is taken in as usual.
        let other = try store.perform(.intakeMessage(channel: .sms, identifier: "+15550100777", text: "hi", queue: nil),
                                      by: "sms", clock: FixedTime(Self.t0))
        #expect(other.intake?.profile == "CUP0000005")
    }

    /// A database at schema 3 gains the identifier's index when a newer binary opens it.
    @Test func schemaThreeIsMigratedWithTheIdentifierIndex() throws {
        let database = try TestPostgres.createDatabase()
        defer { database.drop() }
        _ = try PostgresStore(url: database.url, seed: Self.seed())
        try database.sql("DROP INDEX frontdesk_entities_profile_identifier; UPDATE frontdesk_meta SET value = '3' WHERE key = 'schema'")
        let store = try PostgresStore(url: database.url)
        #expect(try database.sql("SELECT value FROM frontdesk_meta WHERE key = 'schema'").trimmingCharacters(in: .whitespacesAndNewlines) == "4")
        #expect(try database.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'frontdesk_entities_profile_identifier'")
            .trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        #expect(store.desk.profile(channel: .sms, identifier: "+4477009000001") == Self.profiles[2])
        // The server compiles no statement of the desk's (the working set's cost 50-150 ms to compile).
        #expect(try store.session.query("SHOW jit", "test").first?.decode(String.self) == "off")
    }
}

/// A related task that links no record is read with the working set, found by its row with no
/// number in `frontdesk_task_links` (written with the task, and by schema 4's migration).
@Suite(.serialized) struct PostgresTaskLinksTests {
    @Test func aTaskLinkingNoRecordIsReadWithTheWorkingSetAfterAWriteAndAfterTheMigration() throws {
        let database = try TestPostgres.createDatabase()
        defer { database.drop() }
        var seed = PostgresProfilesTests.seed()
        let lone = RelatedTask(number: "INC0000001", kind: .incident, shortDescription: "printer room flooded", openedFor: nil,
                               assignedTo: nil, openedAt: PostgresProfilesTests.t0, interactions: [])
        seed.tasks = [lone]
        seed.counters[.incident] = 1
        _ = try PostgresStore(url: database.url, seed: seed)
        #expect(try database.sql("SELECT task || '|' || interaction FROM frontdesk_task_links").trimmingCharacters(in: .whitespacesAndNewlines)
            == "INC0000001|")
        #expect(try PostgresStore(url: database.url).desk.tasks["INC0000001"] == lone)

        // A database at schema 3 had no such row: the migration adds it.
        try database.sql("DELETE FROM frontdesk_task_links; UPDATE frontdesk_meta SET value = '3' WHERE key = 'schema'")
        #expect(try PostgresStore(url: database.url).desk.tasks["INC0000001"] == lone)
        #expect(try database.sql("SELECT count(*) FROM frontdesk_task_links WHERE interaction = ''").trimmingCharacters(in: .whitespacesAndNewlines) == "1")
    }
}
