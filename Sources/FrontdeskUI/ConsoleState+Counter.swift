import FrontdeskCore

/// The walk-up counter's own actions on the selected visitor. Whether each may run was asked
/// of the domain by its binding (`RecordActions`): a refused call or no-show never gets here.
extension ConsoleState {
    mutating func counterAction(_ action: UIAction, desk: Desk) -> [ConsoleEffect] {
        guard let r = currentRecord(desk) else { return [] }
        let visitor = home.visitor(list.selected)
        let ticket = visitor?.ticket ?? r.number
        switch action {
        case .callVisitor:
            // The selected visitor by number: another agent's call meanwhile cannot turn this
            // call onto someone else. The terminal rings once it is saved.
            return [.perform(.callVisitor(location: r.queue ?? "", number: r.number, agent: agent), .ring)]
        case .noShow:
            let calls = visitor?.callCount ?? 0
            dialog = .choice(ChoicePrompt(
                title: "Close \(ticket) as a no-show?",
                message: "Called \(calls) time\(calls == 1 ? "" : "s") with no answer: \(r.number) closes as Abandoned, for good.",
                options: [ChoiceOption("Cancel", .dismiss), ChoiceOption("No show", .run(.noShow(number: r.number), .stay))],
                safe: 0))
            return []
        default:
            return []
        }
    }
}
