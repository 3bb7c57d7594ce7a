import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport
import Testing

/// Every route of `frontdesk serve`, over HTTP against the real binary, on both backends where
/// the store is involved.
@Suite(.serialized) struct WebRouteTests {
    @Test(arguments: TestBackend.allCases)
    func checkInRedirectsToALiveStatusPage(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let form = web.server.get("/checkin/walk-in")
        #expect(form.status == 200)
        #expect(form.body.contains("<html lang=\"en\">"))
        #expect(form.body.contains("<label for=\"name\">Your name</label>"))
        #expect(form.body.contains("<option value=\"Password reset\">Password reset</option>"))
        #expect(form.body.contains("method=\"post\""))

        let posted = web.checkIn(name: "Ada Lovelace", contact: "ada@example.org", reason: "Password reset")
        #expect(posted.status == 303)
        let link = try #require(posted.headers["location"])
        #expect(link.hasPrefix("/status/"))

        let status = web.server.get(link)
        #expect(status.status == 200)
        #expect(status.body.contains("You are number 1,"))
        #expect(status.body.contains("Ticket W-001"))
        #expect(status.body.contains("data-events=\"/events" + link + "\""))
        #expect(status.headers["cache-control"] == "no-store")
        #expect(status.headers["referrer-policy"] == "no-referrer")
        #expect(status.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(!status.body.contains("<script>"), "no inline script")
        // The visit is the location gateway's check-in, matched to the customer by her email.
        let desk = try web.place.open().desk
        let visit = try #require(desk.interactions.first { $0.ticket == "W-001" })
        #expect(visit.reason == "Password reset")
        #expect(visit.openedFor != nil && desk.customerName(visit.openedFor) == "Ada Lovelace")
        #expect(visit.history.first?.by == "walk-up")
        #expect(link == "/status/" + (visit.statusToken ?? "none"))
    }

    @Test(arguments: TestBackend.allCases)
    func displayShowsTicketsAndNamesButNothingPrivate(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        #expect(web.checkIn(name: "Ada Lovelace", contact: "ada@example.org").status == 303)
        #expect(web.checkIn(name: "<script>alert(1)</script> Eve", contact: "").status == 303)
        #expect(web.checkIn(name: "Bo\u{1B}[31mb\u{07} Smith\u{202E}", contact: "+44 20 7946 0001").status == 303)
        let display = web.server.get("/display/walk-in")
        #expect(display.status == 200)
        let body = display.body
        #expect(body.contains("W-001") && body.contains("W-002") && body.contains("W-003"))
        #expect(body.contains("Ada L."))
        #expect(!body.contains("ada@example.org") && !body.contains("7946") && !body.contains("IMS"))
        #expect(!body.contains("<script>alert"), "customer text is escaped")
        #expect(!body.contains("\u{1B}") && !body.contains("\u{07}") && !body.contains("\u{202E}"), "control characters removed")
        #expect(body.contains("Walk-in &lt;IT&gt; bar"), "the location's name is escaped too")
        #expect(body.contains("Nobody called yet"))
    }

    @Test(arguments: TestBackend.allCases)
    func aCallReachesTheDisplayAndTheVisitorsPage(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let link = try #require(web.checkIn(name: "Ada Lovelace", contact: "ada@example.org").headers["location"])
        // The display's event stream, read by curl into a file while the call is made.
        let stream = EventReader(url: web.server.base + "/events/display/walk-in", root: web.root)
        defer { stream.stop() }
        #expect(waitUntil(timeout: 10) { stream.text.contains("event: update") && stream.text.contains("W-001") })
        try web.call()
        #expect(waitUntil(timeout: 10) { stream.text.contains("event: called") })
        #expect(stream.text.contains("W-001</span> → Desk 2"))
        #expect(waitUntil(timeout: 10) { web.server.get(link).body.contains("please go to Desk 2") })
        #expect(web.server.get("/display/walk-in").body.contains("W-001</span> → Desk 2"))
    }

    @Test(arguments: TestBackend.allCases)
    func refusedInputGetsTheFormBackAndWritesNothing(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let before = web.contents()
        let long = String(repeating: "n", count: 10_000)
        let tooLong = web.checkIn(name: long, contact: "ada@example.org")
        #expect(tooLong.status == 400)
        #expect(tooLong.body.contains("A name is at most 100 characters (this one has 10000)."))
        #expect(tooLong.body.contains("value=\"ada@example.org\""), "what was typed stays")

        let noName = web.checkIn(name: "  ", contact: "ada@example.org")
        #expect(noName.status == 400)
        #expect(noName.body.contains("Please give your name."))

        let badReason = web.checkIn(name: "Ada \"<b>\" Lovelace", contact: "ada@example.org", reason: "Free coffee")
        #expect(badReason.status == 422)
        #expect(badReason.body.contains("class=\"error\""))
        #expect(badReason.body.contains("value=\"Ada &quot;&lt;b&gt;&quot; Lovelace\""))
        #expect(!badReason.body.contains("Error(") && !badReason.body.contains("Fatal"), "no stack trace")
        #expect(web.contents() == before, "a refused check-in writes nothing")
    }

    @Test(arguments: TestBackend.allCases)
    func aClosedLocationSaysSoWithItsHours(_ backend: TestBackend) throws {
        let web = try WebFixture(backend)
        defer { web.tearDown() }
        let page = web.server.get("/checkin/annex")
        #expect(page.status == 200)
        #expect(page.body.contains("Annex is closed"))
        #expect(page.body.contains("The annex is closed today &lt;b&gt;sorry&lt;/b&gt;."))
        #expect(page.body.contains("Mon 09:00–17:00"))
        #expect(!page.body.contains("<form"))
        let before = web.contents()
        let posted = web.checkIn(name: "Ada Lovelace", contact: "ada@example.org", location: "annex")
        #expect(posted.status == 422)
        #expect(web.contents() == before)
    }

    @Test func unknownAddressesAreNotFoundPages() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        for path in ["/checkin/nowhere", "/display/nowhere", "/status/forged", "/status/abcdefghijkmnpqrstuvwxyz23",
                     "/events/status/forged", "/events/display/nowhere", "/static/nothing.js", "/", "/checkin/%3Cscript%3E"] {
            let reply = web.server.get(path)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.headers["content-type"]?.hasPrefix("text/html") == true, "\(path)")
            #expect(reply.body.contains("<h1>Not found</h1>"), "\(path)")
            #expect(!reply.body.contains("<script"), "\(path)")
        }
        #expect(web.server.get("/status/forged").body.contains("status link is not known"))
    }

    @Test func aMethodAPageDoesNotTakeIs405() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let put = web.server.request("PUT", "/checkin/walk-in", body: "name=x")
        #expect(put.status == 405)
        #expect(put.headers["allow"] == "GET, HEAD, POST")
        #expect(web.server.request("DELETE", "/display/walk-in").status == 405)
        #expect(web.server.request("POST", "/status/abc").status == 405)
        #expect(web.server.request("POST", "/display/walk-in").body.contains("<h1>Not allowed</h1>"))
    }

    @Test func checkInsAreLimitedPerClientAddress() throws {
        let web = try WebFixture(.file, serveArguments: ["--check-in-limit", "2"])
        defer { web.tearDown() }
        #expect(web.checkIn(name: "Ann One", client: "203.0.113.7").status == 303)
        #expect(web.checkIn(name: "Ann Two", client: "203.0.113.7").status == 303)
        let third = web.checkIn(name: "Ann Three", client: "203.0.113.7")
        #expect(third.status == 429)
        #expect(Int(third.headers["retry-after"] ?? "") ?? 0 >= 1)
        #expect(third.body.contains("Too many check-ins"))
        #expect(web.checkIn(name: "Ben Other", client: "203.0.113.8").status == 303, "another address is not held back")
    }

    @Test func theKioskHasNoWayOutAndGoesBackToTheForm() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let form = web.server.get("/checkin/walk-in?kiosk=1")
        #expect(form.status == 200)
        #expect(form.body.contains("data-kiosk-home=\"/checkin/walk-in?kiosk=1\""))
        #expect(form.body.contains("<noscript><meta http-equiv=\"refresh\" content=\"20;url=/checkin/walk-in?kiosk=1\"></noscript>"))
        #expect(form.body.contains("/static/kiosk.js"))
        #expect(!form.body.contains("<a "), "no link out")
        let posted = web.checkIn(name: "Kim Kiosk", contact: "")
        _ = posted
        let kiosk = web.server.post("/checkin/walk-in?kiosk=1", form: [("name", "Kit Kiosk"), ("contact", ""), ("reason", "Laptop repair")])
        #expect(kiosk.status == 303)
        let link = try #require(kiosk.headers["location"])
        #expect(link.hasSuffix("?kiosk=1"))
        let status = web.server.get(link)
        #expect(status.body.contains("Ticket W-002"))
        #expect(!status.body.contains("<a "), "the kiosk shows no status link")
        #expect(status.body.contains("content=\"20;url=/checkin/walk-in?kiosk=1\""))
    }

    @Test func scriptsAndStylesAreFilesForTheContentSecurityPolicy() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let live = web.server.get("/static/live.js")
        #expect(live.status == 200)
        #expect(live.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(live.body.contains("EventSource"))
        #expect(web.server.get("/static/desk.css").headers["content-type"] == "text/css; charset=utf-8")
        #expect(web.server.get("/static/kiosk.js").body.contains("20000"))
        let display = web.server.get("/display/walk-in")
        #expect(display.headers["x-content-type-options"] == "nosniff")
        #expect(display.headers["x-frame-options"] == "DENY")
        #expect(!display.body.contains("style=\""), "no inline style")
    }
}

/// `frontdesk serve`'s own options: a usage error (exit 2) names the option, before anything starts.
struct ServeOptionTests {
    @Test(arguments: [(["serve", "--port", "70000"], "--port"), (["serve", "--public-url", "ftp://desk"], "--public-url"),
                      (["serve", "--check-in-limit", "0"], "--check-in-limit")])
    func badOptionsAreUsageErrors(_ arguments: [String], _ named: String) throws {
        let root = NSTemporaryDirectory() + "frontdesk-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let run = WebFixture.frontdesk(arguments, store: root + "/store", root: root)
        #expect(run.status == 2)
        #expect(run.err.contains(named))
        #expect(!FileManager.default.fileExists(atPath: root + "/store"), "nothing was created")
    }
}

/// curl reading a server-sent event stream into a file, until stopped.
final class EventReader: @unchecked Sendable {
    private let process = Process()
    private let path: String

    init(url: String, root: String) {
        path = root + "/events-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-N", "--max-time", "120", url]
        process.standardOutput = FileHandle(forWritingAtPath: path)
        try? process.run()
    }

    var text: String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        waitUntil(timeout: 10) { !self.process.isRunning }
    }
}
