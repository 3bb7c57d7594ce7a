import FrontdeskCore

/// Who else has a record open: said in the record's header and marked on list rows.
extension ConsoleState {
    /// What this console is editing on its open record, in words, for the others' headers.
    var editingLabel: String? {
        guard record != nil, let dialog else { return nil }
        switch dialog {
        case .text(let prompt):
            switch prompt.purpose {
            case .shortDescription: return "the short description"
            case .workNote: return "a work note"
            case .linkTask: return "a related task"
            case .reopenReason: return "a reopening"
            case .wrapUpNotes: return "the wrap-up"
            case .reply: return "a reply"
            case .locationSetting: return nil
            }
        case .picker(let prompt):
            switch prompt.purpose {
            case .transfer: return "a transfer"
            case .openedFor: return "Opened for"
            case .linkProfile: return "the profile link"
            case .queue: return "the queue"
            case .wrapUpCode: return "the wrap-up"
            case .template(let prompt, _): return prompt.purpose.isPublic ? "a reply" : "a work note"
            case .appointmentCustomer, .appointmentReason, .appointmentSlot: return nil
            }
        case .customer: return "the customer card"
        case .choice, .newInteraction: return nil
        }
    }

    /// The others on record `number`, as the header says it: "cara is viewing", "dev is editing the short description".
    func othersOn(_ number: String, desk: Desk) -> String? {
        let here = viewers.filter { $0.number == number && $0.login != agent }
        guard !here.isEmpty else { return nil }
        return here.map { v in
            let name = desk.agents[v.login]?.displayName ?? v.login
            return v.editing.map { "\(name) is editing \($0)" } ?? "\(name) is viewing"
        }.joined(separator: ", ")
    }
}
