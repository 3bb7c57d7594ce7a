import Foundation
import Testing

/// Issue 22, the console's dialogs, through the real binary in tmux at 80×24.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct DialogsE2ETests {
    /// A field of `frontdesk show N --json` (nil when absent or null).
    func field(_ key: String, of number: String, _ tmux: Tmux) -> String? {
        let out = tmux.frontdesk(["show", number, "--json"]).out
        let object = (try? JSONSerialization.jsonObject(with: Data(out.utf8))) as? [String: Any]
        return object?[key] as? String
    }

    // 9: "Badge not opening door B2" typed on the Type field lands in Short description.
    @Test func textTypedOnTheTypeFieldIsKeptAsTheShortDescription() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        tmux.send("n")
        #expect(tmux.waitFor("New interaction"), "\(tmux.screen)")
        tmux.type("Badge not opening door B2")
        #expect(tmux.waitFor("Typed into Short description"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000001 · Chat · Work in Progress"), "the type did not change:\n\(tmux.screen)")
        #expect(field("short_description", of: "1", tmux) == "Badge not opening door B2")
        tmux.send("q", "q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    // 11: c → Complete on a chat with wrap-up on asks for the wrap-up code, then closes with it.
    @Test func completeGoesThroughWrapUp() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.frontdesk(["config", "set", "wrap_up.chat", "on"])
        tmux.frontdesk(["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"])
        tmux.frontdesk(["new", "--type", "chat", "--for", "Zoë Müller", "--short", "VPN drops"], as: "ana")
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("IMS0000001"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"), "\(tmux.screen)")
        tmux.send("c")
        #expect(tmux.waitFor("Complete (wrap-up code next)"), "\(tmux.screen)")
        tmux.send("c")
        #expect(tmux.waitFor("Wrap up IMS0000001: code"), "\(tmux.screen)")
        tmux.type("esc")
        tmux.send("Enter")
        #expect(tmux.waitFor("Wrap up IMS0000001: Escalated"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("Closed Complete"), "\(tmux.screen)")
        #expect(tmux.frontdesk(["show", "1"]).out.contains("Escalated"), "the code is on the record")
        tmux.send("q", "q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    // 17 and 10: in the Opened for picker ↓ takes the first match, as in the New form; a new
    // customer's card is saved on a record without a short description.
    @Test func openedForPickerTakesTheFirstMatchWithDownAndANewCustomerWithoutAShortDescription() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.frontdesk(["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"])
        tmux.frontdesk(["intake", "chat", "--from", "someone", "--text", "hello"])
        tmux.frontdesk(["intake", "chat", "--from", "another", "--text", "hi"])
        tmux.start([], width: 80, height: 24)
        #expect(tmux.waitFor("IMS0000002"), "\(tmux.screen)")
        tmux.send("2")
        #expect(tmux.waitFor("Queue (2)"), "\(tmux.screen)")
        tmux.send("a")                                    // the oldest, IMS0000001, opens
        #expect(tmux.waitFor("IMS0000001 · Chat · Work in Progress"), "\(tmux.screen)")
        tmux.send("j", "Enter")                           // Opened for
        #expect(tmux.waitFor("Opened for IMS0000001"), "\(tmux.screen)")
        tmux.type("Zo")
        #expect(tmux.waitFor("↓ to choose (nothing chosen yet)"), "\(tmux.screen)")
        tmux.send("Down", "Enter")
        #expect(tmux.waitFor("Opened for Zoë Müller"), "\(tmux.screen)")
        #expect(field("opened_for", of: "1", tmux) == "CUS0000001", "↓ took the first match, not + New customer")
        // The other record: a new customer, typed in full, and no short description.
        tmux.send("q", "2", "a")
        #expect(tmux.waitFor("IMS0000002 · Chat · Work in Progress"), "\(tmux.screen)")
        tmux.send("j", "Enter")
        tmux.type("Ines Duarte")
        #expect(tmux.waitFor("Enter takes the only item"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("New customer"), "\(tmux.screen)")
        tmux.send("Tab")
        tmux.type("ines@example.com")
        tmux.send("Enter")
        #expect(tmux.waitFor("Opened for Ines Duarte"), "saved, not refused:\n\(tmux.screen)")
        #expect(field("short_description", of: "2", tmux) == "")
        tmux.send("q", "q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }
}
