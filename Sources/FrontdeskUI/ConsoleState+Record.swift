import FrontdeskCore

extension ConsoleState {
    /// Actions on a record: some go straight to the store, others open a dialog first
    /// (`RecordScreen.step`); Enter acts on the selected pane line.
    mutating func recordAction(_ action: UIAction, on r: Interaction, desk: Desk) -> [ConsoleEffect] {
        if action == .editSelected {
            guard let record else { return [] }
            let lines = paneLines(record.pane, of: r, desk: desk)
            guard let index = record.selectedLine(in: lines), let target = lines[index].target else { return [] }
            return lineAction(target, on: r, desk: desk)
        }
        switch RecordScreen.step(action, on: r, RecordActionContext(desk: desk, agent: agent, now: now, fromList: screen == .home)) {
        case .effects(let effects)?: return effects
        case .dialog(let next)?: dialog = next
        case nil: break
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
        dialog = RecordScreen.wrapUpDialog(r, agent: agent)
    }


}
