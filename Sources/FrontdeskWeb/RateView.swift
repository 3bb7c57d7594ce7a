/// The one-question rating page (/rate/TOKEN): 1 to 5 as radio buttons in a fieldset (a
/// screen reader announces the question with each choice; arrow keys move between them) and
/// an optional comment; a plain form that posts without JavaScript. Refused input comes back
/// with the rule that refused it, the score chosen and the comment as typed.
struct RateView {
    var token: String
    var ticket: String
    var score: Int? = nil
    var comment = ""
    var problem: String? = nil

    var action: String { "/rate/" + HTML.pathSegment(token) }

    func page() -> Page {
        var body = "<h1>\(HTML.escape(WebStrings.rateTitle))</h1>\n"
        if let problem {
            body += "<div class=\"error\" role=\"alert\" id=\"problem\"><strong>\(HTML.escape(WebStrings.problemHeading))</strong> \(HTML.escape(problem))</div>\n"
        }
        body += "<p>\(HTML.escape(WebStrings.rateQuestion(ticket)))</p>\n"
        body += "<form method=\"post\" action=\"\(HTML.escape(action))\" accept-charset=\"utf-8\">\n"
        let described = problem == nil ? "" : " aria-describedby=\"problem\""
        body += "<fieldset class=\"rating\" id=\"score\"\(described)>\n<legend>\(HTML.escape(WebStrings.rateLegend))</legend>\n"
        for value in WalkUpSite.ratingScores {
            let checked = value == score ? " checked" : ""
            // `required` on one radio of the group makes the browser ask for a choice before posting.
            let required = value == WalkUpSite.ratingScores.lowerBound ? " required" : ""
            body += "<label for=\"score-\(value)\"><input type=\"radio\" id=\"score-\(value)\" name=\"score\" value=\"\(value)\"\(checked)\(required)>"
                + "\(HTML.escape(WebStrings.scoreLabel(value)))</label>\n"
        }
        body += "</fieldset>\n"
        body += "<label for=\"comment\">\(HTML.escape(WebStrings.commentLabel))</label>\n"
        body += "<textarea id=\"comment\" name=\"comment\" maxlength=\"\(WalkUpSite.ratingCommentLimit)\" aria-describedby=\"comment-hint\">"
            + HTML.escape(comment) + "</textarea>\n"
        body += "<p class=\"hint\" id=\"comment-hint\">\(HTML.escape(WebStrings.commentHint(WalkUpSite.ratingCommentLimit)))</p>\n"
        body += "<button type=\"submit\">\(HTML.escape(WebStrings.rateButton))</button>\n</form>"
        return Page(title: WebStrings.rateTitle, body: body)
    }

    /// After the answer, or when there is nothing to ask (yet): one sentence.
    static func notice(title: String, message: String, id: String) -> Page {
        Page(title: title, body: "<h1>\(HTML.escape(title))</h1>\n<p class=\"big\" id=\"\(id)\">\(HTML.escape(message))</p>")
    }
}
