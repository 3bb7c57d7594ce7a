import FrontdeskCore
import HTTPTypes
import Hummingbird

/// The pages of `frontdesk serve`, rendered from the store's latest snapshot; only a check-in
/// goes to the store (through `DeskService`, off the event loop). What the walk-up domain
/// says (queue, estimate, opening hours) comes through `WalkUpAdapter`.
struct WalkUpSite: Sendable {
    /// The longest name a check-in takes (the desk's limit for a guest's name): a name, not an
    /// essay. Checked here first, so the form says so before anything reaches the store.
    static let nameLimit = 100
    /// An email address's longest form (RFC 5321); a phone number is far shorter.
    static let contactLimit = 254
    /// The kiosk goes back to the empty form after this long without a touch.
    static let kioskIdleSeconds = 20

    let service: DeskService
    let publicURL: String?
    let limiter: RateLimiter
    /// Ratings per client address: a separate count, so ratings never use up check-ins.
    let ratingLimiter: RateLimiter

    var desk: Desk { service.snapshot.desk }

    func knowsLocation(_ location: String) -> Bool { WalkUpAdapter.location(desk, location) != nil }
    func knowsToken(_ token: String) -> Bool { WalkUpAdapter.visit(desk, token: token, at: service.now) != nil }

    // MARK: Check-in

    func checkInPage(location: String, kiosk: Bool) throws -> Response {
        guard let info = WalkUpAdapter.location(desk, location) else { throw HTTPError(.notFound) }
        if let closed = WalkUpAdapter.closedNotice(desk, location, at: service.now) {
            return WebPage.html(closedPage(info, closed, kiosk: kiosk))
        }
        return WebPage.html(form(info, kiosk: kiosk).page())
    }

    func checkIn(location: String, form fields: FormBody, kiosk: Bool) async -> Response {
        guard let info = WalkUpAdapter.location(desk, location) else {
            return WebPage.error(.notFound, title: WebStrings.notFoundTitle, message: WebStrings.unknownLocation)
        }
        // Control characters go (as on the terminal); what is left is what the visitor sees again.
        let name = TextSanitizer.clean(fields["name"]).trimmedWhitespace
        let contact = TextSanitizer.clean(fields["contact"]).trimmedWhitespace
        let reason = TextSanitizer.clean(fields["reason"]).trimmedWhitespace
        var typed = form(info, kiosk: kiosk)
        typed.name = String(name.prefix(Self.nameLimit))
        typed.contact = String(contact.prefix(Self.contactLimit))
        typed.reason = reason
        if let problem = Self.inputProblem(name: name, contact: contact, reason: reason, guestAllowed: info.guestAllowed) {
            typed.problem = problem
            return WebPage.html(typed.page(), status: .badRequest)
        }
        if let closed = WalkUpAdapter.closedNotice(desk, location, at: service.now) {
            return WebPage.html(closedPage(info, closed, kiosk: kiosk), status: .unprocessableContent)
        }
        let token = StatusToken.make()
        do {
            let command = WalkUpAdapter.checkIn(location: location, name: name, contact: contact, reason: reason, token: token)
            _ = try await service.perform(command, by: info.gateway)
        } catch let refusal as DomainError {
            typed.problem = refusal.description
            return WebPage.html(typed.page(), status: .unprocessableContent)
        } catch {
            typed.problem = WebStrings.failed
            return WebPage.html(typed.page(), status: .serviceUnavailable)
        }
        return WebPage.redirect("/status/" + HTML.pathSegment(token) + (kiosk ? "?kiosk=1" : ""))
    }

    /// The rules the form itself checks, before the desk's own: each names its limit.
    static func inputProblem(name: String, contact: String, reason: String, guestAllowed: Bool) -> String? {
        if name.isEmpty { return "Please give your name." }
        if name.count > nameLimit { return "A name is at most \(nameLimit) characters (this one has \(name.count))." }
        if contact.count > contactLimit { return "An email address or phone number is at most \(contactLimit) characters." }
        if contact.isEmpty, !guestAllowed { return "Please give the email address or phone number we know you by." }
        if reason.isEmpty { return "Please choose the reason for your visit." }
        return nil
    }

    func tooManyCheckIns(retryAfter seconds: Int64) -> Response {
        var response = WebPage.error(.tooManyRequests, title: WebStrings.tooManyTitle, message: WebStrings.tooMany(seconds))
        response.headers[.retryAfter] = String(seconds)
        return response
    }

    private func form(_ info: WalkUpAdapter.LocationInfo, kiosk: Bool) -> CheckInView {
        CheckInView(location: info.id, title: info.title, reasons: info.reasons, guestAllowed: info.guestAllowed, kiosk: kiosk)
    }

    private func closedPage(_ info: WalkUpAdapter.LocationInfo, _ notice: WalkUpAdapter.ClosedNotice, kiosk: Bool) -> Page {
        var body = "<h1>\(HTML.escape(WebStrings.closedTitle(info.title)))</h1>\n<p class=\"closed\" id=\"closed-message\">\(HTML.escape(notice.message))</p>\n"
        if !notice.hours.isEmpty {
            body += "<h2>\(HTML.escape(WebStrings.hoursHeading))</h2>\n<ul id=\"hours\">"
            for line in notice.hours { body += "<li>\(HTML.escape(line))</li>" }
            body += "</ul>"
        }
        let home = "/checkin/" + HTML.pathSegment(info.id) + (kiosk ? "?kiosk=1" : "")
        return Page(title: WebStrings.closedTitle(info.title), body: body, scripts: kiosk ? ["kiosk.js"] : [],
                    refreshSeconds: 60, refreshURL: home, bodyClass: kiosk ? "kiosk" : nil, kioskHome: kiosk ? home : nil)
    }

    // MARK: Status

    /// The visit a status (or rating) link names; the store is asked when the snapshot does
    /// not know it yet.
    func visit(token: String) async -> WalkUpAdapter.Visit? {
        if let known = WalkUpAdapter.visit(desk, token: token, at: service.now) { return known }
        guard StatusToken.isWellFormed(token) else { return nil }
        // Just checked in through another process (the CLI, a second server): ask the store.
        return (try? await service.refreshNow()).flatMap { WalkUpAdapter.visit($0.desk, token: token, at: service.now) }
    }

    func statusPage(token: String, kiosk: Bool) async -> Response {
        guard let visit = await visit(token: token) else { return WebPage.error(.notFound, title: WebStrings.notFoundTitle, message: WebStrings.unknownToken) }
        return WebPage.html(statusView(visit, token: token, kiosk: kiosk).page())
    }

    /// The link shown is the one the messages send: `--public-url`, else the location's
    /// `walk_up.public_url`, else this server's own path.
    private func statusView(_ visit: WalkUpAdapter.Visit, token: String, kiosk: Bool) -> StatusView {
        let path = "/status/" + HTML.pathSegment(token)
        let link = publicURL.map { $0 + path } ?? desk.walkUpSettings(visit.location)?.statusLink(token: token) ?? path
        return StatusView(token: token, ticket: visit.ticket, location: visit.location, stage: visit.stage, kiosk: kiosk, link: link)
    }

    // MARK: Display

    func displayPage(location: String) throws -> Response {
        guard let view = WalkUpAdapter.display(desk, location, at: service.now) else { throw HTTPError(.notFound) }
        return WebPage.html(view.page())
    }

    // MARK: Live

    func liveMessage(_ topic: LiveHub.Topic) -> LiveHub.Message? {
        let desk = self.desk, now = service.now
        switch topic {
        case .display(let location):
            return WalkUpAdapter.display(desk, location, at: now).map { LiveHub.Message(html: $0.fragment(), callMark: $0.callMark) }
        case .status(let token):
            return WalkUpAdapter.visit(desk, token: token, at: now).map {
                let view = statusView($0, token: token, kiosk: false)
                return LiveHub.Message(html: view.fragment(), callMark: view.callMark)
            }
        }
    }
}
