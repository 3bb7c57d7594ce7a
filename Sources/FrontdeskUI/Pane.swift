import FrontdeskCore

/// The record screen's three panes, as in the source document.
public enum Pane: Int, CaseIterable, Sendable {
    case details, relatedTasks, usersInteractions

    public var title: String {
        switch self {
        case .details: "Details"
        case .relatedTasks: "Related Tasks"
        case .usersInteractions: "User's Interactions"
        }
    }
}

/// Fields of the Details pane that the agent edits in place.
public enum EditableField: Equatable, Sendable {
    case shortDescription, openedFor, stateReason, queue
}

/// One line of a pane: its text, its style, and what Enter does on it.
public struct PaneLine: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case field(EditableField)
        case interaction(String)
        case task(String)
        case addNote
    }

    public var label: String
    public var value: String
    public var style: Style
    public var target: Target?

    init(_ label: String, _ value: String = "", style: Style = .normal, target: Target? = nil) {
        self.label = label; self.value = value; self.style = style; self.target = target
    }

    static func heading(_ text: String) -> PaneLine { PaneLine(text, style: .title) }
    static let blank = PaneLine("")
}

extension Desk {
    /// The lines of one pane of `record`, shared by the update function (what is selectable)
    /// and the view (what is drawn).
    public func paneLines(_ pane: Pane, of r: Interaction, at now: Instant) -> [PaneLine] {
        switch pane {
        case .details: return detailLines(r, at: now)
        case .relatedTasks:
            var lines: [PaneLine] = [.heading("Related tasks (\(r.relatedTasks.count))   T create · L associate")]
            if r.relatedTasks.isEmpty { lines.append(PaneLine("  None yet. Press T to create an incident, case or request.", style: .dim)) }
            for number in r.relatedTasks {
                let task = task(anywhere: number)
                lines.append(PaneLine(number, "\(task?.kind.display ?? "?")  \(task?.state.display ?? "")  \(task?.shortDescription ?? "")",
                                      target: .task(number)))
            }
            return lines
        case .usersInteractions:
            guard let customer = r.openedFor else {
                return [.heading("User's interactions"), PaneLine("  Opened for is empty: set it to see the customer's interactions.", style: .dim)]
            }
            let list = customerRows(customer, at: now)
            var lines: [PaneLine] = [.heading("\(customerName(customer)): \(list.count) interaction\(list.count == 1 ? "" : "s"), newest first")]
            for other in list {
                let mark = other.number == r.number ? "▸ " : ""
                lines.append(PaneLine(other.number, "\(mark)\(other.type.display)  \(other.state.display)\(other.isArchived ? " (archived)" : "")  \(other.shortDescription)  \(other.openedAt.serviceNowDateTime)",
                                      target: .interaction(other.number)))
            }
            return lines
        }
    }

    private func detailLines(_ r: Interaction, at now: Instant) -> [PaneLine] {
        let t = r.timers(at: now)
        let profile = r.channelUserProfile.flatMap { profiles[$0] }
        var lines: [PaneLine] = [
            PaneLine("Short description", r.hasShortDescription ? r.shortDescription : "(empty: fill in before saving or closing)",
                     style: r.hasShortDescription ? .normal : .dim, target: .field(.shortDescription)),
            PaneLine("Opened for", r.openedFor.map { "\(customerName($0)) (\($0))" } ?? "(nobody yet)", target: .field(.openedFor)),
            PaneLine("State reason", r.stateReason?.display ?? (r.type == .messaging ? "(none)" : "(messaging only)"),
                     style: r.type == .messaging ? .normal : .dim, target: r.type == .messaging ? .field(.stateReason) : nil),
            PaneLine("Queue", r.queue.map { "\(queues[$0]?.name ?? $0) (\($0))" } ?? "", target: .field(.queue)),
            PaneLine("Assigned to", r.assignedTo.map { agents[$0]?.displayName ?? $0 } ?? "(waiting in queue)"),
            PaneLine("Type", r.type.display),
            PaneLine("State", r.state.display + (r.isArchived ? " (archived)" : "")),
        ]
        if let profile {
            lines.append(PaneLine("Channel profile", "\(profile.id) \(profile.channel.display) \(profile.identifier)\(profile.customer == nil ? "  (p: link to a customer)" : "")"))
        }
        lines.append(PaneLine("Opened", r.openedAt.serviceNowDateTime))
        if let at = r.acceptedAt { lines.append(PaneLine("Accepted", at.serviceNowDateTime)) }
        if let at = r.closedAt { lines.append(PaneLine("Closed", at.serviceNowDateTime)) }
        if let at = r.archivedAt { lines.append(PaneLine("Archived", at.serviceNowDateTime)) }
        lines.append(PaneLine("Hold / wrap up", "\(formatSpan(t.hold)) / \(formatSpan(t.wrapUp))"))
        lines.append(PaneLine("Version", String(r.version)))
        lines.append(.blank)
        lines.append(.heading("Work notes (\(r.workNotes.count)), newest first"))
        lines.append(PaneLine("  + add a work note (w)", style: .dim, target: r.state.isOpen ? .addNote : nil))
        for note in r.workNotes.reversed() {
            lines.append(PaneLine("  " + shortTime(note.at), "\(agents[note.author]?.displayName ?? note.author): \(note.text)"))
        }
        if !r.transcript.isEmpty {
            lines.append(.blank)
            lines.append(.heading("Messages"))
            for m in r.transcript {
                lines.append(PaneLine("  " + shortTime(m.at), "\(customers[m.from]?.name ?? m.from): \(m.text)"))
            }
        }
        lines.append(.blank)
        lines.append(.heading("Audit trail"))
        for entry in r.history.reversed() {
            lines.append(PaneLine("  " + shortTime(entry.at),
                                  "\(entry.by) · \(entry.change.field): \(entry.change.oldValue ?? "—") → \(entry.change.newValue ?? "—")", style: .dim))
        }
        return lines
    }
}

/// `11-24 09:05`: month, day and time, enough to tell entries of one record apart.
func shortTime(_ instant: Instant) -> String {
    String(instant.serviceNowDateTime.dropFirst(5).prefix(11))
}
