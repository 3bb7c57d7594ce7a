/// The slots an appointment can still take at a location: what a slot picker offers (the
/// console's). One definition, by the same rules booking and rescheduling check
/// (`checkSlot`: in the future, on the slot grid of an open span on a day that is no holiday,
/// with a place left), so a slot offered is a slot the command accepts.
extension Desk {
    /// How many local days, from today, a slot picker looks ahead by default.
    public static let freeSlotDays = 14

    /// The free slots of `location` from `now` over `days` local days (today first), in time
    /// order. `excluding`: an appointment being moved, whose place does not count and whose
    /// own slot is left out (moving it there changes nothing). None where `location` is no
    /// walk-up location or its slots take nobody.
    public func freeSlots(location: String, at now: Instant, days: Int = Desk.freeSlotDays,
                          excluding id: String? = nil) -> [FreeSlot] {
        guard let s = walkUpSettings(location), let rules = try? appointmentRules(location), rules.slotCapacity > 0 else { return [] }
        let zone = zone(ofLocation: location)
        let own = id.flatMap { appointments[$0] }.map(\.slotStart)
        // The places taken, counted once for the whole range rather than per slot.
        var taken: [Instant: Int] = [:]
        for a in appointments.values where a.location == location && a.id != id && a.holdsSlot && a.slotStart > now {
            taken[a.slotStart, default: 0] += 1
        }
        var slots: [FreeSlot] = []
        var date = zone.local(now).date
        for _ in 0..<max(0, days) {
            for span in s.calendar.spans(on: date) {
                var minute = span.start
                while minute + rules.slotMinutes <= span.end {
                    defer { minute += rules.slotMinutes }
                    let start = zone.instant(date, minute: minute)
                    // A local time the clocks skip reads back as another: the grid check drops it.
                    guard start > now, start != own, slotGridProblem(start, at: location, rules: rules) == nil else { continue }
                    let held = taken[start] ?? 0
                    guard held < rules.slotCapacity else { continue }
                    slots.append(FreeSlot(start: start, local: zone.local(start), free: rules.slotCapacity - held, capacity: rules.slotCapacity))
                }
            }
            date = date.next
        }
        return slots
    }
}

/// A slot with a place left: when it starts (and as the location reads it), and how many of
/// its places are free.
public struct FreeSlot: Equatable, Sendable {
    public var start: Instant
    public var local: LocalTime
    public var free: Int
    public var capacity: Int
}

extension Appointment {
    /// It takes a place in its slot: booked, or checked in (`appointmentsTaken` counts these).
    public var holdsSlot: Bool { state == .booked || state == .checkedIn }
}
