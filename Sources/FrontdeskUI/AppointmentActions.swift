import FrontdeskCore

/// Whether an appointment action may run, asked of the domain itself (as `RecordActions` does
/// for records): each action is planned as a probe, and a refusal is the rule's own words. So
/// the hint line, help and the key agree with `appointment cancel|reschedule|add`.
enum AppointmentActions {
    /// A customer no desk has: a booking that fails only on it passed the booker's rules.
    static let probeCustomer = "CUS-PROBE"

    /// Why `action` cannot run on the appointments screen now, or nil when it can. Inside a
    /// frame each is asked of the domain once (`ConsoleFrame`).
    static func refusal(_ action: UIAction, _ scope: BindingScope) -> String? {
        guard let screen = scope.state.appointments else { return "no appointments shown" }
        let subject: (id: String, version: Int)
        if action == .bookAppointment {
            subject = ("book " + screen.location, 0)
        } else {
            guard let id = screen.selectedID, let a = scope.desk.appointments[id] else { return "no appointment selected" }
            subject = (a.id, a.version)
        }
        let state = scope.state
        let question: () -> String? = {
            ask(action, location: screen.location, appointment: subject.id, desk: scope.desk, agent: state.agent, at: state.now)
        }
        guard let frame = ConsoleFrame.current else { return question() }
        return frame.refusal(action, subject: subject.id, version: subject.version, agent: state.agent, at: state.now, ask: question)
    }

    private static func ask(_ action: UIAction, location: String, appointment id: String, desk: Desk, agent: String,
                            at now: Instant) -> String? {
        do {
            switch action {
            case .cancelAppointment:
                _ = try PlanCount.plan(desk, .cancelAppointment(id: id), by: agent, at: now)
            case .rescheduleAppointment:
                // A move to its own slot passes every rule of the appointment before the slot's
                // own, then changes nothing: that answer means it may be moved.
                guard let a = desk.appointments[id] else { return "no appointment selected" }
                _ = try PlanCount.plan(desk, .rescheduleAppointment(id: id, at: a.slotStart), by: agent, at: now)
            case .bookAppointment:
                _ = try PlanCount.plan(desk, .bookAppointment(customer: probeCustomer, location: location, at: now, reason: "·"),
                                       by: agent, at: now)
            default:
                return nil
            }
            return nil
        } catch {
            switch (action, error) {
            case (.rescheduleAppointment, .noChange): return nil
            case (.bookAppointment, .notFound(let kind, let key)) where kind == "customer" && key == probeCustomer: return nil
            default: return "\(error)"
            }
        }
    }
}
