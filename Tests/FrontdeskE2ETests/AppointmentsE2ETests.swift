import Foundation
import FrontdeskTestSupport
import Testing

/// A location's appointments in the real console: one booked with `appointment add`, listed
/// from the counter (`p`), moved to a free slot from the picker (`s`), then cancelled (`c`,
/// asked first); `appointment list` agrees afterwards.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct AppointmentsE2ETests {
    /// Tomorrow's date in UTC (the Lobby's zone), as the picker writes it.
    static var tomorrow: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date().addingTimeInterval(86_400))
    }

    @Test(arguments: TestBackend.allCases, [(80, 24), (40, 12)])
    func rescheduleAndCancelFromTheConsole(_ backend: TestBackend, _ size: (Int, Int)) throws {
        let tmux = try Tmux(backend: backend)
        defer { tmux.stop() }
        // The Lobby, open round the clock (the test runs at any hour), 15-minute slots in UTC.
        for arguments in [["queue", "add", "lobby", "--name", "Lobby", "--channels", "walk-up"],
                          ["config", "set", "queue.lobby.walk_up", "on"],
                          ["config", "set", "queue.lobby.walk_up.hours", "mon-sun 00:00-24:00"],
                          ["agent", "set", "ana", "--queues", "service-desk,lobby"],
                          ["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"],
                          ["appointment", "add", "--for", "zoe@example.com", "--at", "2030-06-03 10:00", "--location", "lobby",
                           "--reason", "Laptop repair"]] {
            let result = tmux.frontdesk(arguments)
            #expect(result.status == 0, "\(arguments): \(result.out)")
        }
        tmux.start([], width: size.0, height: size.1)
        #expect(tmux.waitFor("7 Lobby"), "with nothing assigned, ana starts on the counter:\n\(tmux.screen)")
        tmux.send("p")
        #expect(tmux.waitFor("Appointments · Lobby (1)"), "\(tmux.screen)")
        #expect(tmux.screen.contains("06-03 10:00") && tmux.screen.contains("Zoë Müller") && tmux.screen.contains("Booked"), "\(tmux.screen)")

        // Moved to tomorrow at 11:00: typed into the picker's search, the only slot left is taken.
        tmux.send("s")
        #expect(tmux.waitFor("Move APT0000001"), "\(tmux.screen)")
        tmux.type("\(Self.tomorrow) 11:00")
        #expect(tmux.waitFor("takes the only item"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("moved to"), "\(tmux.screen)")
        let moved = tmux.frontdesk(["appointment", "list", "--json"]).out
        let rows = (try? JSONSerialization.jsonObject(with: Data(moved.utf8)) as? [[String: Any]]) ?? []
        #expect(rows.first?["slot_start"] as? String == "\(Self.tomorrow)T11:00:00Z", "\(moved)")

        // Cancelled, asked first.
        tmux.send("c")
        #expect(tmux.waitFor("Cancel APT0000001?"), "\(tmux.screen)")
        tmux.send("c")
        #expect(tmux.waitFor("APT0000001 cancelled"), "\(tmux.screen)")
        #expect(tmux.waitFor("Cancelled"), "the list shows it cancelled:\n\(tmux.screen)")
        let listed = tmux.frontdesk(["appointment", "list"]).out
        #expect(listed.contains("APT0000001") && listed.contains("Cancelled") && listed.contains("\(Self.tomorrow) 11:00"), "\(listed)")

        tmux.send("Escape")
        #expect(tmux.waitUntil { $0.contains("7 Lobby") && !$0.contains("Appointments ·") }, "back on the counter:\n\(tmux.screen)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }
}
