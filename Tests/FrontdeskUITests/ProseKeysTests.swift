import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// Every key the screen's prose names ("T creates…", "(Enter retries)", "(j, PgDn)") is the
/// key bound to that action: moved in the table, the words follow it.
struct ProseKeysTests {
    /// The standard table with the keys of `moved` actions replaced.
    static func table(moving moved: [UIAction: [Key]]) -> [KeyBinding] {
        Bindings.standard.map { binding in
            var binding = binding
            if let keys = moved[binding.action] { binding.keys = keys }
            return binding
        }
    }

    /// Keys no action of the standard table uses, so a word left written by hand shows.
    static let moved: [UIAction: [Key]] = [
        .newTask: [.character("Y")], .linkTask: [.character("V")], .editSelected: [.function(5)],
        .reply: [.character("G")], .linkProfile: [.character("Z")], .addNote: [.character("X")],
        .moveDown: [.down, .character("J")], .pageDown: [.function(8)], .newInteraction: [.character("N")],
    ]

    /// A messaging record with a long conversation ending in a failed reply, its profile not
    /// linked to a customer: every line of the Details pane that names a key.
    static func talkativeDesk() -> Desk {
        var desk = HintTests.statesDesk()
        desk.run(.transition(number: "IMS0000006", .resume))
        for i in 1...6 {
            desk.run(.intakeMessage(channel: .whatsapp, identifier: "+1 555 777 0101", text: "message \(i)", queue: nil), by: "sms")
        }
        desk.run(.reply(number: "IMS0000006", text: "On it"))
        let id = desk.interaction("IMS0000006")?.transcript.last?.id ?? ""
        desk.run(.replyFailed(id: id, reason: "bounced"), by: "sms")
        return desk
    }

    /// The Details and Related Tasks panes' lines as text, and the record screen drawn.
    static func recordProse(_ desk: Desk) -> (details: String, related: String, screen: String) {
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 120, height: 20)
        state.reloadRows(desk)
        state.open("IMS0000006", from: nil)
        let r = desk.interaction("IMS0000006")!
        func text(_ pane: Pane) -> String {
            state.paneLines(pane, of: r, desk: desk).map { $0.label + " " + $0.value }.joined(separator: "\n")
        }
        return (text(.details), text(.relatedTasks), state.render(desk).text)
    }

    static func emptyHome() -> String {
        let desk = Desk(config: DeskConfig(phoneChannel: true, wrapUp: [], defaultQueue: "service-desk"))
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 100, height: 24)
        state.reloadRows(desk)
        return state.render(desk).text
    }

    @Test func theStandardTableReadsAsBefore() {
        let (details, related, screen) = Self.recordProse(Self.talkativeDesk())
        for words in ["earlier: Enter reads it all", "(Enter retries)", "reply to the customer (i)", "(p: link to a customer)", "add a work note (w)"] {
            #expect(details.contains(words), "Details pane: “\(words)” missing")
        }
        #expect(related.contains("T creates an incident, case or request; L associates one."))
        #expect(screen.contains("more lines (j, PgDn)"), "\(screen)")
        #expect(Self.emptyHome().contains("Press n to take a contact"))
    }

    @Test func proseFollowsTheKeysMovedInTheTable() {
        let desk = Self.talkativeDesk()
        let table = Self.table(moving: Self.moved)
        let (details, related, screen) = Bindings.$rebound.withValue(table) { Self.recordProse(desk) }
        let home: String = Bindings.$rebound.withValue(table) { Self.emptyHome() }
        for words in ["earlier: F5 reads it all", "(F5 retries)", "reply to the customer (G)", "(Z: link to a customer)", "add a work note (X)"] {
            #expect(details.contains(words), "Details pane: “\(words)” missing:\n\(details)")
        }
        #expect(related.contains("Y creates an incident, case or request; V associates one."), "\(related)")
        #expect(screen.contains("more lines (J, F8)"), "\(screen)")
        #expect(home.contains("Press N to take a contact"), "\(home)")
        // And no word still names the old keys.
        for old in ["Enter reads", "Enter retries", "(i)", "(p:", "(w)"] { #expect(!details.contains(old), "“\(old)” still written by hand") }
        #expect(!related.contains("T creates") && !screen.contains("(j, PgDn)") && !home.contains("Press n "))
    }
}
