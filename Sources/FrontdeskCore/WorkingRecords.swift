/// The working set's interactions in number order: each either decoded (changed or added
/// since the store was read, or read from a store that keeps no stored form) or still in the
/// store's stored form (`StoredRecords`), decoded when read.
///
/// Reading a record (`self[position]`) decodes a stored one; the scans that decide which
/// records matter read `head(at:)` and the fact accessors instead, which decode nothing. So a
/// command that touches three records of seven thousand decodes three.
public struct WorkingRecords: RandomAccessCollection, Sendable {
    /// Decoded records; at a stored position, a placeholder that is never read.
    private var decoded: [Interaction] = []
    /// Per position, the stored position it reads, or -1 once decoded. Empty: nothing stored.
    private var storedAt: [Int32] = []
    private var stored: (any StoredRecords)?

    public init() {}

    /// Records in number order, all decoded.
    public init(_ records: [Interaction]) { decoded = records }

    /// A store's stored records, none decoded.
    public init(stored: any StoredRecords) {
        let heads = stored.heads
        self.stored = heads.isEmpty ? nil : stored
        decoded = heads.map { Interaction(number: $0.number, type: $0.type, state: $0.state, openedAt: $0.openedAt) }
        storedAt = heads.isEmpty ? [] : (0..<Int32(heads.count)).map { $0 }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { decoded.count }

    public subscript(position: Int) -> Interaction {
        _read {
            if let s = storedPosition(position) { yield stored.unsafelyUnwrapped.record(at: s) } else { yield decoded[position] }
        }
        set {
            decoded[position] = newValue
            if !storedAt.isEmpty { storedAt[position] = -1 }
        }
    }

    /// Whether the record at `position` is still in its stored form.
    public func isStored(_ position: Int) -> Bool { storedPosition(position) != nil }

    @inline(__always)
    private func storedPosition(_ position: Int) -> Int? {
        guard !storedAt.isEmpty else { return nil }
        let s = storedAt[position]
        return s < 0 ? nil : Int(s)
    }

    // MARK: Reading without decoding

    public func number(at position: Int) -> String {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.heads[s].number }
        return decoded[position].number
    }

    public func head(at position: Int) -> RecordHead {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.heads[s] }
        return RecordHead(decoded[position])
    }

    /// `Interaction.closedAt` of the record at `position`.
    public func closedAt(at position: Int) -> Instant? {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.facts[s].closedAt }
        return decoded[position].closedAt
    }

    /// `Interaction.acceptedAt` of the record at `position`.
    public func acceptedAt(at position: Int) -> Instant? {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.facts[s].acceptedAt }
        return decoded[position].acceptedAt
    }

    /// `Interaction.holdsSomeCapacity` of the record at `position`.
    public func holdsSomeCapacity(at position: Int) -> Bool {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.facts[s].holdsSomeCapacity }
        return decoded[position].holdsSomeCapacity
    }

    /// `Interaction.hasQueuedReply` of the record at `position`.
    public func hasQueuedReply(at position: Int) -> Bool {
        if let s = storedPosition(position) { return stored.unsafelyUnwrapped.facts[s].hasQueuedReply }
        return decoded[position].hasQueuedReply
    }

    /// Decodes the stored records among `positions` now, on all cores (a list or a search is
    /// about to read them all; one at a time they would decode on one core).
    public func prefetch(_ positions: [Int]) {
        guard let stored, !storedAt.isEmpty else { return }
        let wanted = positions.compactMap(storedPosition)
        if !wanted.isEmpty { stored.prefetch(wanted) }
    }

    /// Positions whose head passes `filter`, in number order; decodes nothing.
    public func positions(where filter: (RecordHead) -> Bool) -> [Int] {
        indices.filter { filter(head(at: $0)) }
    }

    /// The records whose head passes `filter`, in number order: only those are decoded.
    public func records(where filter: (RecordHead) -> Bool) -> [Interaction] {
        positions(where: filter).map { self[$0] }
    }

    // MARK: Changing

    public mutating func append(_ record: Interaction) {
        decoded.append(record)
        if !storedAt.isEmpty { storedAt.append(-1) }
    }

    public mutating func insert(_ record: Interaction, at position: Int) {
        decoded.insert(record, at: position)
        if !storedAt.isEmpty { storedAt.insert(-1, at: position) }
    }

    /// Removes the records with these numbers, decoding none.
    public mutating func remove(numbers: Set<String>) {
        guard !storedAt.isEmpty else { decoded.removeAll { numbers.contains($0.number) }; return }
        var keptDecoded: [Interaction] = [], keptStored: [Int32] = []
        keptDecoded.reserveCapacity(decoded.count)
        keptStored.reserveCapacity(decoded.count)
        for position in indices where !numbers.contains(number(at: position)) {
            keptDecoded.append(decoded[position])
            keptStored.append(storedAt[position])
        }
        decoded = keptDecoded
        storedAt = keptStored
    }
}
