import ArgumentParser
import FrontdeskBackend
import FrontdeskCore
import FrontdeskExchange
import FrontdeskStore
import FrontdeskUI

/// The filters `list` and `export` share.
struct RecordFilters: ParsableArguments {
    @Option(help: "Only this work list (default: every record).") var view: WorkView?
    @Option(help: "Only this state.") var state: InteractionState?
    @Option(help: "Only this type.") var type: InteractionType?
    @Option(name: .customLong("for"), parsing: .unconditional, help: "Only this customer's interactions (id, email, phone or name).") var customer: String?
    @Option(parsing: .unconditional, help: "Text to find in number, customer, short description, work notes or the conversation.") var search: String?
    @Option(help: "At most this many records.") var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    /// The rows that match, newest first: the working set's, then history's (Closed and
    /// Archived hold both; history is read through its index, a record at a time).
    func rows(_ context: Context) throws -> [HistoryRow] {
        let desk = context.desk, now = context.now
        let customer = try customer.map { try context.customerID($0) }
        func keep(_ row: HistoryRow) -> Bool {
            (state == nil || row.state == state) && (type == nil || row.type == type)
                && (customer == nil || row.openedFor == customer)
        }

        var positions = view.map { desk.positions(in: $0, agent: context.agent) } ?? Array(desk.interactions.indices.reversed())
        if let search { positions = desk.search(search, in: positions) }
        var rows: [HistoryRow]
        if let limit {
            // Rows are read until the limit is reached: `list --limit 5` decodes about five.
            rows = Array(positions.lazy.map { desk.row(desk.interactions[$0], at: now) }.filter(keep).prefix(limit))
            if rows.count >= limit { return rows }
        } else {
            desk.interactions.prefetch(positions)
            rows = positions.map { desk.row(desk.interactions[$0], at: now) }.filter(keep)
        }

        guard let history = desk.history, view == nil || view == .closed || view == .archived else { return rows }
        // An index that cannot be read or rebuilt stops the command, naming it, rather than
        // the list leaving history out.
        try context.store.requireHistory()
        let views: [WorkView] = view.map { [$0] } ?? [.closed, .archived]
        func inViews(_ row: HistoryRow) -> Bool { views.contains(row.isArchived ? .archived : .closed) }
        var older: [HistoryRow]
        if let search {
            older = history.search(SearchQuery(search))
            if views.count == 1 { older = older.filter(inViews) }
        } else if let customer {
            older = history.rows(ofCustomer: customer).filter(inViews)
        } else {
            // Only as many rows as are wanted: a list of history never reads all of it for a page.
            let wanted = limit.map { $0 - rows.count } ?? .max
            older = views.flatMap { v in
                (0..<min(history.count(in: v), state == nil && type == nil ? wanted : .max)).compactMap { history.row(in: v, at: $0) }
            }
            if views.count > 1 { older.sort { $0.number > $1.number } }
        }
        // One pass: a search at 1M keeps tens of thousands of rows, each copied at every filter.
        rows.reserveCapacity(rows.count + older.count)
        for row in older where keep(row) && desk.interaction(row.number) == nil { rows.append(row) }
        if let limit { rows = Array(rows.prefix(limit)) }
        return rows
    }

    /// Whole records for the rows (history records decoded from their lines).
    func records(_ context: Context) throws -> [Interaction] {
        try rows(context).compactMap { try context.desk.record(anywhere: $0.number) }
    }

    /// The same records handed to `body` one at a time, each decoded as it is reached: a
    /// command that streams them holds one record, not all (`byNumber`: oldest first, as
    /// exports list them).
    func forEachRecord(_ context: Context, byNumber: Bool = false, _ body: (Interaction) throws -> Void) throws {
        var rows = try rows(context)
        if byNumber { rows.sort { $0.number < $1.number } }
        // A wave at a time: history read in one go where it can (a round trip a wave on PostgreSQL).
        for start in stride(from: 0, to: rows.count, by: JSONArrayOutput.wave) {
            let wave = rows[start..<min(rows.count, start + JSONArrayOutput.wave)].map(\.number)
            for record in try context.desk.records(anywhere: wave) {
                if let record { try body(record) }
            }
        }
    }
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List interactions, newest first (queue and my work: oldest first).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Flag(help: "Print a JSON array.") var json = false

    func run() throws {
        let context = try Context.open(global, access: .read)
        let now = context.now
        if json {
            // Each hit's record decoded, summarised and written on all cores, in the list's order.
            let rows = try filters.rows(context), desk = context.desk
            let wave = RecordWave(desk: desk)
            try JSONArrayOutput.write(count: rows.count, prepare: { try wave.read(rows[$0].map(\.number)) }) { i, out in
                guard let record = try wave.record(rows[i].number) else { return false }
                try RecordSummary(record, in: desk, at: now).writeJSON(into: &out, pretty: true, indent: 2)
                return true
            }
            return
        }
        let rows = try filters.rows(context)
        if rows.isEmpty {
            Output.line("No interactions match.")
            return
        }
        // The console's columns for the terminal's width; an archived record's state is marked.
        let columns = WorkListColumn.columns(width: Output.width)
        Output.table(columns.map(\.title), columns.map(\.width), rows.map { r in
            columns.map { c in c.key == .state && r.isArchived ? c.cell(r) + "*" : c.cell(r) }
        }, rightAligned: columns.map(\.rightAligned))
        // The mark after a state is said whenever one is shown.
        if rows.contains(where: \.isArchived) { Output.line("* archived: closed, out of the working lists, still searchable") }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one interaction: its fields, timers, related tasks, notes and audit trail.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Flag(help: "Print a JSON object.") var json = false

    func run() throws {
        let context = try Context.open(global, access: .read)
        let desk = context.desk
        guard let r = try desk.record(anywhere: context.number(number)) else {
            throw DomainError.notFound(kind: "interaction", key: context.number(number))
        }
        let now = context.now
        if json {
            let out = Output.jsonStream()
            var bytes: [UInt8] = []
            try RecordSummary(r, in: desk, at: now, withAuditTrail: true).writeJSON(into: &bytes, pretty: true)
            bytes.append(UInt8(ascii: "\n"))
            try out.write(bytes)
            try out.flush()
            return
        }
        // Read before anything is printed: a damaged task line stops the command whole.
        let tasks = try r.relatedTasks.map { try desk.task(anywhere: $0) }
        let c = Output.clean
        Output.field("\(r.number)  \(r.type.display)  \(r.state.display)\(r.stateReason.map { " (\($0.display))" } ?? "")\(r.isArchived ? "  [archived]" : "")")
        // The fields as the console's Details pane shows them (`Output.field` sanitises each line).
        for f in desk.recordFields(r, at: now) { Output.field(DisplayWidth.pad(f.label, to: 17) + "  " + f.value) }
        Output.field()
        Output.field("Related tasks (\(r.relatedCount))")
        for (number, task) in zip(r.relatedTasks, tasks) {
            Output.field("  \(number)  \(task?.kind.display ?? "")  \(task?.state.display ?? "")  \(c(task?.shortDescription))")
        }
        for kept in r.keptRelated { Output.field("  \(c(kept.shown))  \(c(kept.table))  (kept from ServiceNow)") }
        if !r.transcript.isEmpty {
            Output.field()
            Output.field("Conversation (REPLY lines are public: sent to the customer)")
            for m in r.transcript {
                guard let id = m.id else { Output.field("  \(m.at.displayDateTime) \(c(desk.senderName(m.from))): \(c(m.text))"); continue }
                Output.field("  \(m.at.displayDateTime) REPLY \(id) by \(c(m.from)) [\(deliveryText(r.deliveryStatus(of: id)))]: \(c(m.text))")
            }
        }
        Output.field()
        Output.field("Work notes (\(r.workNotes.count), newest first; internal, never sent)")
        for note in r.workNotes.reversed() { Output.field("  \(note.at.displayDateTime) \(c(note.author)): \(c(note.text))") }
        Output.field()
        Output.field("Audit trail")
        for entry in r.history {
            Output.field("  \(entry.at.displayDateTime) \(c(entry.by)): \(c(context.desk.auditText(entry)))")
        }
    }
}

/// A reply's delivery in words, for `show`.
func deliveryText(_ status: DeliveryStatus) -> String {
    switch status {
    case .queued(let attempt): attempt == 1 ? "queued" : "queued, attempt \(attempt)"
    case .delivered(let at): "delivered \(at.displayDateTime)"
    case .failed(let reason, let at): "FAILED \(at.displayDateTime): \(Output.clean(reason))"
    }
}
