import Testing
import FrontdeskCore
@testable import FrontdeskUI

// A walk-up location's settings in the console (supervisors, `L` on its counter): every setting
// `config set` takes for it, listed from the same tables; Enter edits one, saved as `.setConfig`.

/// The counter desk with ana made a supervisor, and a hostile closed message in the store.
func locationSettingsDesk() -> Desk {
    var desk = emptyCounterDesk()
    desk.run(.updateAgent(login: "ana", displayName: nil, queues: nil, role: .supervisor), by: "sam")
    var queue = desk.queues["lobby"]!
    queue.walkUp?.closedMessage = "Closed\u{1B}[2J now\u{07}\u{202E}"
    var change = ChangeSet()
    change.queues = [queue]
    desk.apply(change)
    return desk
}

/// A console on the Lobby's counter showing its settings.
func locationSettingsSession(width: Int = 80, height: Int = 24, desk: Desk = locationSettingsDesk()) -> (ConsoleSession, MemorySource, TestClock) {
    let (session, source, clock) = counterSession(width: width, height: height, desk: desk)
    session.press(UIAction.locationSettings)
    return (session, source, clock)
}

extension ConsoleSession {
    /// Selects the setting whose key is `key` and opens it for editing.
    func editSetting(_ key: String) {
        let keys = memory.desk.locationSettings("lobby").map(\.key)
        guard let index = keys.firstIndex(of: key) else { Issue.record("no setting \(key)"); return }
        press(UIAction.first)
        for _ in 0..<index { press(UIAction.moveDown) }
        press(UIAction.editSelected)
    }

    /// Empties the text field of the dialog open.
    func clearField() {
        press(.end)
        for _ in 0..<80 { send(.key(.backspace)) }
    }
}

struct LocationSettingsUITests {
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        let steps: @Sendable (ConsoleSession) -> Void
        var testDescription: String { name }
    }

    static let lastCheckIn = "queue.lobby.walk_up.last_check_in"

    static let scenes: [Scene] = [
        Scene(name: "location-settings-full") { _ in },
        Scene(name: "location-settings-last") { $0.press(UIAction.last) },
        Scene(name: "location-settings-editing") { $0.editSetting(lastCheckIn) },
        Scene(name: "location-settings-refused") { s in
            s.editSetting(lastCheckIn)
            s.clearField()
            s.type("soon")
            s.press(UIAction.confirm)
        },
        Scene(name: "location-settings-saved") { s in
            s.editSetting(lastCheckIn)
            s.clearField()
            s.type("30m")
            s.press(UIAction.confirm)
        },
        Scene(name: "location-settings-help") { $0.press(UIAction.help) },
    ]

    static let sizes = [(80, 24), (40, 12)]

    @Test(arguments: scenes, sizes)
    func snapshot(_ scene: Scene, _ size: (Int, Int)) {
        let (session, _, _) = locationSettingsSession(width: size.0, height: size.1)
        scene.steps(session)
        let text = session.screen
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{202E}"), "no control character reaches the grid")
        assertSnapshot(text, named: "\(scene.name)-\(size.0)x\(size.1)")
    }

    @Test func theListIsGeneratedFromTheTablesConfigSetReads() throws {
        let (session, source, _) = locationSettingsSession(width: 120, height: 40)
        #expect(session.state.screen == .locationSettings && session.state.keyContext == .locationSettings)
        let rows = source.desk.locationSettings("lobby")
        #expect(rows.map(\.key) == WalkUpConfig.settings.map { "queue.lobby.walk_up.\($0.name)" }
                    + ["queue.lobby.hours", "queue.lobby.holidays", "queue.lobby.time_zone"])
        for row in rows { #expect(try row.value == source.desk.configValue(row.key), "\(row.key): as `config get` prints it") }
        let screen = session.screen
        for row in rows { #expect(screen.contains(row.label), "\(row.label) listed") }
        #expect(screen.contains("Last check in") && screen.contains("Service-level hours") && screen.contains("Closed now"),
                "readable labels; the stored value sanitised:\n\(screen)")
    }

    @Test func enterSavesTheTypedValueThroughSetConfigAndTheListShowsIt() throws {
        let (session, source, _) = locationSettingsSession()
        session.editSetting(Self.lastCheckIn)
        guard case .text(let prompt)? = session.state.dialog else { Issue.record("no text dialog"); return }
        #expect(prompt.field.text == (try source.desk.configValue(Self.lastCheckIn)), "prefilled with the current value")
        session.clearField()
        session.type("30m")
        session.press(UIAction.confirm)
        #expect(source.saved == [.setConfig(key: Self.lastCheckIn, value: "30m")])
        #expect(source.desk.queues["lobby"]?.walkUp?.lastCheckInMinutes == 30)
        #expect(session.state.dialog == nil && session.state.screen == .locationSettings)
        let row = try #require(session.screen.split(separator: "\n").first { $0.contains("Last check in") })
        #expect(row.contains("30m"), "\(row)")
    }

    @Test func aRefusedValueNamesTheRuleKeepsWhatWasTypedAndChangesNothing() throws {
        let (session, source, _) = locationSettingsSession()
        let before = source.desk.queues["lobby"]
        session.editSetting(Self.lastCheckIn)
        session.clearField()
        session.type("soon")
        session.press(UIAction.confirm)
        #expect(source.saved.isEmpty && source.desk.queues["lobby"] == before, "the desk is as it was")
        guard case .text(let prompt)? = session.state.dialog else { Issue.record("the field closed"); return }
        #expect(prompt.field.text == "soon", "what was typed is kept")
        let message = try #require(session.state.status)
        #expect(message.isError && message.text.contains("last_check_in") && message.text.contains("minutes before closing"), "\(message.text)")
    }

    @Test func escCancelsTheEditThenLeavesForTheCounter() throws {
        let (session, source, _) = locationSettingsSession()
        session.editSetting(Self.lastCheckIn)
        session.press(.escape)
        #expect(session.state.dialog == nil && session.state.screen == .locationSettings && source.saved.isEmpty)
        session.press(.escape)
        #expect(session.state.screen == .home && session.state.home.counter == "lobby" && session.state.locationSettings == nil)
        session.press(UIAction.locationSettings)
        session.press(.character("q"))
        #expect(session.state.screen == .home && session.state.home.counter == "lobby")
    }

    @Test func anAgentIsRefusedWithTheRule() {
        let (session, _, _) = counterSession(desk: emptyCounterDesk())
        session.press(.character("L"))
        #expect(session.state.screen == .home && session.state.locationSettings == nil)
        #expect(session.state.status?.text == "location settings are for supervisors")
        #expect(!session.screen.contains("L settings"), "no hint for a key that is refused")
    }

    @Test func aSupervisorsCounterOffersTheSettings() {
        let (session, _, _) = counterSession(width: 120, desk: locationSettingsDesk())
        #expect(session.screen.contains("L settings"), "\(session.screen)")
    }

    @Test func everyMovementKeyMovesTheSelection() {
        let (session, source, _) = locationSettingsSession(width: 40, height: 12)
        let count = source.desk.locationSettings("lobby").count
        let page = session.state.locationSettingRows
        #expect(count > page, "the list is longer than the window at 40x12")
        func selected() -> Int? { session.state.locationSettings?.cursor.selected }
        let steps: [(Key, Int)] = [(.down, 1), (.character("j"), 2), (.up, 1), (.character("k"), 0), (.end, count - 1),
                                   (.home, 0), (.pageDown, page), (.pageUp, 0)]
        for (key, expected) in steps {
            session.press(key)
            #expect(selected() == expected, "\(key)")
        }
        session.press(.end)
        #expect(session.screen.contains("Service-leve…"), "the last row is in view")
    }
}
