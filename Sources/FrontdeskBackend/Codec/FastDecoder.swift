import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// A JSON reader for exactly the shapes the store writes (interactions and tasks), several
/// times faster than `JSONDecoder` on them. It accepts only what `JSONDecoder` accepts and
/// builds the same values: the differential tests hold it to that. Anything it does not
/// expect makes it throw, and the caller falls back to `JSONDecoder`, whose error messages
/// then name the problem.
public struct FastDecoder {
    public struct Mismatch: Error {}

    private let bytes: UnsafeBufferPointer<UInt8>
    private var i: Int
    private let end: Int
    /// Where the key `key()` read last lies (for the interaction table's lookup).
    private var lastKey = 0..<0

    public init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.bytes = bytes; i = start; self.end = end
    }

    /// True when only whitespace is left.
    public mutating func atEnd() -> Bool { skipSpace(); return i >= end }

    // MARK: Records

    /// The fields `InteractionSchema.fields` lists, found by their key's bytes; others skipped.
    public mutating func interaction() throws(Mismatch) -> Interaction {
        var r = InteractionSchema.blank
        var read: UInt64 = 0  // the fields read, by index in the table
        try object { (d: inout FastDecoder, _: Key) throws(Mismatch) in
            guard let n = d.fieldIndex() else { return try d.skipValue() }
            let field = InteractionSchema.fields[n]
            // A repeated key: leave the choice of which one wins to JSONDecoder.
            guard read & (1 << n) == 0 else { throw Mismatch() }
            read |= 1 << n
            let value = field.presence == .required ? try d.value(field.kind)
                : try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.value(field.kind) } ?? .null
            guard field.set(&r, value) else { throw Mismatch() }
        }
        guard read & Self.requiredFields == Self.requiredFields else { throw Mismatch() }
        return r
    }

    /// A record's head and facts as `FastEncoder.recordHead` writes them: one JSON array,
    /// `[number, type, state, opened_for, channel_user_profile, assigned_to, queue, opened_at,
    /// archived_at, status_token, closed_at, accepted_at, holds_some_capacity, has_queued_reply]`.
    public mutating func recordHead() throws(Mismatch) -> (RecordHead, RecordFacts) {
        func text(_ d: inout FastDecoder) throws(Mismatch) -> String { try d.string() }
        func at(_ d: inout FastDecoder) throws(Mismatch) -> Instant { try d.instant() }
        try expect(0x5B)
        let number = try string()
        try expect(0x2C); let type = try raw(InteractionType.init(rawValue:))
        try expect(0x2C); let state = try raw(InteractionState.init(rawValue:))
        try expect(0x2C); let openedFor = try optional(text)
        try expect(0x2C); let profile = try optional(text)
        try expect(0x2C); let assignedTo = try optional(text)
        try expect(0x2C); let queue = try optional(text)
        try expect(0x2C); let openedAt = try instant()
        try expect(0x2C); let archivedAt = try optional(at)
        try expect(0x2C); let statusToken = try optional(text)
        try expect(0x2C); let closedAt = try optional(at)
        try expect(0x2C); let acceptedAt = try optional(at)
        try expect(0x2C); let holds = try boolean()
        try expect(0x2C); let queuedReply = try boolean()
        try expect(0x5D)
        return (RecordHead(number: number, type: type, state: state, openedFor: openedFor, channelUserProfile: profile,
                           assignedTo: assignedTo, queue: queue, openedAt: openedAt, archivedAt: archivedAt, statusToken: statusToken),
                RecordFacts(closedAt: closedAt, acceptedAt: acceptedAt, holdsSomeCapacity: holds, hasQueuedReply: queuedReply))
    }

    /// The table's keys as bytes, and the bits of the fields a record must have.
    private static let fieldKeys: [[UInt8]] = InteractionSchema.fields.map { Array($0.key.utf8) }
    private static let requiredFields: UInt64 = {
        precondition(InteractionSchema.fields.count <= 64, "an interaction's fields are read into a 64-bit set")
        return InteractionSchema.fields.indices.reduce(0) { InteractionSchema.fields[$1].presence == .required ? $0 | 1 << $1 : $0 }
    }()

    /// The index in `InteractionSchema.fields` of the key just read, if it is one of them.
    private func fieldIndex() -> Int? {
        let length = lastKey.count
        return Self.fieldKeys.firstIndex { key in
            key.count == length && key.withUnsafeBufferPointer { memcmp($0.baseAddress!, bytes.baseAddress! + lastKey.lowerBound, length) == 0 }
        }
    }

    /// A field's value of `kind` (not null).
    private mutating func value(_ kind: InteractionField.Kind) throws(Mismatch) -> InteractionValue {
        switch kind {
        case .text: return .text(try string())
        case .instant: return .instant(try instant())
        case .integer: return .integer(try int())
        case .texts: return .texts(try array { (d: inout FastDecoder) throws(Mismatch) in try d.string() })
        case .workNotes: return .workNotes(try array { (d: inout FastDecoder) throws(Mismatch) in try d.note() })
        case .transcript: return .transcript(try array { (d: inout FastDecoder) throws(Mismatch) in try d.transcriptLine() })
        case .history: return .history(try array { (d: inout FastDecoder) throws(Mismatch) in try d.audit() })
        case .origin: return .origin(try origin())
        }
    }

    private mutating func origin() throws(Mismatch) -> ServiceNowOrigin {
        var sysID: String?, updatedOn: Instant?, wait: Int64?, duration: Int64?, columns: [ServiceNowOrigin.Column] = []
        var sourceTrail: Int?
        var related: [ServiceNowOrigin.Related] = []
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .sysID: sysID = try d.string()
            case .updatedOn: updatedOn = try d.instant()
            case .waitTime: wait = try d.optional { (d: inout FastDecoder) throws(Mismatch) in Int64(try d.int()) }
            case .duration: duration = try d.optional { (d: inout FastDecoder) throws(Mismatch) in Int64(try d.int()) }
            case .sourceTrail: sourceTrail = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.int() }
            case .columns: columns = try d.columns()
            case .related:
                related = try d.array { (d: inout FastDecoder) throws(Mismatch) in
                    var columns: [ServiceNowOrigin.Column]?
                    try d.object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
                        if key == .columns { columns = try d.columns() } else { try d.skipValue() }
                    }
                    guard let columns else { throw Mismatch() }
                    return ServiceNowOrigin.Related(columns: columns)
                }
            default: try d.skipValue()
            }
        }
        guard let sysID, let updatedOn else { throw Mismatch() }
        return ServiceNowOrigin(sysID: sysID, updatedOn: updatedOn, waitTime: wait, duration: duration, columns: columns,
                                related: related, sourceTrail: sourceTrail)
    }

    /// ServiceNow columns: name and value, and the display value when one was kept.
    private mutating func columns() throws(Mismatch) -> [ServiceNowOrigin.Column] {
        try array { (d: inout FastDecoder) throws(Mismatch) in
            var name: String?, value: String?, display: String?, displayOnly = false
            try d.object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
                switch key {
                case .name: name = try d.string()
                case .value: value = try d.string()
                case .display: display = try d.string()
                case .displayOnly: displayOnly = try d.boolean()
                default: try d.skipValue()
                }
            }
            guard let name, let value else { throw Mismatch() }
            return ServiceNowOrigin.Column(name: name, value: value, display: display, displayOnly: displayOnly)
        }
    }

    /// A journal line whose change holds only interactions, tasks and counters (what record
    /// work writes); a line with directory or configuration changes takes JSONDecoder.
    public mutating func journalEntry() throws(Mismatch) -> (at: Instant, by: String, changes: ChangeSet) {
        var at: Instant?, by: String?, changes: ChangeSet?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .at: at = try d.instant()
            case .by: by = try d.string()
            case .changes: changes = try d.changeSet()
            default: try d.skipValue()
            }
        }
        guard let at, let by, let changes else { throw Mismatch() }
        return (at, by, changes)
    }

    /// A change set holding only interactions, tasks and counters (what record work writes);
    /// one with directory or configuration changes takes JSONDecoder.
    public mutating func changeSet() throws(Mismatch) -> ChangeSet {
        var changes = ChangeSet()
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .interactions: changes.interactions = try d.array { (d: inout FastDecoder) throws(Mismatch) in try d.interaction() }
            case .tasks: changes.tasks = try d.array { (d: inout FastDecoder) throws(Mismatch) in try d.task() }
            case .counters: changes.counters = try d.counters()
            default: throw Mismatch()
            }
        }
        return changes
    }

    private mutating func counters() throws(Mismatch) -> [NumberPrefix: Int] {
        var values: [NumberPrefix: Int] = [:]
        try expect(0x7B)
        skipSpace()
        if i < end, bytes[i] == 0x7D { i += 1; return values }
        while true {
            skipSpace()
            guard let prefix = NumberPrefix(rawValue: try string()), values[prefix] == nil else { throw Mismatch() }
            try expect(0x3A)
            let value = try int()
            guard value >= 0 else { throw Mismatch() }
            values[prefix] = value
            skipSpace()
            guard i < end else { throw Mismatch() }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; return values }
            throw Mismatch()
        }
    }

    public mutating func customer() throws(Mismatch) -> Customer {
        var id: String?, name: String?, email: String?, phone: String?, company: String?, vip: Bool?, sysID: String?
        var chatHandles: [String] = [], servicenow: ServiceNowUserOrigin?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .sysID: sysID = try d.string()
            case .chatHandles: chatHandles = try d.array { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            case .servicenow: servicenow = try d.userOrigin()
            case .id: id = try d.string()
            case .name: name = try d.string()
            case .email: email = try d.string()
            case .phone: phone = try d.string()
            case .company: company = try d.string()
            case .vip: vip = try d.boolean()
            default: try d.skipValue()
            }
        }
        guard let id, let name, let email, let phone, let company, let vip else { throw Mismatch() }
        return Customer(id: id, name: name, email: email, phone: phone, company: company, vip: vip, sysID: sysID,
                        chatHandles: chatHandles, servicenow: servicenow)
    }

    /// A person's `sys_user` row as it came (issue 23: people): `{"columns":[{"display"?,"name","value"}]}`.
    private mutating func userOrigin() throws(Mismatch) -> ServiceNowUserOrigin {
        var columns: [ServiceNowUserOrigin.Column]?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            guard key == .columns else { return try d.skipValue() }
            columns = try d.array { (d: inout FastDecoder) throws(Mismatch) in
                var name: String?, value: String?, display: String?
                try d.object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
                    switch key {
                    case .name: name = try d.string()
                    case .value: value = try d.string()
                    case .display: display = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
                    default: try d.skipValue()
                    }
                }
                guard let name, let value else { throw Mismatch() }
                return ServiceNowUserOrigin.Column(name: name, value: value, display: display)
            }
        }
        guard let columns else { throw Mismatch() }
        return ServiceNowUserOrigin(columns: columns)
    }

    public mutating func profile() throws(Mismatch) -> ChannelUserProfile {
        var id: String?, channel: MessagingChannel?, identifier: String?, customer: String?, createdAt: Instant?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .id: id = try d.string()
            case .channel: channel = try d.raw(MessagingChannel.init(rawValue:))
            case .identifier: identifier = try d.string()
            case .customer: customer = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            case .createdAt: createdAt = try d.instant()
            default: try d.skipValue()
            }
        }
        guard let id, let channel, let identifier, let createdAt else { throw Mismatch() }
        return ChannelUserProfile(id: id, channel: channel, identifier: identifier, customer: customer, createdAt: createdAt)
    }

    private mutating func boolean() throws(Mismatch) -> Bool {
        skipSpace()
        if end - i >= 4, bytes[i] == 0x74, bytes[i + 1] == 0x72, bytes[i + 2] == 0x75, bytes[i + 3] == 0x65 { i += 4; return true }
        if end - i >= 5, bytes[i] == 0x66, bytes[i + 1] == 0x61, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x73, bytes[i + 4] == 0x65 { i += 5; return false }
        throw Mismatch()
    }

    public mutating func task() throws(Mismatch) -> RelatedTask {
        var number: String?, kind: TaskKind?, state: TaskState?, short: String?, openedAt: Instant?, links: [String]?
        var openedFor: String?, assignedTo: String?, sysID: String?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .sysID: sysID = try d.string()
            case .number: number = try d.string()
            case .kind: kind = try d.raw(TaskKind.init(rawValue:))
            case .state: state = try d.raw(TaskState.init(rawValue:))
            case .shortDescription: short = try d.string()
            case .openedFor: openedFor = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            case .assignedTo: assignedTo = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            case .openedAt: openedAt = try d.instant()
            case .interactions: links = try d.array { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            default: try d.skipValue()
            }
        }
        guard let number, let kind, let state, let short, let openedAt, let links else { throw Mismatch() }
        return RelatedTask(number: number, kind: kind, state: state, shortDescription: short, openedFor: openedFor,
                           assignedTo: assignedTo, openedAt: openedAt, interactions: links, sysID: sysID)
    }

    private mutating func note() throws(Mismatch) -> WorkNote {
        let (author, at, text, _) = try timedText(who: .author)
        return WorkNote(author: author, at: at, text: text)
    }

    private mutating func transcriptLine() throws(Mismatch) -> TranscriptLine {
        let (from, at, text, id) = try timedText(who: .from)
        return TranscriptLine(from: from, at: at, text: text, id: id)
    }

    /// `{"<who>": …, "at": …, "text": …}`: work notes and transcript lines (a reply's `id` too).
    private mutating func timedText(who whoKey: Key) throws(Mismatch) -> (String, Instant, String, String?) {
        var who: String?, at: Instant?, text: String?, id: String?
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case whoKey: who = try d.string()
            case .at: at = try d.instant()
            case .text: text = try d.string()
            case .id: id = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            default: try d.skipValue()
            }
        }
        guard let who, let at, let text else { throw Mismatch() }
        return (who, at, text, id)
    }

    private mutating func audit() throws(Mismatch) -> AuditEntry {
        var at: Instant?, by: String?, field: String?, old: String?, new: String?, inferred: AuditInference?
        // State changes (most of a trail) are matched from the bytes, without making strings.
        var oldState: InteractionState?, newState: InteractionState?
        var oldIsNull = false
        try object { (d: inout FastDecoder, key: Key) throws(Mismatch) in
            switch key {
            case .at: at = try d.instant()
            case .by: by = try d.string()
            case .field: field = try d.string()
            case .inferred:
                guard let source = AuditInference(rawValue: try d.string()) else { throw Mismatch() }
                inferred = source
            case .old:
                if let state = d.stateLiteral() { oldState = state; return }
                old = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
                oldIsNull = old == nil
            case .new:
                if let state = d.stateLiteral() { newState = state; return }
                new = try d.optional { (d: inout FastDecoder) throws(Mismatch) in try d.string() }
            default: try d.skipValue()
            }
        }
        guard let at, let by, let field else { throw Mismatch() }
        let change: AuditEntry.Change?
        switch field {
        case AuditField.state:
            change = oldState.flatMap { from in newState.map { .state(from: from, to: $0) } }
        case AuditField.created:
            change = newState.flatMap { oldIsNull && oldState == nil && old == nil ? .created(state: $0) : nil }
        default:
            // Every other event through the one codec.
            change = AuditEntry.Change(field: field, old: oldState?.rawValue ?? old, new: newState?.rawValue ?? new)
        }
        guard let change else { throw Mismatch() }
        return AuditEntry(at: at, by: by, change: change, inferred: inferred)
    }

    /// A quoted state name with no escapes, read from the bytes; nil (and nothing consumed)
    /// for anything else.
    private mutating func stateLiteral() -> InteractionState? {
        skipSpace()
        guard i < end, bytes[i] == 0x22 else { return nil }
        var j = i + 1
        while j < end, bytes[j] != 0x22, bytes[j] != 0x5C { j += 1 }
        guard j < end, bytes[j] == 0x22 else { return nil }
        let start = i + 1, length = j - start
        @inline(__always) func equals(_ word: StaticString) -> Bool {
            word.utf8CodeUnitCount == length && memcmp(word.utf8Start, bytes.baseAddress! + start, length) == 0
        }
        let state: InteractionState?
        switch length {
        case 3: state = equals("new") ? .new : nil
        case 6: state = equals("queued") ? .queued : nil
        case 7: state = equals("on_hold") ? .onHold : (equals("wrap_up") ? .wrapUp : nil)
        case 15: state = equals("closed_complete") ? .closedComplete : nil
        case 16: state = equals("work_in_progress") ? .workInProgress : (equals("closed_abandoned") ? .closedAbandoned : nil)
        default: state = nil
        }
        if state != nil { i = j + 1 }
        return state
    }

    // MARK: Keys

    enum Key: UInt8, CaseIterable {
        case number, type, state, stateReason, openedFor, channelUserProfile, assignedTo, queue, shortDescription
        case openedAt, archivedAt, workNotes, transcript, history, relatedTasks, version
        case kind, interactions, author, at, text, from, by, field, old, new, changes, tasks, counters
        case id, name, email, phone, company, vip, channel, identifier, customer, createdAt
        case sysID, servicenow, updatedOn, waitTime, duration, columns, value, chatHandles
        case display  // a sys_user column's display value (people imported from ServiceNow)
        case other
        /// An audit entry's mark of being made up on import (added after the others: their numbers stay).
        case inferred
        case sourceTrail
        case displayOnly, related
    }

    /// The known keys already read in one object: one bit per `Key`, so every key, whatever
    /// its number, is guarded against a repeat.
    struct KeySet {
        private var bits: UInt64 = 0
        /// Every key has its own bit. Checked once, when the first object is read: a key past
        /// the 64th stops every test that decodes anything, not silently sharing a bit.
        private static let keysFit: Bool = {
            precondition(Key.allCases.count <= UInt64.bitWidth,
                         "FastDecoder.Key has \(Key.allCases.count) cases, more than the \(UInt64.bitWidth) bits of KeySet: widen it")
            return true
        }()

        init() { _ = Self.keysFit }

        /// Adds `key`; false when it was there already.
        @inline(__always)
        mutating func insert(_ key: Key) -> Bool {
            let bit: UInt64 = 1 << UInt64(key.rawValue)
            defer { bits |= bit }
            return bits & bit == 0
        }
    }

    /// Names a key's bytes. A switch over static strings: no table to retain per key, and
    /// every byte is compared, so an unknown key is never taken for a known one.
    private func name(_ start: Int, _ length: Int) -> Key {
        @inline(__always) func equals(_ word: StaticString) -> Bool {
            word.utf8CodeUnitCount == length && memcmp(word.utf8Start, bytes.baseAddress! + start, length) == 0
        }
        switch length {
        case 2:
            if equals("at") { return .at }; if equals("by") { return .by }; if equals("id") { return .id }
        case 3:
            if equals("old") { return .old }; if equals("new") { return .new }; if equals("vip") { return .vip }
        case 4:
            if equals("type") { return .type }; if equals("kind") { return .kind }
            if equals("text") { return .text }; if equals("from") { return .from }; if equals("name") { return .name }
        case 5:
            if equals("value") { return .value }
            if equals("state") { return .state }; if equals("queue") { return .queue }
            if equals("field") { return .field }; if equals("tasks") { return .tasks }
            if equals("email") { return .email }; if equals("phone") { return .phone }
        case 6:
            if equals("number") { return .number }; if equals("author") { return .author }; if equals("sys_id") { return .sysID }
        case 7:
            if equals("version") { return .version }; if equals("history") { return .history }
            if equals("changes") { return .changes }; if equals("company") { return .company }
            if equals("channel") { return .channel }; if equals("columns") { return .columns }
            if equals("display") { return .display }; if equals("related") { return .related }
        case 8:
            if equals("counters") { return .counters }; if equals("customer") { return .customer }
            if equals("duration") { return .duration }; if equals("inferred") { return .inferred }
        case 9: if equals("opened_at") { return .openedAt }; if equals("wait_time") { return .waitTime }
        case 10:
            if equals("opened_for") { return .openedFor }; if equals("transcript") { return .transcript }
            if equals("identifier") { return .identifier }; if equals("created_at") { return .createdAt }
            if equals("work_notes") { return .workNotes }; if equals("servicenow") { return .servicenow }
            if equals("updated_on") { return .updatedOn }
        case 11: if equals("assigned_to") { return .assignedTo }; if equals("archived_at") { return .archivedAt }
        case 12:
            if equals("state_reason") { return .stateReason }; if equals("interactions") { return .interactions }
            if equals("chat_handles") { return .chatHandles }; if equals("source_trail") { return .sourceTrail }
            if equals("display_only") { return .displayOnly }
        case 13: if equals("related_tasks") { return .relatedTasks }
        case 17: if equals("short_description") { return .shortDescription }
        case 20: if equals("channel_user_profile") { return .channelUserProfile }
        default: break
        }
        return .other
    }

    /// Reads a key (which never holds escapes in our files) and names it.
    private mutating func key() throws(Mismatch) -> Key {
        guard i < end, bytes[i] == 0x22 else { throw Mismatch() }
        let start = i + 1
        var j = start
        while j < end, bytes[j] != 0x22 {
            if bytes[j] == 0x5C || bytes[j] < 0x20 { throw Mismatch() }
            j += 1
        }
        guard j < end else { throw Mismatch() }
        i = j + 1
        lastKey = start..<j
        let known = name(start, j - start)
        if known != .other { return known }
        // An unknown key is skipped, but it must still be valid UTF-8, as JSONDecoder demands.
        do { _ = try JSONString.text(UnsafeBufferPointer(rebasing: bytes[start..<j]), ascii: false) } catch { throw Mismatch() }
        return .other
    }

    // MARK: Values

    private mutating func skipSpace() {
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(Mismatch) {
        skipSpace()
        guard i < end, bytes[i] == byte else { throw Mismatch() }
        i += 1
    }

    @inline(__always)
    private mutating func object(_ member: (inout FastDecoder, Key) throws(Mismatch) -> Void) throws(Mismatch) {
        try expect(0x7B)
        skipSpace()
        if i < end, bytes[i] == 0x7D { i += 1; return }
        var seen = KeySet()
        while true {
            skipSpace()
            let k = try key()
            // A repeated key: leave the choice of which one wins to JSONDecoder.
            if k != .other, !seen.insert(k) { throw Mismatch() }
            try expect(0x3A)
            skipSpace()
            try member(&self, k)
            skipSpace()
            guard i < end else { throw Mismatch() }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; return }
            throw Mismatch()
        }
    }

    @inline(__always)
    private mutating func array<T>(_ element: (inout FastDecoder) throws(Mismatch) -> T) throws(Mismatch) -> [T] {
        try expect(0x5B)
        skipSpace()
        var items: [T] = []
        if i < end, bytes[i] == 0x5D { i += 1; return items }
        while true {
            skipSpace()
            items.append(try element(&self))
            skipSpace()
            guard i < end else { throw Mismatch() }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x5D { i += 1; return items }
            throw Mismatch()
        }
    }

    /// `null` gives nil, anything else the value.
    @inline(__always)
    private mutating func optional<T>(_ value: (inout FastDecoder) throws(Mismatch) -> T) throws(Mismatch) -> T? {
        skipSpace()
        if end - i >= 4, bytes[i] == 0x6E, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C {
            i += 4
            return nil
        }
        return try value(&self)
    }

    /// A string turned into a value by `make` (an enum's raw-value initialiser).
    @inline(__always)
    private mutating func raw<E>(_ make: (String) -> E?) throws(Mismatch) -> E {
        guard let value = make(try string()) else { throw Mismatch() }
        return value
    }

    /// A date-time read straight from the bytes; a string with escapes takes the string path.
    private mutating func instant() throws(Mismatch) -> Instant {
        skipSpace()
        guard i < end, bytes[i] == 0x22 else { throw Mismatch() }
        var j = i + 1
        while j < end, bytes[j] != 0x22, bytes[j] != 0x5C, bytes[j] >= 0x20 { j += 1 }
        if j < end, bytes[j] == 0x22 {
            guard let value = Instant(utf8: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j])) else { throw Mismatch() }
            i = j + 1
            return value
        }
        guard let value = Instant(parsing: try string()) else { throw Mismatch() }
        return value
    }

    private mutating func int() throws(Mismatch) -> Int {
        skipSpace()
        var negative = false
        if i < end, bytes[i] == 0x2D { negative = true; i += 1 }
        let start = i
        var value = 0
        while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
            if o1 || o2 { throw Mismatch() }
            value = a
            i += 1
        }
        // Fractions, exponents and leading zeros go the slow way.
        guard i > start, !(i - start > 1 && bytes[start] == 0x30) else { throw Mismatch() }
        if i < end, bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { throw Mismatch() }
        return negative ? -value : value
    }

    private mutating func string() throws(Mismatch) -> String {
        skipSpace()
        guard i < end, bytes[i] == 0x22 else { throw Mismatch() }
        i += 1
        do { return try JSONString.read(bytes, &i, end: end) } catch { throw Mismatch() }
    }

    /// Skips a value of a key we do not read (JSONDecoder ignores unknown keys too).
    private mutating func skipValue() throws(Mismatch) {
        skipSpace()
        guard i < end else { throw Mismatch() }
        switch bytes[i] {
        case 0x22: _ = try string()
        case 0x7B: try object { (d: inout FastDecoder, _: Key) throws(Mismatch) in try d.skipValue() }
        case 0x5B: _ = try array { (d: inout FastDecoder) throws(Mismatch) in try d.skipValue() }
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try int()
        }
    }

    private mutating func literal(_ word: StaticString) throws(Mismatch) {
        let count = word.utf8CodeUnitCount
        guard end - i >= count else { throw Mismatch() }
        for k in 0..<count where bytes[i + k] != word.utf8Start[k] { throw Mismatch() }
        i += count
    }
}
