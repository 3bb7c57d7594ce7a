/// Walk-up appointments (ServiceNow's Walk-up appointment booking): a customer books a slot at
/// a location; shortly before it the appointment becomes a Queued walk-up (routing's pass),
/// and a visitor who checks in on time is served ahead of walk-ins.
///
/// Rules of booking (and rescheduling), each refusal naming its rule:
/// - the location is a walk-up queue; the customer exists; the reason is one of the location's;
/// - the slot is in the future, starts on the location's slot grid (from each opening span's
///   start, every `slotMinutes`) and ends within the span, on an open day (not a holiday);
/// - the slot holds fewer than `slotCapacity` open appointments;
/// - the customer holds fewer than `appointments.per_customer` booked ones (1 unless set; 0: no limit).
extension Desk {
    /// The booked appointments of a location (nil: every location), by slot then id.
    public func appointments(at location: String? = nil, state: Appointment.State? = nil) -> [Appointment] {
        appointments.values
            .filter { (location == nil || $0.location == location) && (state == nil || $0.state == state) }
            .sorted { $0.slotStart != $1.slotStart ? $0.slotStart < $1.slotStart : $0.id < $1.id }
    }

    /// The appointment an interaction was opened for, if any.
    public func appointment(ofInteraction number: String) -> Appointment? {
        appointments.values.first { $0.interaction == number }
    }

    /// Appointments holding a place in `location`'s slot at `start` (booked or checked in).
    public func appointmentsTaken(location: String, slot start: Instant, excluding id: String? = nil) -> Int {
        appointments.values.filter {
            $0.location == location && $0.slotStart == start && $0.id != id && $0.holdsSlot
        }.count
    }

    func planAppointment(_ command: DeskCommand, by actor: String, at now: Instant,
                         counters: inout Counters) throws(DomainError) -> CommandResult {
        switch command {
        case let .bookAppointment(customer, location, start, reason):
            try requireBooker(actor, "book an appointment")
            guard customers[customer] != nil else { throw .notFound(kind: "customer", key: customer) }
            let rules = try appointmentRules(location)
            let chosen = try reasonForVisit(reason, at: location)
            try checkSlot(start, at: location, rules: rules, now: now, excluding: nil, subject: "for \(customerName(customer))")
            let limit = config.appointmentsPerCustomer
            let held = appointments.values.filter { $0.customer == customer && $0.isOpen }
            if limit > 0, held.count >= limit {
                throw .appointment(subject: customerName(customer), why: "already holds \(held.map(\.id).sorted().joined(separator: ", ")); "
                                   + "one open appointment per customer\(limit == 1 ? "" : " (at most \(limit))") "
                                   + "(config appointments.per_customer)")
            }
            let id = counters.next(.appointment)
            let booked = Appointment(id: id, customer: customer, location: location, slotStart: start, reason: chosen,
                                     createdBy: actor, createdAt: now)
            var changes = ChangeSet()
            changes.put(booked)
            return CommandResult(changes: changes, subject: id,
                                 summary: "\(id) booked for \(customerName(customer)) at \(location), \(slotLabel(start, at: location))")
        case let .cancelAppointment(id):
            try requireBooker(actor, "cancel an appointment")
            var a = try openAppointment(id, "cancelled")
            a.state = .cancelled
            a.version += 1
            var changes = ChangeSet()
            // Already in the queue and not yet taken: it leaves the queue with the appointment.
            if let number = a.interaction, let r = interaction(number), r.isWaiting {
                changes.merge(try plan(.transition(number: number, .abandon), by: actor, at: now).changes)
            }
            changes.put(a)
            return CommandResult(changes: changes, subject: id, summary: "\(id) cancelled")
        case let .rescheduleAppointment(id, start):
            try requireBooker(actor, "reschedule an appointment")
            var a = try openAppointment(id, "rescheduled")
            if let number = a.interaction {
                throw .appointment(subject: id, why: "it is already in the queue as \(number); cancel it and book again")
            }
            guard start != a.slotStart else { throw .noChange(number: id, field: "slot") }
            try checkSlot(start, at: a.location, rules: try appointmentRules(a.location), now: now, excluding: id, subject: id)
            a.slotStart = start
            a.version += 1
            var changes = ChangeSet()
            changes.put(a)
            return CommandResult(changes: changes, subject: id, summary: "\(id) moved to \(slotLabel(start, at: a.location))")
        case let .openAppointment(id):
            var a = try openAppointment(id, "opened")
            guard a.interaction == nil else { throw .appointment(subject: id, why: "it is already in the queue as \(a.interaction!)") }
            let rules = try appointmentRules(a.location)
            guard now >= a.slotStart.adding(-Int64(rules.offerLeadMinutes) * 60) else {
                throw .appointment(subject: id, why: "its slot is more than \(rules.offerLeadMinutes) minutes away")
            }
            var opened = try plan(.intake(type: .walkUp, openedFor: a.customer, queue: a.location, text: nil), by: actor, at: now)
            guard let number = opened.subject, var r = opened.changes.interactions.first(where: { $0.number == number }) else {
                throw .appointment(subject: id, why: "no walk-up could be opened")
            }
            r.shortDescription = a.reason
            r.reason = a.reason
            // A ticket like any visitor's, so the room's display and the counter can call it.
            r.ticket = takeTicket(location: a.location, at: now, zone: zone(ofLocation: a.location), changes: &opened.changes)
            r.history.append(AuditEntry(at: now, by: actor, change: .field(name: Self.appointmentAuditField, old: nil, new: id)))
            opened.changes.put(r)
            a.interaction = number
            a.version += 1
            opened.changes.put(a)
            return CommandResult(changes: opened.changes, subject: id, summary: "\(id) is in the queue as \(number)")
        case let .missAppointment(id):
            var a = try openAppointment(id, "marked missed")
            let rules = try appointmentRules(a.location)
            guard now >= a.slotStart.adding(Int64(rules.slotMinutes) * 60) else {
                throw .appointment(subject: id, why: "its slot has not ended")
            }
            a.state = .missed
            a.version += 1
            var changes = ChangeSet()
            changes.put(a)
            return CommandResult(changes: changes, subject: id, summary: "\(id) missed")
        default:
            throw .invalidValue(field: "appointment command", value: "\(command)", allowed: ["book, cancel, reschedule, open, miss"])
        }
    }

    /// The audit field naming the appointment a walk-up was opened for.
    public static let appointmentAuditField = "appointment"

    /// What routing does for appointments at `now`: opens those whose slot is near, and marks
    /// missed those whose slot ended with nobody checked in.
    func appointmentDecisions(at now: Instant) -> [RoutingDecision] {
        var decisions: [RoutingDecision] = []
        for a in appointments.values where a.isOpen {
            guard let rules = try? appointmentRules(a.location) else { continue }
            if now >= a.slotStart.adding(Int64(rules.slotMinutes) * 60) {
                decisions.append(.missAppointment(id: a.id))
            } else if a.interaction == nil, now >= a.slotStart.adding(-Int64(rules.offerLeadMinutes) * 60) {
                decisions.append(.openAppointment(id: a.id))
            }
        }
        return decisions.sorted { "\($0)" < "\($1)" }
    }

    private func requireBooker(_ actor: String, _ operation: String) throws(DomainError) {
        // The self-service booking page books as the location's gateway login.
        if isGateway(actor) { return }
        guard let agent = actingAgent(actor) else { throw notAnAgent(actor, operation) }
        if agent.disabled { throw .agentDisabled(login: actor, operation: operation) }
    }

    private func openAppointment(_ id: String, _ becoming: String) throws(DomainError) -> Appointment {
        guard let a = appointments[id] else { throw .notFound(kind: "appointment", key: id) }
        guard a.isOpen else {
            throw .appointment(subject: id, why: "it is \(a.state.display.lowercased()): only a booked appointment can be \(becoming)")
        }
        return a
    }

    /// The reason as the location spells it; any non-empty reason where the location lists none.
    private func reasonForVisit(_ typed: String, at location: String) throws(DomainError) -> String {
        let text = typed.givenText
        guard !text.isEmpty else { throw .emptyText(field: "reason for visit") }
        let listed = walkUpReasons(location)
        guard !listed.isEmpty else { return text }
        guard let match = listed.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw .invalidValue(field: "reason for visit at \(location)", value: text, allowed: listed)
        }
        return match
    }

    private func checkSlot(_ start: Instant, at location: String, rules: AppointmentRules, now: Instant,
                           excluding id: String?, subject: String) throws(DomainError) {
        guard start > now else {
            throw .appointment(subject: subject, why: "\(slotLabel(start, at: location)) has begun or passed; book a slot in the future")
        }
        if let problem = slotGridProblem(start, at: location, rules: rules) { throw .appointment(subject: subject, why: problem) }
        let taken = appointmentsTaken(location: location, slot: start, excluding: id)
        guard taken < rules.slotCapacity else {
            throw .appointment(subject: subject, why: "the slot at \(slotLabel(start, at: location)) is full "
                               + "(\(taken) of \(rules.slotCapacity) booked at \(location))")
        }
    }

    /// `2026-11-24 10:30 Europe/London`: a slot as its location reads it.
    public func slotLabel(_ start: Instant, at location: String) -> String {
        let zone = zone(ofLocation: location), local = zone.local(start)
        return "\(local.date) \(local.clock) \(zone.identifier)"
    }
}

/// A location's appointment settings, with their defaults.
public struct AppointmentRules: Equatable, Sendable {
    public var slotMinutes: Int
    /// Appointments a slot takes.
    public var slotCapacity: Int
    /// How long before its slot an appointment becomes a Queued walk-up.
    public var offerLeadMinutes: Int

    public static let standard = AppointmentRules(slotMinutes: 30, slotCapacity: 1, offerLeadMinutes: 15)

    public init(slotMinutes: Int, slotCapacity: Int, offerLeadMinutes: Int) {
        self.slotMinutes = slotMinutes; self.slotCapacity = slotCapacity; self.offerLeadMinutes = offerLeadMinutes
    }
}
