/// One setting of a walk-up location as the console's location settings screen lists it: the
/// `config` key it is set through, a readable label, the value as `config get` prints it, and
/// what `config set` takes.
public struct LocationSetting: Equatable, Sendable {
    public var key: String
    public var label: String
    public var value: String
    public var allowed: [String]
}

extension Desk {
    /// Every setting of the walk-up location `id`, generated from the tables `config set`
    /// reads (`WalkUpConfig.settings`, then the queue's business calendar keys), so a new
    /// setting is listed without the console knowing of it. Empty when `id` is no location.
    public func locationSettings(_ id: String) -> [LocationSetting] {
        guard let queue = queues[id], let walkUp = queue.walkUp else { return [] }
        let own = WalkUpConfig.settings.map {
            LocationSetting(key: "queue.\(id).walk_up.\($0.name)", label: Self.settingLabel($0.name), value: $0.get(walkUp), allowed: $0.allowed)
        }
        // The calendar the service level counts business time in: the queue's, not the counter's.
        let calendar = calendarEntries(queue).map { key, value in
            let name = String(key.dropFirst("queue.\(id).".count))
            return LocationSetting(key: key, label: "Service-level " + Self.settingLabel(name).lowercased(), value: value,
                                   allowed: WalkUpConfig.setting(name)?.allowed ?? [])
        }
        return own + calendar
    }

    /// `last_check_in` -> `Last check in`; `message.checked_in` -> `Message: checked in`.
    static func settingLabel(_ name: String) -> String {
        let words = name.split(separator: ".", omittingEmptySubsequences: false)
            .map { String($0.map { $0 == "_" ? " " : $0 }) }.joined(separator: ": ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }
}
