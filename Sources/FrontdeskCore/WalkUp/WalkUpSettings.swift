/// What makes a queue a walk-up location (a counter people come to): its hours, reasons for
/// visit, what the waiting-room display shows, and how visitors are told of their turn.
/// Stored on the `Queue` under `walk_up`, absent on every other queue (they keep their bytes).
public struct WalkUpSettings: Equatable, Sendable, Codable {
    /// Opening hours, holidays and the time zone daily tickets are local to: the location's
    /// business calendar (the queue's, for service levels too). Stored flat, as before.
    public var calendar: BusinessCalendar
    /// IANA time zone id (`Europe/London`).
    public var timeZone: String { get { calendar.timeZone } set { calendar.timeZone = newValue } }
    /// Opening spans per weekday, in local minutes from midnight; a day without spans is closed.
    public var hours: [Weekday: [OpeningSpan]] { get { calendar.hours } set { calendar.hours = newValue } }
    /// Whole days the location is closed.
    public var holidays: [LocalDate] { get { calendar.holidays } set { calendar.holidays = newValue } }
    /// Check-in ends this many minutes before closing.
    public var lastCheckInMinutes: Int
    /// Shown (check-in page, display) while closed.
    public var closedMessage: String
    /// Shown while open but nobody is Available to serve.
    public var awayMessage: String
    /// Reasons for visit, in the order offered.
    public var reasons: [String]
    /// How the display names visitors.
    public var nameFormat: DisplayNameFormat
    /// Visitors who match no customer may check in (as guests).
    public var guestCheckIn: Bool
    /// A visitor is told "you are next" when they reach this position (0: never).
    public var notifyAtPosition: Int
    /// Calls with no answer after which the visitor may be closed as a no-show.
    public var noShowAfterCalls: Int
    /// The words a no-show is closed with (a work note).
    public var noShowReason: String
    /// The login check-ins are made by (one of the desk's gateways).
    public var gateway: String
    /// Daily tickets read `W-042`.
    public var ticketPrefix: String
    /// The public address of `frontdesk serve` (`https://desk.example.com`): the private
    /// status link is `{publicURL}/status/{token}`. Empty: no link in messages.
    public var publicURL: String
    /// Messages to the visitor (SMS, or email where a gateway handles email); empty: not sent.
    public var messages: WalkUpMessages
    /// Appointments (the appointment helper's): slot length and visitors per slot, and how long
    /// before its slot an appointment becomes an offered walk-up.
    public var slotMinutes: Int
    public var slotCapacity: Int
    public var offerLeadMinutes: Int

    public static let defaultReasons = ["Laptop repair", "Password reset", "Collect equipment", "Other"]
    /// Handle time the estimate assumes when the location has handled nobody in 7 days.
    public static let defaultHandleSeconds: Int64 = 600

    public init(timeZone: String = "UTC", hours: [Weekday: [OpeningSpan]] = WalkUpSettings.officeHours, holidays: [LocalDate] = [],
                lastCheckInMinutes: Int = 15, closedMessage: String = "We are closed. Please come back during opening hours.",
                awayMessage: String = "Nobody is at the counter right now; please wait, someone will be with you soon.",
                reasons: [String] = WalkUpSettings.defaultReasons, nameFormat: DisplayNameFormat = .firstInitial,
                guestCheckIn: Bool = true, notifyAtPosition: Int = 1, noShowAfterCalls: Int = 3, noShowReason: String = "No show",
                gateway: String = "walk-up", ticketPrefix: String = "W", publicURL: String = "",
                messages: WalkUpMessages = WalkUpMessages(), slotMinutes: Int = 15, slotCapacity: Int = 1, offerLeadMinutes: Int = 10) {
        self.calendar = BusinessCalendar(timeZone: timeZone, hours: hours, holidays: holidays); self.lastCheckInMinutes = lastCheckInMinutes
        self.closedMessage = closedMessage; self.awayMessage = awayMessage; self.reasons = reasons; self.nameFormat = nameFormat
        self.guestCheckIn = guestCheckIn; self.notifyAtPosition = notifyAtPosition; self.noShowAfterCalls = noShowAfterCalls
        self.noShowReason = noShowReason; self.gateway = gateway; self.ticketPrefix = ticketPrefix; self.publicURL = publicURL
        self.messages = messages; self.slotMinutes = slotMinutes; self.slotCapacity = slotCapacity; self.offerLeadMinutes = offerLeadMinutes
    }

    /// Monday to Friday, 09:00 to 17:00.
    public static let officeHours = BusinessCalendar.officeHours

    /// The private status link for a visitor's token; nil without a public address.
    public func statusLink(token: String) -> String? { publicLink("/status/", token) }

    /// The visit's rating page (`frontdesk serve`'s /rate/TOKEN); nil without a public address.
    public func rateLink(token: String) -> String? { publicLink("/rate/", token) }

    private func publicLink(_ path: String, _ token: String) -> String? {
        guard !publicURL.isEmpty, !token.isEmpty else { return nil }
        return (publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL) + path + token
    }

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone", hours, holidays, lastCheckInMinutes = "last_check_in_minutes", closedMessage = "closed_message"
        case awayMessage = "away_message", reasons, nameFormat = "name_format", guestCheckIn = "guest_check_in"
        case notifyAtPosition = "notify_at_position", noShowAfterCalls = "no_show_after_calls", noShowReason = "no_show_reason"
        case gateway, ticketPrefix = "ticket_prefix", publicURL = "public_url", messages, slotMinutes = "slot_minutes"
        case slotCapacity = "slot_capacity", offerLeadMinutes = "offer_lead_minutes"
    }

    /// Every key may be absent (a setting added later reads as its default).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WalkUpSettings()
        // The same keys, read by the one calendar.
        calendar = try BusinessCalendar(from: decoder)
        lastCheckInMinutes = try c.decodeIfPresent(Int.self, forKey: .lastCheckInMinutes) ?? d.lastCheckInMinutes
        closedMessage = try c.decodeIfPresent(String.self, forKey: .closedMessage) ?? d.closedMessage
        awayMessage = try c.decodeIfPresent(String.self, forKey: .awayMessage) ?? d.awayMessage
        reasons = try c.decodeIfPresent([String].self, forKey: .reasons) ?? d.reasons
        nameFormat = try c.decodeIfPresent(DisplayNameFormat.self, forKey: .nameFormat) ?? d.nameFormat
        guestCheckIn = try c.decodeIfPresent(Bool.self, forKey: .guestCheckIn) ?? d.guestCheckIn
        notifyAtPosition = try c.decodeIfPresent(Int.self, forKey: .notifyAtPosition) ?? d.notifyAtPosition
        noShowAfterCalls = try c.decodeIfPresent(Int.self, forKey: .noShowAfterCalls) ?? d.noShowAfterCalls
        noShowReason = try c.decodeIfPresent(String.self, forKey: .noShowReason) ?? d.noShowReason
        gateway = try c.decodeIfPresent(String.self, forKey: .gateway) ?? d.gateway
        ticketPrefix = try c.decodeIfPresent(String.self, forKey: .ticketPrefix) ?? d.ticketPrefix
        publicURL = try c.decodeIfPresent(String.self, forKey: .publicURL) ?? d.publicURL
        messages = try c.decodeIfPresent(WalkUpMessages.self, forKey: .messages) ?? d.messages
        slotMinutes = try c.decodeIfPresent(Int.self, forKey: .slotMinutes) ?? d.slotMinutes
        slotCapacity = try c.decodeIfPresent(Int.self, forKey: .slotCapacity) ?? d.slotCapacity
        offerLeadMinutes = try c.decodeIfPresent(Int.self, forKey: .offerLeadMinutes) ?? d.offerLeadMinutes
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try calendar.encodeFields(into: &c, timeZone: .timeZone, hours: .hours, holidays: .holidays)
        try c.encode(lastCheckInMinutes, forKey: .lastCheckInMinutes)
        try c.encode(closedMessage, forKey: .closedMessage)
        try c.encode(awayMessage, forKey: .awayMessage)
        try c.encode(reasons, forKey: .reasons)
        try c.encode(nameFormat, forKey: .nameFormat)
        try c.encode(guestCheckIn, forKey: .guestCheckIn)
        try c.encode(notifyAtPosition, forKey: .notifyAtPosition)
        try c.encode(noShowAfterCalls, forKey: .noShowAfterCalls)
        try c.encode(noShowReason, forKey: .noShowReason)
        try c.encode(gateway, forKey: .gateway)
        try c.encode(ticketPrefix, forKey: .ticketPrefix)
        try c.encode(publicURL, forKey: .publicURL)
        try c.encode(messages, forKey: .messages)
        try c.encode(slotMinutes, forKey: .slotMinutes)
        try c.encode(slotCapacity, forKey: .slotCapacity)
        try c.encode(offerLeadMinutes, forKey: .offerLeadMinutes)
    }
}

/// Open from `start` to `end`, local minutes from midnight (`end` after `start`, at most 24:00).
public struct OpeningSpan: Equatable, Sendable, Codable {
    public var start: Int
    public var end: Int
    public init(start: Int, end: Int) { self.start = start; self.end = end }
    public func contains(_ minute: Int) -> Bool { minute >= start && minute < end }
}

/// How the display names a visitor: never by an email, a phone number or a record number.
public enum DisplayNameFormat: String, CaseIterable, Sendable, Codable {
    /// `Ada`
    case first
    /// `Ada L.`
    case firstInitial = "first-initial"
    /// `Ada Lovelace`
    case full
}

/// The texts sent to a visitor; placeholders `{{ticket}}`, `{{position}}`, `{{eta}}` (the
/// estimate in words: "about 12 minutes", "less than a minute", "—"), `{{desk}}`, `{{link}}`,
/// `{{location}}`, `{{rate_link}}` (the rating page, in the closing notice). An empty text is not sent.
public struct WalkUpMessages: Equatable, Sendable, Codable {
    public var checkedIn: String
    public var next: String
    public var called: String
    public var noShow: String
    /// Sent when the visit closes complete.
    public var closed: String

    public init(checkedIn: String = "You are number {{position}}, {{eta}}. Ticket {{ticket}}. Status: {{link}}",
                next: String = "{{ticket}}: you are next. Please stay near the counter.",
                called: String = "{{ticket}}: please go to {{desk}}.",
                noShow: String = "{{ticket}}: we called you but could not find you, so your visit is closed. Please check in again.",
                closed: String = "{{ticket}}: thank you for your visit. How did we do? One question: {{rate_link}}") {
        self.checkedIn = checkedIn; self.next = next; self.called = called; self.noShow = noShow; self.closed = closed
    }

    enum CodingKeys: String, CodingKey { case checkedIn = "checked_in", next, called, noShow = "no_show", closed }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = WalkUpMessages()
        checkedIn = try c.decodeIfPresent(String.self, forKey: .checkedIn) ?? d.checkedIn
        next = try c.decodeIfPresent(String.self, forKey: .next) ?? d.next
        called = try c.decodeIfPresent(String.self, forKey: .called) ?? d.called
        noShow = try c.decodeIfPresent(String.self, forKey: .noShow) ?? d.noShow
        closed = try c.decodeIfPresent(String.self, forKey: .closed) ?? d.closed
    }
}
