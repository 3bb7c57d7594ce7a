import FrontdeskCore

/// A walk-up location's appointments in the console (`p` on its counter): the list, cancel
/// (asks first), reschedule and book through pickers whose slots are the domain's free slots
/// (`Desk.freeSlots`). Whether each action may run was asked of the domain by its binding
/// (`AppointmentActions`); the command itself decides, and a refusal changes nothing.
extension ConsoleState {
    /// Rows of the appointments list: the body less nothing (the title and column header are the header's).
    var appointmentRows: Int { listHeight }

    /// The appointments of the counter shown, the first still booked selected (the one to act on).
    mutating func openAppointments(_ desk: Desk) {
        guard let location = home.counter else { return }
        var shown = AppointmentsScreen(location: location)
        shown.reload(desk, at: now, visibleRows: appointmentRows)
        if let next = shown.ids.first(where: { desk.appointments[$0]?.state == .booked }) {
            shown.reload(desk, at: now, visibleRows: appointmentRows, select: next)
        }
        appointments = shown
        screen = .appointments
        searchField = nil
    }

    /// Back to the counter the list was opened from.
    mutating func leaveAppointments(_ desk: Desk) {
        appointments = nil
        screen = .home
        reloadRows(desk)
    }

    mutating func reloadAppointments(_ desk: Desk, select id: String? = nil) {
        guard var shown = appointments else { return }
        shown.reload(desk, at: now, visibleRows: appointmentRows, select: id)
        appointments = shown
    }

    mutating func clampAppointments() {
        let rows = appointmentRows
        appointments?.clamp(visibleRows: rows)
    }

    /// A booking or a move saved: the appointment it names is selected, where it is listed.
    mutating func appointmentSaved(_ result: CommandResult, _ desk: Desk) {
        guard appointments != nil, let id = result.subject, desk.appointments[id] != nil else { return }
        reloadAppointments(desk, select: id)
    }

    /// What a key does on the appointments screen; nil for the keys every screen shares (help,
    /// presence, a new interaction...), which the caller carries out.
    mutating func appointmentAction(_ action: UIAction, desk: Desk) -> [ConsoleEffect]? {
        guard var shown = appointments else { return nil }
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            shown.move(action, visibleRows: appointmentRows)
            appointments = shown
        case .back:
            leaveAppointments(desk)
        case .cancelAppointment:
            guard let id = shown.selectedID, let a = desk.appointments[id] else { return [] }
            askToCancel(a, desk)
        case .rescheduleAppointment:
            guard let id = shown.selectedID, let a = desk.appointments[id] else { return [] }
            let slots = slotChoices(desk.freeSlots(location: a.location, at: now, excluding: id))
            let zone = desk.zone(ofLocation: a.location)
            dialog = .picker(PickerPrompt(title: "Move \(id) (\(Self.slotText(zone.local(a.slotStart))) \(zone.identifier)) to",
                                          purpose: .appointmentSlot(.reschedule(id: id), location: a.location, choices: slots)))
        case .bookAppointment:
            dialog = .picker(PickerPrompt(title: "Book at \(locationName(shown.location, desk)): the customer",
                                          purpose: .appointmentCustomer(location: shown.location)))
        default:
            return nil
        }
        return []
    }

    /// Names what it cancels: whose, where, when, what for, and what else happens.
    private mutating func askToCancel(_ a: Appointment, _ desk: Desk) {
        let when = Self.slotText(desk.zone(ofLocation: a.location).local(a.slotStart)) + " " + desk.zone(ofLocation: a.location).identifier
        var message = "\(desk.customerName(a.customer))'s appointment at \(locationName(a.location, desk)), \(when) (\(a.reason)), "
            + "is cancelled and its slot freed."
        if let number = a.interaction, desk.interaction(number)?.isWaiting == true {
            message += " Its walk-up \(number) leaves the queue."
        }
        dialog = .choice(ChoicePrompt(
            title: "Cancel \(a.id)?", message: TextSanitizer.clean(message),
            options: [ChoiceOption("Keep it", .dismiss), ChoiceOption("Cancel appointment", .run(.cancelAppointment(id: a.id), .stay))],
            safe: 0))
    }

    /// An item of an appointment picker taken: on to the next question, or the command saved.
    /// A refused save brings the picker back as it was (`returnTo`), the rule on the message line.
    mutating func appointmentPicked(_ item: PickerItem, for prompt: PickerPrompt, desk: Desk) -> [ConsoleEffect] {
        switch (prompt.purpose, item.value) {
        case let (.appointmentCustomer(location), .customer(id)):
            dialog = .picker(PickerPrompt(title: "Book for \(TextSanitizer.clean(desk.customerName(id))): the reason",
                                          purpose: .appointmentReason(location: location, customer: id)))
        case let (.appointmentReason(location, customer), .reason(reason)):
            let slots = slotChoices(desk.freeSlots(location: location, at: now))
            let zone = desk.zone(ofLocation: location).identifier
            dialog = .picker(PickerPrompt(title: "Book for \(TextSanitizer.clean(desk.customerName(customer))) (\(reason)): the slot, \(zone)",
                                          purpose: .appointmentSlot(.book(customer: customer, reason: reason), location: location, choices: slots)))
        case let (.appointmentSlot(purpose, location, _), .slot(start)):
            let command: DeskCommand = switch purpose {
            case let .reschedule(id): .rescheduleAppointment(id: id, at: start)
            case let .book(customer, reason): .bookAppointment(customer: customer, location: location, at: start, reason: reason)
            }
            return submit(command, from: .picker(prompt), then: .stay)
        default:
            break
        }
        return []
    }

    /// `Tue 11-24 09:30` (short enough to show whole at 40 columns), found by its full date too.
    private func slotChoices(_ slots: [FreeSlot]) -> [SlotChoice] {
        slots.map { slot in
            let full = Self.slotText(slot.local)
            return SlotChoice(start: slot.start, label: String(full.prefix(4) + full.dropFirst(9)),
                              detail: slot.capacity > 1 ? "\(slot.free) of \(slot.capacity) places free" : "free", search: full)
        }
    }

    private func locationName(_ location: String, _ desk: Desk) -> String {
        TextSanitizer.clean(desk.queues[location]?.name ?? location)
    }

    /// `Tue 2026-11-24 10:30`: a slot as its location reads it (the zone is said beside it).
    static func slotText(_ local: LocalTime) -> String {
        "\(local.weekday.rawValue.prefix(1).uppercased() + local.weekday.rawValue.dropFirst()) \(local.date) \(local.clock)"
    }
}

/// A free slot as a picker offers it: when, as the location reads it, and its places left.
public struct SlotChoice: Equatable, Sendable {
    public var start: Instant
    public var label: String
    public var detail: String
    /// What the picker's search looks in: the weekday and the full date and time.
    public var search: String
}

/// What a slot picker's slot is for.
public enum SlotPurpose: Equatable, Sendable {
    case reschedule(id: String)
    case book(customer: String, reason: String)
}

extension Desk {
    /// The items of an appointment picker: existing customers, the location's reasons (any
    /// reason typed where it lists none), the free slots found when the picker opened.
    func appointmentPickerItems(_ prompt: PickerPrompt, limit: Int) -> [PickerItem] {
        let query = SearchQuery(prompt.query.text)
        switch prompt.purpose {
        case .appointmentCustomer:
            return customerItems(prompt.query.text, limit: limit)
        case .appointmentReason(let location, _):
            let listed = walkUpSettings(location)?.reasons ?? []
            guard !listed.isEmpty else {
                let typed = prompt.query.text.trimmedWhitespace
                return typed.isEmpty ? [] : [PickerItem(label: typed, detail: "the reason, as typed", value: .reason(typed))]
            }
            return listed.filter { query.matches($0) }.map { PickerItem(label: $0, detail: "", value: .reason($0)) }
        case .appointmentSlot(_, _, let choices):
            return choices.filter { query.isEmpty || query.matches($0.search) }
                .map { PickerItem(label: $0.label, detail: $0.detail, value: .slot($0.start)) }
        default:
            return []
        }
    }
}
