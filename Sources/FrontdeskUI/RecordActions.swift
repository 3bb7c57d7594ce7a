import FrontdeskCore

/// Whether a record action may run, asked of the domain itself: each action names the
/// commands it can lead to, and it is allowed when the desk would plan at least one of them.
/// So the hint line, the help and the key agree with the rules by construction.
enum RecordActions {
    /// A task number no desk has: asking to associate it tests the record's rules only.
    private static let probeTask = "TASK-PROBE"

    /// `agent`: who would act (a call names the desk it calls to).
    static func candidates(_ action: UIAction, on r: Interaction, desk: Desk, agent: String = "") -> [DeskCommand]? {
        let n = r.number
        func go(_ t: RecordTransition) -> DeskCommand { .transition(number: n, t) }
        switch action {
        case .accept: return [go(.accept)]
        case .hold: return [go(.hold(reason: nil))]
        case .resume: return [go(.resume)]
        case .transfer: return [go(.transfer(.queue(r.queue ?? desk.config.defaultQueue)))]
        case .endConversation: return [go(.endConversation)]
        case .wrapUp:
            let code = desk.config.wrapUpRule(for: r.type).defaultCode
            return [go(.submitWrapUp(code: code, notes: "")), .wrapUpPart(number: n, code: code, notes: "")]
        case .close: return [go(.complete), go(.abandon)]
        case .archive: return [go(.archive)]
        case .callVisitor: return [.callVisitor(location: r.queue ?? "", number: n, agent: agent)]
        case .noShow: return [.noShow(number: n)]
        case .reopen: return [go(.reopen(reason: "·"))]
        case .addNote: return [.addNote(number: n, text: "·")]
        case .reply: return [.reply(number: n, text: "·")]
        case .editShortDescription: return [.edit(number: n, [.shortDescription(r.shortDescription + "·")])]
        case .newTask: return [.createTask(number: n, kind: .incident)]
        case .linkTask: return [.linkTask(number: n, task: probeTask)]
        case .editCustomer:
            guard let id = r.openedFor, let customer = desk.customers[id] else { return [] }
            var details = CustomerDetails(customer)
            details.company += "·"
            return [.editCustomer(id: id, details)]
        case .linkProfile:
            guard let profile = r.channelUserProfile else { return [] }
            return [.linkProfile(profile: profile, customer: CustomerDetails.newCustomerReference)]
        default: return nil
        }
    }

    /// Why `action` cannot run on `r` now, or nil when it can. Inside a frame (a render, a
    /// message handled) each is asked of the domain once (`ConsoleFrame`).
    static func refusal(_ action: UIAction, on r: Interaction, desk: Desk, agent: String, at now: Instant) -> String? {
        guard let frame = ConsoleFrame.current else { return ask(action, on: r, desk: desk, agent: agent, at: now) }
        return frame.refusal(action, on: r, agent: agent, at: now) { ask(action, on: r, desk: desk, agent: agent, at: now) }
    }

    private static func ask(_ action: UIAction, on r: Interaction, desk: Desk, agent: String, at now: Instant) -> String? {
        guard let commands = candidates(action, on: r, desk: desk, agent: agent) else { return nil }
        if commands.isEmpty {
            switch action {
            case .editCustomer: return "\(r.number) is opened for nobody yet: set Opened for first (\(Bindings.label(for: .editSelected, in: .record)) on it)"
            case .linkProfile: return "\(r.number) has no channel user profile: only messaging interactions do"
            default: return "not possible on \(r.number)"
            }
        }
        var first: DomainError?
        for command in commands {
            do {
                _ = try PlanCount.plan(desk, command, by: agent, at: now)
                return nil
            } catch {
                // The probes name a task and a customer that do not exist; the record's rules passed.
                if case .notFound(let kind, let key) = error, key == probeTask || key == CustomerDetails.newCustomerReference
                    || (kind == "customer" && action == .linkProfile) { return nil }
                first = first ?? error
            }
        }
        return first.map { "\($0)" }
    }
}
