import Foundation
import FrontdeskTestSupport
import Testing

/// An agent answers a messaging contact from the console; the README's gateway script,
/// following the outbox, delivers through a fake SMS provider on 127.0.0.1 and acks.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ConversationE2ETests {
    @Test func aReplyIsDeliveredAFailureShowsItsReasonAndARetryDelivers() throws {
        let tmux = Tmux(agents: ["ana"])
        defer { tmux.stop() }
        let provider = try #require(FakeSMSProvider(directory: tmux.root), "python3 and a loopback port")
        defer { provider.stop() }
        #expect(tmux.frontdesk(["intake", "messaging", "--from", "+44 7700 900123", "--text", "My printer is on fire"], as: "sms").status == 0)
        #expect(tmux.frontdesk(["accept", "1"], as: "ana").status == 0)
        let gateway = try #require(ReadmeGateway(directory: tmux.root, store: tmux.root + "/store", provider: provider))
        defer { gateway.stop() }

        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("● "), "the customer's message is unread:\n\(tmux.screen)")
        tmux.send("i")
        #expect(tmux.waitFor("PUBLIC reply to +447700900123"), "\(tmux.screen)")
        tmux.type("Hello, on it.")
        tmux.send("C-j")
        tmux.type("Is it still smoking?")
        tmux.send("Enter")
        #expect(tmux.waitFor("REPLY, delivered ✓", timeout: 15), "the gateway delivered and acked:\n\(tmux.screen)")
        let first = try #require(provider.accepted.first)
        #expect(first["to"] as? String == "+447700900123")
        #expect(first["text"] as? String == "Hello, on it.\nIs it still smoking?")
        #expect(first["key"] as? String == "MSG0000001" && first["auth"] as? String == "Bearer test-token")

        // The provider refuses the next one: the record says why; Enter on it retries.
        tmux.send("i")
        #expect(tmux.waitFor("PUBLIC reply"))
        tmux.type("[unreachable] Are you there?")
        tmux.send("Enter")
        #expect(tmux.waitFor("FAILED ✗ provider said 422", timeout: 15), "\(tmux.screen)")
        #expect(tmux.frontdesk(["show", "1"], as: "ana").out.contains("provider said 422: {\"error\": \"number unreachable\"}"))
        tmux.send("k")                      // up from the first field: the reply line, then the failed reply
        tmux.send("k")
        tmux.send("Enter")
        #expect(tmux.waitFor("MSG0000002 queued again"), "\(tmux.screen)")
        let deadline = Date().addingTimeInterval(15)
        while provider.accepted.count < 2, Date() < deadline { usleep(50_000) }
        #expect(provider.accepted.map { $0["key"] as? String } == ["MSG0000001", "MSG0000002"])
        #expect(tmux.waitFor("delivered ✓: [unreachable]", timeout: 10), "\(tmux.screen)")
        #expect(!tmux.screen.contains("FAILED"))
        let shown = tmux.frontdesk(["show", "1"], as: "ana").out
        #expect(shown.contains("Reply MSG0000002 failed: provider said 422") && shown.contains("Reply MSG0000002 retried"))
        #expect(gateway.isRunning)
    }
}
