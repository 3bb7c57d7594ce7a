/// The desk's settings as `key = value` pairs, for `frontdesk config` and the console.
extension Desk {
    /// Every key with its current value, in a stable order.
    public var configEntries: [(key: String, value: String)] {
        var entries: [(String, String)] = [("phone_channel", config.phoneChannel ? "on" : "off")]
        for type in InteractionType.allCases {
            let rule = config.wrapUpRule(for: type)
            entries.append(("wrap_up.\(type.rawValue)", config.wrapUp.contains(type) ? "on" : "off"))
            entries.append(("wrap_up.\(type.rawValue).enforce", rule.enforceSeconds == 0 ? "0" : formatSeconds(rule.enforceSeconds)))
            entries.append(("wrap_up.\(type.rawValue).codes", rule.codes.joined(separator: ",")))
            entries.append(("wrap_up.\(type.rawValue).default", rule.defaultCode))
        }
        entries.append(("default_queue", config.defaultQueue))
        entries.append(("history.window", "\(config.historyWindowDays)d"))
        entries.append(("self_registration", config.selfRegistration ? "on" : "off"))
        entries.append(("gateways", config.gatewayActors.joined(separator: ",")))
        entries.append(("reopen_window", formatSeconds(config.reopenWindowSeconds)))
        entries.append(("default_country", config.defaultCountry))
        for type in InteractionType.allCases {
            entries.append(("capacity.\(type.rawValue)", String(config.routing.capacity[type] ?? 1)))
        }
        entries.append(("routing.offer_timeout", formatSeconds(config.routing.offerTimeoutSeconds)))
        entries.append(("routing.timeouts_to_away", String(config.routing.timeoutsToAway)))
        entries.append(("routing.reoffer_after", formatSeconds(config.routing.reofferAfterSeconds)))
        entries.append(("routing.reject_reasons", config.routing.rejectReasons.joined(separator: ",")))
        entries.append(("routing.vip_first", config.routing.vipFirst ? "on" : "off"))
        entries.append(("routing.bell", config.routing.bell ? "on" : "off"))
        for queue in queues.values.sorted(by: { $0.id < $1.id }) {
            entries.append(("queue.\(queue.id).target_wait", formatSeconds(queue.targetWaitSeconds)))
            entries.append(("queue.\(queue.id).routing", queue.pullOnly ? "pull" : "push"))
            entries += calendarEntries(queue)
            entries.append(("queue.\(queue.id).survey", queue.survey ? "on" : "off"))
            if queue.serves(.walkUp) { entries.append(("queue.\(queue.id).walk_up", queue.walkUp == nil ? "off" : "on")) }
            if let walkUp = queue.walkUp {
                for setting in WalkUpConfig.settings { entries.append(("queue.\(queue.id).walk_up.\(setting.name)", setting.get(walkUp))) }
            }
        }
        entries.append(("appointments.per_customer", String(config.appointmentsPerCustomer)))
        entries.append(("sla.near", "\(config.slaNearPercent)%"))
        entries.append(("survey.text", config.surveyText))
        entries.append(("survey.cooldown", "\(config.surveyCooldownDays)d"))
        return entries
    }

    public func configValue(_ key: String) throws(DomainError) -> String {
        guard let entry = configEntries.first(where: { $0.key == key }) else {
            throw .invalidValue(field: "config key", value: key, allowed: Self.configKeyPatterns)
        }
        return entry.value
    }

    public static let configKeyPatterns = ["phone_channel", "wrap_up.<chat|phone|walk-up|messaging>",
                                           "wrap_up.<type>.enforce", "wrap_up.<type>.codes", "wrap_up.<type>.default",
                                           "default_queue", "history.window", "self_registration", "gateways",
                                           "reopen_window", "default_country", "capacity.<chat|phone|walk-up|messaging>",
                                           "routing.offer_timeout", "routing.timeouts_to_away", "routing.reoffer_after", "routing.reject_reasons",
                                           "routing.vip_first", "routing.bell", "queue.<queue id>.target_wait", "queue.<queue id>.routing",
                                           "queue.<queue id>.walk_up", "queue.<queue id>.walk_up.<setting>",
                                           "appointments.per_customer", "queue.<queue id>.hours", "queue.<queue id>.holidays",
                                           "queue.<queue id>.time_zone", "sla.near", "queue.<queue id>.survey", "survey.text", "survey.cooldown"]

    func planConfig(key: String, value: String) throws(DomainError) -> CommandResult {
        var changes = ChangeSet()
        var config = self.config
        let v = value.trimmedWhitespace
        if key == "phone_channel" {
            config.phoneChannel = try parseSwitch(v, key: key)
        } else if key.hasPrefix("wrap_up."), key.split(separator: ".").count == 3 {
            let parts = key.split(separator: ".").map(String.init)
            let type: InteractionType = try parseEnum(parts[1], field: "interaction type in \(key)")
            var rule = config.wrapUpRule(for: type)
            switch parts[2] {
            case "enforce":
                guard let seconds = parseSeconds(v), seconds >= 0, seconds <= 3600 else {
                    throw .invalidValue(field: "value for \(key)", value: v, allowed: ["seconds (60s)", "minutes (2m)", "0 (no limit)"])
                }
                rule.enforceSeconds = seconds
            case "codes":
                let codes = v.split(separator: ",").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
                guard !codes.isEmpty else { throw .emptyText(field: "wrap-up codes for \(type.display)") }
                rule.codes = codes
                if !codes.contains(rule.defaultCode) { rule.defaultCode = codes[0] }
            case "default":
                guard let code = rule.codes.first(where: { $0.lowercased() == v.lowercased() }) else {
                    throw .invalidValue(field: "value for \(key)", value: v, allowed: rule.codes)
                }
                rule.defaultCode = code
            default:
                throw .invalidValue(field: "config key", value: key, allowed: Self.configKeyPatterns)
            }
            config.wrapUpRules[type] = rule
        } else if key.hasPrefix("wrap_up.") {
            let typeName = String(key.dropFirst("wrap_up.".count))
            let type: InteractionType = try parseEnum(typeName, field: "interaction type in \(key)")
            if try parseSwitch(v, key: key) { config.wrapUp.insert(type) } else { config.wrapUp.remove(type) }
        } else if key == "default_queue" {
            guard queues[v] != nil else {
                throw .invalidValue(field: "value for default_queue", value: v, allowed: queues.keys.sorted())
            }
            config.defaultQueue = v
        } else if key == "history.window" {
            let digits = v.hasSuffix("d") ? String(v.dropLast()) : v
            guard let days = Int(digits), (0...3650).contains(days) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["days the working set keeps closed records (7d, 30d, 0d)"])
            }
            config.historyWindowDays = days
        } else if key == "self_registration" {
            config.selfRegistration = try parseSwitch(v, key: key)
        } else if key == "gateways" {
            // Logins that are agents are refused by `requireSeparateLogins`, as every change is.
            config.gatewayActors = v.split(separator: ",").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
        } else if key == "reopen_window" {
            guard let seconds = parseSeconds(v), seconds >= 0 else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["seconds (90)", "minutes (30m)", "hours (24h)", "0 (never)"])
            }
            config.reopenWindowSeconds = seconds
        } else if key == "default_country" {
            let code = v.uppercased()
            guard code.isEmpty || PhoneNumber.callingCode(ofCountry: code) != nil else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["an ISO country code PhoneNumber knows: " + PhoneNumber.countries.joined(separator: ", "), "empty"])
            }
            config.defaultCountry = code
        } else if key.hasPrefix("capacity.") {
            let type: InteractionType = try parseEnum(String(key.dropFirst("capacity.".count)), field: "interaction type in \(key)")
            guard let n = Int(v), (0...100).contains(n) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["records an agent works at once, 0 to 100"])
            }
            config.routing.capacity[type] = n
        } else if key == "routing.offer_timeout" {
            guard let seconds = parseSeconds(v), (5...3600).contains(seconds) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["seconds (30)", "minutes (2m)", "from 5 s to 1 h"])
            }
            config.routing.offerTimeoutSeconds = seconds
        } else if key == "routing.timeouts_to_away" {
            guard let n = Int(v), (0...100).contains(n) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["offers missed in a row before Away, 0 (never) to 100"])
            }
            config.routing.timeoutsToAway = n
        } else if key == "routing.reoffer_after" {
            guard let seconds = parseSeconds(v), (0...3600).contains(seconds) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["seconds (90)", "minutes (2m)", "from 0 (at once) to 1 h"])
            }
            config.routing.reofferAfterSeconds = seconds
        } else if key == "routing.reject_reasons" {
            config.routing.rejectReasons = v.split(separator: ",").map { $0.trimmedWhitespace }.filter { !$0.isEmpty }
        } else if key == "routing.vip_first" {
            config.routing.vipFirst = try parseSwitch(v, key: key)
        } else if key == "routing.bell" {
            config.routing.bell = try parseSwitch(v, key: key)
        } else if key.hasPrefix("queue."), key.hasSuffix(".routing") {
            let id = String(key.dropFirst("queue.".count).dropLast(".routing".count))
            guard var queue = queues[id] else {
                throw .invalidValue(field: "queue in \(key)", value: id, allowed: queues.keys.sorted())
            }
            switch v {
            case "push": queue.pullOnly = false
            case "pull": queue.pullOnly = true
            default: throw .invalidValue(field: "value for \(key)", value: v, allowed: ["push (offered to agents)", "pull (agents take it from the list)"])
            }
            changes.queues = [queue]
        } else if key.hasPrefix("queue."), key.hasSuffix(".target_wait") {
            let id = String(key.dropFirst("queue.".count).dropLast(".target_wait".count))
            guard var queue = queues[id] else {
                throw .invalidValue(field: "queue in \(key)", value: id, allowed: queues.keys.sorted())
            }
            guard let seconds = parseSeconds(v), seconds > 0 else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["seconds (90)", "minutes (5m)", "hours (1h)"])
            }
            queue.targetWaitSeconds = seconds
            changes.queues = [queue]
        } else if key.hasPrefix("queue."), !key.contains(".walk_up"), let name = BusinessCalendarConfig.names.first(where: { key.hasSuffix(".\($0)") }) {
            changes.queues = [try planCalendarConfig(queue: String(key.dropFirst("queue.".count).dropLast(name.count + 1)),
                                                     setting: name, value: v, key: key)]
        } else if key.hasPrefix("queue."), key.hasSuffix(".survey") {
            let id = String(key.dropFirst("queue.".count).dropLast(".survey".count))
            guard var queue = queues[id] else { throw .invalidValue(field: "queue in \(key)", value: id, allowed: queues.keys.sorted()) }
            queue.survey = try parseSwitch(v, key: key)
            changes.queues = [queue]
        } else if key == "survey.text" {
            let clean = TextSanitizer.clean(v)
            guard !clean.isEmpty, clean.count <= 500 else { throw .invalidValue(field: "value for \(key)", value: String(v.prefix(60)), allowed: ["text, 1 to 500 characters, with {{number}} {{queue}}"]) }
            if let unknown = Templates.placeholders(in: clean).first(where: { !Survey.placeholders.contains($0) }) {
                throw .invalidValue(field: "value for \(key)", value: "{{\(unknown)}}", allowed: Survey.placeholders.map { "{{\($0)}}" })
            }
            config.surveyText = clean
        } else if key == "survey.cooldown" {
            let digits = v.hasSuffix("d") ? String(v.dropLast()) : v
            guard let days = Int(digits), (0...3650).contains(days) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["days within which a customer is not surveyed again (30d, 0d)"])
            }
            config.surveyCooldownDays = days
        } else if key == "sla.near" {
            let digits = v.hasSuffix("%") ? String(v.dropLast()) : v
            guard let n = Int(digits), (1...100).contains(n) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["share of the target from which a wait is near it, 1% to 100% (100%: never near)"])
            }
            config.slaNearPercent = n
        } else if key.hasPrefix("queue."), let walkUp = key.firstRange(of: ".walk_up") {
            changes.queues = [try planWalkUpConfig(queue: String(key[key.index(key.startIndex, offsetBy: 6)..<walkUp.lowerBound]),
                                                   setting: String(key[walkUp.upperBound...]), value: v, key: key)]
        } else if key == "appointments.per_customer" {
            guard let n = Int(v), (0...100).contains(n) else {
                throw .invalidValue(field: "value for \(key)", value: v, allowed: ["booked appointments a customer may hold, 0 (no limit) to 100"])
            }
            config.appointmentsPerCustomer = n
        } else {
            throw .invalidValue(field: "config key", value: key, allowed: Self.configKeyPatterns)
        }
        if config != self.config { changes.config = config }
        return CommandResult(changes: changes, subject: key, summary: "\(key) = \(v)")
    }

    /// `queue.<id>.walk_up` (`setting` empty) or `queue.<id>.walk_up.<setting>`: the queue as it becomes.
    private func planWalkUpConfig(queue id: String, setting: String, value v: String, key: String) throws(DomainError) -> Queue {
        guard var queue = queues[id] else { throw .invalidValue(field: "queue in \(key)", value: id, allowed: queues.keys.sorted()) }
        if setting.isEmpty {
            if try parseSwitch(v, key: key) {
                guard queue.serves(.walkUp) else { throw .queueDoesNotServe(queue: id, type: .walkUp) }
                guard queue.walkUp == nil else { throw .noChange(number: "queue \(id)", field: "walk_up") }
                // The location's gateway is the desk's walk-up gateway when it has one.
                var settings = WalkUpSettings()
                if !isGateway(settings.gateway), let first = config.gatewayActors.first { settings.gateway = first }
                queue.walkUp = settings
                // Visitors are called in serving order at the counter, not offered by routing
                // (`queue.<id>.routing push` offers them again).
                queue.pullOnly = true
            } else {
                queue.walkUp = nil
            }
            return queue
        }
        guard setting.hasPrefix("."), let row = WalkUpConfig.setting(String(setting.dropFirst())) else {
            throw .invalidValue(field: "config key", value: key, allowed: WalkUpConfig.settings.map { "queue.\(id).walk_up.\($0.name)" })
        }
        guard var settings = queue.walkUp else {
            throw .invalidValue(field: "queue for \(key)", value: id, allowed: ["a walk-up location (config set queue.\(id).walk_up on)"])
        }
        try row.set(&settings, v, self)
        queue.walkUp = settings
        return queue
    }

    func parseSwitch(_ value: String, key: String) throws(DomainError) -> Bool {
        switch value.lowercased() {
        case "on", "true", "yes", "1": return true
        case "off", "false", "no", "0": return false
        default: throw .invalidValue(field: "value for \(key)", value: value, allowed: ["on", "off"])
        }
    }
}

/// `90`, `90s`, `5m`, `1h` -> seconds.
public func parseSeconds(_ text: String) -> Int64? {
    guard let last = text.last else { return nil }
    let unit: Int64
    var digits = Substring(text)
    switch last {
    case "s": unit = 1; digits = digits.dropLast()
    case "m": unit = 60; digits = digits.dropLast()
    case "h": unit = 3600; digits = digits.dropLast()
    default: unit = 1
    }
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int64(digits), n < 1_000_000 else { return nil }
    return n * unit
}

/// Seconds the way `parseSeconds` reads them back: `5m`, `1h`, `90s`.
public func formatSeconds(_ seconds: Int64) -> String {
    if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
    if seconds % 60 == 0 { return "\(seconds / 60)m" }
    return "\(seconds)s"
}
