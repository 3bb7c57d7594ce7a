/// The whole desk in memory: directory, configuration, counters, interactions and tasks.
///
/// A value type with no I/O. Commands are planned against it (`plan`), producing a
/// `ChangeSet` that is applied with `apply`; the store journals change sets in between.
public struct Desk: Sendable {
    public var config: DeskConfig
    public internal(set) var counters: Counters
    public private(set) var agents: [String: Agent] = [:]
    public private(set) var queues: [String: Queue] = [:]
    public private(set) var customers: [String: Customer] = [:]
    public internal(set) var profiles = ProfileDirectory()
    public private(set) var tasks: [String: RelatedTask] = [:]
    /// Walk-up appointments by id (`APT…`), every state: few enough to keep whole.
    public private(set) var appointments: [String: Appointment] = [:]
    /// Interaction number -> the appointment it is the visit of (the serving order reads it).
    private(set) var appointmentByRecord: [String: String] = [:]
    /// Interactions in number order (creation order); `position` indexes it. Records a store
    /// kept in their stored form are decoded when read (`WorkingRecords`).
    public private(set) var interactions = WorkingRecords()
    private var position: [String: Int] = [:]
    /// customer id -> positions of that customer's interactions, in number order.
    private var byCustomer: [String: [Int]] = [:]
    /// profile id -> number of its open messaging interaction (messages join it).
    private var openMessaging: [String: String] = [:]
    /// Numbers of records with a reply still queued for the gateway (the outbox reads these).
    public private(set) var pendingReplyRecords: Set<String> = []
    /// Positions of the records that take up some agent's capacity (`capacityHolders` not
    /// empty): what `load(of:)` reads, so an accept costs the open work, not the working set.
    private(set) var holdingCapacity: Set<Int> = []
    /// E.164 phone -> customer ids with that phone; lower-cased email -> customer id.
    private var customersByPhone: [String: [String]] = [:]
    private var customerByEmail: [String: String] = [:]
    /// Chat handle -> the customer it is remembered on.
    private var customerByChatHandle: [String: String] = [:]
    /// Closed records older than the history window, outside the working set (nil: none yet).
    public var history: (any HistoryReader)?
    /// Finds walk-up locations' time zones (the stores set the system's; see `LocalTime.swift`).
    public var zones: ZoneResolver = .fixedOnly

    public init(config: DeskConfig = DeskConfig(), counters: Counters = Counters()) {
        self.config = config
        self.counters = counters
    }

    // MARK: Lookups

    public func interaction(_ number: String) -> Interaction? {
        position[number].map { interactions[$0] }
    }

    public func profile(channel: MessagingChannel, identifier: String) -> ChannelUserProfile? {
        profiles.id(channel: channel, identifier: identifier).flatMap { profiles[$0] }
    }

    public func customerName(_ id: String?) -> String {
        guard let id else { return "" }
        return customers[id]?.name ?? id
    }

    /// The open messaging interaction of a channel user profile, if any.
    public func openMessagingInteraction(ofProfile id: String) -> Interaction? {
        openMessaging[id].flatMap(interaction)
    }

    public func customers(withPhone e164: String) -> [String] { customersByPhone[e164] ?? [] }

    public func customer(withEmail email: String) -> Customer? {
        customerByEmail[email.lowercased()].flatMap { customers[$0] }
    }

    /// The customer a chat handle is remembered on (`Customer.chatHandles`).
    public func customer(withChatHandle handle: String) -> Customer? {
        customerByChatHandle[handle].flatMap { customers[$0] }
    }

    /// Positions of a customer's interactions in `interactions`, in number order.
    public func interactionPositions(ofCustomer id: String) -> [Int] { byCustomer[id] ?? [] }

    // MARK: Applying changes

    /// Why `changes` cannot follow the current desk (a version that does not follow on,
    /// a duplicate number), or nil when it applies cleanly. The store uses this when replaying.
    /// A record new to the desk may start above version 1: an import keeps its history.
    public func inconsistency(in changes: ChangeSet) -> String? {
        for record in changes.interactions {
            if let existing = interaction(record.number) {
                if record.version == 1 {
                    return "duplicate number \(record.number): it already exists"
                }
                if record.version != existing.version + 1 {
                    return "\(record.number) version \(record.version) does not follow version \(existing.version)"
                }
            } else if record.version < 1 {
                return "\(record.number) has version \(record.version)"
            }
        }
        return nil
    }

    /// Upserts every entity in `changes`. Replaying the same change sets in order rebuilds the same desk.
    public mutating func apply(_ changes: ChangeSet) {
        if changes.profiles.count > 64 || changes.customers.count > 64 {
            // A snapshot's worth: grow the tables once, not by doubling as they fill.
            profiles.reserveCapacity(changes.profiles.count)
            customers.reserveCapacity(customers.count + changes.customers.count)
            customerByEmail.reserveCapacity(customerByEmail.count + changes.customers.count)
            customersByPhone.reserveCapacity(customersByPhone.count + changes.customers.count)
        }
        for agent in changes.agents { agents[agent.login] = agent }
        for queue in changes.queues { queues[queue.id] = queue }
        for customer in changes.customers {
            if let old = customers[customer.id] {
                customersByPhone[old.phone]?.removeAll { $0 == old.id }
                customerByEmail[old.email.lowercased()] = nil
                for handle in old.chatHandles where customerByChatHandle[handle] == old.id { customerByChatHandle[handle] = nil }
            }
            customers[customer.id] = customer
            if !customer.phone.isEmpty { customersByPhone[customer.phone, default: []].append(customer.id) }
            if !customer.email.isEmpty { customerByEmail[customer.email.lowercased()] = customer.id }
            for handle in customer.chatHandles { customerByChatHandle[handle] = customer.id }
        }
        for profile in changes.profiles { profiles.upsert(profile) }
        tasks.reserveCapacity(tasks.count + changes.tasks.count)
        for task in changes.tasks { tasks[task.number] = task }
        for appointment in changes.appointments {
            if let old = appointments[appointment.id]?.interaction { appointmentByRecord[old] = nil }
            appointments[appointment.id] = appointment
            if let number = appointment.interaction { appointmentByRecord[number] = appointment.id }
        }
        for record in changes.interactions { upsert(record) }
        if let config = changes.config { self.config = config }
        for (prefix, value) in changes.counters where value > (counters.last[prefix] ?? 0) {
            counters.last[prefix] = value
        }
    }

    private mutating func upsert(_ record: Interaction) {
        indexMessaging(RecordHead(record))
        indexReplies(record.number, hasQueuedReply: record.hasQueuedReply)
        if let at = position[record.number] {
            let old = interactions.head(at: at).openedFor
            interactions[at] = record
            indexCapacity(at)
            if old != record.openedFor {
                if let old { byCustomer[old]?.removeAll { $0 == at } }
                if let new = record.openedFor { insertSorted(at, into: new) }
            }
            return
        }
        // Numbers grow with time, so a new record almost always goes at the end.
        var at = interactions.count
        if at > 0, interactions.number(at: at - 1) > record.number {
            at = interactions.indices.first { interactions.number(at: $0) > record.number } ?? interactions.count
            interactions.insert(record, at: at)
            rebuildIndexes()
            return
        }
        interactions.append(record)
        position[record.number] = at
        indexCapacity(at)
        if let customer = record.openedFor { byCustomer[customer, default: []].append(at) }
    }

    @inline(__always)
    private mutating func indexCapacity(_ at: Int) {
        if interactions.holdsSomeCapacity(at: at) { holdingCapacity.insert(at) } else if !holdingCapacity.isEmpty { holdingCapacity.remove(at) }
    }

    @inline(__always)
    private mutating func indexMessaging(_ record: borrowing RecordHead) {
        guard record.type == .messaging, let profile = record.channelUserProfile else { return }
        if record.state.isOpen {
            openMessaging[profile] = record.number
        } else if openMessaging[profile] == record.number {
            openMessaging[profile] = nil
        }
    }

    @inline(__always)
    private mutating func indexReplies(_ number: String, hasQueuedReply: Bool) {
        if hasQueuedReply {
            pendingReplyRecords.insert(number)
        } else if !pendingReplyRecords.isEmpty {
            pendingReplyRecords.remove(number)
        }
    }

    private mutating func insertSorted(_ at: Int, into customer: String) {
        var list = byCustomer[customer, default: []]
        let index = list.firstIndex { $0 > at } ?? list.count
        list.insert(at, at: index)
        byCustomer[customer] = list
    }

    private mutating func rebuildIndexes() {
        position = [:]
        byCustomer = [:]
        openMessaging = [:]
        pendingReplyRecords = []
        holdingCapacity = []
        position.reserveCapacity(interactions.count)
        // Heads and facts only: a stored record is not decoded to be indexed.
        for i in interactions.indices {
            let head = interactions.head(at: i)
            position[head.number] = i
            indexMessaging(head)
            indexReplies(head.number, hasQueuedReply: interactions.hasQueuedReply(at: i))
            indexCapacity(i)
            if let customer = head.openedFor { byCustomer[customer, default: []].append(i) }
        }
    }

    /// Takes records and tasks out of the working set (a compaction moved them to history).
    public mutating func remove(_ numbers: Set<String>, tasks taskNumbers: Set<String> = []) {
        for number in taskNumbers { tasks[number] = nil }
        guard !numbers.isEmpty else { return }
        interactions.remove(numbers: numbers)
        rebuildIndexes()
    }

    /// Loads many records at once (a snapshot), sorting once instead of per record.
    public mutating func load(interactions records: [Interaction]) {
        let inOrder = records.indices.dropFirst().allSatisfy { records[$0 - 1].number < records[$0].number }
        interactions = WorkingRecords(inOrder ? records : records.sorted { $0.number < $1.number })
        rebuildIndexes()
    }

    /// Loads a store's stored records (a snapshot's), decoding none.
    public mutating func load(stored: any StoredRecords) {
        interactions = WorkingRecords(stored: stored)
        rebuildIndexes()
    }

    /// Numbers that occur more than once among `records` (a damaged snapshot).
    public static func duplicateNumbers(_ records: [Interaction]) -> [String] {
        // The store writes records in number order; strictly increasing numbers have no repeats.
        if records.indices.dropFirst().allSatisfy({ records[$0 - 1].number < records[$0].number }) { return [] }
        var seen = Set<String>(minimumCapacity: records.count), dups: [String] = []
        for i in records.indices where !seen.insert(records[i].number).inserted { dups.append(records[i].number) }
        return dups
    }
}

extension Desk {
    /// A counter behind a number already in use would hand that number out again.
    public func counterProblem() -> String? {
        var highest: [NumberPrefix: Int] = [:]
        func see(_ number: String) {
            guard let (prefix, value) = Counters.parse(number) else { return }
            highest[prefix] = max(highest[prefix] ?? 0, value)
        }
        // Interactions are kept in number order: the highest is the last one. Numbers are a
        // prefix and seven digits, so within a prefix the greatest string is the greatest
        // number: compare strings, and parse only the greatest of each prefix.
        if !interactions.isEmpty { see(interactions.number(at: interactions.count - 1)) }
        var greatest: [Substring: String] = [:]
        for keys in [Array(tasks.keys), Array(customers.keys), profiles.greatestIDs(), Array(appointments.keys)] {
            for key in keys where key.utf8.count > 7 {
                let prefix = key.dropLast(7)
                if let best = greatest[prefix], best >= key { continue }
                greatest[prefix] = key
            }
        }
        greatest.values.forEach(see)
        for (prefix, value) in highest.sorted(by: { $0.key.rawValue < $1.key.rawValue })
        where (counters.last[prefix] ?? 0) < value {
            return "counter \(prefix.rawValue) is \(counters.last[prefix] ?? 0) but \(Counters.format(prefix, value)) exists"
        }
        return nil
    }
}
