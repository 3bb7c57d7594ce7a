import FrontdeskCore

/// Dialogs, drawn over the screen in a bordered box that fits any window from 40×10 up.
extension ConsoleState {
    /// Rows a dialog's box may use from the top: above the message area, so a refusal is read
    /// beside the dialog it brought back (a window too short for both gives the box 8 rows),
    /// and never the status line. Help and the message log may cover the message area.
    func boxRows(aboveMessages: Bool) -> Int {
        guard aboveMessages, status != nil else { return height - 1 }
        return max(layout.message.y, min(height - 1, 8))
    }

    /// A bordered box for `innerWidth`×`innerHeight`, clamped to the window (the status line
    /// stays visible), centred; returns the inside. Everything under it is blanked.
    func box(_ grid: inout Grid, title: String, innerWidth: Int, innerHeight: Int, aboveMessages: Bool = true) -> Rect {
        let rows = boxRows(aboveMessages: aboveMessages)
        let w = max(10, min(innerWidth, width - 4))
        let h = max(1, min(innerHeight, rows - 2))
        let left = (width - w - 2) / 2, top = max(0, (rows - h - 2) / 2)
        // A cell of margin all round, so nothing underneath touches the border.
        let marginTop = max(0, top - 1)
        grid.fill(x: left - 1, y: marginTop, width: w + 4, height: min(top + h + 3, rows) - marginTop, style: .normal)
        grid.put("┌" + String(repeating: "─", count: w) + "┐", x: left, y: top, style: .border)
        grid.put("└" + String(repeating: "─", count: w) + "┘", x: left, y: top + h + 1, style: .border)
        for y in (top + 1)...(top + h) {
            grid.put("│", x: left, y: y, style: .border)
            grid.put("│", x: left + w + 1, y: y, style: .border)
        }
        grid.put(" \(title) ", x: left + 2, y: top, style: .bold, limit: w - 2)
        return Rect(x: left + 1, y: top + 1, width: w, height: h)
    }

    func drawDialog(_ dialog: Dialog, _ grid: inout Grid, _ desk: Desk) {
        let hints = Bindings.hints(for: .dialog, scope(desk)).joined(separator: " · ")
        let hintRows = DisplayWidth.wrap(hints, width: min(64, width - 6)).count
        switch dialog {
        case .text(let prompt) where prompt.purpose.isMessage:
            drawMessagePrompt(prompt, hints: hints, hintRows: hintRows, &grid)
        case .text(let prompt):
            let inner = box(&grid, title: prompt.title, innerWidth: 64, innerHeight: 3 + hintRows)
            grid.put(prompt.hint, x: inner.x + 1, y: inner.y, style: .dim, limit: inner.width - 2)
            grid.drawField(prompt.field, x: inner.x + 1, y: inner.y + min(2, inner.height - 1 - hintRows), width: inner.width - 2)
            drawDialogHints(hints, &grid, inner)
        case .choice(let prompt):
            drawChoice(prompt, hints, &grid)
        case .picker(let prompt):
            let items = desk.pickerItems(prompt)
            let inner = box(&grid, title: prompt.title, innerWidth: 64, innerHeight: min(height - 3, items.count + 3 + hintRows))
            grid.put("Search:", x: inner.x + 1, y: inner.y, style: .dim)
            grid.drawField(prompt.query, x: inner.x + 9, y: inner.y, width: inner.width - 10)
            grid.put(SearchList.caption(prompt.selected, count: items.count), x: inner.x + 1, y: inner.y + 1, style: .dim, limit: inner.width - 2)
            drawItems(items.map { ($0.label, $0.detail) }, selected: prompt.selected, &grid,
                      x: inner.x, y: inner.y + 2, w: inner.width, h: inner.height - 2 - hintRows, empty: prompt.emptyText)
            drawDialogHints(hints, &grid, inner)
        case .customer(let form):
            let rows = CustomerFields.Field.allCases.map { FormRow(label: $0.label, focused: form.focus == $0, content: .customer(form.fields, $0)) }
            let inner = box(&grid, title: form.title, innerWidth: 64, innerHeight: rows.count + 1 + hintRows)
            drawFormRows(rows, &grid, inner, reserve: hintRows)
            drawDialogHints(hints, &grid, inner)
        case .newInteraction(let form):
            drawNewInteraction(form, hints, &grid, desk)
        }
    }

    /// A reply or a work note: several lines, and which of the two it is said on the box's
    /// first line and by its style (so monochrome tells them apart too).
    private func drawMessagePrompt(_ prompt: TextPrompt, hints: String, hintRows: Int, _ grid: inout Grid) {
        let style: Style = prompt.purpose.isPublic ? .reply : .internalNote
        let textWidth = max(8, min(64, width - 4) - 2)
        let laid = MessageLayout(prompt.field, width: textWidth)
        let textRows = max(3, min(8, laid.rows.count))
        let inner = box(&grid, title: prompt.title, innerWidth: 64, innerHeight: 2 + textRows + hintRows)
        grid.put(prompt.hint, x: inner.x + 1, y: inner.y, style: style, limit: inner.width - 2)
        let rows = max(1, inner.height - 2 - hintRows)
        // The cursor's row stays in view: a long text shows its end.
        let first = max(0, min(laid.cursorRow - rows + 1, laid.rows.count - rows))
        for r in 0..<rows {
            let y = inner.y + 1 + r
            grid.fill(x: inner.x + 1, y: y, width: inner.width - 2, height: 1, style: .input)
            if first + r < laid.rows.count { grid.put(laid.rows[first + r], x: inner.x + 1, y: y, style: .input, limit: inner.width - 2) }
        }
        let cursorY = laid.cursorRow - first
        if cursorY >= 0, cursorY < rows, laid.cursorColumn < inner.width - 2 {
            grid.restyle(x: inner.x + 1 + laid.cursorColumn, y: inner.y + 1 + cursorY, width: 1, style: .selected)
        }
        drawDialogHints(hints, &grid, inner)
    }

    private func drawDialogHints(_ hints: String, _ grid: inout Grid, _ inner: Rect) {
        let lines = DisplayWidth.wrap(hints, width: inner.width - 2)
        for (i, line) in lines.enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.bottom - lines.count + i, style: .dim, limit: inner.width - 2)
        }
    }

    /// The message wrapped, then the options side by side when they fit, else one per row.
    private func drawChoice(_ prompt: ChoicePrompt, _ hints: String, _ grid: inout Grid) {
        let labels = prompt.options.map { "[ \($0.label) ]" }
        let innerWidth = max(36, min(64, max(DisplayWidth.of(prompt.message) + 2, labels.map(DisplayWidth.of).reduce(0) { $0 + $1 + 1 } + 1)))
        let fitting = min(innerWidth, width - 4) - 2
        let message = DisplayWidth.wrap(prompt.message, width: fitting)
        let across = labels.map(DisplayWidth.of).reduce(0) { $0 + $1 + 1 } - 1 <= fitting
        let hintLines = DisplayWidth.wrap(hints, width: fitting)
        let optionRows = across ? 1 : labels.count
        let inner = box(&grid, title: prompt.title, innerWidth: innerWidth,
                        innerHeight: message.count + 1 + optionRows + 1 + hintLines.count)
        // When the window is short, the message gives way first; the options always show.
        let messageRows = max(0, min(message.count, inner.height - optionRows - hintLines.count - 1))
        for (i, line) in message.prefix(messageRows).enumerated() {
            grid.put(line, x: inner.x + 1, y: inner.y + i, limit: inner.width - 2)
        }
        var x = inner.x + 1
        var y = inner.y + messageRows + (messageRows > 0 ? 1 : 0)
        let visible = max(1, inner.height - (y - inner.y) - hintLines.count)
        let firstShown = across ? 0 : max(0, min(prompt.selected - visible + 1, labels.count - visible))
        for (i, label) in labels.enumerated() where i >= firstShown {
            let style: Style = i == prompt.selected ? .selected : .normal
            if across {
                x += grid.put(label, x: x, y: y, style: style, limit: inner.right - x) + 1
            } else {
                guard y < inner.bottom - hintLines.count else { break }
                grid.put(label, x: inner.x + 1, y: y, style: style, limit: inner.width - 2)
                y += 1
            }
        }
        drawDialogHints(hints, &grid, inner)
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
            let detailX = max(used, min(24, w / 2)) + 2
            guard detailX < w - 2 else { continue }
            grid.put(item.1, x: x + detailX, y: y + offset, style: index == selected ? .selected : .dim, limit: w - detailX - 1)
        }
    }

    /// One row of a form: a label and what is in it.
    struct FormRow {
        enum Content {
            case field(TextField)
            case customer(CustomerFields, CustomerFields.Field)
            case types(NewInteractionForm)
        }
        var label: String
        var focused: Bool
        var content: Content
    }

    /// Form rows, scrolled so the focused one is in view, above `reserve` rows of hints.
    private func drawFormRows(_ rows: [FormRow], _ grid: inout Grid, _ inner: Rect, reserve: Int, from startY: Int? = nil) {
        let y0 = startY ?? inner.y
        let room = max(1, inner.bottom - reserve - y0)
        let focus = rows.firstIndex { $0.focused } ?? 0
        let first = max(0, min(focus - room + 1, rows.count - room))
        let labelWidth = min(13, inner.width / 3)
        for (offset, row) in rows.dropFirst(first).prefix(room).enumerated() {
            let y = y0 + offset
            grid.put(row.label, x: inner.x + 1, y: y, style: row.focused ? .key : .dim, limit: labelWidth)
            let x = inner.x + labelWidth + 2, w = inner.right - x - 1
            switch row.content {
            case .field(let field): grid.drawField(field, x: x, y: y, width: w)
            case .customer(let fields, let f):
                if let field = fields.field(f) {
                    grid.drawField(field, x: x, y: y, width: w)
                } else {
                    let space = Bindings.label(for: .toggle, in: .dialog)
                    grid.put(fields.vip ? "[x] yes  (\(space))" : "[ ] no  (\(space))", x: x, y: y, style: row.focused ? .selected : .normal, limit: w)
                }
            case .types(let form):
                let all = form.types.enumerated().map { " \($0.element.display) " }
                if all.map(DisplayWidth.of).reduce(0, { $0 + $1 + 1 }) <= w {
                    var cx = x
                    for (i, label) in all.enumerated() {
                        let style: Style = i == form.typeIndex ? (row.focused ? .selected : .tabActive) : .normal
                        cx += grid.put(label, x: cx, y: y, style: style, limit: inner.right - cx) + 1
                    }
                } else {
                    grid.put("◂ \(form.type.display) ▸", x: x, y: y, style: row.focused ? .selected : .tabActive, limit: w)
                }
            }
        }
    }

    private func drawNewInteraction(_ form: NewInteractionForm, _ hints: String, _ grid: inout Grid, _ desk: Desk) {
        let hintRows = DisplayWidth.wrap(hints, width: min(68, width - 6)).count
        let inner = box(&grid, title: "New interaction", innerWidth: 68, innerHeight: height - 3)
        var rows = [FormRow(label: "Type", focused: form.focus == .type, content: .types(form))]
        if let fields = form.newCustomer {
            rows += CustomerFields.Field.allCases.map {
                FormRow(label: $0 == .name ? "New customer" : $0.label, focused: form.focus == .newCustomer($0), content: .customer(fields, $0))
            }
        } else {
            rows.append(FormRow(label: "Opened for", focused: form.focus == .customer, content: .field(form.customerQuery)))
        }
        rows.append(FormRow(label: "Short descr.", focused: form.focus == .short, content: .field(form.short)))
        let listRoom = inner.height - rows.count - hintRows - 1
        // The customer list, when there is room for it and the form is not making a new one.
        if form.newCustomer == nil, listRoom >= 2 {
            drawFormRows(rows, &grid, inner, reserve: inner.height - rows.count)
            let y = inner.y + rows.count
            let chosen = form.chosen.map { "Chosen: \(desk.customerName($0))" }
            let items = form.customerItems(desk)
            let caption = chosen ?? (form.customerQuery.isEmpty ? "Type a name, email or phone to find the customer"
                                     : SearchList.caption(form.highlighted, count: items.count))
            grid.put(caption, x: inner.x + 1, y: y, style: .dim, limit: inner.width - 2)
            drawItems(items.map { ($0.label, $0.detail) }, selected: form.highlighted, &grid,
                      x: inner.x, y: y + 1, w: inner.width, h: listRoom - 1, empty: "")
        } else {
            drawFormRows(rows, &grid, inner, reserve: hintRows)
        }
        drawDialogHints(hints, &grid, inner)
    }
}
