/// Channel user profiles as a store keeps them, read one at a time.
///
/// A desk holds tens of thousands of profiles and a command touches one or two: the file
/// store hands the desk its snapshot's profile lines behind this protocol, so opening the
/// store decodes none of them (issue 28: a command decodes what it touches).
public protocol StoredProfiles: Sendable {
    var count: Int { get }
    /// The profile with this id, decoded from its stored form.
    func profile(id: String) -> ChannelUserProfile?
    /// The ids of every stored profile whose identifier is exactly `identifier` (any channel).
    func ids(withIdentifier identifier: String) -> [String]
    /// For each id prefix (the id less its seven digits), the greatest stored id: what the
    /// counter check reads.
    func greatestIDs() -> [String]
    /// Every stored profile, decoded, in id order.
    func all() -> [ChannelUserProfile]
}

/// The desk's channel user profiles: those stored (`StoredProfiles`, possibly none) with the
/// ones added or changed since on top. Lookups by id and by channel and identifier decode
/// only what they return.
public struct ProfileDirectory: Sendable {
    private var stored: (any StoredProfiles)?
    /// Profiles added or changed since the stored ones were read: these win.
    private var changed: [String: ChannelUserProfile] = [:]
    /// `channel:identifier` -> id, for `changed` only.
    private var changedByKey: [String: String] = [:]
    /// How many of `changed` are not among the stored ones.
    private var added = 0

    public init(stored: (any StoredProfiles)? = nil) { self.stored = stored }

    public var count: Int { (stored?.count ?? 0) + added }
    public var isEmpty: Bool { count == 0 }

    public subscript(id: String) -> ChannelUserProfile? {
        changed[id] ?? stored?.profile(id: id)
    }

    /// Every profile, in no particular order (callers sort): decodes all the stored ones.
    public var values: [ChannelUserProfile] {
        guard let stored else { return Array(changed.values) }
        return stored.all().map { changed[$0.id] ?? $0 } + changed.values.filter { stored.profile(id: $0.id) == nil }
    }

    /// The id of the profile with this channel and identifier.
    public func id(channel: MessagingChannel, identifier: String) -> String? {
        if let id = changedByKey[Self.key(channel, identifier)] { return id }
        guard let stored else { return nil }
        // A stored profile changed since (its identifier, say) is known by its newer form only.
        return stored.ids(withIdentifier: identifier).first { id in
            changed[id] == nil && stored.profile(id: id)?.channel == channel
        }
    }

    /// For each id prefix, the greatest id held.
    public func greatestIDs() -> [String] { (stored?.greatestIDs() ?? []) + changed.keys }

    mutating func reserveCapacity(_ extra: Int) {
        changed.reserveCapacity(changed.count + extra)
        changedByKey.reserveCapacity(changedByKey.count + extra)
    }

    mutating func upsert(_ profile: ChannelUserProfile) {
        if let old = changed[profile.id] {
            changedByKey[Self.key(old.channel, old.identifier)] = nil
        } else if stored?.profile(id: profile.id) == nil {
            added += 1
        }
        changed[profile.id] = profile
        changedByKey[Self.key(profile.channel, profile.identifier)] = profile.id
    }

    static func key(_ channel: MessagingChannel, _ identifier: String) -> String {
        channel.rawValue + ":" + identifier
    }
}
