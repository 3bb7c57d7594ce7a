import FrontdeskCore

extension ConsoleState {
    /// Actions on the open record: some go straight to the store, others open a dialog.
    mutating func recordAction(_ action: UIAction, on r: Interaction, desk: Desk) -> [ConsoleEffect] {
        let n = r.number, v = r.version
        func go(_ transition: RecordTransition) -> [ConsoleEffect] {
            [.perform(.transition(number: n, transition, expectedVersion: v), .stay)]
        }
        switch action {
        case .hold:
            guard r.type == .messaging else { return go(.hold(reason: nil)) }
            dialog = .choice(ChoicePrompt(title: "Put \(n) on hold", message: "State reason:",
                                          options: ["None", StateReason.waitingOnCustomer.display, StateReason.waitingInternal.display],
                                          selected: 1, purpose: .hold(n)))
        case .resume: return go(.resume)
        case .endConversation: return go(.endConversation)
        case .transfer:
            dialog = .picker(PickerPrompt(title: "Transfer \(n) to an agent or a queue", query: TextField(), selected: 0, purpose: .transfer(n)))
        case .close:
            dialog = .choice(ChoicePrompt(title: "Close \(n)", message: "Closed Complete, or Closed Abandoned (the customer left)?",
                                          options: ["Complete", "Abandon"], selected: 0, purpose: .close(n)))
        case .archive:
            dialog = .choice(ChoicePrompt(title: "Archive \(n)", message: "Archived records leave the working lists but stay searchable.",
                                          options: ["Archive", "Cancel"], selected: 0, purpose: .archive(n)))
        case .addNote:
            openTextPrompt(.workNote(n), title: "Work note on \(n)", hint: "Internal; customers never see it.", text: "")
        case .editShortDescription:
            openTextPrompt(.shortDescription(n), title: "Short description of \(n)", hint: "A brief summary of the contact.", text: r.shortDescription)
        case .newTask:
            dialog = .choice(ChoicePrompt(title: "Create a task from \(n)", message: "It copies the short description and opened for.",
                                          options: TaskKind.allCases.map(\.display), selected: 0, purpose: .taskKind(n)))
        case .linkTask:
            openTextPrompt(.linkTask(n), title: "Associate a task with \(n)", hint: "The task's number: INC…, CS… or REQ…", text: "")
        case .linkProfile:
            guard let profile = r.channelUserProfile else {
                status = StatusMessage(text: "\(n) has no channel user profile: only messaging interactions do", isError: true)
                return []
            }
            dialog = .picker(PickerPrompt(title: "Link profile \(profile) to a customer", query: TextField(), selected: 0, purpose: .linkProfile(profile)))
        case .editSelected:
            guard let record else { return [] }
            let lines = desk.paneLines(record.pane, of: r, at: now)
            let index = record.selected[record.pane.rawValue]
            guard index < lines.count, let target = lines[index].target else { return [] }
            switch target {
            case .field(.shortDescription): return recordAction(.editShortDescription, on: r, desk: desk)
            case .field(.openedFor):
                dialog = .picker(PickerPrompt(title: "Opened for \(n)", query: TextField(), selected: 0, purpose: .openedFor(n)))
            case .field(.queue):
                dialog = .picker(PickerPrompt(title: "Queue of \(n)", query: TextField(), selected: 0, purpose: .queue(n)))
            case .field(.stateReason):
                dialog = .choice(ChoicePrompt(title: "State reason of \(n)", message: "Why it is in its current state:",
                                              options: ["None", StateReason.waitingOnCustomer.display, StateReason.waitingInternal.display],
                                              selected: r.stateReason.map { StateReason.allCases.firstIndex(of: $0)! + 1 } ?? 0,
                                              purpose: .stateReason(n)))
            case .addNote: return recordAction(.addNote, on: r, desk: desk)
            case .interaction(let other):
                if other != n { open(other, from: n) }
            case .task(let task):
                let t = desk.task(anywhere: task)
                status = StatusMessage(text: "\(task): \(t?.kind.display ?? "") · \(t?.state.display ?? "") · linked to \(t?.interactions.joined(separator: ", ") ?? "")", isError: false)
            }
        default:
            break
        }
        return []
    }

    private mutating func openTextPrompt(_ purpose: TextPrompt.Purpose, title: String, hint: String, text: String) {
        dialog = .text(TextPrompt(title: title, hint: hint, field: TextField(text), purpose: purpose, original: text))
    }

    // MARK: Dialog keys

    mutating func handleDialogKey(_ key: Key, desk: Desk) -> [ConsoleEffect] {
        guard let current = dialog else { return [] }
        if key == .control("c") {
            if current.hasUnsavedText {
                dialog = .choice(ChoicePrompt(title: "Quit Frontdesk?", message: "What you typed has not been saved.",
                                              options: ["Quit", "Keep editing"], selected: 1, purpose: .discard(current, quitting: true)))
                return []
            }
            return [.quit]
        }
        if key == .escape {
            if current.hasUnsavedText {
                dialog = .choice(ChoicePrompt(title: "Discard what you typed?", message: "It has not been saved.",
                                              options: ["Discard", "Keep editing"], selected: 1, purpose: .discard(current, quitting: false)))
            } else {
                dialog = nil
            }
            return []
        }
        switch current {
        case .text(var prompt):
            if key == .enter {
                dialog = nil
                submitted = .text(prompt)
                return submit(prompt, desk: desk)
            }
            _ = prompt.field.handle(key)
            dialog = .text(prompt)
        case .choice(var prompt):
            switch key {
            case .left, .up, .backTab: prompt.selected = max(0, prompt.selected - 1)
            case .right, .down, .tab: prompt.selected = min(prompt.options.count - 1, prompt.selected + 1)
            case .enter:
                dialog = nil
                return choose(prompt, desk: desk)
            case .character(let c):
                // The first letter of an option chooses it (y/n for the yes/no ones).
                let letter = c.lowercased()
                if let i = prompt.options.firstIndex(where: { $0.lowercased().hasPrefix(letter) }) {
                    prompt.selected = i
                    dialog = nil
                    return choose(prompt, desk: desk)
                }
                if letter == "y" || letter == "n" {
                    prompt.selected = letter == "y" ? 0 : prompt.options.count - 1
                    dialog = nil
                    return choose(prompt, desk: desk)
                }
            default: break
            }
            if dialog != nil { dialog = .choice(prompt) }
        case .picker(var prompt):
            let items = desk.pickerItems(prompt)
            switch key {
            case .up: prompt.selected = max(0, prompt.selected - 1)
            case .down: prompt.selected = min(max(0, items.count - 1), prompt.selected + 1)
            case .pageUp: prompt.selected = max(0, prompt.selected - 8)
            case .pageDown: prompt.selected = min(max(0, items.count - 1), prompt.selected + 8)
            case .enter:
                guard prompt.selected < items.count else { return [] }
                dialog = nil
                return pick(items[prompt.selected], for: prompt, desk: desk)
            default:
                if prompt.query.handle(key) { prompt.selected = 0 }
            }
            dialog = .picker(prompt)
        case .newInteraction(var form):
            let effects = handleNewInteraction(key, form: &form, desk: desk)
            if dialog != nil { dialog = .newInteraction(form) }
            return effects
        }
        return []
    }

    private mutating func submit(_ prompt: TextPrompt, desk: Desk) -> [ConsoleEffect] {
        func version(_ n: String) -> Int? { desk.displayed(n)?.version }
        switch prompt.purpose {
        case .workNote(let n):
            return [.perform(.addNote(number: n, text: prompt.field.text, expectedVersion: version(n)), .stay)]
        case .shortDescription(let n):
            return [.perform(.edit(number: n, [.shortDescription(prompt.field.text)], expectedVersion: version(n)), .stay)]
        case .linkTask(let n):
            return [.perform(.linkTask(number: n, task: prompt.field.text.trimmedWhitespace.uppercased(), expectedVersion: version(n)), .stay)]
        }
    }

    private mutating func choose(_ prompt: ChoicePrompt, desk: Desk) -> [ConsoleEffect] {
        func version(_ n: String) -> Int? { desk.displayed(n)?.version }
        let reasons: [StateReason?] = [nil, .waitingOnCustomer, .waitingInternal]
        switch prompt.purpose {
        case .hold(let n):
            return [.perform(.transition(number: n, .hold(reason: reasons[prompt.selected]), expectedVersion: version(n)), .stay)]
        case .close(let n):
            return [.perform(.transition(number: n, prompt.selected == 0 ? .complete : .abandon, expectedVersion: version(n)), .stay)]
        case .taskKind(let n):
            return [.perform(.createTask(number: n, kind: TaskKind.allCases[prompt.selected], expectedVersion: version(n)), .stay)]
        case .stateReason(let n):
            return [.perform(.edit(number: n, [.stateReason(reasons[prompt.selected])], expectedVersion: version(n)), .stay)]
        case .archive(let n):
            return prompt.selected == 0 ? [.perform(.transition(number: n, .archive, expectedVersion: version(n)), .stay)] : []
        case .discard(let previous, let quitting):
            if prompt.selected == 0 { return quitting ? [.quit] : [] }
            dialog = previous
            return []
        }
    }

    private mutating func pick(_ item: PickerItem, for prompt: PickerPrompt, desk: Desk) -> [ConsoleEffect] {
        func version(_ n: String) -> Int? { desk.displayed(n)?.version }
        switch (prompt.purpose, item.value) {
        case (.transfer(let n), .agent(let login)):
            return [.perform(.transition(number: n, .transfer(.agent(login)), expectedVersion: version(n)), .stay)]
        case (.transfer(let n), .queue(let id)):
            return [.perform(.transition(number: n, .transfer(.queue(id)), expectedVersion: version(n)), .stay)]
        case (.queue(let n), .queue(let id)):
            return [.perform(.edit(number: n, [.queue(id)], expectedVersion: version(n)), .stay)]
        case (.openedFor(let n), .customer(let id)):
            return [.perform(.edit(number: n, [.openedFor(id)], expectedVersion: version(n)), .stay)]
        case (.linkProfile(let profile), .customer(let id)):
            return [.perform(.linkProfile(profile: profile, customer: id), .stay)]
        default:
            return []
        }
    }

    // MARK: New interaction

    private mutating func handleNewInteraction(_ key: Key, form: inout NewInteractionForm, desk: Desk) -> [ConsoleEffect] {
        let focuses: [NewInteractionForm.Focus] = form.creatingCustomer
            ? [.type, .newName, .newEmail, .newPhone, .short] : [.type, .customer, .short]
        let matches = desk.customerItems(form.customerQuery.text, limit: 200)
        switch key {
        case .tab, .backTab:
            let i = focuses.firstIndex(of: form.focus) ?? 0
            form.focus = focuses[(i + (key == .tab ? 1 : focuses.count - 1)) % focuses.count]
            return []
        case .enter:
            if form.focus == .customer, form.selected == matches.count, !form.customerQuery.isEmpty {
                // "+ New customer" chosen: fill in their details here.
                form.creatingCustomer = true
                form.newName = TextField(form.customerQuery.text)
                form.focus = .newEmail
                return []
            }
            let customer: NewCustomerChoice?
            if form.creatingCustomer {
                customer = .new(name: form.newName.text, email: form.newEmail.text, phone: form.newPhone.text)
            } else if form.selected >= 0, form.selected < matches.count, case .customer(let id) = matches[form.selected].value {
                customer = .existing(id)
            } else {
                customer = nil
            }
            dialog = nil
            submitted = .newInteraction(form)
            return [.createInteraction(type: form.type, customer: customer, shortDescription: form.short.text)]
        default:
            break
        }
        switch form.focus {
        case .type:
            if key == .left { form.typeIndex = (form.typeIndex + form.types.count - 1) % form.types.count }
            if key == .right || key == .character(" ") { form.typeIndex = (form.typeIndex + 1) % form.types.count }
        case .customer:
            switch key {
            case .up: form.selected = max(-1, form.selected - 1)
            case .down: form.selected = min(matches.count - (form.customerQuery.isEmpty ? 1 : 0), form.selected + 1)
            default:
                if form.customerQuery.handle(key) { form.selected = form.customerQuery.isEmpty ? -1 : 0 }
            }
        case .short: _ = form.short.handle(key)
        case .newName: _ = form.newName.handle(key)
        case .newEmail: _ = form.newEmail.handle(key)
        case .newPhone: _ = form.newPhone.handle(key)
        }
        return []
    }
}
