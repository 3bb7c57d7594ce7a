import Foundation
import Testing
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport

/// `frontdesk report` on both backends: every figure of every grouping agrees with an
/// independent computation (`report_reference.py`) over `export --format jsonl` and the
/// records' audit trails, on a desk with every state, transfers, holds, wrap-ups, abandons,
/// ratings, walk-up reasons, London's change back to GMT and a holiday, partly in history.
@Suite(.serialized) struct CLIReportTests {
    static let zone = "Europe/London"
    /// 2026-10-25 01:00 UTC: London's clocks go back. 2026-10-26 is the walk-in's holiday.
    static let first = "2026-10-23", last = "2026-10-27"

    static func at(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Instant {
        Instant(CivilTime(year: 2026, month: 10, day: day, hour: hour, minute: minute))
    }

    /// Builds the desk through the store's own commands at fixed instants: 15 records, 13 of them in the period.
    static func buildDesk(_ cli: CLI) throws {
        var store = try #require(cli.place).open()
        func run(_ command: DeskCommand, by actor: String = "ana", _ when: Instant) throws {
            try store.perform(command, by: actor, at: when)
        }
        let setup = at(20, 8)
        try run(.setConfig(key: "phone_channel", value: "on"), setup)
        try run(.setConfig(key: "wrap_up.chat", value: "on"), setup)
        try run(.addQueue(id: "walk-in", name: "Walk-in", channels: [.walkUp], targetWaitSeconds: 120), setup)
        // Office hours: a phone call on Sunday night waits in closed time (the service-level figures differ from the wall clock's).
        try run(.setConfig(key: "queue.service-desk.hours", value: "mon-fri 09:00-17:00"), setup)
        try run(.setConfig(key: "queue.service-desk.time_zone", value: zone), setup)
        for (key, value) in [("queue.walk-in.walk_up", "on"), ("queue.walk-in.walk_up.hours", "mon-sun 00:00-24:00"),
                             ("queue.walk-in.walk_up.last_check_in", "0"), ("queue.walk-in.walk_up.time_zone", zone),
                             ("queue.walk-in.walk_up.holidays", "2026-10-26"),
                             ("queue.walk-in.walk_up.reasons", "Password reset,Laptop repair")] {
            try run(.setConfig(key: key, value: value), setup)
        }
        try run(.updateAgent(login: "bo", displayName: nil, queues: ["service-desk", "walk-in"], role: nil), setup)
        try run(.updateAgent(login: "ana", displayName: nil, queues: ["service-desk", "walk-in"], role: nil), setup)

        var count = 0
        /// A contact through `type` opened at `opened`, then `steps` (seconds after, transition, actor).
        func contact(_ type: InteractionType, _ opened: Instant, _ steps: [(Int64, RecordTransition, String)],
                     replies: [Int64] = [], rating: (Int64, Int)? = nil) throws {
            count += 1
            let number = "IMS" + String(repeating: "0", count: 7 - String(count).count) + String(count)
            try run(.intake(type: type, openedFor: nil, queue: nil, text: "help", caller: type == .chat ? "visitor-\(count)" : nil), by: "ana", opened)
            try run(.edit(number: number, [.shortDescription("Contact \(count)")]), opened)
            var events: [(Int64, () throws -> Void)] = steps.map { step in
                (step.0, { try run(.transition(number: number, step.1), by: step.2, opened.adding(step.0)) })
            }
            events += replies.map { s in (s, { try run(.reply(number: number, text: "reply"), by: "ana", opened.adding(s)) }) }
            for (_, event) in events.sorted(by: { $0.0 < $1.0 }) { try event() }
            if let (s, score) = rating { try run(.rate(number: number, score: score, comment: nil, token: nil), opened.adding(s)) }
        }
        // Outside the period, either side.
        try contact(.chat, at(22, 22), [(30, .accept, "ana"), (90, .complete, "ana")])
        // Friday: answered chats with replies, wrap-ups and ratings; an abandoned phone call.
        try contact(.chat, at(23, 9), [(60, .accept, "ana"), (400, .endConversation, "ana"),
                                       (430, .submitWrapUp(code: "Resolved", notes: ""), "ana")], replies: [100, 200], rating: (500, 5))
        try contact(.phone, at(23, 10), [(400, .abandon, "ana")])
        try contact(.chat, at(23, 11), [(500, .accept, "bo"), (700, .hold(reason: nil), "bo"), (760, .resume, "bo"),
                                        (800, .endConversation, "bo"), (860, .submitWrapUp(code: "Escalated", notes: ""), "bo")],
                    replies: [550], rating: (900, 2))
        // Saturday 23:30 UTC is Sunday 00:30 BST: a transfer to an agent, then one to the queue, abandoned there.
        try contact(.chat, at(24, 23, 30), [(200, .accept, "bo"), (260, .transfer(.agent("ana")), "bo"), (320, .accept, "ana"),
                                            (500, .endConversation, "ana"), (520, .submitWrapUp(code: "Resolved", notes: ""), "ana")])
        try contact(.phone, at(25, 0, 30), [(20, .accept, "ana"), (80, .transfer(.queue("service-desk")), "ana"), (900, .abandon, "ana")])
        // 01:30 GMT, the same local hour as an hour before.
        try contact(.phone, at(25, 1, 30), [(310, .accept, "bo"), (610, .complete, "bo")], rating: (700, 4))
        // Monday, the walk-in's holiday: chats and phone calls still come.
        try contact(.chat, at(26, 9), [(0, .accept, "ana"), (30, .hold(reason: nil), "ana"), (150, .complete, "ana")], rating: (200, 4))
        try contact(.phone, at(26, 13), [(100, .accept, "bo"), (200, .transfer(.agent("ana")), "bo"), (260, .accept, "ana"),
                                         (300, .transfer(.agent("bo")), "ana"), (330, .accept, "bo"), (400, .complete, "bo")])
        // Tuesday: walk-ups with reasons, one still waiting, one in progress; an open chat.
        for (i, reason, hour) in [(1, "Password reset", 9), (2, "Laptop repair", 10), (3, "Password reset", 11), (4, "Laptop repair", 12)] {
            count += 1
            let number = "IMS" + String(repeating: "0", count: 7 - String(count).count) + String(count)
            let opened = at(27, hour)
            try run(.checkIn(location: "walk-in", customer: nil, guestName: "Guest \(i)", contact: nil, reason: reason,
                             token: "report-token-\(i)-abcdefghijk"), opened)
            switch i {
            case 1: for (s, t) in [(Int64(90), RecordTransition.accept), (400, .complete)] { try run(.transition(number: number, t), opened.adding(s)) }
                    try run(.rate(number: number, score: 5, comment: nil, token: nil), opened.adding(500))
            case 2: for (s, t) in [(Int64(150), RecordTransition.accept), (200, .hold(reason: nil)), (260, .resume), (700, .complete)] {
                        try run(.transition(number: number, t), by: "bo", opened.adding(s))
                    }
            case 3: try run(.transition(number: number, .abandon), opened.adding(1000))
            default: try run(.transition(number: number, .accept), opened.adding(30))
            }
        }
        try contact(.chat, at(27, 15), [])
        try contact(.chat, at(28, 9), [(10, .accept, "ana"), (20, .complete, "ana")])
        // What closed weeks ago goes to history (the file store compacts; PostgreSQL reopens).
        store = try #require(cli.place).makeHistory(store, at: Instant(seconds: Int64(time(nil))))
        _ = store
    }

    @Test(arguments: TestBackend.allCases)
    func everyFigureAgreesWithTheReference(_ backend: TestBackend) throws {
        let cli = try CLI(backend, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try Self.buildDesk(cli)

        let export = cli.run(["export", "--format", "jsonl", "--out", cli.root + "/export.jsonl"])
        #expect(export.status == 0, "\(export.err)")
        let lines = try String(contentsOfFile: cli.root + "/export.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 15)
        var trails = ""
        for line in lines {
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let shown = cli.run(["show", try #require(record["number"] as? String), "--json"])
            #expect(shown.status == 0)
            trails += shown.out.replacingOccurrences(of: "\n", with: "") + "\n"
        }
        try trails.write(toFile: cli.root + "/trails.jsonl", atomically: true, encoding: .utf8)
        try Self.queuesJSON.write(toFile: cli.root + "/queues.json", atomically: true, encoding: .utf8)

        for grouping in ["queue", "agent", "channel", "reason", "wrap-up", "hour", "day"] {
            let report = cli.run(["report", "--from", Self.first, "--to", Self.last, "--zone", Self.zone, "--by", grouping, "--json"])
            #expect(report.status == 0, "\(grouping): \(report.err)")
            let reference = cli.run([cli.root + "/export.jsonl", cli.root + "/trails.jsonl", cli.root + "/queues.json",
                                     Self.first, Self.last, Self.zone, grouping].map { $0 }, executable: "/usr/bin/python3",
                                    environment: ["PYTHONDONTWRITEBYTECODE": "1"], prepending: Self.referenceScript)
            #expect(reference.status == 0, "\(reference.err)")
            let ours = try #require(try JSONSerialization.jsonObject(with: Data(report.out.utf8)) as? [String: Any])
            let theirs = try #require(try JSONSerialization.jsonObject(with: Data(reference.out.utf8)) as? [String: Any])
            #expect(ours["from"] as? String == theirs["from"] as? String && ours["to"] as? String == theirs["to"] as? String)
            // Business time changed a figure: 01:30 GMT on Sunday waited 310 s on the wall clock, none in office hours.
            let ourTotal = try #require(ours["total"] as? [String: Any])
            #expect(ourTotal["within_target"] as? Int == 6 && theirs["wall_clock_within_target"] as? Int == 5, "\(grouping)")
            let ourRows = (ours["rows"] as? [[String: Any]] ?? []) + [ours["total"] as? [String: Any] ?? [:]]
            let theirRows = (theirs["rows"] as? [[String: Any]] ?? []) + [theirs["total"] as? [String: Any] ?? [:]]
            #expect(ourRows.map { $0["key"] as? String } == theirRows.map { $0["key"] as? String }, "\(grouping)")
            for (a, b) in zip(ourRows, theirRows) {
                for (key, expected) in b where key != "key" {
                    #expect(Self.same(a[key], expected), "\(grouping) \(b["key"] ?? "") \(key): \(a[key] ?? "missing") vs \(expected)")
                }
            }
        }
        // The day London's clocks went back: its local day has 25 hours of contacts.
        let day = cli.run(["report", "--from", "2026-10-25", "--to", "2026-10-25", "--zone", Self.zone, "--by", "hour", "--json"])
        let byHour = try #require(try JSONSerialization.jsonObject(with: Data(day.out.utf8)) as? [String: Any])
        #expect((byHour["rows"] as? [[String: Any]])?.map { $0["key"] as? String } == ["00:00", "01:00"])
        #expect((byHour["rows"] as? [[String: Any]])?.last?["contacts"] as? Int == 2)
    }

    /// The queues as the reference reads them, written out by hand from what `buildDesk` set.
    static let queuesJSON = #"""
        {"service-desk": {"target": 300, "zone": "Europe/London",
                          "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
                                    "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}},
         "walk-in": {"target": 120, "zone": "Europe/London", "holidays": ["2026-10-26"],
                     "hours": {"mon": ["00:00-24:00"], "tue": ["00:00-24:00"], "wed": ["00:00-24:00"], "thu": ["00:00-24:00"],
                               "fri": ["00:00-24:00"], "sat": ["00:00-24:00"], "sun": ["00:00-24:00"]}}}
        """#

    static var referenceScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("report_reference.py").path
    }

    static func same(_ a: Any?, _ b: Any) -> Bool {
        if b is NSNull { return a == nil || a is NSNull }
        guard let x = (a as? NSNumber)?.doubleValue, let y = (b as? NSNumber)?.doubleValue else { return false }
        return abs(x - y) < 0.00006
    }
}

extension CLI {
    /// Runs `executable` with `script` before the arguments (a reference script under python3).
    func run(_ arguments: [String], executable: String, environment: [String: String], prepending script: String) -> Result {
        run([script] + arguments, agent: nil, executable: executable, environment: environment)
    }
}
