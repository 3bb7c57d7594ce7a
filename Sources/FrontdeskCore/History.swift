/// Closed records older than the desk's history window live outside the working set, in
/// history, read a record at a time. This is the seam a second backend implements: the
/// working set is a `Desk`; history answers these queries.
public protocol HistoryReader: AnyObject, Sendable {
    /// Records in history.
    var recordCount: Int { get }
    /// Rows of a work list that come from history (Closed and Archived; 0 for the others).
    func count(in view: WorkView) -> Int
    /// The row at `index` of a list's history part, newest (highest number) first.
    func row(in view: WorkView, at index: Int) -> HistoryRow?
    /// A whole record, decoded from its one line; throws when that line is damaged.
    func record(number: String) throws -> Interaction?
    /// A related task whose interactions are all in history.
    func task(number: String) throws -> RelatedTask?
    /// A customer's records in history, newest first.
    func rows(ofCustomer id: String) -> [HistoryRow]
    /// Only their numbers: what a count needs, without reading the rows.
    func numbers(ofCustomer id: String) -> [String]
    /// Positions (in `row(in:at:)` order) of the view's history rows whose text contains the
    /// query; nil when `isCancelled` said stop.
    func search(_ query: SearchQuery, in view: WorkView, isCancelled: @Sendable () -> Bool) -> [Int]?
    /// Every record in history whose text contains the query, newest first.
    func search(_ query: SearchQuery) -> [HistoryRow]
    /// Whole records of a list's history part from position `index` (in `row(in:at:)` order),
    /// at most `count`: what a copy of the store streams, a batch at a time. One that cannot
    /// be found is left out (the caller counts); a damaged one throws.
    func records(in view: WorkView, from index: Int, count: Int) throws -> [Interaction]
}

extension HistoryReader {
    /// A row, then its record, each in turn (the file store's index makes both cheap).
    public func records(in view: WorkView, from index: Int, count: Int) throws -> [Interaction] {
        let end = min(index + count, self.count(in: view))
        guard index >= 0, index < end else { return [] }
        return try (index..<end).compactMap { position in try row(in: view, at: position).flatMap { try record(number: $0.number) } }
    }
}

/// What a list shows of a record: enough for a row without decoding the whole record.
public struct HistoryRow: Equatable, Sendable {
    public var number: String
    public var type: InteractionType
    public var state: InteractionState
    public var isArchived: Bool
    public var openedFor: String?
    public var customerName: String
    public var shortDescription: String
    public var openedAt: Instant
    public var closedAt: Instant?
    public var waitSeconds: Int64
    public var durationSeconds: Int64
    /// The newest customer message, for a list row (working-set rows only).
    public var lastMessage = ""
    /// A customer message arrived that nobody has answered (see `Interaction.hasNewMessage`).
    public var hasNewMessage = false

    public init(number: String, type: InteractionType, state: InteractionState, isArchived: Bool, openedFor: String?,
                customerName: String, shortDescription: String, openedAt: Instant, closedAt: Instant?,
                waitSeconds: Int64, durationSeconds: Int64) {
        self.number = number; self.type = type; self.state = state; self.isArchived = isArchived
        self.openedFor = openedFor; self.customerName = customerName; self.shortDescription = shortDescription
        self.openedAt = openedAt; self.closedAt = closedAt; self.waitSeconds = waitSeconds; self.durationSeconds = durationSeconds
    }
}

extension Desk {
    /// A list row for a working-set record.
    public func row(_ r: Interaction, at now: Instant) -> HistoryRow {
        let timers = r.timers(at: now)
        // A contact nobody is linked to yet is known by its sender's number or handle.
        let sender = r.openedFor == nil ? callerAddress(of: r) : nil
        var row = HistoryRow(number: r.number, type: r.type, state: r.state, isArchived: r.isArchived, openedFor: r.openedFor,
                             customerName: sender ?? customerName(r.openedFor), shortDescription: r.shortDescription,
                             openedAt: r.openedAt, closedAt: r.closedAt,
                             // Waiting in a queue, the time waiting there now, as the board counts it.
                             waitSeconds: r.waitingSince == nil ? timers.wait : r.queueWaitSeconds(at: now),
                             durationSeconds: timers.duration)
        row.lastMessage = r.lastCustomerMessage ?? ""
        row.hasNewMessage = r.hasNewMessage
        return row
    }

    /// A record wherever it lives: the working set first (it holds the newest version), then history.
    public func record(anywhere number: String) throws -> Interaction? {
        if let r = interaction(number) { return r }
        return try history?.record(number: number)
    }

    /// A related task wherever it lives; throws when its line in history cannot be read (a
    /// damaged line is named, never shown as a task with no kind, state or description).
    public func task(anywhere number: String) throws -> RelatedTask? {
        if let task = tasks[number] { return task }
        return try history?.task(number: number)
    }

    /// Every interaction of a customer, working set and history, newest first (rule 6).
    public func customerRows(_ id: String, at now: Instant) -> [HistoryRow] {
        let working = interactions(ofCustomer: id).map { row($0, at: now) }
        guard let history else { return working }
        let older = history.rows(ofCustomer: id).filter { interaction($0.number) == nil }
        if older.isEmpty { return working }
        return (working + older).sorted { $0.number > $1.number }
    }

    /// How many interactions the customer has, working set and history.
    public func customerRecordCount(_ id: String) -> Int {
        interactionPositions(ofCustomer: id).count
            + (history?.numbers(ofCustomer: id).filter { interaction($0) == nil }.count ?? 0)
    }

    /// Records closed before `cutoff` (archived included): what a compaction moves to history.
    /// One with a reply still queued stays, where the outbox sees it.
    public func closed(before cutoff: Instant) -> [Interaction] {
        // Facts first: only the records that move are decoded.
        interactions.indices.filter { k in
            (interactions.closedAt(at: k).map { $0 < cutoff } ?? false) && !pendingReplyRecords.contains(interactions.number(at: k))
        }.map { interactions[$0] }
    }

    /// Tasks none of whose interactions stays in the working set once `moving` leaves it:
    /// they go to history with them.
    public func tasksLeaving(with moving: Set<String>) -> [RelatedTask] {
        tasks.values.filter { task in
            !task.interactions.isEmpty && task.interactions.allSatisfy { moving.contains($0) || interaction($0) == nil }
        }
    }
}
