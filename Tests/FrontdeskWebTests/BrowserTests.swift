import Foundation
import FrontdeskTestSupport
import Testing

/// The pages in a real browser: headless Chromium from Debian, driven through chromedriver.
/// Screenshots go to .build/artefacts/web (kept, not compared; the README's come from there).
@Suite(.serialized, .enabled(if: Browser.available || ProcessInfo.processInfo.environment["CI"] != nil,
                             "needs chromium and chromium-driver (.ci/run installs them)"))
struct BrowserTests {
    static let artefacts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/artefacts/web").path

    @Test func aVisitorChecksInOnAPhone() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let browser = try Browser(width: 390, height: 844)
        defer { browser.quit() }
        browser.open(web.server.base + "/checkin/walk-in")
        #expect(browser.text("h1") == "Check in: Walk-in <IT> bar")
        browser.type("#name", "Ada Lovelace")
        browser.type("#contact", "ada@example.org")
        try browser.screenshot(to: Self.artefacts + "/phone-checkin.png")
        browser.click("button[type=submit]")
        #expect(waitUntil(timeout: 10) { browser.text("#ticket") == "Ticket W-001" })
        #expect(browser.url.contains("/status/"))
        #expect(browser.text("#place").hasPrefix("You are number 1"))
        try browser.screenshot(to: Self.artefacts + "/phone-status.png")
        // The visitor's page follows the call live.
        try web.call()
        #expect(waitUntil(timeout: 5) { browser.text("#place").contains("please go to Desk 2") })
        try browser.screenshot(to: Self.artefacts + "/phone-called.png")
    }

    @Test func theDisplayShowsACallWithinASecond() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        for (name, contact) in [("Ada Lovelace", "ada@example.org"), ("Grace Hopper", ""), ("Alan Turing", ""), ("Edsger Dijkstra", "")] {
            #expect(web.checkIn(name: name, contact: contact).status == 303)
        }
        let browser = try Browser(width: 1920, height: 1080)
        defer { browser.quit() }
        browser.open(web.server.base + "/display/walk-in")
        #expect(waitUntil(timeout: 10) { browser.text("#waiting").contains("W-004") })
        // The stream is open once the live part was replaced by an event.
        #expect(waitUntil(timeout: 10) { (browser.script("return document.getElementById('live').getAttribute('data-version')") as? String) != nil })
        try web.call()
        // The bar: the room sees the call within 1 s of it.
        #expect(waitUntil(timeout: 1) { browser.text("#serving").contains("W-001 → Desk 2") }, "the display shows the call within 1 s")
        #expect(!browser.text("#waiting").contains("W-001"))
        #expect(waitUntil(timeout: 2) { (browser.script("return document.body.getAttribute('data-chimes')") as? String) == "1" },
                "the chime rang once")
        try browser.screenshot(to: Self.artefacts + "/tv-display.png")
    }

    @Test func theKioskGoesBackToAnEmptyFormWhenIdle() throws {
        let web = try WebFixture(.file)
        defer { web.tearDown() }
        let browser = try Browser(width: 1080, height: 1920)
        defer { browser.quit() }
        browser.open(web.server.base + "/checkin/walk-in?kiosk=1")
        browser.type("#name", "Half Typed")
        #expect(browser.script("return document.getElementById('name').value") as? String == "Half Typed")
        // 20 s without a touch: the kiosk's timer reloads the empty form.
        #expect(waitUntil(timeout: 40) { browser.script("return document.getElementById('name') && document.getElementById('name').value") as? String == "" })
        #expect(browser.url.hasSuffix("/checkin/walk-in?kiosk=1"))
        #expect(browser.script("return document.querySelectorAll('a').length") as? Int == 0, "no way out of the kiosk")
        try browser.screenshot(to: Self.artefacts + "/kiosk-checkin.png")
    }
}
