import FrontdeskCore

/// Dialogs and help, drawn over the screen in a bordered box.
extension ConsoleState {
    /// A bordered box of `innerWidth`×`innerHeight` (clamped to the screen), centred; returns
    /// the inner origin and size.
    func box(_ grid: inout Grid, title: String, innerWidth: Int, innerHeight: Int) -> (x: Int, y: Int, w: Int, h: Int) {
        let w = max(10, min(innerWidth, width - 4))
        let h = max(1, min(innerHeight, height - 4))
        let left = (width - w - 2) / 2, top = max(0, (height - h - 2) / 2)
        grid.fill(x: left, y: top, width: w + 2, height: h + 2, style: .normal)
        grid.put("┌" + String(repeating: "─", count: w) + "┐", x: left, y: top, style: .border)
        grid.put("└" + String(repeating: "─", count: w) + "┘", x: left, y: top + h + 1, style: .border)
        for y in (top + 1)...(top + h) {
            grid.put("│", x: left, y: y, style: .border)
            grid.put("│", x: left + w + 1, y: y, style: .border)
        }
        grid.put(" \(title) ", x: left + 2, y: top, style: .bold, limit: w - 2)
        return (left + 1, top + 1, w, h)
    }

    func drawDialog(_ dialog: Dialog, _ grid: inout Grid, _ desk: Desk) {
        switch dialog {
        case .text(let prompt):
            let inner = box(&grid, title: prompt.title, innerWidth: 64, innerHeight: 4)
            grid.put(prompt.hint, x: inner.x + 1, y: inner.y, style: .dim, limit: inner.w - 2)
            drawField(prompt.field, &grid, x: inner.x + 1, y: inner.y + 2, width: inner.w - 2)
            grid.put("Enter save · Esc cancel", x: inner.x + 1, y: inner.y + min(3, inner.h - 1), style: .dim, limit: inner.w - 2)
        case .choice(let prompt):
            let inner = box(&grid, title: prompt.title, innerWidth: max(40, DisplayWidth.of(prompt.message) + 2), innerHeight: 4)
            grid.put(prompt.message, x: inner.x + 1, y: inner.y, limit: inner.w - 2)
            var x = inner.x + 1
            for (i, option) in prompt.options.enumerated() {
                let label = "[ \(option) ]"
                x += grid.put(label, x: x, y: inner.y + 2, style: i == prompt.selected ? .selected : .normal, limit: inner.x + inner.w - x) + 1
            }
            grid.put("←/→ choose · Enter confirm · Esc cancel", x: inner.x + 1, y: inner.y + min(3, inner.h - 1), style: .dim, limit: inner.w - 2)
        case .picker(let prompt):
            let items = desk.pickerItems(prompt)
            let inner = box(&grid, title: prompt.title, innerWidth: 64, innerHeight: max(4, height - 6))
            grid.put("Search:", x: inner.x + 1, y: inner.y, style: .dim)
            drawField(prompt.query, &grid, x: inner.x + 9, y: inner.y, width: inner.w - 10)
            drawItems(items.map { ($0.label, $0.detail) }, selected: prompt.selected, &grid,
                      x: inner.x, y: inner.y + 2, w: inner.w, h: inner.h - 3, empty: "No match.")
            grid.put("↑/↓ choose · Enter pick · Esc cancel", x: inner.x + 1, y: inner.y + inner.h - 1, style: .dim, limit: inner.w - 2)
        case .newInteraction(let form):
            drawNewInteraction(form, &grid, desk)
        }
    }

    /// A scrolled list with one selected row.
    func drawItems(_ items: [(String, String)], selected: Int, _ grid: inout Grid, x: Int, y: Int, w: Int, h: Int, empty: String) {
        guard h > 0 else { return }
        if items.isEmpty { grid.put(empty, x: x + 1, y: y, style: .dim, limit: w - 2); return }
        let top = max(0, min(selected - h + 1, items.count - h))
        for (offset, item) in items.dropFirst(max(0, top)).prefix(h).enumerated() {
            let index = max(0, top) + offset
            let style: Style = index == selected ? .selected : .normal
            if index == selected { grid.fill(x: x, y: y + offset, width: w, height: 1, style: .selected) }
            let used = grid.put(DisplayWidth.truncate(TextSanitizer.clean(item.0), to: w / 2), x: x + 1, y: y + offset, style: style, limit: w / 2)
            grid.put(item.1, x: x + 2 + max(used, min(24, w / 2)), y: y + offset, style: index == selected ? .selected : .dim,
                     limit: w - 3 - max(used, min(24, w / 2)))
        }
    }

    private func drawNewInteraction(_ form: NewInteractionForm, _ grid: inout Grid, _ desk: Desk) {
        let inner = box(&grid, title: "New interaction", innerWidth: 68, innerHeight: max(6, height - 6))
        var y = inner.y
        func label(_ text: String, _ focus: NewInteractionForm.Focus) {
            grid.put(text, x: inner.x + 1, y: y, style: form.focus == focus ? .key : .dim, limit: 14)
        }
        label("Type", .type)
        var x = inner.x + 15
        for (i, type) in form.types.enumerated() {
            x += grid.put(" \(type.display) ", x: x, y: y, style: i == form.typeIndex ? (form.focus == .type ? .selected : .tabActive) : .normal,
                          limit: inner.x + inner.w - x) + 1
        }
        y += 1
        if form.creatingCustomer {
            for (text, field, focus) in [("New customer", form.newName, NewInteractionForm.Focus.newName),
                                         ("Email", form.newEmail, .newEmail), ("Phone", form.newPhone, .newPhone)] {
                y += 1
                label(text, focus)
                drawField(field, &grid, x: inner.x + 15, y: y, width: inner.w - 16)
            }
        } else {
            y += 1
            label("Opened for", .customer)
            drawField(form.customerQuery, &grid, x: inner.x + 15, y: y, width: inner.w - 16)
        }
        y += 1
        y += 1
        label("Short descr.", .short)
        drawField(form.short, &grid, x: inner.x + 15, y: y, width: inner.w - 16)
        y += 2
        if !form.creatingCustomer {
            var items = desk.customerItems(form.customerQuery.text, limit: 200).map { ($0.label, $0.detail) }
            if !form.customerQuery.isEmpty { items.append(("+ New customer “\(form.customerQuery.text)”", "create while creating the record")) }
            grid.put(form.selected < 0 ? "Customers (↓ to choose; none chosen: opened for stays empty)" : "Customers",
                     x: inner.x + 1, y: y, style: .dim, limit: inner.w - 2)
            drawItems(items, selected: form.selected, &grid, x: inner.x, y: y + 1, w: inner.w, h: inner.y + inner.h - y - 2,
                      empty: "No customer matches; type a name and choose + New customer.")
        }
        grid.put("Tab next field · Enter create and accept · Esc cancel", x: inner.x + 1, y: inner.y + inner.h - 1, style: .dim, limit: inner.w - 2)
    }

    func drawHelp(_ grid: inout Grid) {
        let contexts: [KeyContext] = [screen == .home ? .home : .record, .everywhere, .dialog]
        var lines: [(keys: String, text: String, style: Style)] = []
        for section in KeyMap.helpSections(for: contexts) {
            if !lines.isEmpty { lines.append(("", "", .normal)) }
            lines.append((section.title, "", .title))
            for row in section.rows { lines.append((row.keys, row.description, .key)) }
        }
        let inner = box(&grid, title: "Keys · \(screen == .home ? "work lists" : "record screen") · ? or Esc to close",
                        innerWidth: 70, innerHeight: lines.count)
        let top = max(0, min(helpTop, lines.count - inner.h))
        let keysWidth = min(18, inner.w / 3)
        for (offset, line) in lines.dropFirst(top).prefix(inner.h).enumerated() {
            let y = inner.y + offset
            if line.style == .title {
                grid.put(line.keys, x: inner.x + 1, y: y, style: .title, limit: inner.w - 2)
            } else {
                grid.put(line.keys, x: inner.x + 2, y: y, style: .key, limit: keysWidth)
                grid.put(line.text, x: inner.x + keysWidth + 3, y: y, limit: inner.w - keysWidth - 4)
            }
        }
        if top + inner.h < lines.count {
            grid.put(" ↓ more (j) ", x: inner.x + inner.w - 13, y: inner.y + inner.h, style: .dim)
        }
    }
}
