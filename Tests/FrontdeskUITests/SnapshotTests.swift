import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Every screen and dialog rendered to text at 80x24 and 40x12 with the fake clock.
struct SnapshotTests {
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        let steps: @Sendable (ConsoleSession) -> Void
        var testDescription: String { name }
    }

    static let scenes: [Scene] = [
        Scene(name: "home-mine") { _ in },
        Scene(name: "home-queue") { $0.press(UIAction.tab(1)) },
        Scene(name: "home-all-open") { $0.press(UIAction.tab(2)) },
        Scene(name: "home-closed") { $0.press(UIAction.tab(3)) },
        Scene(name: "home-search") { s in s.press(.tab(2), .search); s.type("zoë") },
        Scene(name: "record-details") { $0.press(UIAction.open) },
        Scene(name: "record-related-tasks") { $0.press(.open, .tab(1)) },
        Scene(name: "record-users-interactions") { $0.press(.open, .tab(2)) },
        Scene(name: "record-hostile-customer") { s in s.press(.tab(1), .moveDown, .open) },
        Scene(name: "dialog-new-interaction") { s in s.press(.newInteraction, .nextField); s.type("ya") },
        Scene(name: "dialog-new-customer-inline") { s in s.press(.newInteraction, .nextField); s.type("Nora"); s.press(.moveDown, .confirm) },
        Scene(name: "dialog-transfer") { $0.press(.open, .transfer) },
        Scene(name: "dialog-hold-messaging") { s in
            s.press(.tab(2))   // All open, newest first: the messaging record is first.
            s.press(.accept, .hold)      // accepting from the list opens the record
        },
        Scene(name: "dialog-close") { $0.press(.open, .close) },
        Scene(name: "dialog-work-note") { s in s.press(.open, .addNote); s.type("Called back 山田") },
        Scene(name: "dialog-link-profile") { s in s.press(.tab(2), .open, .linkProfile) },
        Scene(name: "dialog-archive") { s in s.press(.tab(3), .open, .archive) },
        Scene(name: "refused-close-status") { s in s.press(.tab(1), .open, .accept, .close) },
        Scene(name: "help-home") { $0.press(UIAction.help) },
        Scene(name: "help-record") { $0.press(.open, .help) },
        Scene(name: "dialog-ask-about-customer") { s in s.press(.newInteraction, .nextField); s.type("Ol"); s.press(.nextField) },
        Scene(name: "dialog-customer-card") { $0.press(.open, .editCustomer) },
        Scene(name: "dialog-new-customer-from-picker") { s in
            s.press(.tab(2), .open, .linkProfile)
            s.type("Kim Park")
            s.press(.moveDown, .confirm)
        },
        Scene(name: "dialog-end-closes-asks") { s in
            s.memory.desk.run(.create(type: .phone, openedFor: "CUS0000001", queue: nil, shortDescription: "Printer", accept: true))
            s.send(.deskChanged)
            s.press(.tab(0), .last, .open, .endConversation)
        },
        Scene(name: "dialog-presence") { $0.press(UIAction.presence) },
        Scene(name: "message-log") { s in s.press(.tab(1), .open, .accept, .close, .messageLog) },
        Scene(name: "conversation") { s in
            for (i, text) in ["Still nothing.", "Tried the other laptop too, same thing: the VPN client says the certificate expired.",
                              "Hello?", "My manager needs this fixed before the 10:00 call.", "Is anyone there?", "I restarted again.",
                              "Now it says 'server unreachable'.", "Colleagues in Leeds have the same problem.", "Thanks!"].enumerated() {
                s.memory.desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: text, queue: nil),
                                  by: "sms", at: t0.adding(-20 + Int64(i)))
            }
            s.send(.deskChanged)
            s.press(.tab(2), .open, .editSelected)   // the SMS contact, then “earlier: Enter reads it all”
        },
        Scene(name: "record-new-message-on-hold") { s in
            s.press(.tab(2), .accept)          // the messaging record, accepted and open
            s.press(.hold, .confirm)           // on hold, waiting on the customer
            s.memory.desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958",
                                             text: "Any news? The outage is still on here and my whole team is waiting to get back online, please call me back when you can.",
                                             queue: nil), by: "sms", at: t0.adding(30))
            s.send(.deskChanged)
        },
        Scene(name: "home-new-message-on-hold") { s in
            s.press(.tab(2), .accept, .hold, .confirm)
            s.memory.desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "Any news?", queue: nil), by: "sms", at: t0.adding(30))
            s.send(.deskChanged)
            s.press(.back, .tab(0))
        },
        Scene(name: "record-replies") { s in
            s.press(.tab(2), .accept)          // the messaging record, accepted and open
            s.press(.reply); s.type("Hello, which office are you in?"); s.press(.confirm)
            s.memory.desk.run(.replyDelivered(id: "MSG0000001"), by: "sms", at: t0)
            s.memory.desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "Leeds, 3rd floor", queue: nil),
                              by: "sms", at: t0)
            s.press(.reply); s.type("Thanks. Restart the router please."); s.press(.confirm)
            s.memory.desk.run(.replyFailed(id: "MSG0000002", reason: "HTTP 503 from provider"), by: "sms", at: t0)
            s.send(.deskChanged)
        },
        Scene(name: "dialog-reply") { s in
            s.press(.tab(2), .accept, .reply)
            s.type("Hello, this is Ana."); s.press(.newLine); s.type("Which office are you in?")
        },
        Scene(name: "offer-banner") { s in
            s.memory.routing = true
            s.tick()                           // routing offers the VIP's walk-up to ana
        },
    ]

    static let sizes = [(80, 24), (40, 12), (100, 30)]

    @Test(arguments: scenes, sizes)
    func snapshot(_ scene: Scene, _ size: (Int, Int)) {
        let (session, _, _) = makeSession(width: size.0, height: size.1)
        scene.steps(session)
        let text = session.screen
        #expect(!text.contains("\u{1B}"), "no escape byte reaches the grid")
        assertSnapshot(text, named: "\(scene.name)-\(size.0)x\(size.1)")
    }

    /// The scenes whose meaning is in their styles: a reply (what the customer reads) beside a
    /// work note (never sent), overdue waits, the selected row, the offer banner. Their style
    /// map is kept beside the text, so a colour or style regression fails as a text one does.
    static let styledScenes: [(scene: String, mustShow: [Style])] = [
        ("home-mine", [.selected, .header, .status]),
        ("home-queue", [.overdueSelected, .header]),
        ("home-all-open", [.selected, .overdue]),
        ("record-details", [.internalNote, .tabActive]),
        ("record-replies", [.reply, .selected]),
        ("offer-banner", [.attention]),
    ]

    @Test(arguments: styledScenes.map(\.scene), sizes)
    func styleSnapshot(_ name: String, _ size: (Int, Int)) throws {
        let scene = try #require(Self.scenes.first { $0.name == name })
        let (session, _, _) = makeSession(width: size.0, height: size.1)
        scene.steps(session)
        let grid = session.render()
        assertSnapshot(grid.styleMap, named: "\(name)-\(size.0)x\(size.1).styles")
        // The map is only worth keeping if it holds what the scene is about (at the usual size).
        if size == (80, 24) {
            let shown = Set(grid.cells.map(\.style))
            for style in Self.styledScenes.first(where: { $0.scene == name })!.mustShow {
                #expect(shown.contains(style), "\(name): no \(style) cell")
            }
        }
    }

    @Test func tooSmallAndRecovering() {
        let (session, _, _) = makeSession()
        session.press(.enter, .character("t"))
        session.send(.resize(width: 30, height: 8))
        assertSnapshot(session.screen, named: "too-small-30x8")
        session.send(.resize(width: 80, height: 24))
        #expect(session.screen.contains("Transfer IMS0000001"), "the dialog survives the resize")
    }

    @Test func timersTickWithTheClock() {
        let (session, _, clock) = makeSession()
        session.press(.enter)
        #expect(session.screen.contains("Duration 10:00 ▸"))
        clock.instant = t0.adding(65)
        session.tick()
        #expect(session.screen.contains("Duration 11:05 ▸"))
        #expect(session.screen.contains("2026-11-24 09:01:05 UTC"))
    }
}

extension Style {
    /// One character per style for the style maps (a legend heads each map).
    var mapCharacter: Character {
        switch self {
        case .normal: "."
        case .dim: "d"
        case .bold: "b"
        case .title: "t"
        case .header: "h"
        case .selected: "s"
        case .overdue: "o"
        case .overdueSelected: "O"
        case .status: "S"
        case .statusError: "E"
        case .key: "k"
        case .border: "#"
        case .input: "i"
        case .tabActive: "A"
        case .tabInactive: "a"
        case .attention: "!"
        case .calm: "c"
        case .caution: "u"
        case .urgent: "U"
        case .reply: "r"
        case .internalNote: "n"
        }
    }
}

extension Grid {
    /// The screen's styles, a character a cell, row by row (a wide glyph's two cells alike),
    /// under a legend: the compact attribute map kept beside a snapshot's text.
    var styleMap: String {
        let legend = "styles: " + Style.allCases.map { "\($0.mapCharacter) \($0)" }.joined(separator: ", ")
        let rows = (0..<height).map { y in String((0..<width).map { self[$0, y].style.mapCharacter }) }
        return ([legend] + rows).joined(separator: "\n")
    }
}
