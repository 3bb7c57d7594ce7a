import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskUI

let t0 = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 9))

/// A desk held in memory, with a clock the test moves.
final class MemorySource: DeskSource {
    var desk: Desk
    var changedOutside = false
    /// The store as it really is, when another writer changed it and this console has not
    /// read it yet (`refresh` catches up).
    var behind: Desk?
    /// Every command saved, one per journal line.
    var saved: [DeskCommand] = []
    /// The canned replies the console is given.
    var templateList: [ReplyTemplate] = []
    func templates() -> [ReplyTemplate] { templateList }
    init(_ desk: Desk) { self.desk = desk }
    func perform(_ command: DeskCommand, by actor: String, clock: any TimeSource) throws -> CommandResult {
        var current = behind ?? desk
        let result = try current.plan(command, by: actor, at: clock.now())
        current.apply(result.changes)
        desk = current
        behind = nil
        saved.append(command)
        return result
    }
    func refresh() throws -> Bool {
        if let behind {
            desk = behind
            self.behind = nil
            return true
        }
        defer { changedOutside = false }
        return changedOutside
    }
    /// Routing on: this console routes, as the one holding the store's routing lock would.
    var routing = false
    func route(clock: any TimeSource) throws -> Bool {
        guard routing else { return false }
        var changed = false
        for decision in desk.routingDecisions(at: clock.now()) {
            let result = try desk.plan(decision.command, by: Desk.routingActor, at: clock.now())
            desk.apply(result.changes)
            changed = true
        }
        return changed
    }

    /// Other consoles on the store (their heartbeats); what this one last announced.
    var others: [Viewer] = []
    var announced: Viewer?
    func heartbeat(_ me: Viewer, clock: any TimeSource) -> [Viewer] {
        announced = me
        return others
    }

    /// Another agent or gateway changes the store; this console does not know yet.
    func changeElsewhere(_ command: DeskCommand, by actor: String, at now: Instant = t0) {
        var current = behind ?? desk
        current.run(command, by: actor, at: now)
        behind = current
    }
}

final class TestClock: TimeSource, @unchecked Sendable {
    var instant: Instant
    init(_ instant: Instant) { self.instant = instant }
    func now() -> Instant { instant }
}

extension Desk {
    mutating func run(_ command: DeskCommand, by actor: String = "ana", at now: Instant = t0) {
        let result = try! plan(command, by: actor, at: now)
        apply(result.changes)
    }
}

/// A small desk with wide characters, a hostile customer name and records in several states.
func sampleDesk() -> Desk {
    var desk = Desk(config: DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk"))
    var base = ChangeSet()
    base.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300),
                   Queue(id: "walk-in", name: "Walk-in Counter", channels: [.walkUp], targetWaitSeconds: 600)]
    base.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk", "walk-in"]),
                   Agent(login: "bo", displayName: "Bo Chen", queues: ["service-desk"]),
                   Agent(login: "sam", displayName: "Sam Ortiz", queues: ["service-desk"], role: .supervisor)]
    base.customers = [
        Customer(id: "CUS0000001", name: "Zoë Müller", email: "zoe@example.com", phone: "+15551234567", company: "ACME"),
        Customer(id: "CUS0000002", name: "山田 太郎", email: "taro@example.jp", company: "株式会社サンプル", vip: true),
        Customer(id: "CUS0000003", name: "Evil\u{1B}]0;pwned\u{07}\u{1B}[31m Corp\u{202E}", email: "evil@example.com"),
    ]
    base.counters = [.customer: 3]
    desk.apply(base)
    desk.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "VPN drops every few minutes", accept: true), at: t0.adding(-600))
    desk.run(.addNote(number: "IMS0000001", text: "Asked for a screenshot 📷", expectedVersion: nil), at: t0.adding(-300))
    desk.run(.createTask(number: "IMS0000001", kind: .incident), at: t0.adding(-200))
    desk.run(.intake(type: .walkUp, openedFor: "CUS0000002", queue: "walk-in", text: "バッジが使えません"), by: "walk-up", at: t0.adding(-900))
    desk.run(.intake(type: .chat, openedFor: "CUS0000003", queue: nil, text: "\u{1B}[2Jhello"), by: "chat", at: t0.adding(-60))
    desk.run(.intakeMessage(channel: .sms, identifier: "+44 20 7946 0958", text: "Is there an outage?", queue: nil), by: "sms", at: t0.adding(-30))
    desk.run(.create(type: .phone, openedFor: "CUS0000001", queue: nil, shortDescription: "Old laptop return", accept: true), at: t0.adding(-86_400))
    desk.run(.transition(number: "IMS0000005", .complete), at: t0.adding(-86_000))
    return desk
}

func makeSession(width: Int = 80, height: Int = 24, desk: Desk = sampleDesk()) -> (ConsoleSession, MemorySource, TestClock) {
    let source = MemorySource(desk)
    let clock = TestClock(t0)
    let session = ConsoleSession(source: source, clock: clock, agent: "ana", storeLabel: "~/.local/share/frontdesk",
                                 width: width, height: height)
    return (session, source, clock)
}

extension ConsoleSession {
    /// Presses each key, then lets what it started in the background (a report's read) finish.
    func press(_ keys: Key...) { for key in keys { send(.key(key)); settle() } }
    /// Presses the key bound to each action where the console is at that moment, then lets
    /// what it started in the background finish.
    func press(_ actions: UIAction...) {
        for action in actions {
            guard let key = Bindings.key(for: action, in: state.keyContext) else {
                Issue.record("no key for \(action) in \(state.keyContext)")
                return
            }
            send(.key(key))
            settle()
        }
    }
    /// Waits (10 s at most) for the background reads to end, taking their answers as they come.
    func settle() {
        let deadline = Date().addingTimeInterval(10)
        while isReadingInBackground, Date() < deadline {
            if !poll() { usleep(1000) }
        }
    }
    func type(_ text: String) { for c in text { send(.key(.character(c))) } }
    var screen: String { render().text }
    var memory: MemorySource { source as! MemorySource }
}

/// Compares a rendered screen with its stored snapshot; records it when missing or when
/// FRONTDESK_RECORD_SNAPSHOTS is set (then the test fails so the recording is noticed).
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation,
                    filePath: String = #filePath) {
    let directory = (filePath as NSString).deletingLastPathComponent + "/__Snapshots__"
    let path = directory + "/\(name).txt"
    let record = ProcessInfo.processInfo.environment["FRONTDESK_RECORD_SNAPSHOTS"] != nil
    if !record, let stored = try? String(contentsOfFile: path, encoding: .utf8) {
        #expect(text + "\n" == stored, "snapshot \(name) differs:\n\(text)", sourceLocation: sourceLocation)
        return
    }
    try? (text + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    Issue.record("recorded snapshot \(name); run the tests again", sourceLocation: sourceLocation)
}

extension Grid {
    /// The style of the first cell of `word` on the screen (its first occurrence), or nil.
    func style(of word: String) -> Style? {
        let wanted = word.map(String.init)
        for y in 0..<height {
            let cells = (0..<width).map { self[$0, y] }.filter { !$0.isContinuation }
            for start in cells.indices where start + wanted.count <= cells.count {
                if (0..<wanted.count).allSatisfy({ cells[start + $0].text == wanted[$0] }) { return cells[start].style }
            }
        }
        return nil
    }
}
