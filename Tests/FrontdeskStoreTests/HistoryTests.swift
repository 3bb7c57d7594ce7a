import Foundation
import Testing
import FrontdeskCore
import FrontdeskResources
import FrontdeskTestSupport
@testable import FrontdeskStore

/// The working set apart from history: what moves, what every query answers before and after,
/// and what happens to damaged or missing history files.
@Suite struct HistoryTests {
    static let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 12))

    /// A demo desk of four weeks written as a store by the format before history existed
    /// (everything in the snapshot), and the answers to every query against it.
    func legacyStore(_ path: String, count: Int = 600) throws -> Store {
        let desk = try DemoDesk.generate(interactions: count, customers: 60, endingAt: Self.now, seed: 9)
        return try Store(directory: path, seed: desk.everything)
    }

    struct Answers: Equatable {
        var records: [String: Interaction]
        var byCustomer: [String: [String]]
        var search: [String: Set<String>]
        var counts: [WorkView: Int]
        var tasks: [String: RelatedTask]
    }

    static let queries = ["printer", "vpn", "IMS00001", "müller", "zz-no-such-text", "a"]

    /// Every query a screen or command makes, answered from the working set and history together.
    func answers(_ store: Store) throws -> Answers {
        try answers(store.desk, at: Self.now)
    }

    func answers(_ desk: Desk, at now: Instant) throws -> Answers {
        var records: [String: Interaction] = [:]
        let numbers = (1...desk.counters.last[.interaction, default: 0]).map { Counters.format(.interaction, $0) }
        for number in numbers { records[number] = try desk.record(anywhere: number) }
        var byCustomer: [String: [String]] = [:]
        for id in desk.customers.keys { byCustomer[id] = desk.customerRows(id, at: now).map(\.number) }
        var search: [String: Set<String>] = [:]
        for q in Self.queries { search[q] = Set(desk.searchEverywhere(q, at: now).map(\.number)) }
        var counts: [WorkView: Int] = [:]
        for view in WorkView.allCases {
            counts[view] = desk.positions(in: view, agent: "ana").count + (desk.history?.count(in: view) ?? 0)
        }
        var tasks: [String: RelatedTask] = [:]
        for r in records.values { for number in r.relatedTasks { tasks[number] = try desk.task(anywhere: number) } }
        return Answers(records: records, byCustomer: byCustomer, search: search, counts: counts, tasks: tasks)
    }

    /// A demo desk of four weeks ending at the wall clock (PostgreSQL's history is what closed
    /// before the window as of now), with history made (`TestStore.makeHistory`), and the
    /// answers the desk gave before any of it was history.
    func storeWithHistory(_ place: TestStore, count: Int = 600) throws -> (store: any DeskBackend, expected: Answers, now: Instant) {
        let now = wallClock()
        let desk = try DemoDesk.generate(interactions: count, customers: 60, endingAt: now, seed: 9)
        let expected = try answers(desk, at: now)
        let store = try place.makeHistory(try place.open(seed: desk.everything), at: now)
        return (store, expected, now)
    }

    /// Records closed before the window are history on either backend: listed, searched and
    /// shown as the working set answered them, and again from another view of the store.
    @Test(arguments: TestBackend.allCases)
    func historyAnswersEveryQueryAsTheWorkingSetDid(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let (store, expected, now) = try storeWithHistory(place)
        let history = try #require(store.desk.history)
        #expect(history.recordCount > 300, "four weeks of records, a window of 7 days")
        #expect(store.desk.interactions.allSatisfy { $0.closedAt.map { $0 >= now.adding(-7 * 86_400) } ?? true })
        #expect(history.count(in: .closed) + history.count(in: .archived) == history.recordCount)
        #expect(try answers(store.desk, at: now) == expected, "the same answers with history")
        #expect(try answers(place.open().desk, at: now) == expected, "and from another view")
    }

    @Test func compactionMovesOldClosedRecordsAndEveryQueryAnswersTheSame() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try legacyStore(path)
        let before = try answers(store)
        #expect(store.desk.history == nil)

        let report = try store.compact(at: Self.now)
        #expect(report.moved > 300, "four weeks of records, a window of 7 days")
        #expect(store.desk.interactions.allSatisfy { $0.closedAt.map { $0 >= Self.now.adding(-7 * 86_400) } ?? true })
        #expect(store.desk.history?.recordCount == report.moved)
        #expect(try answers(store) == before, "the same answers after compaction")
        #expect(store.desk.tasks.count < before.tasks.count / 2, "tasks of records in history leave the working set too")
        #expect(try answers(Store(directory: path)) == before, "and after reopening")

        // A second compaction with nothing to move changes no answer either.
        try store.compact(at: Self.now)
        #expect(try answers(Store(directory: path)) == before)
        // jq and Python read a segment as it is.
        let segment = try #require(try FileManager.default.contentsOfDirectory(atPath: path + "/history").first { $0.hasPrefix("seg-") })
        let firstLine = try #require(String(decoding: bytes(path + "/history/" + segment)!, as: UTF8.self).split(separator: "\n").first)
        let object = try JSONSerialization.jsonObject(with: Data(firstLine.utf8)) as? [String: Any]
        #expect((object?["number"] as? String)?.hasPrefix("IMS") == true)
    }

    /// A store written by the version before history and checksums (made with its binary:
    /// Fixtures/legacy-store) opens as it is, is migrated by its first compaction, and answers
    /// every query the same before and after, and after reopening; then it takes new changes.
    @Test func aStoreMadeByThePreviousVersionIsMigratedWithoutLoss() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let fixture = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/legacy-store"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for file in ["snapshot.json", "journal.jsonl"] {
            try FileManager.default.copyItem(atPath: fixture + "/" + file, toPath: path + "/" + file)
        }
        let legacy = try Store(directory: path)
        #expect(legacy.desk.interactions.count == 6)
        #expect(legacy.desk.interaction("IMS0000001")?.workNotes.first?.text == "Called facilities 🔥")
        let before = try answers(legacy)

        // A month on, the closed records are older than the window: the compaction moves them.
        let report = try legacy.compact(at: Self.now.adding(400 * 86_400))
        #expect(report.moved == 3)
        #expect(legacy.desk.interactions.map(\.number) == ["IMS0000004", "IMS0000005", "IMS0000006"])
        #expect(try answers(legacy) == before)
        let reopened = try Store(directory: path)
        #expect(try answers(reopened) == before)
        #expect(try reopened.desk.task(anywhere: "INC0000001")?.interactions == ["IMS0000001", "IMS0000005"],
                "a task linked to an open record stays in the working set")
        let owner = try #require(try reopened.desk.record(anywhere: "IMS0000001")?.assignedTo)
        try reopened.perform(.transition(number: "IMS0000001", .archive), by: owner, at: Self.now.adding(400 * 86_400))
        #expect(try Store(directory: path).desk.record(anywhere: "IMS0000001")?.isArchived == true)
    }

    /// A list's search of history (what the console runs off its input thread) lists, in the
    /// list's order, exactly the history records of that list that the full search finds.
    @Test(arguments: TestBackend.allCases)
    func aListsHistorySearchMatchesTheFullSearch(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try storeWithHistory(place).store
        let history = try #require(store.desk.history)
        for query in Self.queries {
            let everything = Set(history.search(SearchQuery(query)).map(\.number))
            for view in [WorkView.closed, .archived] {
                let found = history.search(SearchQuery(query), in: view, isCancelled: { false })
                let positions = try #require(found)
                #expect(positions == positions.sorted(), "in the list's order")
                let numbers = positions.compactMap { history.row(in: view, at: $0)?.number }
                let expected = (0..<history.count(in: view)).compactMap { history.row(in: view, at: $0)?.number }.filter(everything.contains)
                #expect(numbers == expected, "\(query) in \(view)")
            }
        }
        let cancelled = history.search(SearchQuery("printer"), in: .closed, isCancelled: { true })
        #expect(cancelled == nil, "a cancelled search answers nothing")
    }

    /// A change to a record in history reads it back into the working set; the next compaction
    /// moves the new version and the index lists it once.
    @Test(arguments: TestBackend.allCases)
    func aChangeToAHistoryRecordSupersedesItsOldLine(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let (first, _, now) = try storeWithHistory(place)
        var store = first
        let history = try #require(store.desk.history)
        let old = try #require(history.row(in: .closed, at: history.count(in: .closed) - 1))
        #expect(store.desk.interaction(old.number) == nil)
        let closedBefore = history.count(in: .closed), archivedBefore = history.count(in: .archived)

        try store.perform(.transition(number: old.number, .archive), by: "alex", at: now)
        #expect(store.desk.interaction(old.number)?.isArchived == true)
        // History's lists stay whole meanwhile: every row a list counts is there, none twice.
        let meanwhile = try #require(store.desk.history)
        var listed: [WorkView: [String]] = [:]
        for view in [WorkView.closed, .archived] {
            let rows = (0..<meanwhile.count(in: view)).map { meanwhile.row(in: view, at: $0)?.number }
            #expect(!rows.contains(nil), "\(view): \(rows.count) counted, not all there")
            listed[view] = rows.compactMap { $0 }
        }
        #expect((listed[.closed, default: []] + listed[.archived, default: []]).filter { $0 == old.number }.count <= 1)
        if backend == .postgres {
            // History on PostgreSQL is the rows as they are now: the record is archived.
            #expect(listed[.archived, default: []].contains(old.number) && !listed[.closed, default: []].contains(old.number))
        }
        #expect(try place.open().desk.record(anywhere: old.number)?.isArchived == true)

        store = try place.makeHistory(store, at: now)
        let after = try #require(store.desk.history)
        #expect(store.desk.interaction(old.number) == nil)
        #expect(try after.record(number: old.number)?.isArchived == true)
        #expect(after.count(in: .closed) + after.count(in: .archived) >= closedBefore + archivedBefore)
        let archived = (0..<after.count(in: .archived)).compactMap { after.row(in: .archived, at: $0)?.number }
        let closed = (0..<after.count(in: .closed)).compactMap { after.row(in: .closed, at: $0)?.number }
        #expect(archived.filter { $0 == old.number }.count == 1)
        #expect(!closed.contains(old.number), "the superseded closed line is no longer listed")
        #expect(archived == archived.sorted(by: >), "newest first")
    }

    /// The compactions the journal sets off move records in daily batches: nothing for records
    /// that have only just passed the window, all of them once some have waited a day more.
    @Test func automaticCompactionsMoveHistoryInDailyBatches() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try legacyStore(path, count: 300)
        let oldest = try #require(store.desk.interactions.compactMap(\.closedAt).min())
        let justPast = try Store(directory: path)
        let none = try justPast.compact(at: oldest.adding(7 * 86_400 + 60), inBatches: true)
        #expect(none.moved == 0, "only just past the window: wait for a batch")
        let batch = try justPast.compact(at: oldest.adding(8 * 86_400 + 60), inBatches: true)
        #expect(batch.moved > 0, "a day past: the batch moves")
        let all = try justPast.compact(at: oldest.adding(8 * 86_400 + 60))
        #expect(all.moved == 0, "and it moved everything before the window")
    }

    /// A task whose records are all in history can still be associated with a new record.
    @Test(arguments: TestBackend.allCases)
    func aTaskInHistoryCanBeLinkedToANewRecord(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let (store, _, now) = try storeWithHistory(place)
        let task = try #require(store.desk.history.flatMap { h in
            (0..<h.count(in: .closed)).lazy.compactMap { h.row(in: .closed, at: $0) }
                .compactMap { try? h.record(number: $0.number)?.relatedTasks.first }.first
        })
        // The file store moves a task with its records; PostgreSQL keeps tasks in the working set.
        if backend == .file { #expect(store.desk.tasks[task] == nil) }
        let created = try store.perform(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "Follow-up", accept: true),
                                        by: "alex", at: now)
        try store.perform(.linkTask(number: created.subject!, task: task), by: "alex", at: now)
        let reopened = try place.open()
        #expect(reopened.desk.tasks[task]?.interactions.contains(created.subject!) == true)
        #expect(reopened.desk.interaction(created.subject!)?.relatedTasks == [task])
    }

    @Test func aMissingOrDamagedIndexIsRebuiltWithAWarning() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try legacyStore(path)
        try store.compact(at: Self.now)
        let expected = try answers(store)
        let index = try #require(try FileManager.default.contentsOfDirectory(atPath: path + "/history").first { $0.hasPrefix("index-") })
        for damage in ["missing", "garbage", "truncated", "text missing", "task index missing"] {
            let file = path + "/history/" + index
            let original = try #require(bytes(file))
            switch damage {
            case "missing": unlink(file)
            case "garbage": write(original.map { $0 ^ 0x5A }, to: file)
            case "truncated": write(Array(original.prefix(original.count / 2)), to: file)
            case "text missing": unlink(path + "/history/text.dat")
            default:
                let taskIndex = try #require(try FileManager.default.contentsOfDirectory(atPath: path + "/history").first { $0.hasSuffix(".idx") })
                unlink(path + "/history/" + taskIndex)
            }
            let reopened = try Store(directory: path)
            #expect(try answers(reopened) == expected, "\(damage)")
            let history = try #require(reopened.history)
            #expect(history.warnings.contains { $0.contains("rebuilt") }, "\(damage): \(history.warnings)")
        }
    }

    /// A damaged segment line is refused, naming the file and the line; nothing is written.
    @Test func aDamagedSegmentIsRefusedNamingFileAndLine() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try legacyStore(path)
        try store.compact(at: Self.now)
        let history = try #require(store.desk.history)
        let victim = try #require(history.row(in: .closed, at: 5))
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: path + "/history").first { $0.hasPrefix("seg-") })
        let segment = path + "/history/" + name
        var data = try #require(bytes(segment))
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let lineIndex = try #require(lines.firstIndex { $0.contains("\"number\":\"\(victim.number)\"") })
        let offset = lines[..<lineIndex].reduce(0) { $0 + $1.utf8.count + 1 }
        let at = offset + lines[lineIndex].utf8.count / 2
        data[at] = data[at] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        write(data, to: segment)
        func contents() throws -> [[UInt8]?] { try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { bytes(path + "/" + $0) } }
        let files = try contents()

        let reopened = try Store(directory: path)
        do {
            _ = try reopened.desk.record(anywhere: victim.number)
            Issue.record("a damaged line was read")
        } catch {
            let message = "\(error)"
            #expect(message.contains(segment) && message.contains("line \(lineIndex + 1)"), "\(message)")
        }
        #expect(throws: (any Error).self) { try reopened.perform(.transition(number: victim.number, .archive), by: "alex", at: Self.now) }
        #expect(try contents() == files, "nothing written")
    }
}


extension Desk {
    /// Search over the working set and history, as `list --search` answers it: working-set
    /// hits first, then history's, leaving out older versions of records the working set holds.
    func searchEverywhere(_ text: String, at now: Instant) -> [HistoryRow] {
        let working = search(text).map { row(interactions[$0], at: now) }
        let older = history?.search(SearchQuery(text)).filter { interaction($0.number) == nil } ?? []
        return working + older
    }
}
