import Foundation
import FrontdeskTestSupport
import Testing

/// The console's work lists and `frontdesk list` are one column table: at the same width they
/// print the same headers, in the same columns, and the same cells.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ListColumnsE2ETests {
    @Test(arguments: [60, 80, 100, 120])
    func theConsoleAndListAgreeOnColumns(width: Int) throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        #expect(tmux.frontdesk(["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"]).status == 0)
        #expect(tmux.frontdesk(["new", "--type", "walk-up", "--for", "zoe@example.com", "--short", "Badge not opening door B2", "--agent", "ana"]).status == 0)
        #expect(tmux.frontdesk(["complete", "1"]).status == 0)
        // A closed record: its timers stand still, so its row is the same whenever it is read.
        let printed = Tmux.run([Tmux.binary, "list", "--view", "closed"], environment: ProcessInfo.processInfo.environment.merging(
            ["FRONTDESK_STORE": tmux.root + "/store", "FRONTDESK_AGENT": "ana", "COLUMNS": "\(width)"]) { $1 }).out
        let lines = printed.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let header = try #require(lines.first), row = try #require(lines.first { $0.hasPrefix("IMS0000001") })

        tmux.start([], width: width, height: 24)
        #expect(tmux.waitFor("My work"), "\(tmux.screen)")
        tmux.send("4")
        #expect(tmux.waitFor("IMS0000001"), "\(tmux.screen)")
        let screen = tmux.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(screen.contains(header), "list's header \(header) is the console's:\n\(tmux.screen)")
        #expect(screen.contains(row), "list's row \(row) is the console's:\n\(tmux.screen)")
        #expect(header.hasPrefix("NUMBER") && header.contains("SHORT DESCRIPTION") && header.hasSuffix("WAIT" + (width >= 72 ? " DURATION" : "")))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
