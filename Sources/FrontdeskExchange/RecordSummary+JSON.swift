import FrontdeskBackend

/// `RecordSummary` as JSON, written by hand into bytes: `list --json` and `export --format
/// jsonl` print one for every record, and JSONEncoder spent most of their time (issue 28).
/// The bytes are JSONEncoder's with sorted keys and slashes as they are, pretty-printed or
/// compact; `SummaryJSONTests` hold the two to the same bytes on hostile text.
extension RecordSummary {
    /// Appends the summary to `out`. `pretty`: JSONEncoder's `.prettyPrinted` layout with every
    /// line after the first `indent` spaces further in (an element of a pretty array is
    /// indented by 2), an empty array as `[`, a blank line, `]`.
    public func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int = 0) {
        var w = SummaryJSONWriter(out: out, pretty: pretty, depth: indent)
        out = []
        w.object { w in
            // Sorted keys: the fixed members and the schema's plain fields, merged by their bytes.
            var plain = (plain_fields ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }[...]
            for member in Member.sorted {
                while let next = plain.first, next.key.utf8.lexicographicallyPrecedes(member.rawValue.utf8) {
                    w.key(next.key); w.string(next.value)
                    plain = plain.dropFirst()
                }
                write(member, &w)
            }
            for (key, value) in plain { w.key(key); w.string(value) }
        }
        out = w.out
    }

    /// The members, by key; `plain_fields` are written beside them.
    private enum Member: String, CaseIterable {
        case number, type, state, state_reason, opened_for, opened_for_name, channel_user_profile, caller, assigned_to, queue
        case short_description, opened_at, accepted_at, closed_at, archived_at
        case wait_time_seconds, duration_seconds, hold_time_seconds, wrap_up_seconds
        case wrap_up_code, wrap_up_notes, wrap_up_by_system, wrap_up_segments, related_tasks, work_notes, conversation, version, audit_trail

        /// Sorted as JSONEncoder's sorted keys: by their bytes.
        static let sorted = allCases.sorted { $0.rawValue.utf8.lexicographicallyPrecedes($1.rawValue.utf8) }
    }

    /// One member. `audit_trail` writes nothing when it is nil (as `encodeIfPresent`), the other
    /// optionals write `null`.
    private func write(_ member: Member, _ w: inout SummaryJSONWriter) {
        if member == .audit_trail, audit_trail == nil { return }
        w.key(member.rawValue)
        let s = self
        switch member {
        case .number: w.string(s.number)
        case .type: w.string(s.type)
        case .state: w.string(s.state)
        case .state_reason: w.string(s.state_reason)
        case .opened_for: w.string(s.opened_for)
        case .opened_for_name: w.string(s.opened_for_name)
        case .channel_user_profile: w.string(s.channel_user_profile)
        case .caller: w.string(s.caller)
        case .assigned_to: w.string(s.assigned_to)
        case .queue: w.string(s.queue)
        case .short_description: w.string(s.short_description)
        case .opened_at: w.string(s.opened_at)
        case .accepted_at: w.string(s.accepted_at)
        case .closed_at: w.string(s.closed_at)
        case .archived_at: w.string(s.archived_at)
        case .wait_time_seconds: w.number(s.wait_time_seconds)
        case .duration_seconds: w.number(s.duration_seconds)
        case .hold_time_seconds: w.number(s.hold_time_seconds)
        case .wrap_up_seconds: w.number(s.wrap_up_seconds)
        case .wrap_up_code: w.string(s.wrap_up_code)
        case .wrap_up_notes: w.string(s.wrap_up_notes)
        case .wrap_up_by_system: w.bool(s.wrap_up_by_system)
        case .wrap_up_segments:
            w.array(s.wrap_up_segments) { w, g in
                w.object { w in
                    w.key("agent"); w.string(g.agent)
                    w.key("by_system"); w.bool(g.by_system)
                    w.key("code"); w.string(g.code)
                    w.key("notes"); w.string(g.notes)
                    w.key("seconds"); w.number(g.seconds)
                }
            }
        case .related_tasks:
            w.array(s.related_tasks) { w, t in
                w.object { w in
                    w.key("kind"); w.string(t.kind)
                    w.key("number"); w.string(t.number)
                    w.key("short_description"); w.string(t.short_description)
                    w.key("state"); w.string(t.state)
                }
            }
        case .work_notes:
            w.array(s.work_notes) { w, n in
                w.object { w in
                    w.key("at"); w.string(n.at)
                    w.key("author"); w.string(n.author)
                    w.key("text"); w.string(n.text)
                }
            }
        case .conversation:
            w.array(s.conversation) { w, m in
                // Synthesized Codable: the optionals are left out when nil.
                w.object { w in
                    w.key("at"); w.string(m.at)
                    if let attempt = m.attempt { w.key("attempt"); w.number(Int64(attempt)) }
                    w.key("direction"); w.string(m.direction)
                    w.key("from"); w.string(m.from)
                    w.key("from_name"); w.string(m.from_name)
                    if let id = m.id { w.key("id"); w.string(id) }
                    if let reason = m.reason { w.key("reason"); w.string(reason) }
                    if let status = m.status { w.key("status"); w.string(status) }
                    w.key("text"); w.string(m.text)
                }
            }
        case .version: w.number(Int64(s.version))
        case .audit_trail:
            w.array(s.audit_trail ?? []) { w, a in
                w.object { w in
                    w.key("at"); w.string(a.at)
                    w.key("by"); w.string(a.by)
                    w.key("field"); w.string(a.field)
                    if let inferred = a.inferred { w.key("inferred"); w.string(inferred) }
                    if let new = a.new { w.key("new"); w.string(new) }
                    if let old = a.old { w.key("old"); w.string(old) }
                    w.key("text"); w.string(a.text)
                }
            }
        }
    }
}

/// JSON punctuation and layout as JSONEncoder writes it: `"key" : value` and two spaces a level
/// when pretty, `"key":value` when compact.
struct SummaryJSONWriter {
    var out: [UInt8]
    let pretty: Bool
    /// Spaces before a line at the current level.
    var depth: Int
    /// Nothing written yet in the innermost object or array.
    private var empty = true

    init(out: [UInt8], pretty: Bool, depth: Int) {
        self.out = out; self.pretty = pretty; self.depth = depth
    }

    mutating func object(_ members: (inout SummaryJSONWriter) -> Void) {
        container(open: 0x7B, close: 0x7D) { members(&$0) }
    }

    mutating func array<T>(_ items: [T], _ each: (inout SummaryJSONWriter, T) -> Void) {
        container(open: 0x5B, close: 0x5D) { w in
            for item in items {
                w.separate()
                each(&w, item)
            }
        }
    }

    private mutating func container(open: UInt8, close: UInt8, _ body: (inout SummaryJSONWriter) -> Void) {
        out.append(open)
        depth += 2
        empty = true
        body(&self)
        depth -= 2
        if pretty {
            // An empty container is a blank line (no spaces on it) between its brackets.
            if empty { out.append(0x0A) }
            newline()
        }
        out.append(close)
        empty = false
    }

    /// Before a member or an element: the comma after the previous one, and its line.
    private mutating func separate() {
        if !empty { out.append(0x2C) }
        empty = false
        if pretty { newline() }
    }

    private mutating func newline() {
        out.append(0x0A)
        for _ in 0..<depth { out.append(0x20) }
    }

    mutating func key(_ name: String) {
        separate()
        JSONString.write(name, into: &out)
        if pretty { out.append(0x20); out.append(0x3A); out.append(0x20) } else { out.append(0x3A) }
    }

    mutating func string(_ s: String) { JSONString.write(s, into: &out) }

    mutating func string(_ s: String?) {
        if let s { JSONString.write(s, into: &out) } else { null() }
    }

    mutating func null() { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }

    mutating func bool(_ b: Bool) {
        if b { out.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { out.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
    }

    /// Decimal digits, without making a String.
    mutating func number(_ n: Int64) {
        if n < 0 { out.append(0x2D) }
        var magnitude = n.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)    // up to 20 digits, most significant last
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(magnitude % 10) + 0x30
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for k in stride(from: count - 1, through: 0, by: -1) { out.append(d[k]) }
        }
    }
}
