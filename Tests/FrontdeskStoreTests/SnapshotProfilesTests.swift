import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// A snapshot's profiles stay as bytes until asked for (issue 28, point 1): every lookup must
/// answer exactly what the decoded profiles would, the changes made since on top.
@Suite struct SnapshotProfilesTests {
    static let profiles: [ChannelUserProfile] = [
        ChannelUserProfile(id: "CUP0000001", channel: .whatsapp, identifier: "+447700900000", customer: nil, createdAt: t0),
        // The same number on the other channel: a profile of its own.
        ChannelUserProfile(id: "CUP0000002", channel: .sms, identifier: "+447700900000", customer: "CUS0000001", createdAt: t0),
        // A number that starts like the first one.
        ChannelUserProfile(id: "CUP0000003", channel: .whatsapp, identifier: "+44770090000", customer: nil, createdAt: t0),
        // Identifiers the encoder escapes, or that are not ASCII.
        ChannelUserProfile(id: "CUP0000010", channel: .sms, identifier: "a\"b\\c/d", customer: nil, createdAt: t0),
        ChannelUserProfile(id: "CUP0000011", channel: .sms, identifier: "é 山 🙂", customer: nil, createdAt: t0),
        ChannelUserProfile(id: "CUP0000012", channel: .sms, identifier: "line\nbreak \u{1B}[31m", customer: nil, createdAt: t0),
        // Another id prefix: the counter check reads the greatest of each.
        ChannelUserProfile(id: "PRF0000002", channel: .whatsapp, identifier: "+15550100", customer: nil, createdAt: t0),
        ChannelUserProfile(id: "PRF0000007", channel: .whatsapp, identifier: "+15550107", customer: nil, createdAt: t0),
    ]

    static var desk: Desk {
        var desk = Desk()
        var changes = ChangeSet()
        changes.customers = [Customer(id: "CUS0000001", name: "Ana")]
        changes.profiles = profiles
        changes.counters = [.customer: 1, .profile: 12]
        desk.apply(changes)
        return desk
    }

    func stored() throws -> StoreFormat.Snapshot {
        let bytes = try StoreFormat.encodeSnapshot(Self.desk, generation: 1)
        let file = MappedFile(memory: bytes)
        let snapshot = try #require(SnapshotLoader.load(file.bytes, storingIn: file))
        #expect(snapshot.storedProfiles != nil && snapshot.profiles.isEmpty, "the profiles stay in their stored form")
        return snapshot
    }

    @Test func everyLookupAnswersAsTheDecodedProfilesWould() throws {
        let snapshot = try stored()
        let profiles = try #require(snapshot.storedProfiles)
        #expect(profiles.count == Self.profiles.count)
        #expect(profiles.all() == Self.profiles.sorted { $0.id < $1.id })
        let desk = snapshot.desk()
        for profile in Self.profiles {
            #expect(profiles.profile(id: profile.id) == profile)
            #expect(desk.profiles[profile.id] == profile)
            #expect(desk.profile(channel: profile.channel, identifier: profile.identifier) == profile, "\(profile.identifier.debugDescription)")
        }
        let cases: [(identifier: String, ids: [String])] = [
            ("+447700900000", ["CUP0000001", "CUP0000002"]),
            ("+44770090000", ["CUP0000003"]),
            ("+4477009", []),
            ("447700900000", []),
            ("a\"b\\c/d", ["CUP0000010"]),
            ("é 山 🙂", ["CUP0000011"]),
            ("nobody", []),
        ]
        for (identifier, ids) in cases {
            #expect(profiles.ids(withIdentifier: identifier).sorted() == ids, "\(identifier.debugDescription)")
        }
        #expect(desk.profile(channel: .sms, identifier: "+44770090000") == nil, "the number is known on WhatsApp only")
        #expect(profiles.profile(id: "CUP0000004") == nil && profiles.profile(id: "CUP") == nil && profiles.profile(id: "") == nil)
        #expect(profiles.greatestIDs().sorted() == ["CUP0000012", "PRF0000007"])
        #expect(snapshot.everything == Self.desk.everything, "decoded whole, the snapshot is the same desk")
    }

    @Test func changesMadeSinceWin() throws {
        var desk = try stored().desk()
        var moved = Self.profiles[0]
        moved.identifier = "+10000000"
        moved.customer = "CUS0000001"
        let added = ChannelUserProfile(id: "CUP0000013", channel: .sms, identifier: "+447700900000b", customer: nil, createdAt: t0)
        var changes = ChangeSet()
        changes.profiles = [moved, added]
        desk.apply(changes)

        #expect(desk.profile(channel: .whatsapp, identifier: "+447700900000") == nil, "its old number no longer finds it")
        #expect(desk.profile(channel: .whatsapp, identifier: "+10000000") == moved)
        #expect(desk.profile(channel: .sms, identifier: "+447700900000")?.id == "CUP0000002", "the other channel's profile is untouched")
        #expect(desk.profiles["CUP0000001"] == moved)
        #expect(desk.profile(channel: .sms, identifier: "+447700900000b") == added)
        #expect(desk.profiles.count == Self.profiles.count + 1, "a change is not counted twice; an addition is")
        #expect(desk.profiles.values.sorted { $0.id < $1.id } == (Self.profiles.dropFirst() + [moved, added]).sorted { $0.id < $1.id })
        #expect(desk.counterProblem() == "counter CUP is 12 but CUP0000013 exists", "the counter check sees added profiles")
    }

    @Test func aStoreReadsItsSnapshotsProfilesAsStoredAndAgreesAfterReopening() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: Self.desk.everything)
        _ = try store.compact()
        let reopened = try Store(directory: path)
        #expect(reopened.desk.everything == Self.desk.everything)
        for profile in Self.profiles {
            #expect(reopened.desk.profile(channel: profile.channel, identifier: profile.identifier) == profile)
        }
    }
}
