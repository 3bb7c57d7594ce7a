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

/// One line of a pane: its text, its style, and what Enter does on it. A line with an empty
/// value spans the pane; otherwise the label is a column and the value follows.
public struct PaneLine: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case field(EditableField)
        case customerCard
        case conversation
        /// Start a reply to the customer.
        case reply
        /// A failed reply: Enter sends it again.
        case retryReply(String)
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

    var isEditableField: Bool {
        switch target {
        case .field, .customerCard: true
        default: false
        }
    }
}

extension ConsoleState {
    /// The lines of one pane of `r` at the current size: shared by key handling (what is
    /// selectable) and the view (what is drawn).
    func paneLines(_ pane: Pane, of r: Interaction, desk: Desk) -> [PaneLine] {
        let conversation = ConversationView(canReply: RecordActions.refusal(.reply, on: r, desk: desk, agent: agent, at: now) == nil,
                                            readUpTo: readMarks[r.number])
        return desk.paneLines(pane, of: r, at: now, width: layout.body.width, height: layout.body.height,
                              editable: RecordActions.refusal(.editShortDescription, on: r, desk: desk, agent: agent, at: now) == nil,
                              conversation: conversation)
    }
}

extension Desk {
    /// The lines of one pane of `record` for a pane `width`×`height`. `editable`: the record's
    /// fields may be changed (the ✎ marks and Enter on them).
    public func paneLines(_ pane: Pane, of r: Interaction, at now: Instant, width: Int, height: Int, editable: Bool,
                          conversation: ConversationView = ConversationView()) -> [PaneLine] {
        switch pane {
        case .details: return detailLines(r, at: now, width: width, height: height, editable: editable, conversation: conversation)
        case .relatedTasks:
            var lines: [PaneLine] = [.heading("Related tasks (\(r.relatedCount))")]
            if r.relatedCount == 0 { lines.append(PaneLine("  None yet. \(recordKey(.newTask)) creates an incident, case or request; \(recordKey(.linkTask)) associates one.", style: .dim)) }
            for number in r.relatedTasks {
                do {
                    let task = try task(anywhere: number)
                    lines.append(PaneLine(number, "\(task?.kind.display ?? "?")  \(task?.state.display ?? "")  \(task?.shortDescription ?? "")",
                                          target: .task(number)))
                } catch {
                    // A task whose line in history is damaged says so, not shows as an empty task.
                    lines.append(PaneLine(number, "\(error)", style: .attention, target: .task(number)))
                }
            }
            // Kept from ServiceNow (a knowledge article, a requested item, ...): shown, not opened.
            for kept in r.keptRelated {
                lines.append(PaneLine(TextSanitizer.clean(kept.shown), TextSanitizer.clean(kept.table) + "  (from ServiceNow)", style: .dim))
            }
            return lines
        case .usersInteractions:
            guard let customer = r.openedFor else {
                return [.heading("User's interactions"), PaneLine("  Opened for is empty: set it to see the customer's interactions.", style: .dim)]
            }
            let list = customerRows(customer, at: now)
            var lines: [PaneLine] = [.heading("\(customerName(customer)): \(list.count) interaction\(list.count == 1 ? "" : "s"), newest first")]
            // In columns, as the work lists: the value area is the pane less the number's 11 cells.
            let columns = InteractionColumns(width: width - 14)
            lines.append(PaneLine("NUMBER", columns.header, style: .dim))
            for other in list {
                lines.append(PaneLine(other.number, columns.row(other, isCurrent: other.number == r.number), target: .interaction(other.number)))
            }
            return lines
        }
    }

    /// A transcript line as wrapped lines: `09:05 Name: text`, continuations indented. A
    /// customer's line not read yet starts with ●; an agent's reply says so, with its delivery.
    func messageLines(_ m: TranscriptLine, of r: Interaction, width: Int, unread: Bool = false) -> [PaneLine] {
        var style = unread ? Style.attention : .normal
        var head = "\(m.at.timeOfDay) \(senderName(m.from))"
        var target: PaneLine.Target?
        if let id = m.id {
            let status = r.deliveryStatus(of: id)
            style = .reply
            switch status {
            case .queued(let attempt): head += " ↗ REPLY, queued\(attempt > 1 ? " (try \(attempt))" : "")"
            case .delivered: head += " ↗ REPLY, delivered ✓"
            case .failed(let reason, _):
                head += " ↗ REPLY, FAILED ✗ \(reason) (\(recordKey(.editSelected)) retries)"
                style = .overdue
                target = .retryReply(id)
            }
        }
        let text = TextSanitizer.clean("\(head): \(m.text)", keepingLines: true)
        let lead = unread ? "● " : "  "
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { p, paragraph in
            DisplayWidth.wrap(String(paragraph), width: max(10, width - 4)).enumerated().map { i, line in
                PaneLine((p == 0 && i == 0 ? lead : "    ") + line, style: style, target: target)
            }
        }
    }

    /// The conversation first, newest at the bottom and in view; if it is longer than half
    /// the pane, its start is one line that opens all of it. Then where a reply starts.
    private func conversationLines(_ r: Interaction, width: Int, height: Int, view: ConversationView) -> [PaneLine] {
        let address = replyAddress(of: r)
        guard !r.transcript.isEmpty || (view.canReply && address != nil) else { return [] }
        let budget = max(3, height / 2)
        // Unread: the customer's messages after this agent's last reply, and after they last
        // left the record (the same second counts as unread: better twice than never).
        let lastReply = r.transcript.lastIndex(where: \.isReply) ?? -1
        func isUnread(_ i: Int) -> Bool {
            let m = r.transcript[i]
            return !m.isReply && i > lastReply && (view.readUpTo.map { m.at >= $0 } ?? true)
        }
        // Marked as new while On Hold or in Wrap Up (the lists say so too), else unread here.
        let fresh = r.hasNewMessage
        var shown: [PaneLine] = []
        var count = 0, unread = 0, full = false
        for i in r.transcript.indices.reversed() {
            // Once the pane is full, only what is unread is still counted: nothing is, from the last reply back.
            if full, i <= lastReply { break }
            let isNew = isUnread(i) || (fresh && i == r.transcript.count - 1)
            if isNew { unread += 1 }
            guard !full else { continue }
            let lines = messageLines(r.transcript[i], of: r, width: width, unread: isNew)
            if !shown.isEmpty, shown.count + lines.count > budget - 1 { full = true; continue }
            shown.insert(contentsOf: lines, at: 0)
            count += 1
        }
        let earlier = r.transcript.count - count
        let title = "Conversation (\(r.transcript.count))" + (unread > 0 ? "  ● \(unread) unread" : "") + (fresh ? "  ✉ new message" : "")
        var lines: [PaneLine] = [.heading(title)]
        if earlier > 0 { lines.append(PaneLine("  ↑ \(earlier) earlier: \(recordKey(.editSelected)) reads it all", style: .dim, target: .conversation)) }
        lines += shown
        if view.canReply, let address {
            lines.append(PaneLine("  + reply to the customer (\(recordKey(.reply))): public, by \(address.channel) to \(address.recipient)", style: .dim, target: .reply))
        }
        return lines + [.blank]
    }

    private func detailLines(_ r: Interaction, at now: Instant, width: Int, height: Int, editable: Bool,
                             conversation: ConversationView) -> [PaneLine] {
        func field(_ f: EditableField) -> PaneLine.Target? { editable ? .field(f) : nil }
        var lines = conversationLines(r, width: width, height: height, view: conversation)
        // The fields as `show` prints them; the record's header shows the live timers.
        for f in recordFields(r, at: now) where !f.inConsoleHeader {
            var value = f.value
            let target: PaneLine.Target?
            switch f.key {
            case .shortDescription: target = field(.shortDescription)
            case .openedFor: target = field(.openedFor)
            case .customerCard: target = .customerCard
            case .stateReason: target = r.type == .messaging ? field(.stateReason) : nil
            case .queue: target = field(.queue)
            case .channelProfile:
                target = nil
                if r.channelUserProfile.flatMap({ profiles[$0] })?.customer == nil { value += "  (\(recordKey(.linkProfile)): link to a customer)" }
            default: target = nil
            }
            lines.append(PaneLine(f.label, value, style: f.isPlaceholder ? .dim : .normal, target: target))
        }
        lines.append(.blank)
        lines.append(PaneLine("Work notes (\(r.workNotes.count)) · INTERNAL, never sent to the customer · newest first", style: .internalNote))
        if editable { lines.append(PaneLine("  + add a work note (\(recordKey(.addNote)))", style: .dim, target: .addNote)) }
        for note in r.workNotes.reversed() {
            lines.append(PaneLine("  " + shortTime(note.at), "\(agents[note.author]?.displayName ?? note.author): \(note.text)", style: .internalNote))
        }
        lines.append(.blank)
        lines.append(.heading("Audit trail, newest first"))
        for entry in r.history.reversed() {
            lines.append(PaneLine("  " + shortTime(entry.at), "\(agents[entry.by]?.displayName ?? entry.by) · \(auditText(entry))", style: .dim))
        }
        return lines
    }
}

/// How the record screen's key for `action` is written where a pane's prose names it
/// ("T creates…", "(Enter retries)"): from the bindings, so the words follow the table.
func recordKey(_ action: UIAction) -> String { Bindings.label(for: action, in: .record) }

/// What the conversation shows beyond the record: whether this agent may reply, and up to
/// when they have read it (customer messages after that, and after their last reply, are unread).
public struct ConversationView: Equatable, Sendable {
    public var canReply = false
    public var readUpTo: Instant?
    public init(canReply: Bool = false, readUpTo: Instant? = nil) { self.canReply = canReply; self.readUpTo = readUpTo }
}

/// `11-24 09:05`: month, day and time, enough to tell entries of one record apart.
func shortTime(_ instant: Instant) -> String {
    String(instant.serviceNowDateTime.dropFirst(5).prefix(11))
}

/// A customer's interactions in columns for a value area `width` cells wide: type, state and
/// when it was opened, then the short description in what is left.
struct InteractionColumns {
    let width: Int
    private var wide: Bool { width >= 60 }
    private var narrow: Bool { width < 45 }
    private var typeWidth: Int { wide ? 9 : 5 }
    private var stateWidth: Int { wide ? 16 : narrow ? 5 : 11 }
    private var openedWidth: Int { wide ? 16 : 5 }

    var header: String { line(mark: "  ", "TYPE", "STATE", "OPENED", "SHORT DESCRIPTION") }

    func row(_ row: HistoryRow, isCurrent: Bool) -> String {
        let type = wide ? row.type.display : shortType(row.type)
        let state = row.isArchived ? "Archived" : wide ? row.state.display : narrow ? shortState(row.state) : mediumState(row.state)
        let date = row.openedAt.serviceNowDateTime
        let opened = wide ? String(date.prefix(16)) : String(date.dropFirst(5).prefix(5))
        return line(mark: isCurrent ? "▸ " : "  ", type, state, opened, TextSanitizer.clean(row.shortDescription))
    }

    private func line(mark: String, _ type: String, _ state: String, _ opened: String, _ description: String) -> String {
        let fixed = mark + DisplayWidth.pad(type, to: typeWidth) + " " + DisplayWidth.pad(state, to: stateWidth) + " "
            + DisplayWidth.pad(opened, to: openedWidth) + " "
        return fixed + DisplayWidth.truncate(description, to: max(1, width - DisplayWidth.of(fixed)))
    }
}
