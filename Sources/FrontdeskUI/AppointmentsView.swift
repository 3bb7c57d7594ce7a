import FrontdeskCore

/// A location's appointments drawn into the home screen's areas: a title with the location and
/// the zone its times are in, a column header, the visible rows only, or what an empty list means.
extension ConsoleState {
    func drawAppointments(_ grid: inout Grid, _ desk: Desk, _ layout: Layout) {
        defer { drawHints(&grid, desk, layout.hints, context: .appointments) }
        guard let shown = appointments else { return }
        let top = layout.header.y, body = layout.body, width = body.width, left = body.x
        let zone = desk.zone(ofLocation: shown.location)
        let name = TextSanitizer.clean(desk.queues[shown.location]?.name ?? shown.location)
        let title = " Appointments · \(name) (\(shown.ids.count)) "
        let used = grid.put(title, x: left + 1, y: top, style: .tabActive, limit: width - 2)
        grid.put(" times in \(zone.identifier)", x: left + 1 + used, y: top, style: .dim, limit: width - 2 - used)
        let columns = AppointmentColumn.columns(width: width)
        grid.fill(x: left, y: top + 1, width: width, height: 1, style: .header)
        var cx = 1
        for c in columns {
            grid.put(DisplayWidth.truncate(c.title, to: c.width), x: left + cx, y: top + 1, style: .header, limit: c.width)
            cx += c.width + 1
        }
        if shown.ids.isEmpty { drawNoAppointments(&grid, name, shown.location, body) }
        for index in shown.cursor.top..<min(shown.ids.count, shown.cursor.top + body.height) {
            guard let a = desk.appointments[shown.ids[index]] else { continue }
            let row = AppointmentRow(appointment: a, customerName: desk.customerName(a.customer), local: zone.local(a.slotStart))
            let y = body.y + index - shown.cursor.top
            let selected = index == shown.cursor.selected
            // Only a booked appointment still holds its slot ahead; the others are read, not acted on.
            let style: Style = selected ? .selected : (a.state == .booked || a.state == .checkedIn ? .normal : .dim)
            if selected { grid.fill(x: left, y: y, width: width, height: 1, style: style) }
            var cx = 1
            for c in columns {
                // Sanitise before measuring: escape bytes must not count towards the width.
                let text = DisplayWidth.truncate(TextSanitizer.clean(c.cell(row)), to: c.width)
                grid.put(text, x: left + cx, y: y, style: style, limit: c.width)
                cx += c.width + 1
            }
        }
    }

    /// No appointment from today on: say so, and how one is booked.
    private func drawNoAppointments(_ grid: inout Grid, _ name: String, _ location: String, _ body: Rect) {
        let book = Bindings.label(for: .bookAppointment, in: .appointments)
        let message = ["No appointments at \(name) today or later.",
                       "\(book) books one here (or `frontdesk appointment add --location \(location)`)."]
        let lines = message.enumerated().flatMap { i, line in DisplayWidth.wrap(line, width: max(10, body.width - 4)).map { (i, $0) } }
        for (row, (i, line)) in lines.enumerated() where body.y + 1 + row < body.bottom {
            grid.put(line, x: body.x + 2, y: body.y + 1 + row, style: i == 0 ? .bold : .dim, limit: body.width - 4)
        }
    }
}
