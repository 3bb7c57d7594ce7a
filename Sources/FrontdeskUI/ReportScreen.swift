import FrontdeskCore

/// The contacts of a report period as the store gave them: read once per period (the runner's
/// `.readReport`), so a change of grouping or a drill-down regroups them in memory.
public struct ReportData: Equatable, Sendable {
    public var period: ReportPeriod
    /// The contacts opened in `[from, to)`, hours and days in `zone`.
    public var from: Instant
    public var to: Instant
    public var zone: ZoneOffsets
    public var facts: [InteractionFacts]

    public init(period: ReportPeriod, from: Instant, to: Instant, zone: ZoneOffsets, facts: [InteractionFacts]) {
        self.period = period; self.from = from; self.to = to; self.zone = zone; self.facts = facts
    }

    /// The zone is compared by its name (its offsets are a function).
    public static func == (a: ReportData, b: ReportData) -> Bool {
        a.period == b.period && a.from == b.from && a.to == b.to && a.zone.identifier == b.zone.identifier && a.facts == b.facts
    }
}

/// The supervisor's report screen: a period's contacts grouped one way (a bar and the figures
/// per group), a selected group, and the list of its contacts once drilled into.
public struct ReportScreen: Equatable, Sendable {
    public var period: ReportPeriod
    public var grouping: ReportGrouping = .queue
    /// The period's contacts; nil until they have been read.
    public private(set) var data: ReportData?
    /// The figures of `data` under `grouping`, computed when either changes (never per frame).
    public private(set) var report: Report?
    /// The selected group (a row of `report`).
    public var rows = ListCursor()
    /// The contacts of one group, when drilled into.
    public var drill: Drill?
    /// The record screen R was pressed on: leaving the report goes back to it.
    public var openedOver: RecordScreen?
    /// Why the period's contacts could not be read, when they could not.
    public var failure: String?

    /// One group's contacts, newest first, as a list.
    public struct Drill: Equatable, Sendable {
        /// The group's key (`ReportGrouping.key(of:)`) and the grouping it belongs to.
        public var key: String
        public var grouping: ReportGrouping
        public var contacts: [InteractionFacts]
        /// The group's own figures and series (the report narrowed to it).
        public var report: Report
        public var cursor = ListCursor()
    }

    public init(period: ReportPeriod, grouping: ReportGrouping = .queue, openedOver: RecordScreen? = nil) {
        self.period = period; self.grouping = grouping; self.openedOver = openedOver
    }

    /// The period's contacts arrived: the report is computed for the grouping shown. Only the
    /// answer for the period now chosen is taken (an older read is dropped).
    mutating func received(_ read: ReportData, visibleRows: Int) {
        guard read.period == period else { return }
        data = read
        failure = nil
        drill = nil
        rows = ListCursor()
        regroup(visibleRows: visibleRows)
    }

    /// Another grouping of the same contacts: computed in memory, nothing is read again.
    mutating func regroup(_ grouping: ReportGrouping? = nil, visibleRows: Int) {
        let selectedKey = grouping == nil ? selectedRow?.key : nil
        if let grouping { self.grouping = grouping }
        guard let data else { report = nil; return }
        let query = ReportQuery(from: data.from, to: data.to, grouping: self.grouping)
        report = Report.compute(facts: data.facts, query: query, zone: data.zone)
        if let selectedKey, let index = report?.rows.firstIndex(where: { $0.key == selectedKey }) { rows.selected = index }
        rows.clamp(count: report?.rows.count ?? 0, visibleRows: visibleRows)
    }

    /// Another period: its contacts must be read (the runner is asked); the grouping stays.
    mutating func choose(_ period: ReportPeriod) {
        self.period = period
        failure = nil
        data = nil
        report = nil
        drill = nil
        rows = ListCursor()
    }

    var selectedRow: ReportRow? {
        guard let report, let i = rows.selected, report.rows.indices.contains(i) else { return nil }
        return report.rows[i]
    }

    /// Opens the list of the selected group's contacts; false when there is no group.
    mutating func drillIntoSelected() -> Bool {
        guard let data, let row = selectedRow else { return false }
        let query = ReportQuery(from: data.from, to: data.to, grouping: grouping, filters: [ReportFilter(grouping, row.key)])
        let contacts = data.facts.filter(query.includes).sorted { ($0.openedAt, $0.number) > ($1.openedAt, $1.number) }
        drill = Drill(key: row.key, grouping: grouping, contacts: contacts, report: Report.compute(facts: contacts, query: query, zone: data.zone),
                      cursor: ListCursor(selected: contacts.isEmpty ? nil : 0))
        return true
    }

    /// The contact selected in the drill-down list.
    var selectedContact: InteractionFacts? {
        guard let drill, let i = drill.cursor.selected, drill.contacts.indices.contains(i) else { return nil }
        return drill.contacts[i]
    }

    /// Moves the selection of the list shown (the drill-down's, or the groups').
    mutating func move(_ action: UIAction, visibleRows: Int) {
        if var drill {
            drill.cursor.move(action, count: drill.contacts.count, visibleRows: visibleRows)
            self.drill = drill
        } else {
            rows.move(action, count: report?.rows.count ?? 0, visibleRows: visibleRows)
        }
    }

    /// Keeps both lists' selections in range after a resize.
    mutating func clamp(visibleRows: Int) {
        rows.clamp(count: report?.rows.count ?? 0, visibleRows: visibleRows)
        if var drill {
            drill.cursor.clamp(count: drill.contacts.count, visibleRows: visibleRows)
            self.drill = drill
        }
    }
}

/// A selection in a list of `count` rows shown `visibleRows` at a time: the selected row (nil
/// while the list has none) and the first row in view.
public struct ListCursor: Equatable, Sendable {
    public var selected: Int?
    public var top = 0

    public init(selected: Int? = nil, top: Int = 0) { self.selected = selected; self.top = top }

    /// Keeps the selection on a row (none when there is none) and in view.
    mutating func clamp(count: Int, visibleRows: Int) {
        guard count > 0 else { selected = nil; top = 0; return }
        let visible = max(1, visibleRows)
        let chosen = max(0, min(selected ?? 0, count - 1))
        selected = chosen
        if chosen < top { top = chosen }
        if chosen >= top + visible { top = chosen - visible + 1 }
        top = max(0, min(top, max(0, count - visible)))
    }

    /// Moves by a row, a page, or to either end; an empty list keeps none.
    mutating func move(_ action: UIAction, count: Int, visibleRows page: Int) {
        var chosen = selected ?? 0
        switch action {
        case .moveUp: chosen -= 1
        case .moveDown: chosen += 1
        case .pageUp: chosen -= page; top -= page
        case .pageDown: chosen += page; top += page
        case .first: chosen = 0
        case .last: chosen = count - 1
        default: break
        }
        selected = chosen
        clamp(count: count, visibleRows: page)
    }
}
