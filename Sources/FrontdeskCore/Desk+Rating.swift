/// After the visit: one question, "how did we do?", 1 to 5 with an optional comment, stored on
/// the interaction and on its audit trail. The visitor answers on the kiosk or through the
/// SMS link (`/rate/TOKEN`, with the status token of their visit); an agent may type in an
/// answer given at the counter.
extension Desk {
    public static let ratingScores = 1...5
    /// Longer comments are refused rather than cut: the visitor sees the rule and keeps the text.
    public static let ratingCommentLimit = 500

    /// `bySurvey`: the answer came back from where the record's survey went (`Survey.swift`),
    /// which proves it as a link's token does.
    func planRate(_ number: String, score: Int, comment: String?, token: String?, bySurvey: Bool = false, by actor: String,
                  at now: Instant) throws(DomainError) -> CommandResult {
        guard var r = interaction(number) else { throw .notFound(kind: "interaction", key: number) }
        if let token {
            // The link proves the visit: a token that is not this visit's says no more than that.
            guard let own = ratingToken(of: r), !own.isEmpty, Self.sameToken(own, token) else {
                throw .rating(number: number, why: "the link is not this visit's")
            }
        } else if actingAgent(actor) == nil && !bySurvey {
            throw notAnAgent(actor, "record a satisfaction rating")
        }
        guard Self.ratingScores.contains(score) else {
            throw .invalidValue(field: "rating", value: String(score), allowed: ["1 to 5"])
        }
        guard r.state.isClosed else {
            throw .rating(number: number, why: "the visit is still \(r.state.display): a rating comes after it")
        }
        if let given = r.rating { throw .rating(number: number, why: "it was already rated \(given) of 5 (one rating a visit)") }
        let text = comment?.givenText ?? ""
        guard text.count <= Self.ratingCommentLimit else {
            throw .rating(number: number, why: "the comment is \(text.count) characters; at most \(Self.ratingCommentLimit)")
        }
        r.rating = score
        r.ratingComment = text.isEmpty ? nil : text
        r.history.append(AuditEntry(at: now, by: actor, change: .field(name: "rating", old: nil, new: String(score))))
        if let saved = r.ratingComment {
            r.history.append(AuditEntry(at: now, by: actor, change: .field(name: "rating_comment", old: nil, new: saved)))
        }
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: number, summary: "\(number) rated \(score) of 5")
    }

    /// Compares every character, so the time taken says nothing about how much of a forged token was right.
    static func sameToken(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

extension Desk {
    /// The visit's private status token (walk-up check-in).
    func ratingToken(of r: Interaction) -> String? { r.statusToken }
}
