import FrontdeskCore

/// What one row of the counter shows: the visitor as the room sees them, and how long they
/// have waited now (the live timer, read at each frame).
struct CounterRow {
    var visitor: CounterEntry
    var waitedSeconds: Int64
}

/// One column of the walk-up counter's list, laid out for a window width as the work lists'
/// columns are (`WorkListColumn`): a mark column and a margin, then the columns with one-cell gaps.
struct CounterColumn {
    let title: String
    let width: Int
    let rightAligned: Bool
    private let value: (CounterRow) -> String

    init(_ title: String, _ width: Int, rightAligned: Bool = false, value: @escaping (CounterRow) -> String) {
        self.title = title; self.width = width; self.rightAligned = rightAligned; self.value = value
    }

    /// The row's cell, raw (a visitor's name and reason included): the caller sanitises and pads it.
    func cell(_ row: CounterRow) -> String { value(row) }

    /// The mark of a visitor whose appointment ranks them first.
    static let appointmentMark = "◷"

    /// From 72 cells: ticket, name, reason, appointment, waited, calls, and from 100 the desk of
    /// the last call. Narrower: ticket, name, the appointment mark, waited and calls; the
    /// reason shows on the record. Name and reason share what the fixed columns leave, 2 : 3.
    static func columns(width: Int) -> [CounterColumn] {
        let medium = width >= 72, wide = width >= 100
        let ticket = CounterColumn("TICKET", 6) { $0.visitor.ticket }
        let appointment = CounterColumn(medium ? "APPT" : " ", medium ? 4 : 1) { $0.visitor.hasAppointment ? appointmentMark : "" }
        let waited = CounterColumn(medium ? "WAITED" : "WAIT", medium ? 7 : 6, rightAligned: true) { formatListSpan($0.waitedSeconds) }
        // A visitor with this agent shows where they are instead (In Progress, On Hold).
        let calls = CounterColumn(medium ? "CALLS" : "CALL", medium ? 5 : 4, rightAligned: true) {
            if let state = $0.visitor.serving { return shortState(state) }
            return $0.visitor.callCount == 0 ? "—" : "\($0.visitor.callCount)"
        }
        var trailing = [appointment, waited, calls]
        if wide { trailing.append(CounterColumn("CALLED TO", 12) { $0.visitor.calledDesk ?? "" }) }
        let flexibleCount = medium ? 2 : 1
        let gaps = 1 + trailing.count + flexibleCount - 1
        let flexible = max(8, width - 2 - ticket.width - trailing.reduce(0) { $0 + $1.width } - gaps)
        guard medium else {
            return [ticket, CounterColumn("NAME", flexible) { $0.visitor.displayName }] + trailing
        }
        let name = max(8, (flexible + 1) * 2 / 5)
        return [ticket, CounterColumn("NAME", name) { $0.visitor.displayName },
                CounterColumn("REASON", max(8, flexible - name)) { $0.visitor.reason }] + trailing
    }
}
