import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskUI

/// SplitMix64: a small seeded generator, so a run can be repeated exactly from its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// History held in memory: closed records moved out of the working set, as a compaction does,
/// so the Closed and Archived lists read rows (and searches) from history.
final class MemoryHistory: HistoryReader, @unchecked Sendable {
    private let records: [Interaction]
    private let rows: [WorkView: [HistoryRow]]

    init(_ records: [Interaction], rowsFrom desk: Desk) {
        self.records = records.sorted { $0.number > $1.number }
        var rows: [WorkView: [HistoryRow]] = [:]
        for view in [WorkView.closed, .archived] {
            rows[view] = self.records.filter { desk.belongs($0, to: view, agent: "") }.map { desk.row($0, at: t0) }
        }
        self.rows = rows
    }

    var recordCount: Int { records.count }
    func count(in view: WorkView) -> Int { rows[view]?.count ?? 0 }
    func row(in view: WorkView, at index: Int) -> HistoryRow? {
        guard let list = rows[view], list.indices.contains(index) else { return nil }
        return list[index]
    }
    func record(number: String) throws -> Interaction? { records.first { $0.number == number } }
    func task(number: String) throws -> RelatedTask? { nil }
    func rows(ofCustomer id: String) -> [HistoryRow] { rows.values.flatMap { $0 }.filter { $0.openedFor == id }.sorted { $0.number > $1.number } }
    func numbers(ofCustomer id: String) -> [String] { rows(ofCustomer: id).map(\.number) }
    func search(_ query: SearchQuery, in view: WorkView, isCancelled: @Sendable () -> Bool) -> [Int]? {
        (rows[view] ?? []).indices.filter { i in
            let row = rows[view]![i]
            return query.matches(row.number) || query.matches(row.shortDescription) || query.matches(row.customerName)
        }
    }
    func search(_ query: SearchQuery) -> [HistoryRow] {
        rows.values.flatMap { $0 }.filter { query.matches($0.number) || query.matches($0.shortDescription) }
    }
}

/// The full desk with 120 closed records (40 of them archived) moved to history.
func historyDesk() -> Desk {
    var desk = fullDesk()
    var moved: [String] = []
    for i in 0..<120 {
        let before = desk.interactions.count
        desk.run(.create(type: .walkUp, openedFor: i % 2 == 0 ? "CUS0000001" : nil, queue: nil, shortDescription: "old visit \(i) ワイド",
                         accept: true), at: t0.adding(Int64(-50_000 + i * 10)))
        let number = desk.interactions[before].number
        desk.run(.transition(number: number, .complete), at: t0.adding(Int64(-50_000 + i * 10 + 5)))
        if i % 3 == 0 { desk.run(.transition(number: number, .archive), at: t0.adding(Int64(-50_000 + i * 10 + 6))) }
        moved.append(number)
    }
    let records = desk.interactions.filter { moved.contains($0.number) }
    desk.history = MemoryHistory(records, rowsFrom: desk)
    desk.remove(Set(moved))
    return desk
}

/// Whole screens under random input: keys (every bound one, every movement key, editing and
/// function keys, Ctrl-letters), typed and pasted text (multibyte, wide, combining, emoji,
/// control characters), ticks, resizes down to 1×1, and changes from elsewhere, through the
/// session (update function, commands saved to an in-memory desk) and the renderer. Episodes
/// start on every list, pane, dialog and view, on an empty desk and on a full one. A crash
/// ends the test process, so a passing run is a run of 0 crashes.
@Suite struct ConsoleFuzzTests {
    /// Bytes a terminal sends for a key (an arrow is ESC [ A; PgUp ESC [ 5 ~).
    static func bytes(of key: Key) -> Int {
        switch key {
        case .character(let c): return String(c).utf8.count
        case .enter, .escape, .tab, .backspace, .control: return 1
        case .up, .down, .left, .right, .backTab: return 3
        case .home, .end, .pageUp, .pageDown, .insert, .delete: return 4
        case .function(let n): return n <= 4 ? 3 : 5
        }
    }

    static let boundKeys: [Key] = Array(Set(Bindings.all.flatMap(\.keys))).sorted { $0.label < $1.label }
    static let editingKeys: [Key] = [.enter, .escape, .tab, .backTab, .backspace, .delete, .insert, .left, .right,
                                     .up, .down, .pageUp, .pageDown, .home, .end]
        + (1...12).map { .function($0) } + "abcdefghijklmnopqrstuvwxyz".map { .control($0) }

    /// Characters that have broken consoles: wide, combining, joined, right-to-left, control.
    static let awkward: [String] = ["é", "e\u{301}", "\u{301}", "山", "ワ", "イ", "ド", "🙂", "👨‍👩‍👧", "🇬🇧", "\u{1F1EC}", "\u{1F1E7}",
                                       "\u{200D}", "\u{200B}", "\u{202E}", "\u{FE0F}", "\u{FFFD}", "ß", "Ω", "ж", "ع", "\u{0}", "\u{7}",
                                       "\u{8}", "\u{9}", "\n", "\r", "\u{1B}", "\u{7F}", "\u{85}", "\u{9B}", "\u{2028}", "\u{E000}",
                                       "\u{10FFFF}", "€", "—", "“", "\u{1B}[2J", "\u{1B}]0;x\u{7}"]

    /// A character as typed: mostly ASCII, often awkward (some are a few characters long).
    static func randomText(_ g: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<10, using: &g) {
        case 0..<5: return String(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &g)))
        case 5..<8: return awkward.randomElement(using: &g)!
        case 8: return String(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FFF, using: &g))!)
        default:
            // Any scalar at all (surrogates are not scalars: those become an x).
            return Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &g)).map(String.init) ?? "x"
        }
    }

    static let sizes: [(Int, Int)] = [(1, 1), (20, 5), (40, 12), (80, 24), (39, 10), (40, 10), (41, 11), (100, 30), (200, 60), (0, 0), (60, 9)]

    /// Where an episode starts: every list, every pane, dialogs, and the views.
    static let starts: [[Key]] = {
        func c(_ text: String) -> Key { .character(Character(text)) }
        var starts: [[Key]] = (1...6).map { [c(String($0))] }
        starts.append([c("/"), c("e")])
        for pane in ["1", "2", "3"] {
            starts += [[.enter, c(pane)], [c("2"), .enter, c(pane)], [c("3"), .end, .enter, c(pane)]]
        }
        let onRecord: [[Key]] = [[c("t")], [c("1"), .down, .enter], [c("i"), .control("t")], [c("w")], [c("c")], [c("T")],
                                 [c("h")], [c("u")], [c("p")], [c("W")], [c("e")], [c("1"), .up, .up, .enter]]
        starts += onRecord.map { [.enter] + $0 }
        // On the full desk, the second of My work is IMS0000004: a long conversation, repliable.
        starts += [[.down, .enter, .home, .enter], [.down, .enter, c("i"), .control("t")], [.down, .enter, c("i")]]
        starts += [[c("n")], [c("n"), .tab, c("e")], [c("P")], [c("?")], [c("m")], [c("B")], [c("A")], [c("R")]]
        // The walk-up counter (on a desk with a location): calling, the no-show question, accepting.
        starts += [[c("7")], [c("7"), c("C"), c("C"), c("N")], [c("7"), c("C"), c("a"), .escape]]
        // A location's appointments (on a desk that has some): the list, cancelling, the slot picker, booking.
        starts += [[c("7"), c("p")], [c("7"), c("p"), .end, c("c")], [c("7"), c("p"), .down, .down, c("s")], [c("7"), c("p"), c("b")]]
        // A search of history's Closed list, at a place whose fixed episode runs on the history desk
        // (start 46: 46 % 4 picks `historyDesk`), so its matches are reached whatever the seeds.
        starts.append([c("4"), c("/"), c("e")])
        precondition(starts.count == 47, "the history search start must stay at index 46")
        return starts
    }()

    struct Totals {
        var bytes = 0, events = 0, keys = 0, renders = 0, episodes = 0
        var seen: Set<String> = []
    }

    /// What the console shows now, for the coverage check.
    static func place(_ s: ConsoleState) -> String {
        if s.isTooSmall { return "too small" }
        if let overlay = s.overlay {
            switch overlay {
            case .help: return "help"
            case .messageLog: return "message log"
            case .conversation: return "conversation"
            case .board: return "board"
            }
        }
        if let dialog = s.dialog {
            switch dialog {
            case .text(let p): return p.purpose.isMessage ? "message dialog" : "text dialog"
            case .choice: return "choice dialog"
            case .picker(let p):
                if case .template = p.purpose { return "canned replies" }
                if case .appointmentSlot = p.purpose { return "slot picker" }
                return "picker"
            case .customer: return "customer card"
            case .newInteraction: return "new interaction"
            }
        }
        if s.searchField != nil { return "search" }
        if s.screen == .record, let r = s.record { return "pane \(r.pane.title)" }
        if s.screen == .appointments { return "appointments" }
        if s.home.showsCounter { return "counter" }
        return "list \(s.view.title)"
    }

    /// One seeded run: episodes on each desk until `budget` bytes were typed.
    static func run(seed: UInt64, budget: Int, totals: inout Totals) {
        var g = SeededGenerator(seed: seed)
        let desks: [() -> Desk] = [bareDesk, unknownCallerDesk, historyDesk, sampleDesk]
        let templates = [ReplyTemplate(name: "greeting", text: "Hello {{number}} 山田 🙂"), ReplyTemplate(name: "closing", text: "Bye\nsecond line")]
        var spent = 0
        while spent < budget {
            // Every start once on the full desk and once on a smaller one, then at random.
            let episode = totals.episodes
            let fixed = episode < 2 * starts.count
            let start = fixed ? starts[episode / 2] : starts.randomElement(using: &g)!
            var desk = fixed && episode % 2 == 0 ? fullDesk() : desks[fixed ? (episode / 2) % desks.count : Int.random(in: 0..<desks.count, using: &g)]()
            // The counter's starts need a desk with a walk-up location.
            if start.first == .character("7") { desk = start.count > 1 && start[1] == .character("p") ? appointmentsDesk(extra: 12) : counterDesk(extraGuests: 12) }
            let source = MemorySource(desk)
            source.templateList = templates
            let clock = TestClock(t0)
            let (w, h) = [(80, 24), (40, 12), (100, 30), (40, 10)].randomElement(using: &g)!
            let session = ConsoleSession(source: source, clock: clock, agent: "ana", storeLabel: "store", width: w, height: h)
            totals.episodes += 1
            func press(_ key: Key) {
                session.send(.key(key))
                // A search of history or a report read runs off the input thread: wait for its answer, so that a
                // seed always gives the same run.
                while session.isReadingInBackground { if !session.poll() { usleep(50) } }
                session.poll()
                spent += bytes(of: key)
                totals.keys += 1
                totals.events += 1
            }
            func draw() {
                let grid = session.render()
                precondition(grid.width == max(0, session.state.width) && grid.height == max(0, session.state.height))
                totals.renders += 1
                totals.seen.insert(place(session.state))
                switch session.state.list.history {
                case .all(let n) where n > 0: totals.seen.insert("history rows")
                case .matches: totals.seen.insert("history matches")
                default: break
                }
            }
            for key in start { press(key); draw() }
            for _ in 0..<Int.random(in: 60...300, using: &g) where spent < budget {
                switch Int.random(in: 0..<100, using: &g) {
                case 0..<35: press(movementKeys.randomElement(using: &g)!)
                case 35..<55: press(boundKeys.randomElement(using: &g)!)
                case 55..<67: press(editingKeys.randomElement(using: &g)!)
                case 67..<80: randomText(&g).forEach { press(.character($0)) }
                case 80..<86:
                    // A paste: many characters at once, drawn when they have all arrived.
                    for _ in 0..<Int.random(in: 16...600, using: &g) { randomText(&g).forEach { press(.character($0)) } }
                case 86..<93:
                    clock.instant = clock.instant.adding(Int64.random(in: 1...900, using: &g))
                    session.tick()
                    totals.events += 1
                case 93..<97:
                    let (width, height) = sizes.randomElement(using: &g)!
                    session.send(.resize(width: width, height: height))
                    totals.events += 1
                default:
                    let others: [ConsoleMessage] = [
                        .deskChanged,
                        .viewers([Viewer(login: "bo", number: "IMS0000001", editing: "a reply"), Viewer(login: "ana", number: nil, editing: nil)]),
                        .viewers([]),
                        .commandFailed("refused \u{1B}[31m" + String(repeating: "long reason ", count: Int.random(in: 0...40, using: &g))),
                        .notice("notice ワイド 🙂"),
                        .historySearched(query: "e", view: .closed, positions: [0, 5, 999]),
                    ]
                    session.send(others.randomElement(using: &g)!)
                    totals.events += 1
                }
                draw()
            }
        }
        totals.bytes += spent
    }

    @Test func randomInputNeverCrashesAnyScreen() {
        var totals = Totals()
        // Four seeded runs of 256 KiB each, over 1 MB in all.
        let seeds: [UInt64] = [0x21, 0xF00D, 0xDE5C, 0x2026_1206]
        let started = Date()
        for seed in seeds {
            Self.run(seed: seed, budget: 262_144, totals: &totals)
        }
        let seconds = Date().timeIntervalSince(started)
        print("Console fuzz: seeds \(seeds.map { String($0, radix: 16) }.joined(separator: ",")): \(totals.bytes) bytes of input, "
              + "\(totals.keys) key events, \(totals.events) events in all, \(totals.renders) renders, \(totals.episodes) episodes, "
              + "0 crashes, \(String(format: "%.1f", seconds)) s")
        print("Console fuzz visited: \(totals.seen.sorted().joined(separator: " · "))")
        #expect(totals.bytes >= 1_000_000)
        // Every list, pane, dialog and view was reached.
        let expected = WorkView.allCases.map { "list \($0.title)" } + Pane.allCases.map { "pane \($0.title)" }
            + ["search", "help", "message log", "conversation", "board", "text dialog", "message dialog", "choice dialog",
               "picker", "canned replies", "customer card", "new interaction", "too small", "history rows", "history matches", "counter",
               "appointments", "slot picker"]
        for place in expected { #expect(totals.seen.contains(place), "never reached: \(place)") }
    }
}
