@testable import FrontdeskWeb
import Testing

/// The server's pure parts: escaping, form bodies, the rate limit, the event format, tokens.
struct WebPartsTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a & \"b\"", "a &amp; &quot;b&quot;"),
        ("red\u{1B}[31mtext\u{07}", "redtext"),
        ("line\nbreak", "line break"),
        ("right\u{202E}left", "rightleft"),
    ])
    func escapingCleansAndEscapes(_ input: String, _ expected: String) {
        #expect(HTML.escape(input) == expected)
    }

    @Test func pathSegmentsArePercentEncoded() {
        #expect(HTML.pathSegment("walk-in") == "walk-in")
        #expect(HTML.pathSegment("a b/\"<") == "a%20b%2F%22%3C")
    }

    @Test(arguments: [
        ("name=Ada+Lovelace&contact=ada%40example.org", "name", "Ada Lovelace"),
        ("name=Ada+Lovelace&contact=ada%40example.org", "contact", "ada@example.org"),
        ("name=%E2%86%92%zz", "name", "→%zz"),
        ("name=first&name=second", "name", "first"),
        ("contact=", "name", ""),
        ("name=%FF", "name", "\u{FFFD}"),
    ])
    func formBodiesDecode(_ body: String, _ field: String, _ expected: String) {
        #expect(FormBody(body)[field] == expected)
    }

    @Test func theRateLimitSlidesAndNamesTheWait() {
        let limiter = RateLimiter(limit: 2, windowSeconds: 60)
        #expect(limiter.attempt(from: "a", at: 100) == nil)
        #expect(limiter.attempt(from: "a", at: 110) == nil)
        #expect(limiter.attempt(from: "a", at: 130) == 30, "the first attempt leaves the window at 160")
        #expect(limiter.attempt(from: "b", at: 130) == nil, "per address")
        #expect(limiter.attempt(from: "a", at: 160) == nil)
    }

    @Test func eventsCarryEachLineAsData() {
        #expect(LiveHub.event("update", "<p>one</p>\n<p>two</p>", id: 7) == "id: 7\nevent: update\ndata: <p>one</p>\ndata: <p>two</p>\n\n")
        #expect(LiveHub.event("called", "a\r\nb", id: 1) == "id: 1\nevent: called\ndata: a\ndata: b\n\n")
    }

    @Test func tokensAreLongRandomAndRecognised() {
        let tokens = (0..<200).map { _ in StatusToken.make() }
        #expect(Set(tokens).count == 200)
        #expect(tokens.allSatisfy(StatusToken.isWellFormed))
        #expect(!StatusToken.isWellFormed("forged"))
        #expect(!StatusToken.isWellFormed(String(repeating: "a", count: 15)), "too short to be one")
        #expect(!StatusToken.isWellFormed("abcdefghijklmnop/../x"), "only letters, digits, - and _")
    }

    @Test func theHubSendsWhatChangedToTheTopicsWatchers() async {
        let box = MessageBox()
        let hub = LiveHub { _ in box.message }
        box.message = LiveHub.Message(html: "<p>W-001</p>", callMark: "")
        var stream = hub.subscribe(.display(location: "walk-in")).makeAsyncIterator()
        #expect(await stream.next() == "retry: 1000\n\n")
        #expect(await stream.next()?.contains("data: <p>W-001</p>") == true, "the current state at once")
        hub.publish()  // nothing changed: nothing sent
        box.message = LiveHub.Message(html: "<p>W-001 called</p>", callMark: "W-001@Desk 2")
        hub.publish()
        #expect(await stream.next()?.contains("data: <p>W-001 called</p>") == true)
        #expect(await stream.next()?.contains("event: called") == true)
    }
}

private final class MessageBox: @unchecked Sendable {
    var message: LiveHub.Message?
}
