/// The satisfaction survey: when a chat, messaging or walk-up interaction of a queue with
/// `survey` on closes complete, one question (1 to 5, a comment if they like) goes to the
/// customer through the outbox, as a reply line addressed on the trail like any reply, with a
/// `survey` entry beside it. Never twice within `survey.cooldown` days to the same customer
/// (or, for someone not known as a customer, the same address). The answer is the record's
/// rating (`Desk+Rating.swift`): by `intake messaging` from the address it went to, or by the
/// walk-up rating link.
public enum Survey {
    public static let types: Set<InteractionType> = [.chat, .messaging, .walkUp]
    public static let placeholders = ["number", "queue"]

    /// `4`, `4 great service`, ` 5, thanks`: the score and the comment; nil for anything else
    /// (an ordinary message).
    public static func answer(_ text: String?) -> (score: Int, comment: String?)? {
        guard let text = text?.trimmedWhitespace, let first = text.first, let score = first.wholeNumberValue,
              first.isASCII, Desk.ratingScores.contains(score) else { return nil }
        let rest = text.dropFirst()
        guard rest.isEmpty || rest.first == " " || rest.first == "," || rest.first == "." || rest.first == "-" else { return nil }
        let comment = rest.drop { $0 == " " || $0 == "," || $0 == "." || $0 == "-" }.trimmedWhitespace
        return (score, comment.isEmpty ? nil : comment)
    }
}

extension Desk {
    /// Where a survey on `r` would go: the channel's reply address, else (walk-up) the
    /// visitor's notice address.
    func surveyAddress(of r: Interaction) -> ReplyAddress? {
        replyAddress(of: r) ?? (r.type == .walkUp ? noticeAddress(of: r) : nil)
    }

    /// The reply id and address of the survey sent on `r`, if one was.
    public func surveySent(on r: Interaction) -> (id: String, address: ReplyAddress, at: Instant)? {
        guard let entry = r.history.last(where: { if case .field(AuditField.survey, _, "sent") = $0.change { true } else { false } }),
              case let .field(_, id?, _) = entry.change,
              let reply = r.history.first(where: { if case .reply(id, _) = $0.change { true } else { false } }),
              case let .reply(_, written) = reply.change, let address = ReplyAddress(written: written) else { return nil }
        return (id, address, entry.at)
    }

    /// Whether a survey may go out on `r` as it closes at `now`: the type and queue ask for one,
    /// there is somewhere to send it, and the same customer (or address) had none in the cooldown.
    func surveyEligible(_ r: Interaction, at now: Instant) -> ReplyAddress? {
        guard Survey.types.contains(r.type), r.state == .closedComplete, r.queue.flatMap({ queues[$0] })?.survey == true,
              surveySent(on: r) == nil, let address = surveyAddress(of: r) else { return nil }
        // A walk-up told by its closing notice how to rate the visit is asked once, not twice.
        if notices(on: r).contains(where: { $0.notice == .closed }) { return nil }
        let since = now.adding(-Int64(config.surveyCooldownDays) * 86_400)
        let others = r.openedFor.map { interactions(ofCustomer: $0) } ?? Array(interactions)
        let recent = others.contains { other in
            guard other.number != r.number, other.lastChangeAt >= since, let sent = surveySent(on: other) else { return false }
            return sent.at >= since && (r.openedFor != nil || sent.address == address)
        }
        return recent ? nil : address
    }

    /// After any change: a survey on each record the change closes complete, when eligible.
    func addSurveys(to result: inout CommandResult, by actor: String, at now: Instant) {
        var counters = Counters(last: self.counters.last.merging(result.changes.counters) { max($0, $1) })
        let before = counters
        for changed in result.changes.interactions where changed.state == .closedComplete && interaction(changed.number)?.state != .closedComplete {
            guard let address = surveyEligible(changed, at: now) else { continue }
            var r = changed
            let values = ["number": r.number, "queue": r.queue.flatMap { queues[$0]?.name } ?? ""]
            let text = String(WalkUpNotices.fill(config.surveyText, values).prefix(Replies.maxLength))
            let id = counters.next(.reply)
            r.transcript.append(TranscriptLine(from: actor, at: now, text: text, id: id))
            r.history.append(AuditEntry(at: now, by: actor, change: .reply(id: id, address: address.written)))
            r.history.append(AuditEntry(at: now, by: actor, change: .field(name: AuditField.survey, old: id, new: "sent")))
            result.changes.put(r)
        }
        for (prefix, value) in counters.last where value != before.last[prefix] { result.changes.counters[prefix] = value }
    }

    /// The newest closed record whose survey went to `recipient` within the cooldown and has no
    /// answer yet.
    func pendingSurvey(to recipient: String, at now: Instant) -> Interaction? {
        let since = now.adding(-Int64(max(1, config.surveyCooldownDays)) * 86_400)
        return interactions.positions { $0.state.isClosed }.reversed().lazy.map { self.interactions[$0] }.first { r in
            r.rating == nil && r.lastChangeAt >= since && surveySent(on: r)?.address.recipient == recipient
        }
    }
}
