import FrontdeskCore

extension ConsoleState {
    /// Actions on a record: some go straight to the store, others open a dialog first.
    mutating func recordAction(_ action: UIAction, on r: Interaction, desk: Desk) -> [ConsoleEffect] {
        let n = r.number, v = r.version
        func go(_ transition: RecordTransition) -> [ConsoleEffect] {
            [.perform(.transition(number: n, transition, expectedVersion: v), .stay)]
        }
        func run(_ transition: RecordTransition) -> ChoiceOutcome { .run(.transition(number: n, transition, expectedVersion: v), .stay) }
        switch action {
        case .accept:
            // Accepted from a list, the record opens: that is where the work is.
            return [.perform(.transition(number: n, .accept, expectedVersion: v), screen == .home ? .openSubject : .stay)]
        case .resume: return go(.resume)
        case .hold:
            guard r.type == .messaging else { return go(.hold(reason: nil)) }
            var prompt = ChoicePrompt(title: "Put \(n) on hold", message: "State reason:",
                                      options: [ChoiceOption("None", run(.hold(reason: nil)))]
                                        + StateReason.allCases.map { ChoiceOption($0.display, run(.hold(reason: $0))) }
                                        + [ChoiceOption("Cancel", .dismiss)],
                                      safe: StateReason.allCases.count + 1)
            prompt.selected = 1
            dialog = .choice(prompt)
        case .endConversation:
            // Without wrap-up, ending closes the record for good: ask, staying is the default.
            let ending = try? PlanCount.plan(desk, .transition(number: n, .endConversation, expectedVersion: v), by: agent, at: now)
            guard let after = ending?.changes.interactions.first(where: { $0.number == n }), after.state.isClosed else {
                // Into Wrap Up: the wrap-up (code, notes) is asked at once.
                return [.perform(.transition(number: n, .endConversation, expectedVersion: v), .wrapUp)]
            }
            dialog = .choice(ChoicePrompt(title: "End the conversation of \(n)?",
                                          message: "Wrap-up is off for \(r.type.display): this closes it as \(after.state.display), for good.",
                                          options: [ChoiceOption("Keep working", .dismiss), ChoiceOption("End and close", run(.endConversation))],
                                          safe: 0))
        case .wrapUp:
            openWrapUp(r)
        case .close:
            let options = [(RecordTransition.complete, "Complete"), (.abandon, "Abandon (the customer left)")].filter { transition, _ in
                (try? PlanCount.plan(desk, .transition(number: n, transition, expectedVersion: v), by: agent, at: now)) != nil
            }.map { transition, label in transition == .complete ? completing(r, desk) : ChoiceOption(label, run(transition)) }
            dialog = .choice(ChoicePrompt(title: "Close \(n)?", message: "Closed records change no more; only archiving remains.",
                                          options: [ChoiceOption("Cancel", .dismiss)] + options, safe: 0))
        case .archive:
            dialog = .choice(ChoicePrompt(title: "Archive \(n)?", message: "Archived records leave the working lists but stay searchable.",
                                          options: [ChoiceOption("Cancel", .dismiss), ChoiceOption("Archive", run(.archive))], safe: 0))
        case .transfer:
            dialog = .picker(PickerPrompt(title: "Transfer \(n) to an agent or a queue", purpose: .transfer(n, version: v)))
        case .addNote:
            openTextPrompt(.workNote(n, version: v), title: "INTERNAL work note on \(n)",
                           hint: "INTERNAL: the desk reads this; the customer never does.", text: "")
        case .reply:
            let to = desk.replyAddress(of: r).map { "\($0.channel) to \($0.recipient)" } ?? ""
            let who = r.openedFor.map { desk.customerName($0) } ?? desk.replyAddress(of: r)?.recipient ?? "the customer"
            openTextPrompt(.reply(n), title: "PUBLIC reply to \(who)",
                           hint: "PUBLIC: the customer reads this (\(to)).", text: "")
        case .editShortDescription:
            openTextPrompt(.shortDescription(n, version: v), title: "Short description of \(n)", hint: "A brief summary of the contact.", text: r.shortDescription)
        case .newTask:
            var prompt = ChoicePrompt(title: "Create a task from \(n)", message: "It copies the short description and opened for.",
                                      options: TaskKind.allCases.map { ChoiceOption($0.display, .run(.createTask(number: n, kind: $0, expectedVersion: v), .stay)) }
                                        + [ChoiceOption("Cancel", .dismiss)],
                                      safe: TaskKind.allCases.count)
            prompt.selected = 0
            dialog = .choice(prompt)
        case .reopen:
            openTextPrompt(.reopenReason(n, version: v), title: "Reopen \(n)", hint: "Why? It goes on the audit trail.", text: "")
        case .linkTask:
            openTextPrompt(.linkTask(n, version: v), title: "Associate a task with \(n)", hint: "The task's number: INC…, CS… or REQ…", text: "")
        case .linkProfile:
            guard let profile = r.channelUserProfile else { return [] }
            dialog = .picker(PickerPrompt(title: "Link profile \(profile) to a customer", purpose: .linkProfile(profile)))
        case .editCustomer:
            guard let id = r.openedFor, let customer = desk.customers[id] else { return [] }
            dialog = .customer(CustomerForm(title: "Customer \(id)", fields: CustomerFields(CustomerDetails(customer)), purpose: .edit(id)))
        case .editSelected:
            guard let record else { return [] }
            let lines = paneLines(record.pane, of: r, desk: desk)
            guard let index = record.selectedLine(in: lines), let target = lines[index].target else { return [] }
            return lineAction(target, on: r, desk: desk)
        default:
            break
        }
        return []
    }

    /// Enter on a pane line.
    private mutating func lineAction(_ target: PaneLine.Target, on r: Interaction, desk: Desk) -> [ConsoleEffect] {
        let n = r.number, v = r.version
        func editing(_ then: () -> Void) -> [ConsoleEffect] {
            if let refusal = RecordActions.refusal(.editShortDescription, on: r, desk: desk, agent: agent, at: now) {
                say(refusal, isError: true)
            } else {
                then()
            }
            return []
        }
        switch target {
        case .field(.shortDescription): return recordAction(.editShortDescription, on: r, desk: desk)
        case .field(.openedFor):
            return editing { dialog = .picker(PickerPrompt(title: "Opened for \(n)", purpose: .openedFor(n, version: v))) }
        case .field(.queue):
            return editing { dialog = .picker(PickerPrompt(title: "Queue of \(n)", purpose: .queue(n, version: v))) }
        case .field(.stateReason):
            return editing {
                let reasons: [StateReason?] = [nil] + StateReason.allCases
                var prompt = ChoicePrompt(title: "State reason of \(n)", message: "Why it is in its current state:",
                                          options: reasons.map { ChoiceOption($0?.display ?? "None", .run(.edit(number: n, [.stateReason($0)], expectedVersion: v), .stay)) }
                                            + [ChoiceOption("Cancel", .dismiss)],
                                          safe: reasons.count)
                prompt.selected = reasons.firstIndex(of: r.stateReason) ?? 0
                dialog = .choice(prompt)
            }
        case .customerCard:
            if let refusal = RecordActions.refusal(.editCustomer, on: r, desk: desk, agent: agent, at: now) {
                say(refusal, isError: true)
                return []
            }
            return recordAction(.editCustomer, on: r, desk: desk)
        case .addNote: return recordAction(.addNote, on: r, desk: desk)
        case .reply:
            if let refusal = RecordActions.refusal(.reply, on: r, desk: desk, agent: agent, at: now) {
                say(refusal, isError: true)
                return []
            }
            return recordAction(.reply, on: r, desk: desk)
        case .retryReply(let id):
            return [.perform(.retryReply(id: id), .stay)]
        case .conversation:
            overlay = .conversation(n)
            overlayTop = Int.max
        case .interaction(let other):
            if other != n { open(other, from: n) }
        case .task(let task):
            do {
                let t = try desk.task(anywhere: task)
                say("\(task): \(t?.kind.display ?? "") · \(t?.state.display ?? "") · linked to \(t?.interactions.joined(separator: ", ") ?? "")", isError: false)
            } catch {
                say("\(task): \(error)", isError: true)
            }
        }
        return []
    }

    private mutating func openTextPrompt(_ purpose: TextPrompt.Purpose, title: String, hint: String, text: String) {
        dialog = .text(TextPrompt(title: title, hint: hint, field: TextField(text), purpose: purpose, original: text))
    }

    mutating func openPresence(_ desk: Desk) {
        let current = desk.agents[agent]?.presence ?? .available
        var prompt = ChoicePrompt(title: "Your presence", message: "Now \(current.display). Others see it in the transfer list.",
                                  options: Presence.allCases.map { ChoiceOption($0.display, .run(.setPresence(login: agent, $0), .stay)) }
                                    + [ChoiceOption("Cancel", .dismiss)],
                                  safe: Presence.allCases.count)
        // Opened on the change most likely wanted: Available goes Away, anything else comes back.
        let likely: Presence = current == .available ? .away : .available
        prompt.selected = Presence.allCases.firstIndex(of: likely) ?? 0
        dialog = .choice(prompt)
    }

    /// Why not: one of the desk's reasons (Esc keeps the offer).
    mutating func openRejectOffer(_ offer: Interaction, _ desk: Desk) {
        let reasons = desk.config.routing.rejectReasons.isEmpty ? ["Busy"] : desk.config.routing.rejectReasons
        var prompt = ChoicePrompt(title: "Reject \(offer.number)", message: "Why? It goes to the next agent.",
                                  options: reasons.map { ChoiceOption($0, .run(.rejectOffer(number: offer.number, reason: $0), .stay)) }
                                    + [ChoiceOption("Keep the offer", .dismiss)],
                                  safe: reasons.count)
        prompt.selected = 0     // the first reason: rejecting is why the agent pressed R
        dialog = .choice(prompt)
    }

    /// The wrap-up: a code from the type's list (typing filters it), then notes.
    mutating func openWrapUp(_ r: Interaction) {
        dialog = wrapUpPicker(r)
    }

    private func wrapUpPicker(_ r: Interaction) -> Dialog {
        // Their own record in Wrap Up, else their part of one they transferred on.
        let part = !(r.state == .wrapUp && r.assignedTo == agent) && r.wrapUpsDue.contains { $0.agent == agent }
        return .picker(PickerPrompt(title: "Wrap up \(part ? "your part of " : "")\(r.number): code", purpose: .wrapUpCode(r.number, version: r.version, part: part)))
    }

    /// Complete in the close dialog. On a type whose wrap-up is on, completing goes through
    /// wrap-up (a code and notes, as `e` then `W` would) rather than around it; only a record
    /// that cannot reach Wrap Up (On Hold) completes without, and the option says so.
    private func completing(_ r: Interaction, _ desk: Desk) -> ChoiceOption {
        let complete = ChoiceOutcome.run(.transition(number: r.number, .complete, expectedVersion: r.version), .stay)
        guard desk.config.wrapUp.contains(r.type) else { return ChoiceOption("Complete", complete) }
        switch r.state {
        case .workInProgress:
            return ChoiceOption("Complete (wrap-up code next)",
                                .run(.transition(number: r.number, .endConversation, expectedVersion: r.version), .wrapUp))
        case .wrapUp:
            return ChoiceOption("Complete (wrap-up code next)", .open(wrapUpPicker(r)))
        default:
            return ChoiceOption("Complete, skipping wrap-up", complete)
        }
    }
}
