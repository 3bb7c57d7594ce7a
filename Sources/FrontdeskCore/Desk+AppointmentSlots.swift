/// Where appointments meet the location's walk-up settings (`WalkUpSettings`): slot length,
/// capacity and lead, reasons for visit, opening hours and holidays, in the location's zone.
extension Desk {
    /// The appointment settings of a walk-up location; refused when `location` is not one.
    func appointmentRules(_ location: String) throws(DomainError) -> AppointmentRules {
        guard queues[location] != nil else { throw .notFound(kind: "location", key: location) }
        guard let s = walkUpSettings(location) else {
            throw .appointment(subject: location, why: "it is not a walk-up location (queue.\(location).walk_up on)")
        }
        return AppointmentRules(slotMinutes: max(1, s.slotMinutes), slotCapacity: max(0, s.slotCapacity), offerLeadMinutes: max(0, s.offerLeadMinutes))
    }

    /// A location's appointment settings (the standard ones for a queue that is not a location).
    public func appointmentSettings(_ location: String) -> AppointmentRules {
        (try? appointmentRules(location)) ?? .standard
    }

    /// The IANA time zone a location's hours and slots are read in.
    public func appointmentTimeZone(_ location: String) -> String { walkUpSettings(location)?.timeZone ?? "UTC" }

    /// The location's reasons for visit, in its order (empty: any reason).
    func walkUpReasons(_ location: String) -> [String] { walkUpSettings(location)?.reasons ?? [] }

    /// Why `start` is not one of the location's slots, or nil. Slots run every `slotMinutes`
    /// from the start of each opening span and end within it, on a day that is no holiday;
    /// all in local time, so a slot keeps its wall-clock time across a DST change.
    func slotGridProblem(_ start: Instant, at location: String, rules: AppointmentRules) -> String? {
        guard let s = walkUpSettings(location) else { return "it is not a walk-up location" }
        let zone = zone(ofLocation: location)
        let local = zone.local(start)
        let when = "\(local.date) \(local.clock) \(zone.identifier)"
        if s.holidays.contains(local.date) { return "\(local.date) is a holiday at \(location)" }
        let spans = s.hours[local.weekday] ?? []
        guard let span = spans.first(where: { $0.contains(local.minuteOfDay) }) else {
            return "\(location) is closed at \(when) (\(Self.describe(spans, on: local.weekday)))"
        }
        guard (local.minuteOfDay - span.start) % rules.slotMinutes == 0, start.seconds % 60 == 0 else {
            return "\(when) is not a slot start: slots are \(rules.slotMinutes) minutes from \(LocalTime(date: local.date, minuteOfDay: span.start).clock)"
        }
        guard local.minuteOfDay + rules.slotMinutes <= span.end else {
            return "a \(rules.slotMinutes)-minute slot at \(when) ends after closing (\(LocalTime(date: local.date, minuteOfDay: span.end % 1440).clock))"
        }
        return nil
    }

    private static func describe(_ spans: [OpeningSpan], on day: Weekday) -> String {
        guard !spans.isEmpty else { return "closed on \(day.rawValue)" }
        let today = LocalDate(year: 2000, month: 1, day: 1)
        return "open " + spans.map { "\(LocalTime(date: today, minuteOfDay: $0.start).clock)-\(LocalTime(date: today, minuteOfDay: $0.end % 1440).clock)" }
            .joined(separator: ", ")
    }

    /// Serving order at a walk-up location: a visitor who checked in on time for their
    /// appointment (within `offerLeadMinutes` before the slot, up to its start) comes first,
    /// by slot; everyone else by when they began to wait.
    ///
    /// `changed` are appointments a change is about to save: the key is the one the record
    /// will have once they are (an appointment checked in by that very change ranks ahead).
    func appointmentSortKey(_ r: Interaction, changed: [Appointment] = []) -> WalkUpSortKey? {
        guard let a = appointment(ofVisit: r.number, changed: changed), a.state == .checkedIn,
              let at = a.checkedInAt, at <= a.slotStart,
              at >= a.slotStart.adding(-Int64(appointmentSettings(a.location).offerLeadMinutes) * 60) else { return nil }
        return WalkUpSortKey(priority: 0, since: a.slotStart, number: r.number)
    }

    /// The appointment whose visit record `number` is, with `changed` saved over the desk's.
    private func appointment(ofVisit number: String, changed: [Appointment]) -> Appointment? {
        if let a = changed.last(where: { $0.interaction == number }) { return a }
        guard let id = appointmentByRecord[number], let a = appointments[id] else { return nil }
        // The change moves that appointment to another visit: it is no longer this one's.
        return changed.contains { $0.id == id } ? nil : a
    }

    /// A check-in for an appointment (`.checkIn(appointment:)`): the appointment is checked in,
    /// and when routing already put it in the queue, the visit is that walk-up (the new
    /// record's ticket, token and trail go there) rather than `visit`, a second one. Returns
    /// the record to save as the visit and the appointment as checked in; the check-in sends
    /// its notice afterwards, from the place the visit has once both are saved.
    func attachAppointment(_ id: String, to visit: Interaction, location: String, by actor: String, at now: Instant,
                           counters: inout Counters) throws(DomainError) -> (visit: Interaction, appointment: Appointment) {
        guard var a = appointments[id] else { throw .notFound(kind: "appointment", key: id) }
        guard a.isOpen else { throw .appointment(subject: id, why: "it is \(a.state.display.lowercased()); only a booked appointment is checked in") }
        guard a.location == location else { throw .appointment(subject: id, why: "it is at \(a.location), not \(location)") }
        var visit = visit
        if let opened = a.interaction.flatMap(interaction), opened.isWaiting {
            // The walk-up routing opened: it takes the check-in, and the new number is not used.
            var merged = opened
            merged.ticket = visit.ticket; merged.statusToken = visit.statusToken; merged.reason = visit.reason
            merged.guestName = visit.guestName
            if merged.openedFor == nil { merged.openedFor = visit.openedFor }
            merged.history += visit.history.dropFirst()
            merged.transcript += visit.transcript
            merged.history.append(AuditEntry(at: now, by: actor, change: .field(name: "checked_in", old: nil, new: id)))
            merged.version += 1
            counters.last[.interaction] = self.counters.last[.interaction]
            visit = merged
        } else {
            visit.history.append(AuditEntry(at: now, by: actor, change: .field(name: Self.appointmentAuditField, old: nil, new: id)))
        }
        a.interaction = visit.number
        a.state = .checkedIn
        a.checkedInAt = now
        a.version += 1
        return (visit, a)
    }
}
