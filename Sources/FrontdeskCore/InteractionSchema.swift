/// The interaction record's schema in one place: every stored field with its JSON key, its
/// kind and how to read and set it. The `Codable` conformance (Schema.swift), the store's
/// fast encoder and decoder, the exports, `RecordSummary`, the ServiceNow mapping and the
/// record presenter (`show`, the Details pane) all read this table.
///
/// Adding a field (see README "Adding a field"): the property and its `init` parameter in
/// Interaction.swift, and one entry here. A `.plain` field is then stored, read back, shown,
/// exported (CSV, JSON Lines, ServiceNow) and imported with no other edit.
public enum InteractionSchema {
    /// The stored fields, in the order the record declares them (the encoders sort the keys).
    public static let fields: [InteractionField] = [
        .text("number", \.number, presentation: .bespoke),
        .raw("type", \.type, presentation: .bespoke),
        .raw("state", \.state, presentation: .bespoke),
        .optionalRaw("state_reason", \.stateReason, presentation: .bespoke),
        .optionalText("opened_for", \.openedFor, presentation: .bespoke),
        .optionalText("channel_user_profile", \.channelUserProfile, presentation: .bespoke),
        .optionalText("assigned_to", \.assignedTo, presentation: .bespoke),
        .optionalText("queue", \.queue, presentation: .bespoke),
        .text("short_description", \.shortDescription, presentation: .bespoke),
        .instant("opened_at", \.openedAt, presentation: .bespoke),
        .optionalInstant("archived_at", \.archivedAt, presentation: .bespoke),
        .list("work_notes", .workNotes, get: { .workNotes($0.workNotes) }, set: { r, v in
            guard case .workNotes(let x) = v else { return false }; r.workNotes = x; return true }),
        .list("transcript", .transcript, get: { .transcript($0.transcript) }, set: { r, v in
            guard case .transcript(let x) = v else { return false }; r.transcript = x; return true }),
        .list("history", .history, get: { .history($0.history) }, set: { r, v in
            guard case .history(let x) = v else { return false }; r.history = x; return true }),
        .list("related_tasks", .texts, get: { .texts($0.relatedTasks) }, set: { r, v in
            guard case .texts(let x) = v else { return false }; r.relatedTasks = x; return true }),
        .integer("version", \.version, presentation: .bespoke),
        // Only imported records carry it: records born here keep the bytes they always had.
        InteractionField(key: "servicenow", kind: .origin, presence: .omittedWhenNull, presentation: .bespoke,
                         get: { $0.origin.map(InteractionValue.origin) ?? .null },
                         set: { r, v in
                             switch v {
                             case .null: r.origin = nil
                             case .origin(let o): r.origin = o
                             default: return false
                             }
                             return true
                         }),
        // Walk-up fields: written only when set, so other records keep their bytes.
        .optionalText("reason", \.reason, presentation: .plain(label: "Reason for visit", column: "u_reason_for_visit"),
                      presence: .omittedWhenNull),
        .optionalText("ticket", \.ticket, presentation: .plain(label: "Ticket", column: "u_ticket"), presence: .omittedWhenNull),
        // Bespoke: no export or list writes it (the token is the visitor's key to their status).
        .optionalText("status_token", \.statusToken, presentation: .bespoke, presence: .omittedWhenNull),
        .optionalText("guest_name", \.guestName, presentation: .plain(label: "Guest", column: "u_guest_name"), presence: .omittedWhenNull),
    ]

    /// The fields sorted by key: the order sorted-keys JSON writes them in (keys are lower-case
    /// ASCII and `_`, so byte order).
    public static let fieldsByKey: [InteractionField] = fields.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }

    /// The fields every surface writes through the table (no hand-written code of their own).
    public static let plainFields: [InteractionField] = fields.filter { $0.plain != nil }

    /// Where a field with `key` sits in `fields`.
    public static func index(ofKey key: String) -> Int? { fields.firstIndex { $0.key == key } }

    /// A record with every field at its empty value: what a decoder fills in from the table.
    public static var blank: Interaction { Interaction(number: "", type: .other, openedAt: Instant(seconds: 0)) }
}

/// A field's value as the table carries it between a record and its stored form.
public enum InteractionValue: Equatable, Sendable {
    case null
    case text(String)
    case instant(Instant)
    case integer(Int)
    case texts([String])
    case workNotes([WorkNote])
    case transcript([TranscriptLine])
    case history([AuditEntry])
    case origin(ServiceNowOrigin)
}

/// One stored field of an interaction.
public struct InteractionField: Sendable {
    /// The JSON shape of the value (`null` aside).
    public enum Kind: Sendable, Equatable {
        case text, instant, integer, texts, workNotes, transcript, history, origin
    }

    /// What absence means.
    public enum Presence: Sendable, Equatable {
        /// Must be there and not null: a record without it does not decode.
        case required
        /// Written always (`null` when empty); absent or `null` reads as the empty value.
        case nullable
        /// Written only when set, so records without it keep their bytes; absent or `null` reads as empty.
        case omittedWhenNull
    }

    /// How people and other systems see a field.
    public enum Presentation: Sendable, Equatable {
        /// Each surface writes it with code of its own (names resolved, sys_ids, journals, …).
        case bespoke
        /// Every surface writes its text through the table: `label` in `show` and the Details
        /// pane, `column` in the CSV and JSON Lines exports and in ServiceNow (import and export).
        case plain(label: String, column: String)
    }

    public let key: String
    public let kind: Kind
    public let presence: Presence
    public let presentation: Presentation
    public let get: @Sendable (Interaction) -> InteractionValue
    /// Sets the field from a value of its kind (`.null` for the empty value); false when the
    /// value does not fit (a wrong kind, a name outside an enumeration).
    public let set: @Sendable (inout Interaction, InteractionValue) -> Bool

    public init(key: String, kind: Kind, presence: Presence, presentation: Presentation,
                get: @escaping @Sendable (Interaction) -> InteractionValue,
                set: @escaping @Sendable (inout Interaction, InteractionValue) -> Bool) {
        self.key = key; self.kind = kind; self.presence = presence; self.presentation = presentation
        self.get = get; self.set = set
    }

    /// Label and column of a `.plain` field.
    public var plain: (label: String, column: String)? {
        if case let .plain(label, column) = presentation { (label, column) } else { nil }
    }

    /// The value as text for people and other systems: "" when empty. Times as ISO 8601.
    public func text(of r: Interaction) -> String {
        switch get(r) {
        case .text(let s): s
        case .instant(let t): t.iso8601
        case .integer(let n): String(n)
        case .texts(let list): list.joined(separator: " ")
        default: ""
        }
    }

    /// Sets the field from text as `text(of:)` gives it ("" is empty); false when it does not fit.
    public func set(_ r: inout Interaction, text: String) -> Bool {
        guard !text.isEmpty else { return presence != .required && set(&r, .null) }
        switch kind {
        case .text: return set(&r, .text(text))
        case .instant: return Instant(parsing: text).map { set(&r, .instant($0)) } ?? false
        case .integer: return Int(text).map { set(&r, .integer($0)) } ?? false
        case .texts: return set(&r, .texts(text.split(separator: " ").map(String.init)))
        case .workNotes, .transcript, .history, .origin: return false
        }
    }
}

// MARK: Entries by kind

// An optional field added after stores exist should be `presence: .omittedWhenNull`: records
// without it then keep their bytes.

extension InteractionField {
    public static func text(_ key: String, _ path: WritableKeyPath<Interaction, String> & Sendable,
                            presentation: Presentation) -> InteractionField {
        InteractionField(key: key, kind: .text, presence: .required, presentation: presentation,
                         get: { .text($0[keyPath: path]) },
                         set: { r, v in guard case .text(let s) = v else { return false }; r[keyPath: path] = s; return true })
    }

    public static func optionalText(_ key: String, _ path: WritableKeyPath<Interaction, String?> & Sendable,
                                    presentation: Presentation,
                                    presence: Presence = .nullable) -> InteractionField {
        InteractionField(key: key, kind: .text, presence: presence, presentation: presentation,
                         get: { $0[keyPath: path].map(InteractionValue.text) ?? .null },
                         set: { r, v in
                             switch v {
                             case .null: r[keyPath: path] = nil
                             case .text(let s): r[keyPath: path] = s
                             default: return false
                             }
                             return true
                         })
    }

    /// An enumeration stored as its raw name.
    public static func raw<E: RawRepresentable<String> & Sendable>(_ key: String, _ path: WritableKeyPath<Interaction, E> & Sendable,
                                                        presentation: Presentation) -> InteractionField {
        InteractionField(key: key, kind: .text, presence: .required, presentation: presentation,
                         get: { .text($0[keyPath: path].rawValue) },
                         set: { r, v in
                             guard case .text(let s) = v, let e = E(rawValue: s) else { return false }
                             r[keyPath: path] = e
                             return true
                         })
    }

    public static func optionalRaw<E: RawRepresentable<String> & Sendable>(_ key: String, _ path: WritableKeyPath<Interaction, E?> & Sendable,
                                                                presentation: Presentation,
                                                                presence: Presence = .nullable) -> InteractionField {
        InteractionField(key: key, kind: .text, presence: presence, presentation: presentation,
                         get: { $0[keyPath: path].map { .text($0.rawValue) } ?? .null },
                         set: { r, v in
                             switch v {
                             case .null: r[keyPath: path] = nil
                             case .text(let s):
                                 guard let e = E(rawValue: s) else { return false }
                                 r[keyPath: path] = e
                             default: return false
                             }
                             return true
                         })
    }

    public static func instant(_ key: String, _ path: WritableKeyPath<Interaction, Instant> & Sendable,
                               presentation: Presentation) -> InteractionField {
        InteractionField(key: key, kind: .instant, presence: .required, presentation: presentation,
                         get: { .instant($0[keyPath: path]) },
                         set: { r, v in guard case .instant(let t) = v else { return false }; r[keyPath: path] = t; return true })
    }

    public static func optionalInstant(_ key: String, _ path: WritableKeyPath<Interaction, Instant?> & Sendable,
                                       presentation: Presentation,
                                       presence: Presence = .nullable) -> InteractionField {
        InteractionField(key: key, kind: .instant, presence: presence, presentation: presentation,
                         get: { $0[keyPath: path].map(InteractionValue.instant) ?? .null },
                         set: { r, v in
                             switch v {
                             case .null: r[keyPath: path] = nil
                             case .instant(let t): r[keyPath: path] = t
                             default: return false
                             }
                             return true
                         })
    }

    public static func integer(_ key: String, _ path: WritableKeyPath<Interaction, Int> & Sendable,
                               presentation: Presentation) -> InteractionField {
        InteractionField(key: key, kind: .integer, presence: .required, presentation: presentation,
                         get: { .integer($0[keyPath: path]) },
                         set: { r, v in guard case .integer(let n) = v else { return false }; r[keyPath: path] = n; return true })
    }

    /// A list: always written (`[]` when empty); absent or `null` reads as empty.
    static func list(_ key: String, _ kind: Kind, get: @escaping @Sendable (Interaction) -> InteractionValue,
                     set: @escaping @Sendable (inout Interaction, InteractionValue) -> Bool) -> InteractionField {
        InteractionField(key: key, kind: kind, presence: .nullable, presentation: .bespoke, get: get, set: { r, v in
            // `null` is the empty list.
            if case .null = v {
                switch kind {
                case .texts: return set(&r, .texts([]))
                case .workNotes: return set(&r, .workNotes([]))
                case .transcript: return set(&r, .transcript([]))
                case .history: return set(&r, .history([]))
                default: return false
                }
            }
            return set(&r, v)
        })
    }
}
