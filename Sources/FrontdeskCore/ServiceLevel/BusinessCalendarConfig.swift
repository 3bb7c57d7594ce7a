/// A queue's business calendar as `config` keys: `queue.<id>.hours`, `.holidays` and
/// `.time_zone`. On a walk-up location they are its opening hours (the same values as
/// `queue.<id>.walk_up.hours` and so on: one calendar); on any other queue `hours` may be
/// `24x7`, the calendar-less default, which stores nothing.
enum BusinessCalendarConfig {
    static let names = ["hours", "holidays", "time_zone"]
    static let aroundTheClock = "24x7"
}

extension Desk {
    func calendarEntries(_ queue: Queue) -> [(String, String)] {
        guard let calendar = queue.businessCalendar else {
            return [("queue.\(queue.id).hours", BusinessCalendarConfig.aroundTheClock), ("queue.\(queue.id).holidays", ""),
                    ("queue.\(queue.id).time_zone", "UTC")]
        }
        // Read through the walk-up table's rows: one text form of hours, holidays and zones.
        let probe = WalkUpSettings(timeZone: calendar.timeZone, hours: calendar.hours, holidays: calendar.holidays)
        return BusinessCalendarConfig.names.compactMap { name in
            WalkUpConfig.setting(name).map { ("queue.\(queue.id).\(name)", $0.get(probe)) }
        }
    }

    /// The queue as `queue.<id>.<setting> = value` leaves it.
    func planCalendarConfig(queue id: String, setting: String, value v: String, key: String) throws(DomainError) -> Queue {
        guard var queue = queues[id] else { throw .invalidValue(field: "queue in \(key)", value: id, allowed: queues.keys.sorted()) }
        if setting == "hours", v.lowercased() == BusinessCalendarConfig.aroundTheClock {
            guard queue.walkUp == nil else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["opening hours (a walk-up location keeps them): mon-fri 09:00-17:00", "closed"])
            }
            queue.calendar = nil
            return queue
        }
        guard let row = WalkUpConfig.setting(setting) else { throw .invalidValue(field: "config key", value: key, allowed: Self.configKeyPatterns) }
        // A queue's first calendar starts as office hours in UTC, then takes the value.
        let calendar = queue.businessCalendar ?? BusinessCalendar()
        var probe = WalkUpSettings(timeZone: calendar.timeZone, hours: calendar.hours, holidays: calendar.holidays)
        try row.set(&probe, v, self)
        queue.businessCalendar = probe.calendar
        return queue
    }
}
