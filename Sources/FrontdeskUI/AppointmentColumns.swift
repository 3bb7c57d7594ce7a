import FrontdeskCore

/// What one row of the appointments list shows: the appointment, its customer's name (raw:
/// the view sanitises every cell) and its slot as the location reads it.
struct AppointmentRow {
    var appointment: Appointment
    var customerName: String
    var local: LocalTime
}

/// One column of the appointments list, laid out for a window width as the counter's are
/// (`CounterColumn`): a mark column and a margin, then the columns with one-cell gaps.
struct AppointmentColumn {
    let title: String
    let width: Int
    private let value: (AppointmentRow) -> String

    init(_ title: String, _ width: Int, value: @escaping (AppointmentRow) -> String) {
        self.title = title; self.width = width; self.value = value
    }

    /// The row's cell, raw (a customer's name and the reason included): the caller sanitises and pads it.
    func cell(_ row: AppointmentRow) -> String { value(row) }

    /// From 60 cells: the slot with its weekday, customer, reason, state; from 80 the id first.
    /// Narrower: the slot without the weekday, customer and state; the reason shows when the
    /// appointment is cancelled or moved. Customer and reason share what is left, 2 : 3.
    static func columns(width: Int) -> [AppointmentColumn] {
        let medium = width >= 60, wide = width >= 80
        let slot = AppointmentColumn("SLOT", medium ? 15 : 11) { row in
            let day = row.local.weekday.rawValue.prefix(1).uppercased() + row.local.weekday.rawValue.dropFirst()
            let date = "\(row.local.date)".dropFirst(5)
            return medium ? "\(day) \(date) \(row.local.clock)" : "\(date) \(row.local.clock)"
        }
        let state = AppointmentColumn("STATE", 10) { $0.appointment.state.display }
        let leading = wide ? [AppointmentColumn("ID", 10) { $0.appointment.id }, slot] : [slot]
        let fixed = leading.reduce(0) { $0 + $1.width } + state.width
        let flexibleCount = medium ? 2 : 1
        let gaps = leading.count + flexibleCount
        let flexible = max(8, width - 2 - fixed - gaps)
        guard medium else {
            return leading + [AppointmentColumn("CUSTOMER", flexible) { $0.customerName }, state]
        }
        let name = max(8, (flexible + 1) * 2 / 5)
        return leading + [AppointmentColumn("CUSTOMER", name) { $0.customerName },
                          AppointmentColumn("REASON", max(8, flexible - name)) { $0.appointment.reason }, state]
    }
}
