/// The visitor's private page (/status/TOKEN): their ticket, place and estimate, then the call.
struct StatusView {
    enum Stage: Equatable {
        case waiting(position: Int, estimate: String?)
        case called(desk: String?)
        case beingServed
        case onHold
        /// `rated`: the visitor has answered "how did we do?" already.
        case closed(rated: Bool)
    }

    var token: String
    var ticket: String
    var location: String
    var stage: Stage
    var kiosk: Bool
    /// The link as the visitor should keep it (absolute behind a proxy with --public-url).
    var link: String

    var callMark: String {
        if case .called(let desk) = stage { return ticket + "@" + (desk ?? "") }
        return ""
    }

    func page() -> Page {
        var body = "<h1>\(HTML.escape(WebStrings.statusTitle))</h1>\n"
            + "<section id=\"live\" aria-live=\"polite\" data-events=\"/events/status/\(HTML.pathSegment(token))\">\n" + fragment() + "\n</section>\n"
        let home = "/checkin/" + HTML.pathSegment(location) + "?kiosk=1"
        if kiosk {
            // No way out of the kiosk: no link; back to the empty form when idle.
            body += "<p class=\"big\">\(HTML.escape(WebStrings.kioskDone))</p>"
            return Page(title: WebStrings.statusTitle, body: body, scripts: ["kiosk.js"], refreshSeconds: WalkUpSite.kioskIdleSeconds,
                        refreshURL: home, bodyClass: "kiosk", kioskHome: home)
        }
        body += "<p>\(HTML.escape(WebStrings.statusLinkIntro))</p>\n<p>\(HTML.escape(WebStrings.statusLinkLabel)) "
            + "<a href=\"\(HTML.escape(link))\" id=\"status-link\">\(HTML.escape(link))</a></p>"
        return Page(title: WebStrings.statusTitle, body: body, scripts: ["live.js"], refreshSeconds: 30)
    }

    func fragment() -> String {
        var html = "<p class=\"ticket\" id=\"ticket\">\(HTML.escape(WebStrings.ticket(ticket)))</p>\n"
        switch stage {
        case .waiting(let position, let estimate):
            html += "<p class=\"big\" id=\"place\">\(HTML.escape(WebStrings.position(position, estimate: estimate)))</p>"
        case .called(let desk):
            html += "<p class=\"big\" id=\"place\"><strong>\(HTML.escape(desk.map(WebStrings.calledTo) ?? WebStrings.calledNoDesk))</strong></p>"
        case .beingServed:
            html += "<p class=\"big\" id=\"place\">\(HTML.escape(WebStrings.servedNow))</p>"
        case .onHold:
            html += "<p class=\"big\" id=\"place\">\(HTML.escape(WebStrings.placeKept))</p>"
        case .closed(let rated):
            html += "<p class=\"big\" id=\"place\">\(HTML.escape(WebStrings.visitClosed))</p>"
            // The rating's own page, not a form here: a live update would wipe what is being typed.
            // The kiosk has no way out of its pages, so no link there.
            if rated {
                html += "\n<p id=\"rate\">\(HTML.escape(WebStrings.ratedThanks))</p>"
            } else if !kiosk {
                html += "\n<p id=\"rate\"><a href=\"/rate/\(HTML.pathSegment(token))\" id=\"rate-link\">\(HTML.escape(WebStrings.rateInvite))</a></p>"
            }
        }
        return html
    }
}
