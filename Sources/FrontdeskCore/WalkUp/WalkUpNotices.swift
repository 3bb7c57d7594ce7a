/// Messages to walk-up visitors, through the outbox every reply goes through (`Replies.swift`):
/// a notice is a reply line on the visitor's record, addressed on the trail to their phone
/// (`sms:`) or, where a gateway handles email (`email` among the desk's gateways), their email.
/// A `walk_up_notice` entry beside it says which notice it was.
public enum WalkUpNotice: String, Sendable, CaseIterable {
    case checkedIn = "checked_in"
    case next
    case called
    case noShow = "no_show"
    /// The visit closed complete: thanks, and the rating link (`{{rate_link}}`).
    case closed

    func template(_ m: WalkUpMessages) -> String {
        switch self {
        case .checkedIn: m.checkedIn
        case .next: m.next
        case .called: m.called
        case .noShow: m.noShow
        case .closed: m.closed
        }
    }
}

extension Desk {
    /// Where a visitor's messages go: the contact they gave at check-in, else their
    /// customer's phone, else their email; nil when there is none (or no gateway for it).
    public func noticeAddress(of r: Interaction) -> ReplyAddress? {
        let email = config.gatewayActors.contains("email")
        if let given = r.caller {
            if given.contains("@") { return email ? ReplyAddress(channel: "email", recipient: given) : nil }
            return ReplyAddress(channel: "sms", recipient: given)
        }
        guard let c = r.openedFor.flatMap({ customers[$0] }) else { return nil }
        if !c.phone.isEmpty { return ReplyAddress(channel: "sms", recipient: c.phone) }
        if email, !c.email.isEmpty { return ReplyAddress(channel: "email", recipient: c.email) }
        return nil
    }

    /// The notices sent on a record, with what each said of itself (a position, a desk).
    public func notices(on r: Interaction) -> [(notice: WalkUpNotice, detail: String?)] {
        r.history.compactMap { e in
            guard case let .field(name, old, new?) = e.change, name == AuditField.walkUpNotice, let n = WalkUpNotice(rawValue: new) else { return nil }
            return (n, old)
        }
    }

    /// Queues notice `kind` to the visitor when the location has a text for it and the visitor
    /// a contact. `values` fill the template beside `ticket`, `link` and `location`.
    func sendNotice(_ kind: WalkUpNotice, on r: inout Interaction, settings s: WalkUpSettings, values: [String: String],
                    detail: String?, by actor: String, at now: Instant, counters: inout Counters) {
        let template = kind.template(s.messages)
        guard !template.trimmedWhitespace.isEmpty, let address = noticeAddress(of: r) else { return }
        var all = values
        all["ticket"] = r.ticket ?? r.number
        all["link"] = r.statusToken.flatMap { s.statusLink(token: $0) } ?? ""
        all["rate_link"] = r.statusToken.flatMap { s.rateLink(token: $0) } ?? ""
        all["location"] = r.queue.flatMap { queues[$0]?.name } ?? ""
        let text = String(WalkUpNotices.fill(template, all).prefix(Replies.maxLength))
        let id = counters.next(.reply)
        r.transcript.append(TranscriptLine(from: actor, at: now, text: text, id: id))
        r.history.append(AuditEntry(at: now, by: actor, change: .reply(id: id, address: address.written)))
        r.history.append(AuditEntry(at: now, by: actor, change: .field(name: AuditField.walkUpNotice, old: detail, new: kind.rawValue)))
    }

    /// The notices a change brings about beyond its own: "you are next" and the closing notice.
    func addWalkUpNotices(to result: inout CommandResult, by actor: String, at now: Instant) {
        addNextNotices(to: &result, by: actor, at: now)
        addClosingNotices(to: &result, by: actor, at: now)
    }

    /// After a change that moves a location's queue: "you are next" to each visitor who has
    /// reached the location's notify position and was not yet told (nor called, nor told so
    /// at check-in). The position is the one `waitingRecords(at:after:)` gives once the change
    /// is made (an appointment checked in by this very change ranks ahead), so the notice names
    /// the place the status page and the display show.
    func addNextNotices(to result: inout CommandResult, by actor: String, at now: Instant) {
        let touched = Set(result.changes.interactions.compactMap { r -> String? in
            let before = interaction(r.number)
            return [r.queue, before?.queue].compactMap { $0 }.first { walkUpSettings($0) != nil }
        })
        guard !touched.isEmpty else { return }
        withNoticeCounters(&result) { result, counters in
            for id in touched.sorted() {
                let settings = result.changes.queues.last { $0.id == id }.map(\.walkUp) ?? walkUpSettings(id)
                guard let s = settings, s.notifyAtPosition > 0 else { continue }
                let front = waitingRecords(at: id, after: result.changes).prefix(s.notifyAtPosition)
                for (i, waiting) in front.enumerated() where waiting.callCount == 0 && !told(waiting, settings: s) {
                    let position = i + 1
                    var r = waiting
                    let fresh = !result.changes.interactions.contains { $0.number == r.number }
                    sendNotice(.next, on: &r, settings: s, values: ["position": String(position)], detail: String(position),
                               by: actor, at: now, counters: &counters)
                    guard r.history.count > waiting.history.count else { continue }
                    if fresh { r.version += 1 }
                    result.changes.put(r)
                }
            }
        }
    }

    /// After a change that closes walk-ups complete: the closing notice (thanks, and the rating
    /// link) to each, once a visit even when it is reopened and closed again. Not sent when its
    /// text asks for `{{rate_link}}` and there is none to give (no public address, no token).
    func addClosingNotices(to result: inout CommandResult, by actor: String, at now: Instant) {
        let closing = result.changes.interactions.filter { r in
            r.type == .walkUp && r.state == .closedComplete && interaction(r.number)?.state != .closedComplete
                && r.queue.flatMap(walkUpSettings) != nil && !notices(on: r).contains { $0.notice == .closed }
        }
        guard !closing.isEmpty else { return }
        withNoticeCounters(&result) { result, counters in
            for original in closing {
                guard let s = original.queue.flatMap(walkUpSettings) else { continue }
                let link = original.statusToken.flatMap { s.rateLink(token: $0) }
                if link == nil, Templates.placeholders(in: s.messages.closed).contains("rate_link") { continue }
                var r = original
                sendNotice(.closed, on: &r, settings: s, values: [:], detail: nil, by: actor, at: now, counters: &counters)
                if r.history.count > original.history.count { result.changes.put(r) }
            }
        }
    }

    /// Notices take reply numbers after those the change already took.
    private func withNoticeCounters(_ result: inout CommandResult, _ body: (inout CommandResult, inout Counters) -> Void) {
        var counters = Counters(last: self.counters.last.merging(result.changes.counters) { max($0, $1) })
        let before = counters
        body(&result, &counters)
        for (prefix, value) in counters.last where value != before.last[prefix] { result.changes.counters[prefix] = value }
    }

    /// Told they are next: by a `next` notice, or at check-in at a place already that near.
    private func told(_ r: Interaction, settings s: WalkUpSettings) -> Bool {
        notices(on: r).contains { n in
            n.notice == .next || (n.notice == .checkedIn && (n.detail.flatMap { Int($0) } ?? Int.max) <= s.notifyAtPosition)
        }
    }
}

public enum WalkUpNotices {
    /// The placeholders a walk-up message may hold.
    public static let placeholders = ["ticket", "position", "eta", "desk", "link", "location", "rate_link"]

    /// `template` with each `{{name}}` replaced by its value ("" when it has none).
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        Templates.pieces(of: template).map { piece in
            switch piece {
            case .text(let t): String(t)
            case .placeholder(let name): values[name] ?? ""
            }
        }.joined()
    }

    /// Placeholders in `template` that walk-up messages do not know.
    public static func unknownPlaceholders(in template: String) -> [String] {
        Templates.placeholders(in: template).filter { !placeholders.contains($0) }
    }
}
