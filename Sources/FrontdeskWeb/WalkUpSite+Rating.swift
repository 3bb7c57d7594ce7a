import FrontdeskCore
import Hummingbird

/// After the visit: /rate/TOKEN asks "how did we do?" once the visit is closed. The status
/// token proves the visit (the domain compares it in constant time); the rating is made by the
/// location's gateway login, as the check-in was.
extension WalkUpSite {
    static let ratingScores = Desk.ratingScores
    static let ratingCommentLimit = Desk.ratingCommentLimit

    func ratePage(token: String) async -> Response {
        guard let visit = await visit(token: token) else { return unknownRatingLink() }
        if let answered = answeredOrNotYet(visit) { return WebPage.html(answered) }
        return WebPage.html(RateView(token: token, ticket: visit.ticket).page())
    }

    func rate(token: String, form fields: FormBody) async -> Response {
        guard let visit = await visit(token: token) else { return unknownRatingLink() }
        if let answered = answeredOrNotYet(visit) { return WebPage.html(answered, status: .conflict) }
        let comment = TextSanitizer.clean(fields["comment"]).trimmedWhitespace
        let score = Int(fields["score"].trimmedWhitespace)
        var typed = RateView(token: token, ticket: visit.ticket, score: score.flatMap { Self.ratingScores.contains($0) ? $0 : nil },
                             comment: String(comment.prefix(Self.ratingCommentLimit)))
        if let problem = Self.ratingProblem(score: score, comment: comment) {
            typed.problem = problem
            // The comment as typed, even when too long: the visitor shortens it rather than retypes it.
            typed.comment = comment
            return WebPage.html(typed.page(), status: .badRequest)
        }
        guard let gateway = desk.walkUpSettings(visit.location)?.gateway, let score else { return unknownRatingLink() }
        do {
            _ = try await service.perform(WalkUpAdapter.rate(visit, score: score, comment: comment, token: token), by: gateway)
        } catch let refusal as DomainError {
            typed.problem = refusal.description
            return WebPage.html(typed.page(), status: .unprocessableContent)
        } catch {
            typed.problem = WebStrings.failed
            return WebPage.html(typed.page(), status: .serviceUnavailable)
        }
        // Post, then redirect: a reload of the thanks does not post again.
        return WebPage.redirect("/rate/" + HTML.pathSegment(token))
    }

    /// The rules the form checks before the desk's own, each naming its limit.
    static func ratingProblem(score: Int?, comment: String) -> String? {
        guard let score, ratingScores.contains(score) else { return WebStrings.chooseScore }
        if comment.count > ratingCommentLimit { return WebStrings.commentTooLong(ratingCommentLimit, comment.count) }
        return nil
    }

    func tooManyRatings(retryAfter seconds: Int64) -> Response {
        var response = WebPage.error(.tooManyRequests, title: WebStrings.tooManyRatingsTitle, message: WebStrings.tooManyRatings(seconds))
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    /// Nothing to ask: the visit was rated already (the thanks, with the score given), or it is
    /// not closed yet (the page reloads itself now and then, to ask once it is).
    private func answeredOrNotYet(_ visit: WalkUpAdapter.Visit) -> Page? {
        if let given = visit.rating {
            return RateView.notice(title: WebStrings.rateTitle, message: WebStrings.rated(given), id: "rated")
        }
        guard case .closed = visit.stage else {
            var page = RateView.notice(title: WebStrings.notClosedYetTitle, message: WebStrings.notClosedYet, id: "not-closed")
            page.refreshSeconds = 60
            return page
        }
        return nil
    }

    private func unknownRatingLink() -> Response {
        WebPage.error(.notFound, title: WebStrings.notFoundTitle, message: WebStrings.unknownRatingLink)
    }
}
