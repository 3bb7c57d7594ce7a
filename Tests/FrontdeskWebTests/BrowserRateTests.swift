import Foundation
import FrontdeskTestSupport
import Testing

extension BrowserTests {
    /// After the visit, on the phone: the closed status page links to the one question; the
    /// visitor picks a score and writes a line, and the page thanks them.
    @Test func aVisitorRatesTheirClosedVisitOnAPhone() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let token = try web.checkInToken(name: "Ada Lovelace", contact: "ada@example.org")
        let number = try web.serveAndClose(token)
        let browser = try Browser(width: 390, height: 844)
        defer { browser.quit() }
        browser.open(web.server.base + "/status/" + token)
        #expect(browser.text("#place") == "Your visit is closed. Thank you.")
        browser.click("#rate-link")
        #expect(waitUntil(timeout: 10) { browser.url.hasSuffix("/rate/" + token) })
        #expect(browser.text("legend") == "Your rating, from 1 (poor) to 5 (excellent)")
        // The label is the target: a tap on the words chooses the score.
        browser.click("label[for=score-5]")
        #expect(browser.script("return document.getElementById('score-5').checked") as? Bool == true)
        browser.type("#comment", "Quick and kind.")
        try browser.screenshot(to: Self.artefacts + "/phone-rate.png")
        browser.click("button[type=submit]")
        #expect(waitUntil(timeout: 10) { browser.text("#rated") == "Thank you: you rated your visit 5 of 5." })
        try browser.screenshot(to: Self.artefacts + "/phone-rated.png")
        let r = try #require(web.place.open().desk.interaction(number))
        #expect(r.rating == 5 && r.ratingComment == "Quick and kind.")
    }
}
