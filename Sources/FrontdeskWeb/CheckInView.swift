/// The check-in form: a plain form that posts without JavaScript. Refused input comes back
/// here with the rule that refused it and everything the visitor typed.
struct CheckInView {
    var location: String
    var title: String
    var reasons: [String]
    var guestAllowed: Bool
    var kiosk: Bool
    var name = ""
    var contact = ""
    var reason = ""
    var problem: String? = nil

    var action: String { "/checkin/" + HTML.pathSegment(location) + (kiosk ? "?kiosk=1" : "") }

    func page() -> Page {
        var body = "<h1>\(HTML.escape(WebStrings.checkInTitle(title)))</h1>\n"
        if let problem {
            body += "<div class=\"error\" role=\"alert\" id=\"problem\"><strong>\(HTML.escape(WebStrings.problemHeading))</strong> \(HTML.escape(problem))</div>\n"
        }
        let described = problem == nil ? "" : " aria-describedby=\"problem\""
        body += "<form method=\"post\" action=\"\(HTML.escape(action))\" accept-charset=\"utf-8\">\n"
        body += "<label for=\"name\">\(HTML.escape(WebStrings.nameLabel))</label>\n"
        body += "<input id=\"name\" name=\"name\" type=\"text\" autocomplete=\"name\" required maxlength=\"\(WalkUpSite.nameLimit)\" value=\"\(HTML.escape(name))\"\(described)>\n"
        body += "<label for=\"contact\">\(HTML.escape(WebStrings.contactLabel))</label>\n"
        body += "<input id=\"contact\" name=\"contact\" type=\"text\" autocomplete=\"email\" inputmode=\"email\" maxlength=\"\(WalkUpSite.contactLimit)\"\(guestAllowed ? "" : " required") value=\"\(HTML.escape(contact))\" aria-describedby=\"contact-hint\">\n"
        body += "<p class=\"hint\" id=\"contact-hint\">\(HTML.escape(guestAllowed ? WebStrings.contactHintGuest : WebStrings.contactHint))</p>\n"
        body += "<label for=\"reason\">\(HTML.escape(WebStrings.reasonLabel))</label>\n<select id=\"reason\" name=\"reason\" required>\n"
        for option in reasons {
            let selected = option == reason ? " selected" : ""
            body += "<option value=\"\(HTML.escape(option))\"\(selected)>\(HTML.escape(option))</option>\n"
        }
        body += "</select>\n<button type=\"submit\">\(HTML.escape(WebStrings.checkInButton))</button>\n</form>"
        return Page(title: WebStrings.checkInTitle(title), body: body, scripts: kiosk ? ["kiosk.js"] : [],
                    refreshSeconds: kiosk ? WalkUpSite.kioskIdleSeconds : nil, refreshURL: kiosk ? action : nil,
                    bodyClass: kiosk ? "kiosk" : nil, kioskHome: kiosk ? action : nil)
    }
}
