import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// When a compaction starts and what it moves (`Store+Compaction.swift`, the policy section).
@Suite struct CompactionPolicyTests {
    /// Commands keep writing past the threshold, in two processes (two stores on one folder),
    /// each asking after every write as the command line and the console do: exactly one
    /// background compaction starts, at the first write past the threshold.
    @Test func crossingTheThresholdStartsExactlyOneBackgroundCompaction() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let first = try Store(directory: path, seed: seed())
        let second = try Store(directory: path)
        var started: [Int] = []
        var crossedAt: Int?
        for i in 0..<40 {
            let store = i % 2 == 0 ? first : second
            store.compactsAutomatically = false
            store.compactionThreshold = 4_000
            let now = t0.adding(Int64(i))
            try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "message \(i) " + String(repeating: "x", count: 80)),
                              by: "chat", at: now)
            if store.needsCompaction, crossedAt == nil { crossedAt = i }
            store.startBackgroundCompactionIfNeeded(at: now) { started.append(i) }
        }
        let crossed = try #require(crossedAt, "the writes crossed the threshold")
        #expect(crossed > 0, "not at the first write")
        #expect(started == [crossed])
        #expect(first.compactionState?.starts == 1)
    }

    /// Below the threshold nothing starts, however often it is asked.
    @Test func belowTheThresholdNothingStarts() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        store.compactsAutomatically = false
        var started = 0
        for i in 0..<5 {
            try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello \(i)"), by: "chat", at: t0.adding(Int64(i)))
            store.startBackgroundCompactionIfNeeded(at: t0.adding(Int64(i))) { started += 1 }
        }
        #expect(started == 0 && store.compactionState == nil)
    }

    /// The history window's cut-off and the daily batches: nothing moves until a record has
    /// waited a day past the window; then everything past the window moves.
    @Test func recordsMoveInDailyBatches() throws {
        var desk = Desk(everything: seed())
        func run(_ command: DeskCommand, by actor: String) throws { desk.apply(try desk.plan(command, by: actor, at: t0).changes) }
        try run(.create(type: .walkUp, openedFor: "CUS0000001", queue: nil, shortDescription: "visit", accept: true), by: "ana")
        try run(.transition(number: "IMS0000001", .complete), by: "ana")
        let window = desk.config.historyWindowDays
        let justPast = t0.adding(Int64(window) * 86_400 + 60)
        #expect(Store.recordsDueForHistory(in: desk, at: justPast, inBatches: false).map(\.number) == ["IMS0000001"])
        #expect(Store.recordsDueForHistory(in: desk, at: justPast, inBatches: true).isEmpty, "waits for the day's batch")
        let dayLater = justPast.adding(86_400)
        #expect(Store.recordsDueForHistory(in: desk, at: dayLater, inBatches: true).map(\.number) == ["IMS0000001"])
        #expect(Store.recordsDueForHistory(in: desk, at: t0.adding(60), inBatches: false).isEmpty, "within the window")
    }
}
