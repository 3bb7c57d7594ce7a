import FrontdeskBackend
import FrontdeskCore

/// ServiceNow's spellings of Frontdesk's values, raw and displayed, both ways: the one place
/// that knows `walkup` is Walk-up, `queued` is New waiting in a queue, and an incident in
/// state 6 is Resolved.
enum ServiceNowVocabulary {
    // MARK: Interactions

    static func type(_ text: String) -> InteractionType? {
        switch text.lowercased() {
        case "chat": .chat
        case "phone": .phone
        case "walkup", "walk-up", "walk_up", "walk up": .walkUp
        case "messaging", "sms", "whatsapp": .messaging
        default: nil
        }
    }

    static func rawType(_ type: InteractionType) -> String { type == .walkUp ? "walkup" : type.rawValue }

    /// The type to export: an `other` record's original value (`email`, ...) as it came.
    static func rawType(_ type: InteractionType, original: String?) -> String {
        type == .other ? original ?? type.rawValue : rawType(type)
    }

    static func interactionState(_ raw: String) -> InteractionState? {
        InteractionState(rawValue: raw)
    }

    static func interactionState(display: String) -> InteractionState? {
        let folded = display.lowercased()
        if folded == "closed - complete" || folded == "closed complete" { return .closedComplete }
        if folded == "closed - abandoned" || folded == "closed abandoned" { return .closedAbandoned }
        return InteractionState.allCases.first { $0.display.lowercased() == folded }
    }

    static func stateReason(_ text: String) -> StateReason? {
        StateReason(rawValue: text) ?? StateReason.allCases.first { $0.display.lowercased() == text.lowercased() }
    }

    // MARK: Tasks

    /// The tables related tasks come from, and back to.
    static let taskTables: [(table: String, kind: TaskKind)] = [
        ("incident", .incident), ("sn_customerservice_case", .case), ("sc_request", .request),
    ]

    static func table(_ kind: TaskKind) -> String { taskTables.first { $0.kind == kind }!.table }

    /// Each table's numeric states (and display names) as Frontdesk's task states.
    static func taskState(_ text: String, kind: TaskKind) -> TaskState? {
        if let state = TaskState(rawValue: text) ?? TaskState.allCases.first(where: { $0.display.lowercased() == text.lowercased() }) {
            return state
        }
        switch (kind, text.lowercased()) {
        case (.incident, "1"), (.case, "1"), (.request, "1"), (_, "open"), (_, "requested"): return .new
        case (.incident, "2"), (.incident, "3"), (.case, "10"), (.case, "18"), (.request, "2"), (_, "on hold"),
             (_, "awaiting info"), (_, "work in progress"), (_, "in_process"), (_, "in process"): return .inProgress
        case (.incident, "6"), (.case, "6"): return .resolved
        case (.incident, "7"), (.case, "3"), (.request, "3"), (.request, "4"), (_, "closed_complete"), (_, "closed complete"),
             (_, "closed_incomplete"), (_, "closed incomplete"): return .closed
        case (.incident, "8"), (.case, "7"), (.request, "7"), (_, "cancelled"), (_, "closed_cancelled"): return .canceled
        default: return nil
        }
    }

    static func rawTaskState(_ state: TaskState, kind: TaskKind) -> String {
        switch (kind, state) {
        case (_, .new): "1"
        case (.incident, .inProgress): "2"
        case (.case, .inProgress): "10"
        case (.request, .inProgress): "2"
        case (.request, .resolved), (.request, .closed): "3"
        case (_, .resolved): "6"
        case (.incident, .closed): "7"
        case (.case, .closed): "3"
        case (.incident, .canceled): "8"
        case (.case, .canceled), (.request, .canceled): "7"
        }
    }

    // MARK: Durations and date-times

    /// A glide_duration as the raw API writes it (`1970-01-03 01:00:00`: 2 days 1 hour), or as
    /// a display value (`2 Days 1 Hour 3 Minutes`), in seconds.
    static func duration(_ text: String) -> Int64? {
        if let instant = Instant(parsing: text) { return instant.seconds >= 0 ? instant.seconds : nil }
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        guard !words.isEmpty, words.count % 2 == 0 else { return nil }
        var total: Int64 = 0
        for k in stride(from: 0, to: words.count, by: 2) {
            guard let n = Int64(words[k]), n >= 0 else { return nil }
            let unit: Int64
            switch words[k + 1] {
            case "day", "days": unit = 86_400
            case "hour", "hours": unit = 3600
            case "minute", "minutes": unit = 60
            case "second", "seconds": unit = 1
            default: return nil
            }
            total += n * unit
        }
        return total
    }

    static func glideDuration(_ seconds: Int64) -> String { Instant(seconds: max(0, seconds)).serviceNowDateTime }

    static func dateTime(_ text: String) -> Instant? { Instant(parsing: text) }
}
