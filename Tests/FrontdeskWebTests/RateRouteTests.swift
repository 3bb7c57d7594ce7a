import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport
import Testing

/// /rate/TOKEN over HTTP against the real binary: the one question after a visit, asked once it
/// is closed, answered once; and the status page's words for a visitor on hold.
@Suite(.serialized) struct RateRouteTests {
    @Test(arguments: TestBackend.allCases)
    func aClosedVisitIsRatedOnceThroughItsLink(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "ada@example.org")
        // Not closed yet: a clear page, and nothing taken.
        let early = web.server.get("/rate/" + token)
        #expect(early.status == 200)
        #expect(early.body.contains("Your visit is not over yet"))
        #expect(!early.body.contains("<form"))
        let before = web.contents()
        #expect(web.rate(token, score: "4").status == 409)
        #expect(web.contents() == before)
        #expect(!web.server.get("/status/" + token).body.contains("/rate/"))

        let number = try web.serveAndClose(token)
        let status = web.server.get("/status/" + token)
        #expect(status.body.contains("Your visit is closed."))
        #expect(status.body.contains("<a href=\"/rate/\(token)\" id=\"rate-link\">"))
        let form = web.server.get("/rate/" + token)
        #expect(form.status == 200)
        #expect(form.body.contains("Ticket W-001") || form.body.contains("ticket W-001"))
        #expect(form.body.contains("<fieldset class=\"rating\""))
        #expect(form.body.contains("<legend>"))
        for score in 1...5 {
            #expect(form.body.contains("<label for=\"score-\(score)\"><input type=\"radio\" id=\"score-\(score)\" name=\"score\" value=\"\(score)\""))
        }
        #expect(form.body.contains("<label for=\"comment\">"))

        let posted = web.rate(token, score: "4", comment: "Quick <b>and</b> kind\u{1B}[31m")
        #expect(posted.status == 303)
        #expect(posted.headers["location"] == "/rate/" + token)
        let thanks = web.server.get("/rate/" + token)
        #expect(thanks.body.contains("Thank you: you rated your visit 4 of 5."))
        #expect(!thanks.body.contains("<form"))
        let r = try #require(web.place.open().desk.interaction(number))
        #expect(r.rating == 4)
        #expect(r.ratingComment == "Quick <b>and</b> kind", "control sequences removed")
        #expect(r.history.last?.by == "walk-up", "rated by the location's gateway, with the visit's token")
        #expect(waitUntil(timeout: 10) { web.server.get("/status/" + token).body.contains("Thank you for rating your visit.") })

        // Once: a second answer is refused and changes nothing.
        let rated = web.contents()
        let again = web.rate(token, score: "1")
        #expect(again.status == 409)
        #expect(again.body.contains("4 of 5"))
        #expect(web.contents() == rated)
    }

    @Test(arguments: TestBackend.allCases)
    func badRatingsGetTheFormBackWithWhatWasTyped(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "ada@example.org")
        _ = try web.serveAndClose(token)
        let before = web.contents()

        let noScore = web.rate(token, score: "", comment: "It was \"fine\" <ok>")
        #expect(noScore.status == 400)
        #expect(noScore.body.contains("Please choose a rating from 1 to 5."))
        #expect(noScore.body.contains("role=\"alert\""))
        #expect(noScore.body.contains(">It was &quot;fine&quot; &lt;ok&gt;</textarea>"), "the comment stays, escaped")

        let outOfRange = web.rate(token, score: "9")
        #expect(outOfRange.status == 400)
        #expect(!outOfRange.body.contains(" checked"))

        let long = String(repeating: "x", count: 501)
        let tooLong = web.rate(token, score: "2", comment: long)
        #expect(tooLong.status == 400)
        #expect(tooLong.body.contains("A comment is at most 500 characters (this one has 501)."))
        #expect(tooLong.body.contains("value=\"2\" checked"), "the score chosen stays")
        #expect(tooLong.body.contains(">" + long + "</textarea>"), "the whole comment stays, to shorten")
        #expect(!tooLong.body.contains("Error(") && !tooLong.body.contains("Fatal"), "no stack trace")
        #expect(web.contents() == before, "a refused rating writes nothing")
    }

    @Test func unknownAndForgedRatingLinksAreNotFound() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "")
        _ = try web.serveAndClose(token)
        let before = web.contents()
        // Another well-formed token: the visit is not found by it, so nothing says it exists.
        let forged = String(token.reversed())
        for path in ["/rate/forged", "/rate/" + forged, "/rate/%3Cscript%3E"] {
            let get = web.server.get(path)
            #expect(get.status == 404, "\(path)")
            #expect(get.body.contains("This rating link is not known."), "\(path)")
            #expect(web.server.post(path, form: [("score", "1")]).status == 404, "\(path)")
        }
        #expect(web.server.request("PUT", "/rate/" + token).status == 405)
        #expect(web.contents() == before)
    }

    @Test func ratingsAreLimitedPerClientAddress() throws {
        let web = try WebFixture(.file, serveArguments: ["--check-in-limit", "2"])
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "")
        _ = try web.serveAndClose(token)
        #expect(web.rate(token, score: "", client: "203.0.113.7").status == 400)
        #expect(web.rate(token, score: "", client: "203.0.113.7").status == 400)
        let third = web.rate(token, score: "5", client: "203.0.113.7")
        #expect(third.status == 429)
        #expect(Int(third.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(third.body.contains("Too many ratings"))
        #expect(web.checkIn(name: "Ben Other", client: "203.0.113.7").status == 303, "ratings do not use up check-ins")
        #expect(web.rate(token, score: "5", client: "203.0.113.8").status == 303, "another address is not held back")
    }

    @Test(arguments: TestBackend.allCases)
    func aVisitorOnHoldIsToldTheirPlaceIsKept(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "")
        let number = try web.number(of: token)
        let store = try web.place.open()
        try store.perform(.transition(number: number, .accept), by: "bo", at: WebFixture.now)
        #expect(waitUntil(timeout: 10) { web.server.get("/status/" + token).body.contains("You are being served.") })
        try store.perform(.transition(number: number, .hold(reason: nil)), by: "bo", at: WebFixture.now)
        #expect(waitUntil(timeout: 10) { web.server.get("/status/" + token).body.contains("Your place is kept") })
        #expect(!web.server.get("/status/" + token).body.contains("being served"))
    }
}

extension WebFixture {
    /// Checks in through the form; the visit's status token (the redirect's last part).
    func checkInToken(name: String, contact: String) throws -> String {
        let posted = checkIn(name: name, contact: contact)
        let link = try #require(posted.headers["location"], "check-in answered \(posted.status)")
        return String(link.split(separator: "/").last ?? "")
    }

    func number(of token: String) throws -> String {
        try #require(place.open().desk.interactions.first { $0.statusToken == token }?.number)
    }

    /// Bo accepts the visit and completes it (through the backend, as the console would).
    @discardableResult
    func serveAndClose(_ token: String) throws -> String {
        let number = try number(of: token)
        let store = try place.open()
        try store.perform(.transition(number: number, .accept), by: "bo", at: Self.now)
        try store.perform(.transition(number: number, .complete), by: "bo", at: Self.now)
        if store.desk.interaction(number)?.state == .wrapUp {
            try store.perform(.transition(number: number, .complete), by: "bo", at: Self.now)
        }
        // The server sees another process's change within its watch interval.
        #expect(waitUntil(timeout: 10) { server.get("/status/" + token).body.contains("Your visit is closed.") })
        return number
    }

    func rate(_ token: String, score: String, comment: String = "", client: String? = nil) -> ServeProcess.Reply {
        server.post("/rate/" + token, form: [("score", score), ("comment", comment)], headers: client.map { ["X-Real-IP: " + $0] } ?? [])
    }
}
