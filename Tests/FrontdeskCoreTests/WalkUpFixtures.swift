@testable import FrontdeskCore

/// `makeDesk` with two walk-up locations: `walk-in` (served by bo) and `annex` (nobody),
/// both at their defaults (Mon–Fri 09:00–17:00 UTC, check-in until 16:45) plus `settings`
/// (`config` keys) set by the supervisor. t0 is Tuesday 2026-11-24 09:00 UTC.
func walkUpDesk(_ settings: [(String, String)] = []) throws -> Desk {
    var desk = makeDesk()
    var changes = ChangeSet()
    changes.queues = [Queue(id: "annex", name: "Annex", channels: [.walkUp], targetWaitSeconds: 600)]
    desk.apply(changes)
    try desk.run(.setConfig(key: "queue.walk-in.walk_up", value: "on"), by: "sue")
    try desk.run(.setConfig(key: "queue.annex.walk_up", value: "on"), by: "sue")
    for (key, value) in settings { try desk.run(.setConfig(key: key, value: value), by: "sue") }
    return desk
}

/// A status-link token, distinct per `i`.
func statusToken(_ i: Int) -> String { "token-\(i)-abcdefghijklmnop" }

extension Desk {
    /// A guest checks in by the walk-up gateway.
    @discardableResult
    mutating func checkIn(_ name: String = "Ada Lovelace", at location: String = "walk-in", contact: String? = nil,
                          reason: String = "Password reset", token: Int, when: Instant = t0) throws(DomainError) -> CommandResult {
        try run(.checkIn(location: location, customer: nil, guestName: name, contact: contact, reason: reason, token: statusToken(token)),
                by: "walk-up", at: when)
    }
}

/// London's offsets around 2026's changes: GMT, BST from 29 March 01:00 UTC, GMT from 25 October 01:00 UTC.
let london = ZoneOffsets.table("Europe/London", initial: 0, changes: [
    (Instant(CivilTime(year: 2026, month: 3, day: 29, hour: 1)), 3600),
    (Instant(CivilTime(year: 2026, month: 10, day: 25, hour: 1)), 0),
])
