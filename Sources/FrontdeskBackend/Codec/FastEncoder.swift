import FrontdeskCore

/// Writes interactions in exactly the bytes `StoreFormat.encoder()` (JSONEncoder, sorted keys,
/// slashes unescaped) writes for them, several times faster: snapshots, compactions and
/// imports encode every record they hold. The differential tests hold it to those bytes.
public enum FastEncoder {
    public static func interaction(_ r: Interaction) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        interaction(r, into: &out)
        return out
    }

    /// The fields of `InteractionSchema`, in the order sorted keys give (`fieldsByKey`).
    public static func interaction(_ r: Interaction, into out: inout [UInt8]) {
        var w = Writer(out: out)
        out = []
        w.open()
        for field in InteractionSchema.fieldsByKey {
            let value = field.get(r)
            if case .null = value, field.presence == .omittedWhenNull { continue }
            w.fieldKey(field.key)
            w.value(value)
        }
        w.close()
        out = w.out
    }

    /// A record's head and facts, the line `FastDecoder.recordHead` reads.
    public static func recordHead(_ head: RecordHead, _ facts: RecordFacts, into out: inout [UInt8]) {
        var w = Writer(out: out)
        out = []
        func next() { w.out.append(0x2C) }
        func flag(_ b: Bool) { w.out.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8)) }
        w.out.append(0x5B)
        w.string(head.number); next()
        w.string(head.type.rawValue); next()
        w.string(head.state.rawValue); next()
        w.optional(head.openedFor); next()
        w.optional(head.channelUserProfile); next()
        w.optional(head.assignedTo); next()
        w.optional(head.queue); next()
        w.string(head.openedAt.iso8601); next()
        w.optional(head.archivedAt?.iso8601); next()
        w.optional(head.statusToken); next()
        w.optional(facts.closedAt?.iso8601); next()
        w.optional(facts.acceptedAt?.iso8601); next()
        flag(facts.holdsSomeCapacity); next()
        flag(facts.hasQueuedReply)
        w.out.append(0x5D)
        out = w.out
    }

    private struct Writer {
        var out: [UInt8]

        mutating func open() { out.append(0x7B) }
        mutating func close() { out.append(0x7D) }

        /// `"name":`, after a comma unless it is the object's first (no value ends in `{`).
        mutating func key(_ name: StaticString) {
            if out.last != 0x7B { out.append(0x2C) }
            out.append(0x22)
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(0x22)
            out.append(0x3A)
        }

        /// A schema field's key (plain ASCII: no escapes).
        mutating func fieldKey(_ name: String) {
            if out.last != 0x7B { out.append(0x2C) }
            out.append(0x22)
            out.append(contentsOf: name.utf8)
            out.append(0x22)
            out.append(0x3A)
        }

        /// One field's value as JSONEncoder writes it.
        mutating func value(_ value: InteractionValue) {
            switch value {
            case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            case .text(let s): string(s)
            case .instant(let t): string(t.iso8601)
            case .integer(let n): number(Int64(n))
            case .texts(let list): array(list) { w, t in w.string(t) }
            case .workNotes(let notes):
                array(notes) { w, note in
                    w.open()
                    w.key("at"); w.string(note.at.iso8601)
                    w.key("author"); w.string(note.author)
                    w.key("text"); w.string(note.text)
                    w.close()
                }
            case .transcript(let lines):
                array(lines) { w, line in
                    w.open()
                    w.key("at"); w.string(line.at.iso8601)
                    w.key("from"); w.string(line.from)
                    if let id = line.id { w.key("id"); w.string(id) }
                    w.key("text"); w.string(line.text)
                    w.close()
                }
            case .history(let history):
                array(history) { w, e in
                    w.open()
                    w.key("at"); w.string(e.at.iso8601)
                    w.key("by"); w.string(e.by)
                    let (field, old, new) = e.change.triple
                    w.key("field"); w.string(field)
                    // Only on entries made up on import: every other entry's bytes are as before it existed.
                    if let inferred = e.inferred { w.key("inferred"); w.string(inferred.rawValue) }
                    w.key("new"); w.optional(new)
                    w.key("old"); w.optional(old)
                    w.close()
                }
            case .origin(let origin):
                open()
                key("columns"); columns(origin.columns)
                key("duration"); optional(origin.duration)
                if !origin.related.isEmpty {
                    key("related")
                    array(origin.related) { w, related in
                        w.open()
                        w.key("columns"); w.columns(related.columns)
                        w.close()
                    }
                }
                key("source_trail"); optional(origin.sourceTrail.map(Int64.init))
                key("sys_id"); string(origin.sysID)
                key("updated_on"); string(origin.updatedOn.iso8601)
                key("wait_time"); optional(origin.waitTime)
                close()
            }
        }

        mutating func array<T>(_ items: [T], _ each: (inout Writer, T) -> Void) {
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                each(&self, item)
            }
            out.append(0x5D)
        }

        /// ServiceNow columns as `ServiceNowOrigin.Column` encodes them: a display value only when there is one.
        mutating func columns(_ columns: [ServiceNowOrigin.Column]) {
            array(columns) { w, c in
                w.open()
                if let display = c.display { w.key("display"); w.string(display) }
                if c.displayOnly { w.key("display_only"); w.out.append(contentsOf: "true".utf8) }
                w.key("name"); w.string(c.name)
                w.key("value"); w.string(c.value)
                w.close()
            }
        }

        mutating func optional(_ s: String?) {
            if let s { string(s) } else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
        }

        mutating func optional(_ n: Int64?) {
            if let n { number(n) } else { out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C]) }
        }

        mutating func number(_ n: Int64) { out.append(contentsOf: String(n).utf8) }

        mutating func string(_ s: String) { JSONString.write(s, into: &out) }
    }
}
