import FrontdeskCore

/// What the pages need from the walk-up domain, in the pages' terms: the one place the web
/// reads `Desk+WalkUp` (queue, estimate, opening hours), so every page says the same.
enum WalkUpAdapter {
    struct LocationInfo: Sendable {
        var id: String
        var title: String
        var reasons: [String]
        var guestAllowed: Bool
        /// The login check-ins are made by.
        var gateway: String
    }

    struct ClosedNotice: Sendable {
        var message: String
        /// "Mon 09:00–17:00", one line per open weekday.
        var hours: [String]
    }

    /// A visitor's visit, found by their status token.
    struct Visit: Sendable {
        var number: String
        var ticket: String
        var location: String
        var stage: StatusView.Stage
        /// The visitor's answer to "how did we do?", once given.
        var rating: Int?
    }

    static func location(_ desk: Desk, _ id: String) -> LocationInfo? {
        guard let queue = desk.queues[id], let settings = queue.walkUp else { return nil }
        return LocationInfo(id: id, title: queue.name.isEmpty ? id : queue.name, reasons: settings.reasons,
                            guestAllowed: settings.guestCheckIn, gateway: settings.gateway)
    }

    /// Nil while the location takes check-ins.
    static func closedNotice(_ desk: Desk, _ id: String, at now: Instant) -> ClosedNotice? {
        let status = desk.locationStatus(location: id, at: now)
        guard !status.isOpen, let settings = desk.walkUpSettings(id) else { return nil }
        return ClosedNotice(message: status.message, hours: hours(settings))
    }

    static func hours(_ settings: WalkUpSettings) -> [String] {
        Weekday.allCases.compactMap { day in
            guard let spans = settings.hours[day], !spans.isEmpty else { return nil }
            let name = day.rawValue.prefix(1).uppercased() + day.rawValue.dropFirst()
            return name + " " + spans.map { clock($0.start) + "–" + clock($0.end) }.joined(separator: ", ")
        }
    }

    static func clock(_ minute: Int) -> String {
        let h = (minute / 60) % 24, m = minute % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// The command a check-in makes: the domain matches the contact to a customer (email, or
    /// phone); without a match the visitor is a guest, where the location takes guests.
    static func checkIn(location: String, name: String, contact: String, reason: String, token: String) -> DeskCommand {
        .checkIn(location: location, customer: nil, guestName: name, contact: contact.isEmpty ? nil : contact, reason: reason, token: token)
    }

    static func visit(_ desk: Desk, token: String, at now: Instant) -> Visit? {
        guard StatusToken.isWellFormed(token),
              let at = desk.interactions.positions(where: { $0.statusToken == token }).last, let location = desk.interactions[at].queue else { return nil }
        let record = desk.interactions[at]
        let ticket = record.ticket ?? ""
        let stage: StatusView.Stage
        if !record.state.isOpen {
            stage = .closed(rated: record.rating != nil)
        } else if record.state == .onHold {
            // Hold keeps the visitor's place: they are not being served while it lasts.
            stage = .onHold
        } else if record.isWaiting, let call = record.lastCall {
            stage = .called(desk: call.desk.isEmpty ? nil : call.desk)
        } else if record.isWaiting, let me = desk.walkUpQueue(location: location, at: now).first(where: { $0.number == record.number }) {
            stage = .waiting(position: me.position, estimate: me.estimate.minutes == nil ? nil : me.estimate.text)
        } else {
            stage = .beingServed
        }
        return Visit(number: record.number, ticket: ticket, location: location, stage: stage, rating: record.rating)
    }

    /// The rating a visitor gives through their link: the status token proves the visit.
    static func rate(_ visit: Visit, score: Int, comment: String, token: String) -> DeskCommand {
        .rate(number: visit.number, score: score, comment: comment.isEmpty ? nil : comment, token: token)
    }

    static func display(_ desk: Desk, _ id: String, at now: Instant) -> DisplayView? {
        guard let info = location(desk, id) else { return nil }
        let zone = desk.zone(ofLocation: id)
        let serving = desk.nowServing(location: id, at: now, zone: zone).map { DisplayView.Serving(ticket: $0.ticket, desk: $0.desk) }
        let calledNumbers = Set(desk.nowServing(location: id, at: now, zone: zone).map(\.number))
        let waiting = desk.walkUpQueue(location: id, at: now, zone: zone).filter { !calledNumbers.contains($0.number) }.map { visitor in
            DisplayView.Waiting(ticket: visitor.ticket, name: visitor.displayName, since: zone.local(visitor.checkedInAt).clock,
                                waited: WebStrings.minutes(Int(visitor.waitedSeconds / 60)),
                                estimate: visitor.estimate.text,
                                appointment: visitor.hasAppointment)
        }
        let status = desk.locationStatus(location: id, at: now, zone: zone)
        var notice: String? = status.isOpen ? nil : status.message
        if notice == nil, case .unknown(.nobodyAvailable) = desk.estimatedWait(location: id, position: 1, at: now, zone: zone) {
            notice = desk.walkUpSettings(id)?.awayMessage
        }
        return DisplayView(location: id, title: info.title, serving: serving, waiting: waiting, notice: notice?.isEmpty == true ? nil : notice)
    }
}
