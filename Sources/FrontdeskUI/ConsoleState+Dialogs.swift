import FrontdeskCore

extension ConsoleState {
    /// Keys in a dialog. Text fields take their editing keys first; the rest go by the
    /// dialog bindings. Esc on a question takes its safe option; Esc with typed text asks.
    mutating func handleDialogKey(_ key: Key, desk: Desk) -> [ConsoleEffect] {
        guard let current = dialog else { return [] }
        let action = Bindings.binding(for: key, in: .dialog)?.1
        if action == .quit {
            guard current.hasUnsavedText else { return [.quit] }
            dialog = .choice(ChoicePrompt(title: "Quit Frontdesk?", message: "What you typed has not been saved.",
                                          options: [ChoiceOption("Stay", .open(current)), ChoiceOption("Quit", .quit)], safe: 0))
            return []
        }
        if action == .cancel {
            if case .choice(let prompt) = current { return choose(prompt.options[prompt.safe]) }
            // Esc on the canned replies goes back to what was being typed.
            if case .picker(let prompt) = current, case .template(let back, _) = prompt.purpose { dialog = .text(back); return [] }
            if current.hasUnsavedText {
                dialog = .choice(ChoicePrompt(title: "Discard what you typed?", message: "It has not been saved.",
                                              options: [ChoiceOption("Keep editing", .open(current)), ChoiceOption("Discard", .dismiss)], safe: 0))
            } else {
                dialog = nil
            }
            return []
        }
        let step: DialogStep
        switch current {
        case .text(let prompt): step = prompt.handle(key, action: action)
        case .choice(let prompt): step = prompt.handle(key, action: action)
        case .picker(let prompt): step = prompt.handle(key, action: action, items: desk.pickerItems(prompt))
        case .customer(let form): step = form.handle(key, action: action)
        case .newInteraction(var form):
            switch form.handle(key, action: action, desk: desk) {
            case .editing:
                dialog = .newInteraction(form)
            case .submit(let command):
                return submit(command, from: .newInteraction(form), then: .openSubject)
            case .askAboutCustomer:
                askAboutCustomer(form, desk: desk)
            case .askAboutShort:
                askAboutShort(form, desk: desk)
            case .typedIntoShort:
                dialog = .newInteraction(form)
                let keys = [UIAction.previousOption, .nextOption].map { Bindings.label(for: $0, in: .dialog) }.joined(separator: "/")
                say("Typed into Short description (\(keys) or \(Bindings.label(for: .toggle, in: .dialog)) change the type).", isError: false)
            }
            return []
        }
        switch step {
        case .editing(let next): dialog = next
        case .chose(let option): return choose(option)
        case .submit(let command, let from, let followUp): return submit(command, from: from, then: followUp)
        case .picked(let item, let prompt):
            dialog = .picker(prompt)
            return pick(item, for: prompt, desk: desk)
        case .templates(let prompt): openTemplates(returningTo: prompt, desk: desk)
        case .say(let text, let next):
            dialog = next
            say(text, isError: true)
        }
        return []
    }

    /// Sends a dialog's command; the dialog travels with it, to come back if it is refused.
    mutating func submit(_ command: DeskCommand, from dialog: Dialog, then followUp: FollowUp) -> [ConsoleEffect] {
        self.dialog = nil
        awaitingSave = true
        return [.perform(command, followUp, returnTo: dialog)]
    }

    private mutating func choose(_ option: ChoiceOption) -> [ConsoleEffect] {
        dialog = nil
        switch option.outcome {
        case .run(let command, let followUp): return [.perform(command, followUp)]
        case .open(let next): dialog = next
        case .submit(let command, let back, let followUp): return submit(command, from: back, then: followUp)
        case .dismiss: break
        case .quit: return [.quit]
        }
        return []
    }

    private mutating func pick(_ item: PickerItem, for prompt: PickerPrompt, desk: Desk) -> [ConsoleEffect] {
        switch prompt.purpose {
        case .appointmentCustomer, .appointmentReason, .appointmentSlot: return appointmentPicked(item, for: prompt, desk: desk)
        default: break
        }
        let command: DeskCommand
        switch (prompt.purpose, item.value) {
        case let (.transfer(n, v), .agent(login)): command = .transition(number: n, .transfer(.agent(login)), expectedVersion: v)
        case let (.transfer(n, v), .queue(id)): command = .transition(number: n, .transfer(.queue(id)), expectedVersion: v)
        case let (.queue(n, v), .queue(id)): command = .edit(number: n, [.queue(id)], expectedVersion: v)
        case let (.openedFor(n, v), .customer(id)): command = .edit(number: n, [.openedFor(id)], expectedVersion: v)
        case let (.linkProfile(profile), .customer(id)): command = .linkProfile(profile: profile, customer: id)
        case let (.template(back, _), .template(text)):
            var prompt = back
            // After a word, a space first: the canned text starts a sentence of its own.
            if let before = prompt.field.text.prefix(prompt.field.cursorOffset).last, !before.isWhitespace { prompt.field.insert(" ") }
            prompt.field.insert(text)
            dialog = .text(prompt)
            return []
        case let (.wrapUpCode(n, v, part), .wrapUpCode(code)):
            dialog = .text(TextPrompt(title: "Wrap up \(part ? "your part of " : "")\(n): \(code)",
                                      hint: "Wrap-up notes (may stay empty); \(Bindings.label(for: .confirm, in: .dialog)) submits\(part ? "" : " and closes")",
                                      field: TextField(""), purpose: .wrapUpNotes(n, code: code, version: v, part: part), original: ""))
            return []
        case (_, .newCustomer):
            let reference = CustomerDetails.newCustomerReference
            let then: DeskCommand
            // The number they called or wrote from, which the card starts with: not typed again.
            let address: String?
            switch prompt.purpose {
            case let .openedFor(n, v):
                then = .edit(number: n, [.openedFor(reference)], expectedVersion: v)
                address = desk.interaction(n).flatMap(desk.callerAddress)
            case let .linkProfile(profile):
                then = .linkProfile(profile: profile, customer: reference)
                address = desk.profiles[profile]?.identifier
            default: return []
            }
            var fields = CustomerFields(name: prompt.query.text.trimmedWhitespace)
            if let address, let phone = PhoneNumber.normalizedOrNil(address, defaultCountry: desk.config.defaultCountry) {
                fields.phone = TextField(phone)
            }
            dialog = .customer(CustomerForm(title: "New customer", fields: fields, purpose: .create(then: then)))
            return []
        default:
            return []
        }
        dialog = nil
        return [.perform(command, .stay)]
    }

    /// The canned replies, filled in for the record the text is for; picking one inserts it
    /// at the cursor, where it can be edited before sending.
    private mutating func openTemplates(returningTo prompt: TextPrompt, desk: Desk) {
        guard let n = prompt.purpose.messageRecord, let r = desk.interaction(n) else { return }
        let choices = templates.compactMap { t in (try? desk.render(t, on: r, by: agent)).map { TemplateChoice(name: t.name, text: $0) } }
        guard !choices.isEmpty else { say("No canned replies: a supervisor adds them with `frontdesk template add`.", isError: true); return }
        dialog = .picker(PickerPrompt(title: "Canned reply for \(n)", purpose: .template(returnTo: prompt, choices: choices)))
    }

    /// Opened for names nobody: choose from the matches (the default), make them a new
    /// customer, or leave Opened for empty. Nothing typed is dropped without being asked.
    private mutating func askAboutCustomer(_ form: NewInteractionForm, desk: Desk) {
        let typed = form.customerQuery.text.trimmedWhitespace
        var choosing = form
        choosing.focus = .customer
        choosing.highlighted = 0
        var creating = form
        creating.startNewCustomer()
        var leaving = form
        leaving.customerQuery = TextField()
        leaving.focus = .short
        let matches = form.customerItems(desk).filter { $0.value != .newCustomer }.count
        dialog = .choice(ChoicePrompt(
            title: "Who is “\(typed)”?",
            message: matches > 0 ? "No customer is exactly “\(typed)”; \(matches) partly match." : "No customer matches “\(typed)”.",
            options: [ChoiceOption(matches > 0 ? "Choose a match" : "Edit what I typed", .open(.newInteraction(choosing))),
                      ChoiceOption("New customer “\(typed)”", .open(.newInteraction(creating))),
                      ChoiceOption("Leave Opened for empty", .open(.newInteraction(leaving)))],
            safe: 0))
    }
}

extension ConsoleState {
    /// Enter on the New form with Short description empty: type one (the default, Esc too),
    /// or create without one knowing what rule 1 will ask later.
    private mutating func askAboutShort(_ form: NewInteractionForm, desk: Desk) {
        var typing = form
        typing.focus = .short
        dialog = .choice(ChoicePrompt(
            title: "No short description",
            message: "Saving, closing and tasks need one (rule 1). Type it now?",
            options: [ChoiceOption("Type one", .open(.newInteraction(typing))),
                      ChoiceOption("Create without one", .submit(form.command(desk), returnTo: .newInteraction(typing), .openSubject))],
            safe: 0))
    }
}

extension ChoicePrompt {
    /// The option a letter chooses: the first whose label starts with it, the safe option
    /// last (so `c` on "Cancel · Complete" completes; Esc and Enter are there to cancel).
    /// Else the yes key (`.yes`) answers the first other option and the no key the safe one.
    func option(forLetter c: Character, answering action: UIAction?) -> ChoiceOption? {
        let letter = c.lowercased()
        let order = options.indices.filter { $0 != safe } + [safe]
        if let match = order.first(where: { options[$0].label.lowercased().hasPrefix(letter) }) { return options[match] }
        if action == .yes { return options.indices.first { $0 != safe }.map { options[$0] } }
        if action == .no { return options[safe] }
        return nil
    }
}
