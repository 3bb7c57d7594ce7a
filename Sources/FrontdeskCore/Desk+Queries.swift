/// The work lists of the home screen.
public enum WorkView: String, CaseIterable, Sendable {
    case mine, queue, open, closed, archived
    /// Records waiting for this agent's wrap-up: their own in Wrap Up, and parts they owe
    /// after transferring a record on.
    case wrapUps = "wrap-ups"

    public var title: String {
        switch self {
        case .mine: "My work"
        case .queue: "Queue"
        case .open: "All open"
        case .closed: "Closed"
        case .archived: "Archived"
        case .wrapUps: "My wrap ups"
        }
    }
}

extension Desk {
    /// Does `record` belong in `view` for `agent`?
    public func belongs(_ record: Interaction, to view: WorkView, agent: String) -> Bool {
        Self.belongs(record, to: view, agent: agent, queues: agents[agent]?.queues ?? [])
    }

    @inline(__always)
    static func belongs(_ record: borrowing Interaction, to view: WorkView, agent: String, queues: [String]) -> Bool {
        if case .wrapUps = view {
            return (record.state == .wrapUp && record.assignedTo == agent) || record.wrapUpsDue.contains { $0.agent == agent }
        }
        return belongs(RecordHead(record), to: view, agent: agent, queues: queues)
    }

    /// `belongs` for every view but Wrap-ups (which reads the trail), on a record's head.
    static func belongs(_ record: RecordHead, to view: WorkView, agent: String, queues: [String]) -> Bool {
        switch view {
        case .mine:
            return record.state.isOpen && record.assignedTo == agent
        case .queue:
            guard record.state == .queued || record.state == .new || record.state == .onHold, record.assignedTo == nil,
                  let queue = record.queue else { return false }
            return queues.contains(queue)
        case .open:
            return record.state.isOpen
        case .closed:
            return record.state.isClosed && !record.isArchived
        case .archived:
            return record.isArchived
        case .wrapUps:
            preconditionFailure("Wrap-ups reads the record's trail")
        }
    }

    /// Positions (in `interactions`) of the records in `view`. Queue and My work list the
    /// oldest first (who has waited longest); the other views the newest first.
    public func positions(in view: WorkView, agent: String) -> [Int] {
        var result: [Int] = []
        let queues = agents[agent]?.queues ?? []
        for i in interactions.indices {
            let head = interactions.head(at: i)
            // Every view but Wrap-ups is decided on the head; a part owed by this agent is on
            // the trail of a record that holds their capacity, so only those are read.
            if view == .wrapUps {
                guard head.state == .wrapUp && head.assignedTo == agent
                        || interactions.holdsSomeCapacity(at: i) && Self.belongs(interactions[i], to: view, agent: agent, queues: queues) else { continue }
            } else if !Self.belongs(head, to: view, agent: agent, queues: queues) { continue }
            result.append(i)
        }
        if view == .closed || view == .archived || view == .open { result.reverse() }
        return result
    }

    public func records(in view: WorkView, agent: String) -> [Interaction] {
        positions(in: view, agent: agent).map { interactions[$0] }
    }

    /// The customer's interactions, newest first, closed and archived included (rule 6).
    public func interactions(ofCustomer id: String) -> [Interaction] {
        interactionPositions(ofCustomer: id).reversed().map { interactions[$0] }
    }

    /// Has the record waited in its queue longer than the queue's target, in the queue's
    /// business time (its service level is breached)?
    public func isOverdue(_ record: Interaction, at now: Instant) -> Bool {
        slaState(of: record, at: now) == .breached
    }

    /// Where the contact came from, kept whether or not a customer is known: the caller's
    /// number or chat handle, else the messaging sender's address (their channel profile's).
    public func callerAddress(of r: Interaction) -> String? {
        r.caller ?? r.channelUserProfile.flatMap { profiles[$0]?.identifier }
    }

    /// Case-insensitive text search over number, customer name, the caller's address, short
    /// description, work notes and the conversation (the customer's messages and the agents' replies).
    public func matches(_ record: Interaction, _ query: SearchQuery) -> Bool {
        if query.isEmpty { return true }
        return query.matches(customerName(record.openedFor)) || Self.textMatches(record, query)
            || record.channelUserProfile.flatMap { profiles[$0] }.map { query.matches($0.identifier) } == true
    }

    /// The record's own text: number, caller, short description, work notes, conversation.
    @Sendable static func textMatches(_ r: Interaction, _ query: SearchQuery) -> Bool {
        query.matches(r.number) || query.matches(r.shortDescription)
            || r.caller.map(query.matches) == true
            || r.workNotes.contains { query.matches($0.text) }
            || r.transcript.contains { query.matches($0.text) }
            || r.walkUpSearchTexts.contains { query.matches($0) }
    }

    /// Positions of the records matching `text`, in the order of `positions` (default: every
    /// record, newest first). Customer names are matched once per customer, not per record,
    /// and large lists are searched on all cores.
    public func search(_ text: String, in positions: [Int]? = nil) -> [Int] {
        let query = SearchQuery(text)
        let candidates = positions ?? Array(interactions.indices.reversed())
        if query.isEmpty { return candidates }
        let matchingCustomers = Set(customers.values.filter { query.matches($0.name) }.map(\.id))
        let matchingProfiles = Set(profiles.values.filter { query.matches($0.identifier) }.map(\.id))
        @Sendable func hit(_ r: Interaction) -> Bool {
            (r.openedFor.map(matchingCustomers.contains) ?? false) || (r.channelUserProfile.map(matchingProfiles.contains) ?? false)
                || Self.textMatches(r, query)
        }
        interactions.prefetch(candidates)
        return ChunkedParallel.map(count: candidates.count, chunks: candidates.count < 20_000 ? 1 : 8) { range in
            candidates[range].filter { hit(interactions[$0]) }
        }
    }

    // MARK: Resolving references typed by people

    /// A customer by id, email, phone or name (exact first, then a unique partial match).
    public func resolveCustomer(_ reference: String) throws(DomainError) -> Customer {
        let ref = reference.trimmedWhitespace
        if let c = customers[ref] { return c }
        let lower = ref.lowercased()
        let phone = PhoneNumber.normalizedOrNil(ref, defaultCountry: config.defaultCountry)
        let exact = customers.values.filter {
            $0.email.lowercased() == lower || $0.name.lowercased() == lower || (phone != nil && $0.phone == phone)
        }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw .ambiguous(kind: "customer", key: ref, candidates: exact.map(\.id).sorted()) }
        let query = SearchQuery(ref)
        let partial = customers.values.filter { query.matches($0.name) || query.matches($0.email) }
        if partial.count == 1 { return partial[0] }
        if partial.count > 1 { throw .ambiguous(kind: "customer", key: ref, candidates: partial.map(\.id).sorted()) }
        throw .notFound(kind: "customer", key: ref)
    }

    /// Customers whose name, email, phone or company contain `text`, by name.
    public func findCustomers(_ text: String, limit: Int = 50) -> [Customer] {
        let query = SearchQuery(text)
        // A number in any spelling: its digits (4 or more) found in the stored E.164 number,
        // or, written whole, the number itself (`07700 900123` with a default country).
        let typed = text.trimmedWhitespace
        let isNumber = !typed.isEmpty && typed.allSatisfy { $0.isNumber || " +-().\u{00A0}/".contains($0) }
        let digits = isNumber ? typed.filter(\.isNumber) : ""
        let whole = isNumber ? PhoneNumber.normalizedOrNil(typed, defaultCountry: config.defaultCountry) : nil
        let found = customers.values.filter {
            query.isEmpty || query.matches($0.name) || query.matches($0.email) || query.matches($0.phone)
                || query.matches($0.company) || query.matches($0.id)
                || (digits.count >= 4 && $0.phone.contains(digits)) || (whole != nil && $0.phone == whole)
        }
        return Array(found.sorted { ($0.name, $0.id) < ($1.name, $1.id) }.prefix(limit))
    }
}

/// A lower-cased search needle. Matching folds case on the haystack with a fast ASCII path.
public struct SearchQuery: Sendable {
    public let needle: [UInt8]
    public var isEmpty: Bool { needle.isEmpty }

    public init(_ text: String) { needle = Array(SearchFolding.fold(text.trimmedWhitespace).utf8) }

    /// The query's letters appear in `haystack` in order, not necessarily together ("lii"
    /// finds "looking-into-it"): a picker's filter over short names.
    public func matchesFuzzily(_ haystack: String) -> Bool {
        var wanted = needle.filter { $0 != 0x20 }[...]
        for b in SearchFolding.fold(haystack).utf8 where wanted.first == b { wanted = wanted.dropFirst() }
        return wanted.isEmpty
    }

    public func matches(_ haystack: String) -> Bool {
        if needle.isEmpty { return true }
        var hay = haystack
        let isASCII = hay.utf8.allSatisfy { $0 < 0x80 }
        if !isASCII { hay = SearchFolding.fold(hay) }
        return hay.utf8.withContiguousStorageIfAvailable { containsFolded($0, asciiFold: isASCII) }
            ?? containsFolded(Array(hay.utf8), asciiFold: isASCII)
    }

    private func containsFolded<C: RandomAccessCollection>(_ hay: C, asciiFold: Bool) -> Bool
    where C.Element == UInt8, C.Index == Int {
        let n = needle.count
        guard hay.count >= n else { return false }
        let first = needle[0]
        var i = hay.startIndex
        let end = hay.endIndex - n
        while i <= end {
            var b = hay[i]
            if asciiFold, b >= 65, b <= 90 { b += 32 }
            if b == first {
                var j = 1
                while j < n {
                    var c = hay[i + j]
                    if asciiFold, c >= 65, c <= 90 { c += 32 }
                    if c != needle[j] { break }
                    j += 1
                }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}
