import Foundation
import FrontdeskTestSupport
import Testing

/// The supervisors' report screen in the real console, on either backend: `R` reads today's
/// contacts from the store, another grouping regroups them, Enter drills into a group and
/// then opens a contact's record, and Esc goes back step by step to the work lists.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ReportE2ETests {
    /// Two chats (two customers) and a walk-up today, the walk-up served and closed.
    static func contacts(_ tmux: Tmux) {
        for (name, email) in [("Zoë Müller", "zoe@example.com"), ("Bo Chen", "bo@example.com")] {
            #expect(tmux.frontdesk(["customer", "add", "--name", name, "--email", email]).status == 0)
            #expect(tmux.frontdesk(["intake", "chat", "--for", email, "--text", "hello"]).status == 0)
        }
        #expect(tmux.frontdesk(["new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge", "--agent", "ana"]).status == 0)
        #expect(tmux.frontdesk(["complete", "3"], as: "ana").status == 0)
    }

    @Test(arguments: TestBackend.allCases, [(80, 24), (40, 12)])
    func groupDrillDownOpenAndBack(_ backend: TestBackend, _ size: (Int, Int)) throws {
        let tmux = try Tmux(backend: backend)
        defer { tmux.stop() }
        Self.contacts(tmux)
        tmux.start([], width: size.0, height: size.1)
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        tmux.send("R")
        #expect(tmux.waitFor("3 contacts · "), "R shows today's report:\n\(tmux.screen)")
        #expect(tmux.screen.contains("QUEUE") && tmux.screen.contains("Service Desk"), "by queue first:\n\(tmux.screen)")
        #expect(tmux.screen.contains("█"), "a bar drawn in cells:\n\(tmux.screen)")
        tmux.send("Tab")
        #expect(tmux.waitFor("AGENT"), "Tab: by agent:\n\(tmux.screen)")
        tmux.send("3")
        #expect(tmux.waitUntil { $0.contains("CHANNEL") && $0.contains("Chat") && $0.contains("Walk-up") }, "3: by channel:\n\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("Channel Chat: 2 contacts"), "Enter: the first group's contacts:\n\(tmux.screen)")
        #expect(tmux.screen.contains("IMS0000002") && tmux.screen.contains("IMS0000001"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("IMS0000003"), "only the group's:\n\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"), "Enter on a contact opens its record:\n\(tmux.screen)")
        #expect(tmux.screen.contains("IMS0000002"), "the newest first, selected:\n\(tmux.screen)")
        tmux.send("Escape")
        #expect(tmux.waitFor("Channel Chat: 2 contacts"), "Esc: back to the group's contacts:\n\(tmux.screen)")
        tmux.send("Escape")
        #expect(tmux.waitUntil { $0.contains("CHANNEL") && !$0.contains("Channel Chat:") }, "Esc: back to the report:\n\(tmux.screen)")
        tmux.send("Escape")
        #expect(tmux.waitFor("My work"), "Esc: back to the work lists:\n\(tmux.screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test func underLangCTheChartsArePlainASCII() throws {
        let tmux = try Tmux(backend: .file)
        defer { tmux.stop() }
        Self.contacts(tmux)
        tmux.start([], width: 80, height: 24, environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        tmux.send("R")
        #expect(tmux.waitFor("3 contacts"), "\(tmux.screen)")
        #expect(tmux.screen.contains("###"), "a bar in ASCII:\n\(tmux.screen)")
        #expect(!tmux.screen.contains("█"), "\(tmux.screen)")
        tmux.send("q")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
