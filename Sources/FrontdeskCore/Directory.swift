/// A person the desk serves.
public struct Customer: Equatable, Sendable, Codable {
    public var id: String
    public var name: String
    public var email: String
    /// E.164 when it was given as a phone number; empty when unknown.
    public var phone: String
    public var company: String
    public var vip: Bool
    /// The `sys_user` this customer was imported from; nil for customers born here.
    public var sysID: String?
    /// Chat handles known to be theirs (a chat from one was opened for them), as the chat
    /// gateway names them: their next chat from one is theirs, as a call from their number is.
    public var chatHandles: [String]
    /// The `sys_user` row this customer was imported from, as it came; nil for customers born here.
    public var servicenow: ServiceNowUserOrigin?

    enum CodingKeys: String, CodingKey {
        case id, name, email, phone, company, vip, sysID = "sys_id", chatHandles = "chat_handles", servicenow
    }

    public init(id: String, name: String, email: String = "", phone: String = "", company: String = "", vip: Bool = false,
                sysID: String? = nil, chatHandles: [String] = [], servicenow: ServiceNowUserOrigin? = nil) {
        self.id = id; self.name = name; self.email = email; self.phone = phone; self.company = company; self.vip = vip
        self.sysID = sysID; self.chatHandles = chatHandles; self.servicenow = servicenow
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        email = try c.decode(String.self, forKey: .email)
        phone = try c.decode(String.self, forKey: .phone)
        company = try c.decode(String.self, forKey: .company)
        vip = try c.decode(Bool.self, forKey: .vip)
        sysID = try c.decodeIfPresent(String.self, forKey: .sysID)
        chatHandles = try c.decodeIfPresent([String].self, forKey: .chatHandles) ?? []
        servicenow = try c.decodeIfPresent(ServiceNowUserOrigin.self, forKey: .servicenow)
    }

    /// Only what is set: a customer without chat handles keeps the bytes it always had.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(phone, forKey: .phone)
        try c.encode(company, forKey: .company)
        try c.encode(vip, forKey: .vip)
        try c.encodeIfPresent(sysID, forKey: .sysID)
        if !chatHandles.isEmpty { try c.encode(chatHandles, forKey: .chatHandles) }
        try c.encodeIfPresent(servicenow, forKey: .servicenow)
    }
}

/// What a person imported from ServiceNow keeps of their `sys_user` row: every column that had
/// a value, as it came (the value, and the display value when the export had a different one),
/// except `sys_id`, which is the person's own `sys_id` key. An export writes the row back as it
/// came where Frontdesk did not change the person; a later import finds the person by these
/// columns (`user_name`). Sorted by column name.
public struct ServiceNowUserOrigin: Equatable, Sendable, Codable {
    public struct Column: Equatable, Sendable, Codable {
        public var name: String
        public var value: String
        /// The display value, when the export had one that differs from the value (a reference's name).
        public var display: String?

        public init(name: String, value: String, display: String? = nil) {
            self.name = name; self.value = value; self.display = display == value ? nil : display
        }

        enum CodingKeys: String, CodingKey { case name, value, display }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            value = try c.decode(String.self, forKey: .value)
            display = try c.decodeIfPresent(String.self, forKey: .display)
        }

        /// Only what is set: a column without a display value has no `display` key.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encodeIfPresent(display, forKey: .display)
        }
    }

    public var columns: [Column]

    public init(columns: [Column]) { self.columns = columns.sorted { $0.name < $1.name } }

    /// The column's stored value, nil when the row had none.
    public func value(_ name: String) -> String? {
        guard let v = columns.first(where: { $0.name == name })?.value, !v.isEmpty else { return nil }
        return v
    }

    /// What ServiceNow showed for the column: its display value, else its value.
    public func display(_ name: String) -> String? {
        guard let column = columns.first(where: { $0.name == name }) else { return nil }
        let v = column.display ?? column.value
        return v.isEmpty ? nil : v
    }
}

public struct Agent: Equatable, Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case login, displayName = "display_name", queues, presence, role, sysID = "sys_id", capacity, missedOffers = "missed_offers"
        case presenceLog = "presence_log", disabled, servicenow, desk
    }

    /// One presence change: to what, when, by whom (the agent, a supervisor, or routing after
    /// missed offers).
    public struct PresenceChange: Equatable, Sendable, Codable {
        public var at: Instant
        public var presence: Presence
        public var by: String
        public init(at: Instant, presence: Presence, by: String) { self.at = at; self.presence = presence; self.by = by }
    }

    /// The presence of an agent the desk adds (`agent add`, self-registration, a store's first
    /// supervisor, an import): Offline, so nothing is offered to them before they open a console
    /// or set their presence.
    public static let newPresence = Presence.offline

    /// Presence changes kept per agent: enough for today's audit, not a growing history.
    public static let presenceLogLimit = 50

    public var login: String
    public var displayName: String
    public var queues: [String]
    public var presence: Presence
    public var role: Role
    /// The `sys_user` this agent was imported from; nil for agents added here.
    public var sysID: String?
    /// This agent's own capacity per channel, where it differs from the desk's.
    public var capacity: [InteractionType: Int]
    /// Offers that timed out in a row (an answer, or accepting work, starts again at 0).
    public var missedOffers: Int
    /// When the presence last changed (the board shows how long since); nil before it was first set.
    public var presenceSince: Instant? { presenceLog.last?.at }
    /// The latest presence changes, oldest first (at most `presenceLogLimit`).
    public var presenceLog: [PresenceChange] = []
    /// Switched off by a supervisor (`agent disable`): kept for the history of their records,
    /// but offered nothing, not on the board, and refused at the console and every command.
    public var disabled: Bool = false
    /// The `sys_user` row this agent was imported from, as it came (their email, names, …);
    /// nil for agents added here.
    public var servicenow: ServiceNowUserOrigin?
    /// Where the agent sits (`Desk 2`): a walk-up visitor called by them is sent there. Nil:
    /// the display says the agent's name.
    public var desk: String?

    /// Records a change of presence on the agent's log.
    public mutating func setPresence(_ presence: Presence, by actor: String, at now: Instant) {
        guard presence != self.presence else { return }
        self.presence = presence
        presenceLog.append(PresenceChange(at: now, presence: presence, by: actor))
        if presenceLog.count > Self.presenceLogLimit { presenceLog.removeFirst(presenceLog.count - Self.presenceLogLimit) }
    }

    public init(login: String, displayName: String, queues: [String], presence: Presence = .available, role: Role = .agent,
                sysID: String? = nil, capacity: [InteractionType: Int] = [:], missedOffers: Int = 0) {
        self.login = login; self.displayName = displayName; self.queues = queues; self.presence = presence; self.role = role
        self.sysID = sysID; self.capacity = capacity; self.missedOffers = missedOffers
    }

    public var isSupervisor: Bool { role == .supervisor }

    /// Stores written before roles existed have none: everyone is an agent until a
    /// supervisor is named.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        login = try c.decode(String.self, forKey: .login)
        displayName = try c.decode(String.self, forKey: .displayName)
        queues = try c.decode([String].self, forKey: .queues)
        presence = try c.decode(Presence.self, forKey: .presence)
        role = try c.decodeIfPresent(Role.self, forKey: .role) ?? .agent
        sysID = try c.decodeIfPresent(String.self, forKey: .sysID)
        capacity = try Self.capacity(c.decodeIfPresent([String: Int].self, forKey: .capacity) ?? [:])
        missedOffers = try c.decodeIfPresent(Int.self, forKey: .missedOffers) ?? 0
        presenceLog = try c.decodeIfPresent([PresenceChange].self, forKey: .presenceLog) ?? []
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
        servicenow = try c.decodeIfPresent(ServiceNowUserOrigin.self, forKey: .servicenow)
        desk = try c.decodeIfPresent(String.self, forKey: .desk)
    }

    /// Only what is set: an agent without routing settings keeps the bytes it always had.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(login, forKey: .login)
        try c.encode(displayName, forKey: .displayName)
        try c.encode(queues, forKey: .queues)
        try c.encode(presence, forKey: .presence)
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(sysID, forKey: .sysID)
        if !capacity.isEmpty { try c.encode(Self.rawCapacity(capacity), forKey: .capacity) }
        if missedOffers > 0 { try c.encode(missedOffers, forKey: .missedOffers) }
        if !presenceLog.isEmpty { try c.encode(presenceLog, forKey: .presenceLog) }
        if disabled { try c.encode(true, forKey: .disabled) }
        try c.encodeIfPresent(servicenow, forKey: .servicenow)
        try c.encodeIfPresent(desk, forKey: .desk)
    }

    /// Capacities per type as the store writes them: `{"chat": 2}`.
    static func rawCapacity(_ capacity: [InteractionType: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: capacity.map { ($0.key.rawValue, $0.value) })
    }

    /// `{"chat": 2}` as capacities per type; an unknown type or a negative figure is damage.
    static func capacity(_ raw: [String: Int]) throws -> [InteractionType: Int] {
        var out: [InteractionType: Int] = [:]
        for (key, value) in raw {
            guard let type = InteractionType(rawValue: key), value >= 0 else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "bad capacity \(key): \(value)"))
            }
            out[type] = value
        }
        return out
    }
}

public struct Queue: Equatable, Sendable, Codable {
    enum CodingKeys: String, CodingKey {
        case id, name, channels, targetWaitSeconds = "target_wait_seconds", sysID = "sys_id", pullOnly = "pull", walkUp = "walk_up"
        case calendar, survey, ticketDay = "ticket_day"
    }

    /// A short slug such as `service-desk`, used on the command line.
    public var id: String
    public var name: String
    public var channels: [InteractionType]
    /// Records waiting longer than this are highlighted in the work lists.
    public var targetWaitSeconds: Int64
    /// The `sys_user_group` this queue was imported from; nil for queues made here.
    public var sysID: String?
    /// Agents take work from the list themselves; routing offers nothing from this queue.
    public var pullOnly: Bool
    /// Set on a walk-up location (a counter visitors check in at); nil on other queues.
    public var walkUp: WalkUpSettings?
    /// Business hours of a queue that is no walk-up location; nil: around the clock (24x7).
    /// Read and set it through `businessCalendar`, which is the location's hours on a walk-up.
    public var calendar: BusinessCalendar?
    /// A satisfaction survey goes out when its chat, messaging or walk-up work closes.
    public var survey = false
    /// A walk-up location's daily ticket counter (`WalkUpTickets.swift`); nil until its first
    /// ticket, and in stores written before it was kept.
    public var ticketDay: TicketDay?

    public init(id: String, name: String, channels: [InteractionType], targetWaitSeconds: Int64, sysID: String? = nil,
                pullOnly: Bool = false, walkUp: WalkUpSettings? = nil, calendar: BusinessCalendar? = nil) {
        self.id = id; self.name = name; self.channels = channels; self.targetWaitSeconds = targetWaitSeconds; self.sysID = sysID
        self.pullOnly = pullOnly; self.walkUp = walkUp; self.calendar = calendar
    }

    /// The queue's business calendar: a walk-up location's opening hours, else its own; nil
    /// works around the clock. Setting nil on a walk-up location keeps its hours.
    public var businessCalendar: BusinessCalendar? {
        get { walkUp?.calendar ?? calendar }
        set {
            if walkUp != nil { if let newValue { walkUp!.calendar = newValue } } else { calendar = newValue }
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        channels = try c.decode([InteractionType].self, forKey: .channels)
        targetWaitSeconds = try c.decode(Int64.self, forKey: .targetWaitSeconds)
        sysID = try c.decodeIfPresent(String.self, forKey: .sysID)
        pullOnly = try c.decodeIfPresent(Bool.self, forKey: .pullOnly) ?? false
        walkUp = try c.decodeIfPresent(WalkUpSettings.self, forKey: .walkUp)
        calendar = try c.decodeIfPresent(BusinessCalendar.self, forKey: .calendar)
        survey = try c.decodeIfPresent(Bool.self, forKey: .survey) ?? false
        ticketDay = try c.decodeIfPresent(TicketDay.self, forKey: .ticketDay)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(channels, forKey: .channels)
        try c.encode(targetWaitSeconds, forKey: .targetWaitSeconds)
        try c.encodeIfPresent(sysID, forKey: .sysID)
        if pullOnly { try c.encode(true, forKey: .pullOnly) }
        try c.encodeIfPresent(walkUp, forKey: .walkUp)
        try c.encodeIfPresent(calendar, forKey: .calendar)
        if survey { try c.encode(true, forKey: .survey) }
        try c.encodeIfPresent(ticketDay, forKey: .ticketDay)
    }

    public func serves(_ type: InteractionType) -> Bool { channels.contains(type) }
}

/// The sender of messages on one channel, matched by a normalised identifier.
public struct ChannelUserProfile: Equatable, Sendable, Codable {
    enum CodingKeys: String, CodingKey { case id, channel, identifier, customer, createdAt = "created_at" }

    public var id: String
    public var channel: MessagingChannel
    /// E.164 phone number.
    public var identifier: String
    /// The customer this profile belongs to, once known.
    public var customer: String?
    public var createdAt: Instant

    public init(id: String, channel: MessagingChannel, identifier: String, customer: String?, createdAt: Instant) {
        self.id = id; self.channel = channel; self.identifier = identifier; self.customer = customer; self.createdAt = createdAt
    }
}

/// The desk's settings, kept in the store.
public struct DeskConfig: Equatable, Sendable {
    /// The phone type exists only when the desk's telephony is switched on.
    public var phoneChannel: Bool
    /// Types whose "end conversation" goes through Wrap Up rather than straight to Closed Complete.
    public var wrapUp: Set<InteractionType>
    /// Queue new intake lands in when none is named.
    public var defaultQueue: String
    /// Closed records stay in the working set this many days after closing; older ones move
    /// to history at the next compaction.
    public var historyWindowDays: Int
    /// A login user who is not yet an agent becomes one on first use; off (the default for a
    /// new store), a supervisor adds every agent, so a mistyped login is refused rather than
    /// made an agent. A stored config without the key (a store from before it) reads as on:
    /// that desk keeps working as it did. A new store's first login still becomes its
    /// supervisor either way (`claimSupervision`).
    public var selfRegistration: Bool
    /// Logins that are gateways, not people: anyone may act as them (`--agent sms`), for intake.
    public var gatewayActors: [String]
    /// How long after closing a supervisor may still reopen a record.
    public var reopenWindowSeconds: Int64
    /// The country whose national phone numbers (`07700 900123`) are understood without a
    /// country code, as ISO 3166 letters (`GB`); empty: numbers need their country code.
    public var defaultCountry: String
    /// Capacity, offers and their timeouts (see `Routing.swift`).
    public var routing: RoutingConfig
    /// Wrap-up limits and codes per type, where they differ from `WrapUpRule.standard`.
    public var wrapUpRules: [InteractionType: WrapUpRule]
    /// Booked walk-up appointments a customer may hold at once (0: no limit).
    public var appointmentsPerCustomer = 1
    /// A waiting record is near its queue's target (service level) from this share of it, in percent.
    public var slaNearPercent = DeskConfig.defaultSLANearPercent
    public static let defaultSLANearPercent = 80
    /// The satisfaction survey's text (placeholders `{{number}}`, `{{queue}}`), and the days
    /// within which a customer is not asked again.
    public var surveyText = DeskConfig.defaultSurveyText
    public var surveyCooldownDays = DeskConfig.defaultSurveyCooldownDays
    public static let defaultSurveyText = "How did we do with {{number}}? Reply with a number from 1 (poor) to 5 (great), and a comment if you like."
    public static let defaultSurveyCooldownDays = 30

    public static let defaultHistoryWindowDays = 7
    public static let defaultGatewayActors = ["sms", "whatsapp", "chat", "phone", "walk-up", "gateway", "phone-gateway", "demo-gateway"]
    public static let defaultReopenWindowSeconds: Int64 = 86_400

    public init(phoneChannel: Bool = false, wrapUp: Set<InteractionType> = [], defaultQueue: String = "service-desk",
                historyWindowDays: Int = defaultHistoryWindowDays, selfRegistration: Bool = false,
                gatewayActors: [String] = defaultGatewayActors, reopenWindowSeconds: Int64 = defaultReopenWindowSeconds,
                defaultCountry: String = "", routing: RoutingConfig = RoutingConfig(), wrapUpRules: [InteractionType: WrapUpRule] = [:]) {
        self.phoneChannel = phoneChannel; self.wrapUp = wrapUp; self.defaultQueue = defaultQueue
        self.historyWindowDays = historyWindowDays; self.selfRegistration = selfRegistration
        self.gatewayActors = gatewayActors; self.reopenWindowSeconds = reopenWindowSeconds; self.defaultCountry = defaultCountry
        self.routing = routing; self.wrapUpRules = wrapUpRules
    }
}
