/// The JSON shape of every stored entity: the one definition of the record schema, used by
/// the store's snapshot and journal and by the JSON Lines export. Keys are snake_case,
/// instants are ISO 8601 UTC strings, absent optionals are written as null.
extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let instant = Instant(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO 8601 UTC date-time: \(text)")
        }
        self = instant
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso8601)
    }
}

extension Interaction: Codable {
    /// A key of `InteractionSchema.fields`.
    public struct FieldKey: CodingKey {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    /// Every field as `InteractionSchema.fields` describes it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: FieldKey.self)
        self = InteractionSchema.blank
        for field in InteractionSchema.fields {
            let key = FieldKey(stringValue: field.key)
            let value: InteractionValue
            if field.presence == .required {
                value = try Self.decode(field.kind, c, key)
            } else if try !c.contains(key) || c.decodeNil(forKey: key) {
                value = .null
            } else {
                value = try Self.decode(field.kind, c, key)
            }
            guard field.set(&self, value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(field.key) \(value) is not one of its values")
            }
        }
    }

    /// One value of `kind`, as stored.
    private static func decode(_ kind: InteractionField.Kind, _ c: KeyedDecodingContainer<FieldKey>, _ key: FieldKey) throws -> InteractionValue {
        switch kind {
        case .text: .text(try c.decode(String.self, forKey: key))
        case .instant: .instant(try c.decode(Instant.self, forKey: key))
        case .integer: .integer(try c.decode(Int.self, forKey: key))
        case .texts: .texts(try c.decode([String].self, forKey: key))
        case .workNotes: .workNotes(try c.decode([WorkNote].self, forKey: key))
        case .transcript: .transcript(try c.decode([TranscriptLine].self, forKey: key))
        case .history: .history(try c.decode([AuditEntry].self, forKey: key))
        case .origin: .origin(try c.decode(ServiceNowOrigin.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: FieldKey.self)
        for field in InteractionSchema.fields {
            let key = FieldKey(stringValue: field.key)
            switch field.get(self) {
            case .null: if field.presence != .omittedWhenNull { try c.encodeNil(forKey: key) }
            case .text(let v): try c.encode(v, forKey: key)
            case .instant(let v): try c.encode(v, forKey: key)
            case .integer(let v): try c.encode(v, forKey: key)
            case .texts(let v): try c.encode(v, forKey: key)
            case .workNotes(let v): try c.encode(v, forKey: key)
            case .transcript(let v): try c.encode(v, forKey: key)
            case .history(let v): try c.encode(v, forKey: key)
            case .origin(let v): try c.encode(v, forKey: key)
            }
        }
    }
}


extension AuditEntry: Codable {
    enum CodingKeys: String, CodingKey { case at, by, field, old, new, inferred }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        at = try c.decode(Instant.self, forKey: .at)
        by = try c.decode(String.self, forKey: .by)
        let field = try c.decode(String.self, forKey: .field)
        let old = try c.decodeIfPresent(String.self, forKey: .old)
        let new = try c.decodeIfPresent(String.self, forKey: .new)
        guard let change = Change(field: field, old: old, new: new) else {
            throw DecodingError.dataCorruptedError(forKey: .field, in: c,
                                                   debugDescription: "bad \(field) change: \(old ?? "null") -> \(new ?? "null")")
        }
        self.change = change
        if let source = try c.decodeIfPresent(String.self, forKey: .inferred) {
            guard let inferred = AuditInference(rawValue: source) else {
                throw DecodingError.dataCorruptedError(forKey: .inferred, in: c, debugDescription: "bad inferred \(source)")
            }
            self.inferred = inferred
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(at, forKey: .at)
        try c.encode(by, forKey: .by)
        let (field, old, new) = change.triple
        try c.encode(field, forKey: .field)
        try c.encode(old, forKey: .old)
        try c.encode(new, forKey: .new)
        // Written only when set, so entries without it keep their bytes.
        try c.encodeIfPresent(inferred?.rawValue, forKey: .inferred)
    }
}

extension DeskConfig: Codable {
    enum CodingKeys: String, CodingKey {
        case phoneChannel = "phone_channel", wrapUp = "wrap_up", defaultQueue = "default_queue", historyWindowDays = "history_window_days"
        case selfRegistration = "self_registration", gatewayActors = "gateways", reopenWindowSeconds = "reopen_window_seconds"
        case defaultCountry = "default_country", capacity, offerTimeoutSeconds = "offer_timeout_seconds"
        case timeoutsToAway = "timeouts_to_away", rejectReasons = "reject_reasons", vipFirst = "vip_first"
        case wrapUpRules = "wrap_up_rules", offerBell = "offer_bell", reofferAfterSeconds = "reoffer_after_seconds"
        case appointmentsPerCustomer = "appointments_per_customer"
        case slaNearPercent = "sla_near_percent", surveyText = "survey_text", surveyCooldownDays = "survey_cooldown_days"
    }

    /// One type's wrap-up rule as stored: `{"enforce_seconds": 60, "codes": [...], "default": "Resolved"}`.
    struct StoredWrapUpRule: Codable {
        var enforce_seconds: Int64
        var codes: [String]
        var `default`: String
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phoneChannel = try c.decode(Bool.self, forKey: .phoneChannel)
        wrapUp = Set(try c.decode([InteractionType].self, forKey: .wrapUp))
        defaultQueue = try c.decode(String.self, forKey: .defaultQueue)
        historyWindowDays = try c.decodeIfPresent(Int.self, forKey: .historyWindowDays) ?? Self.defaultHistoryWindowDays
        // Absent: a store from before the setting, whose agents registered themselves; it keeps
        // doing so. New stores are written with it off (the seed says so).
        selfRegistration = try c.decodeIfPresent(Bool.self, forKey: .selfRegistration) ?? true
        gatewayActors = try c.decodeIfPresent([String].self, forKey: .gatewayActors) ?? Self.defaultGatewayActors
        reopenWindowSeconds = try c.decodeIfPresent(Int64.self, forKey: .reopenWindowSeconds) ?? Self.defaultReopenWindowSeconds
        defaultCountry = try c.decodeIfPresent(String.self, forKey: .defaultCountry) ?? ""
        let defaults = RoutingConfig()
        routing = RoutingConfig(
            capacity: try c.decodeIfPresent([String: Int].self, forKey: .capacity).map { try Agent.capacity($0) } ?? defaults.capacity,
            offerTimeoutSeconds: try c.decodeIfPresent(Int64.self, forKey: .offerTimeoutSeconds) ?? defaults.offerTimeoutSeconds,
            timeoutsToAway: try c.decodeIfPresent(Int.self, forKey: .timeoutsToAway) ?? defaults.timeoutsToAway,
            rejectReasons: try c.decodeIfPresent([String].self, forKey: .rejectReasons) ?? defaults.rejectReasons,
            vipFirst: try c.decodeIfPresent(Bool.self, forKey: .vipFirst) ?? defaults.vipFirst,
            bell: try c.decodeIfPresent(Bool.self, forKey: .offerBell) ?? defaults.bell,
            reofferAfterSeconds: try c.decodeIfPresent(Int64.self, forKey: .reofferAfterSeconds) ?? defaults.reofferAfterSeconds)
        var rules: [InteractionType: WrapUpRule] = [:]
        for (key, stored) in try c.decodeIfPresent([String: StoredWrapUpRule].self, forKey: .wrapUpRules) ?? [:] {
            guard let type = InteractionType(rawValue: key) else {
                throw DecodingError.dataCorruptedError(forKey: .wrapUpRules, in: c, debugDescription: "unknown interaction type \(key)")
            }
            rules[type] = WrapUpRule(enforceSeconds: stored.enforce_seconds, codes: stored.codes, defaultCode: stored.default)
        }
        wrapUpRules = rules
        appointmentsPerCustomer = try c.decodeIfPresent(Int.self, forKey: .appointmentsPerCustomer) ?? 1
        slaNearPercent = try c.decodeIfPresent(Int.self, forKey: .slaNearPercent) ?? Self.defaultSLANearPercent
        surveyText = try c.decodeIfPresent(String.self, forKey: .surveyText) ?? Self.defaultSurveyText
        surveyCooldownDays = try c.decodeIfPresent(Int.self, forKey: .surveyCooldownDays) ?? Self.defaultSurveyCooldownDays
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(phoneChannel, forKey: .phoneChannel)
        // Sorted so that the same config always writes the same bytes.
        try c.encode(InteractionType.allCases.filter(wrapUp.contains), forKey: .wrapUp)
        try c.encode(defaultQueue, forKey: .defaultQueue)
        try c.encode(historyWindowDays, forKey: .historyWindowDays)
        try c.encode(selfRegistration, forKey: .selfRegistration)
        try c.encode(gatewayActors, forKey: .gatewayActors)
        try c.encode(reopenWindowSeconds, forKey: .reopenWindowSeconds)
        try c.encode(defaultCountry, forKey: .defaultCountry)
        try c.encode(Agent.rawCapacity(routing.capacity), forKey: .capacity)
        try c.encode(routing.offerTimeoutSeconds, forKey: .offerTimeoutSeconds)
        try c.encode(routing.timeoutsToAway, forKey: .timeoutsToAway)
        try c.encode(routing.rejectReasons, forKey: .rejectReasons)
        try c.encode(routing.vipFirst, forKey: .vipFirst)
        try c.encode(routing.bell, forKey: .offerBell)
        try c.encode(routing.reofferAfterSeconds, forKey: .reofferAfterSeconds)
        if !wrapUpRules.isEmpty {
            try c.encode(Dictionary(uniqueKeysWithValues: wrapUpRules.map {
                ($0.key.rawValue, StoredWrapUpRule(enforce_seconds: $0.value.enforceSeconds, codes: $0.value.codes, default: $0.value.defaultCode))
            }), forKey: .wrapUpRules)
        }
        // Written only when changed, so configurations from before appointments keep their bytes.
        if appointmentsPerCustomer != 1 { try c.encode(appointmentsPerCustomer, forKey: .appointmentsPerCustomer) }
        if slaNearPercent != Self.defaultSLANearPercent { try c.encode(slaNearPercent, forKey: .slaNearPercent) }
        if surveyText != Self.defaultSurveyText { try c.encode(surveyText, forKey: .surveyText) }
        if surveyCooldownDays != Self.defaultSurveyCooldownDays { try c.encode(surveyCooldownDays, forKey: .surveyCooldownDays) }
    }
}

/// Counters as `{"IMS": 12, "INC": 3}`.
public struct CounterMap: Codable, Sendable {
    public var values: [NumberPrefix: Int]

    public init(_ values: [NumberPrefix: Int]) { self.values = values }

    public init(from decoder: any Decoder) throws {
        let raw = try [String: Int](from: decoder)
        var values: [NumberPrefix: Int] = [:]
        for (key, value) in raw {
            guard let prefix = NumberPrefix(rawValue: key), value >= 0 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad counter \(key): \(value)"))
            }
            values[prefix] = value
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var raw: [String: Int] = [:]
        for (prefix, value) in values { raw[prefix.rawValue] = value }
        try raw.encode(to: encoder)
    }
}

extension ChangeSet: Codable {
    enum CodingKeys: String, CodingKey { case interactions, tasks, customers, profiles, agents, queues, config, counters, appointments }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        interactions = try c.decodeIfPresent([Interaction].self, forKey: .interactions) ?? []
        tasks = try c.decodeIfPresent([RelatedTask].self, forKey: .tasks) ?? []
        customers = try c.decodeIfPresent([Customer].self, forKey: .customers) ?? []
        profiles = try c.decodeIfPresent([ChannelUserProfile].self, forKey: .profiles) ?? []
        agents = try c.decodeIfPresent([Agent].self, forKey: .agents) ?? []
        queues = try c.decodeIfPresent([Queue].self, forKey: .queues) ?? []
        config = try c.decodeIfPresent(DeskConfig.self, forKey: .config)
        counters = try c.decodeIfPresent(CounterMap.self, forKey: .counters)?.values ?? [:]
        appointments = try c.decodeIfPresent([Appointment].self, forKey: .appointments) ?? []
    }

    /// Only the parts that changed are written, so a journal line stays small.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if !interactions.isEmpty { try c.encode(interactions, forKey: .interactions) }
        if !tasks.isEmpty { try c.encode(tasks, forKey: .tasks) }
        if !customers.isEmpty { try c.encode(customers, forKey: .customers) }
        if !profiles.isEmpty { try c.encode(profiles, forKey: .profiles) }
        if !agents.isEmpty { try c.encode(agents, forKey: .agents) }
        if !queues.isEmpty { try c.encode(queues, forKey: .queues) }
        if let config { try c.encode(config, forKey: .config) }
        if !counters.isEmpty { try c.encode(CounterMap(counters), forKey: .counters) }
        if !appointments.isEmpty { try c.encode(appointments, forKey: .appointments) }
    }
}

extension Desk {
    /// Everything in the desk as one change set: what a snapshot holds.
    public var everything: ChangeSet {
        var all = ChangeSet()
        all.agents = agents.values.sorted { $0.login < $1.login }
        all.queues = queues.values.sorted { $0.id < $1.id }
        all.customers = customers.values.sorted { $0.id < $1.id }
        all.profiles = profiles.values.sorted { $0.id < $1.id }
        all.tasks = tasks.values.sorted { $0.number < $1.number }
        all.appointments = appointments.values.sorted { $0.id < $1.id }
        // Every record is read: decode the stored ones on all cores first.
        interactions.prefetch(Array(interactions.indices))
        all.interactions = Array(interactions)
        all.config = config
        all.counters = counters.last
        return all
    }

    /// Builds a desk from a snapshot's contents in one pass. `storedProfiles`: the snapshot's
    /// profiles left in the store's form (`everything` then holds none), read as asked for.
    /// `storedRecords`: the snapshot's interactions left in the store's form (`everything` then
    /// holds none), decoded as read.
    public init(everything: ChangeSet, storedProfiles: (any StoredProfiles)? = nil, storedRecords: (any StoredRecords)? = nil) {
        self.init(config: everything.config ?? DeskConfig(), counters: Counters(last: everything.counters))
        profiles = ProfileDirectory(stored: storedProfiles)
        var directory = everything
        directory.interactions = []
        apply(directory)
        if let storedRecords { load(stored: storedRecords) } else { load(interactions: everything.interactions) }
    }
}
