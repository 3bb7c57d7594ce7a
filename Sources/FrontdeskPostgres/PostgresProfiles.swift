import FrontdeskBackend
import FrontdeskCore
import PostgresNIO

/// The desk's channel user profiles on PostgreSQL, read one at a time (`StoredProfiles`), as
/// the file store reads its snapshot's: opening the desk decodes none of them, and learns only
/// how many there are and each id prefix's greatest id (a row per prefix in the working set's
/// statement). A lookup by id, or by identifier (`frontdesk_entities_profile_identifier`), is
/// one query on the side connection.
///
/// It answers for the profiles as they were when the desk was loaded, as a snapshot does: a
/// profile added since, by this process or another, reaches the desk as every change does,
/// through `Desk.apply`, and the directory keeps it. Ids are a prefix and seven digits
/// handed out in order, so "added since" is "greater than its prefix's greatest id at load",
/// known without asking. A profile changed since may come back in its newer form; the
/// directory's own copy of it wins either way.
///
/// The protocol's lookups cannot throw: a failed query answers nothing and is kept in
/// `failure`, which the store checks after planning, so that a command is refused rather
/// than planned as if the profile did not exist (a second profile for one number).
final class PostgresProfiles: StoredProfiles, @unchecked Sendable {
    let count: Int
    private let side: PostgresSideConnection
    /// Id prefix -> its greatest id when the desk was loaded.
    private let greatest: [String: String]
    /// Every profile, decoded, once someone asked for them all (a search does, each time).
    private var everything: [ChannelUserProfile]?
    private var failure: StoreError?

    init(side: PostgresSideConnection, count: Int, greatest: [String: String]) {
        self.side = side
        self.count = count
        self.greatest = greatest
    }

    /// The prefix ids are grouped by (the id less its seven digits), as the load's statement groups them.
    static func prefix(_ id: String) -> String { id.count > 7 ? String(id.dropLast(7)) : "" }

    /// Whether `id` was stored when the desk was loaded.
    func wasStored(_ id: String) -> Bool {
        guard let top = greatest[Self.prefix(id)] else { return false }
        let a = id.utf8, b = top.utf8
        return a.count < b.count || (a.count == b.count && !b.lexicographicallyPrecedes(a))
    }

    func profile(id: String) -> ChannelUserProfile? {
        guard wasStored(id) else { return nil }
        return side.locked { session in
            if let everything { return Self.find(id, in: everything) }
            return read(session, "SELECT key, record::text FROM frontdesk_entities WHERE kind = 'profile' AND key = $1", id).first
        }
    }

    func ids(withIdentifier identifier: String) -> [String] {
        side.locked { session in
            if let everything { return everything.filter { $0.identifier == identifier }.map(\.id) }
            do {
                var binds = PostgresBindings()
                binds.append(identifier)
                let rows = try session.query(PostgresQuery(unsafeSQL: """
                    SELECT key FROM frontdesk_entities WHERE kind = 'profile' AND record->>'identifier' = $1 ORDER BY key COLLATE "C"
                    """, binds: binds), "find a channel profile")
                return try rows.map { try $0.decode(String.self) }.filter(wasStored)
            } catch {
                keep(error, session)
                return []
            }
        }
    }

    func greatestIDs() -> [String] { greatest.filter { !$0.key.isEmpty }.map(\.value) }

    func all() -> [ChannelUserProfile] {
        side.locked { session in
            if let everything { return everything }
            let sql = "SELECT key, record::text FROM frontdesk_entities WHERE kind = 'profile' ORDER BY key COLLATE \"C\""
            let all = read(session, sql, nil).filter { wasStored($0.id) }
            if failure == nil { everything = all }
            return all
        }
    }

    /// The failure of a lookup since the last call, if any (and forgets it).
    func takeFailure() -> StoreError? {
        side.locked { _ in
            defer { failure = nil }
            return failure
        }
    }

    // MARK: Helpers

    private func read(_ session: PostgresSession, _ sql: String, _ key: String?) -> [ChannelUserProfile] {
        do {
            var binds = PostgresBindings()
            if let key { binds.append(key) }
            return try session.query(PostgresQuery(unsafeSQL: sql, binds: binds), "read a channel profile").map { row in
                let (key, json) = try row.decode((String, String).self)
                return try PostgresDocuments.fast(json, table: "frontdesk_entities (profile \(key))") {
                    (d: inout FastDecoder) throws(FastDecoder.Mismatch) in try d.profile()
                }
            }
        } catch {
            keep(error, session)
            return []
        }
    }

    private func keep(_ error: any Error, _ session: PostgresSession) {
        failure = error as? StoreError ?? session.failure(error, "read a channel profile")
    }

    /// `profiles` is in id order (byte order, as the query sorts with COLLATE "C").
    private static func find(_ id: String, in profiles: [ChannelUserProfile]) -> ChannelUserProfile? {
        var lo = 0, hi = profiles.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if profiles[mid].id.utf8.lexicographicallyPrecedes(id.utf8) { lo = mid + 1 } else { hi = mid }
        }
        return lo < profiles.count && profiles[lo].id == id ? profiles[lo] : nil
    }
}
