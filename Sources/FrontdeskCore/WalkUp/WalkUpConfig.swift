/// A walk-up location's settings as `config` keys: `queue.<id>.walk_up` (on makes the queue a
/// location, off makes it an ordinary queue again) and `queue.<id>.walk_up.<setting>`, one row
/// of `WalkUpConfig.settings` each. `Desk+Config` lists and sets them through this table.
public struct WalkUpConfigKey: Sendable {
    public var name: String
    /// What `config set` takes, for the refusal of a bad value.
    public var allowed: [String]
    public var get: @Sendable (WalkUpSettings) -> String
    /// Sets the setting from the typed value on the desk as it is; throws on a bad value.
    public var set: @Sendable (inout WalkUpSettings, String, Desk) throws(DomainError) -> Void
}

public enum WalkUpConfig {
    public static let settings: [WalkUpConfigKey] = [
        key("time_zone", ["an IANA time zone (Europe/London)", "UTC", "+01:00"], { $0.timeZone }) { s, v, desk throws(DomainError) in
            guard desk.zones.zone(v) != nil else { throw bad("time_zone", v, ["an IANA time zone this system knows (Europe/London)"]) }
            s.timeZone = v
        },
        key("hours", ["mon-fri 09:00-17:00; sat 10:00-13:00", "closed"], { formatHours($0.hours) }) { s, v, _ throws(DomainError) in
            s.hours = try parseHours(v)
        },
        key("holidays", ["dates, comma-separated (2026-12-25,2026-12-26)", "empty"], { $0.holidays.map(\.description).joined(separator: ",") }) { s, v, _ throws(DomainError) in
            var days: [LocalDate] = []
            for part in v.split(separator: ",").map({ $0.trimmedWhitespace }) where !part.isEmpty {
                guard let day = LocalDate(parsing: part) else { throw bad("holidays", part, ["dates as YYYY-MM-DD, comma-separated"]) }
                days.append(day)
            }
            s.holidays = Array(Set(days)).sorted()
        },
        key("last_check_in", ["minutes before closing (15m)", "0"], { formatSeconds(Int64($0.lastCheckInMinutes) * 60) }) { s, v, _ throws(DomainError) in
            guard let seconds = parseSeconds(v), seconds % 60 == 0, seconds <= 12 * 3600 else {
                throw bad("last_check_in", v, ["minutes before closing (15m, 1h)", "0"])
            }
            s.lastCheckInMinutes = Int(seconds / 60)
        },
        text("closed_message", \.closedMessage),
        text("away_message", \.awayMessage),
        key("reasons", ["reasons for visit, comma-separated, in order"], { $0.reasons.joined(separator: ",") }) { s, v, _ throws(DomainError) in
            var reasons: [String] = []
            for r in v.split(separator: ",").map({ TextSanitizer.clean($0.trimmedWhitespace) }) where !r.isEmpty
            && !reasons.contains(where: { $0.lowercased() == r.lowercased() }) { reasons.append(String(r.prefix(100))) }
            guard !reasons.isEmpty else { throw DomainError.emptyText(field: "list of reasons for visit") }
            s.reasons = reasons
        },
        key("name_format", DisplayNameFormat.allCases.map(\.rawValue), { $0.nameFormat.rawValue }) { s, v, _ throws(DomainError) in
            guard let f = DisplayNameFormat(rawValue: v.lowercased()) else { throw bad("name_format", v, DisplayNameFormat.allCases.map(\.rawValue)) }
            s.nameFormat = f
        },
        key("guest_check_in", ["on", "off"], { $0.guestCheckIn ? "on" : "off" }) { s, v, desk throws(DomainError) in
            s.guestCheckIn = try desk.parseSwitch(v, key: "walk_up.guest_check_in")
        },
        number("notify_at_position", \.notifyAtPosition, 0...50, "the position at which a visitor is told they are next, 0 (never) to 50"),
        number("no_show_after_calls", \.noShowAfterCalls, 1...20, "calls before a visitor may be closed as a no-show, 1 to 20"),
        text("no_show_reason", \.noShowReason, empty: false),
        key("gateway", ["one of the desk's gateways (config gateways)"], { $0.gateway }) { s, v, desk throws(DomainError) in
            guard desk.isGateway(v) else { throw bad("gateway", v, desk.config.gatewayActors) }
            s.gateway = v
        },
        key("ticket_prefix", ["1 to 3 capital letters (W)"], { $0.ticketPrefix }) { s, v, _ throws(DomainError) in
            guard (1...3).contains(v.count), v.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) else {
                throw bad("ticket_prefix", v, ["1 to 3 capital letters (W)"])
            }
            s.ticketPrefix = v
        },
        key("public_url", ["https://desk.example.com (where frontdesk serve is reached)", "empty"], { $0.publicURL }) { s, v, _ throws(DomainError) in
            guard v.isEmpty || ((v.hasPrefix("https://") || v.hasPrefix("http://")) && TextSanitizer.isClean(v) && !v.contains(" ")) else {
                throw bad("public_url", v, ["an http:// or https:// address", "empty"])
            }
            s.publicURL = v
        },
        message("checked_in", \.checkedIn),
        message("next", \.next),
        message("called", \.called),
        message("no_show", \.noShow),
        message("closed", \.closed),
        number("slot_minutes", \.slotMinutes, 5...480, "minutes per appointment slot, 5 to 480"),
        number("slot_capacity", \.slotCapacity, 1...100, "appointments per slot, 1 to 100"),
        number("offer_lead_minutes", \.offerLeadMinutes, 0...240, "minutes before its slot an appointment waits as a walk-up, 0 to 240"),
    ]

    public static func setting(_ name: String) -> WalkUpConfigKey? { settings.first { $0.name == name } }

    static func bad(_ name: String, _ value: String, _ allowed: [String]) -> DomainError {
        .invalidValue(field: "value for walk_up.\(name)", value: String(value.prefix(60)), allowed: allowed)
    }

    private static func key(_ name: String, _ allowed: [String], _ get: @escaping @Sendable (WalkUpSettings) -> String,
                            _ set: @escaping @Sendable (inout WalkUpSettings, String, Desk) throws(DomainError) -> Void) -> WalkUpConfigKey {
        WalkUpConfigKey(name: name, allowed: allowed, get: get, set: set)
    }

    private static func text(_ name: String, _ path: WritableKeyPath<WalkUpSettings, String> & Sendable, empty: Bool = true) -> WalkUpConfigKey {
        key(name, ["text" + (empty ? "" : ", not empty")], { $0[keyPath: path] }) { s, v, _ throws(DomainError) in
            let clean = TextSanitizer.clean(v)
            guard empty || !clean.isEmpty else { throw DomainError.emptyText(field: "walk_up.\(name)") }
            guard clean.count <= 500 else { throw bad(name, clean, ["at most 500 characters"]) }
            s[keyPath: path] = clean
        }
    }

    private static func number(_ name: String, _ path: WritableKeyPath<WalkUpSettings, Int> & Sendable, _ range: ClosedRange<Int>,
                               _ meaning: String) -> WalkUpConfigKey {
        key(name, [meaning], { String($0[keyPath: path]) }) { s, v, _ throws(DomainError) in
            guard let n = Int(v), range.contains(n) else { throw bad(name, v, [meaning]) }
            s[keyPath: path] = n
        }
    }

    private static func message(_ name: String, _ path: WritableKeyPath<WalkUpMessages, String> & Sendable) -> WalkUpConfigKey {
        let allowed = ["text with " + WalkUpNotices.placeholders.map { "{{\($0)}}" }.joined(separator: " "), "empty (not sent)"]
        return key("message.\(name)", allowed, { $0.messages[keyPath: path] }) { s, v, _ throws(DomainError) in
            if let unknown = WalkUpNotices.unknownPlaceholders(in: v).first { throw bad("message.\(name)", "{{\(unknown)}}", allowed) }
            guard v.count <= 500 else { throw bad("message.\(name)", v, ["at most 500 characters"]) }
            s.messages[keyPath: path] = TextSanitizer.clean(v)
        }
    }

    // MARK: Opening hours as text

    /// `mon-fri 09:00-17:00; sat 10:00-13:00`: days with the same spans grouped, runs of
    /// days as a range; `closed` when no day opens.
    public static func formatHours(_ hours: [Weekday: [OpeningSpan]]) -> String {
        var groups: [(days: [Weekday], spans: [OpeningSpan])] = []
        for day in Weekday.allCases {
            guard let spans = hours[day], !spans.isEmpty else { continue }
            if let last = groups.last, last.spans == spans, let prev = last.days.last,
               Weekday.allCases.firstIndex(of: prev)! + 1 == Weekday.allCases.firstIndex(of: day)! {
                groups[groups.count - 1].days.append(day)
            } else {
                groups.append(([day], spans))
            }
        }
        guard !groups.isEmpty else { return "closed" }
        return groups.map { g in
            let days = g.days.count == 1 ? g.days[0].rawValue : "\(g.days.first!.rawValue)-\(g.days.last!.rawValue)"
            return days + " " + g.spans.map { "\(clock($0.start))-\(clock($0.end))" }.joined(separator: ",")
        }.joined(separator: "; ")
    }

    /// Reads `formatHours`' text back: groups by `;`, each days (`mon`, `mon-fri`, `sat,sun`)
    /// then spans (`09:00-12:00,13:00-17:00`); a day named twice takes the later spans.
    public static func parseHours(_ text: String) throws(DomainError) -> [Weekday: [OpeningSpan]] {
        let allowed = ["days and times: mon-fri 09:00-17:00; sat 10:00-13:00", "closed"]
        let trimmed = text.trimmedWhitespace.lowercased()
        if trimmed.isEmpty || trimmed == "closed" { return [:] }
        var hours: [Weekday: [OpeningSpan]] = [:]
        for group in trimmed.split(separator: ";").map({ $0.trimmedWhitespace }) where !group.isEmpty {
            let words = group.split(separator: " ", maxSplits: 1).map { $0.trimmedWhitespace }
            guard words.count == 2 else { throw bad("hours", group, allowed) }
            var days: [Weekday] = []
            for item in words[0].split(separator: ",") {
                let ends = item.split(separator: "-").map(String.init)
                guard (1...2).contains(ends.count), let a = Weekday(rawValue: ends[0]), let b = Weekday(rawValue: ends.last!) else {
                    throw bad("hours", String(item), allowed)
                }
                let i = Weekday.allCases.firstIndex(of: a)!, j = Weekday.allCases.firstIndex(of: b)!
                guard i <= j else { throw bad("hours", String(item), ["days in week order (mon-fri)"]) }
                days += Weekday.allCases[i...j]
            }
            var spans: [OpeningSpan] = []
            for item in words[1].replacingSpaces.split(separator: ",") {
                let ends = item.split(separator: "-").map(String.init)
                guard ends.count == 2, let start = minutes(ends[0]), let end = minutes(ends[1]), start < end else {
                    throw bad("hours", String(item), ["times as HH:MM-HH:MM, opening before closing (24:00 at most)"])
                }
                spans.append(OpeningSpan(start: start, end: end))
            }
            spans.sort { $0.start < $1.start }
            for (a, b) in zip(spans, spans.dropFirst()) where b.start < a.end {
                throw bad("hours", words[1], ["spans that do not overlap"])
            }
            for day in days { hours[day] = spans }
        }
        return hours
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0..<60).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    private static func clock(_ minute: Int) -> String {
        LocalTime(date: LocalDate(year: 2000, month: 1, day: 1), minuteOfDay: minute).clock
    }
}

private extension String {
    var replacingSpaces: String { String(filter { $0 != " " }) }
}
