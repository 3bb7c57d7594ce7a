import Foundation
import Testing
import FrontdeskCore
import FrontdeskTestSupport
@testable import FrontdeskStore

/// The outbox through the store: what a reopened store and history keep.
@Suite struct OutboxStoreTests {
    /// Made against the wall clock: history (a compaction, or PostgreSQL's window as of now)
    /// takes what closed before it.
    @Test(arguments: TestBackend.allCases)
    func aQueuedReplySurvivesReopeningAndHistoryUntilItIsDelivered(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let now = wallClock(), start = now.adding(-60 * 86_400)
        let store = try place.open(seed: seed())
        try store.perform(.setConfig(key: "history.window", value: "0d"), by: "ana", at: start)
        try store.perform(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "hi", queue: nil), by: "sms", at: start)
        try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: start.adding(1))
        let sent = try store.perform(.reply(number: "IMS0000001", text: "Hello"), by: "ana", at: start.adding(2))
        #expect(sent.subject == "MSG0000001")
        try store.perform(.edit(number: "IMS0000001", [.shortDescription("Greeting")]), by: "ana", at: start.adding(3))
        try store.perform(.transition(number: "IMS0000001", .complete), by: "ana", at: start.adding(4))

        // Closed long before the window, but a reply is still queued: it stays where the outbox sees it.
        let kept = try place.makeHistory(store, at: now)
        #expect(kept.desk.interaction("IMS0000001") != nil, "not moved to history")
        #expect((kept.desk.history?.recordCount ?? 0) == 0)
        let reopened = try place.open()
        #expect(reopened.desk.outbox().map(\.id) == ["MSG0000001"])
        #expect(reopened.desk.counters.last[.reply] == 1)

        // Delivered, it may go to history; the trail keeps what happened, and numbering goes on.
        let delivered = start.adding(100)
        try reopened.perform(.replyDelivered(id: "MSG0000001"), by: "sms", at: delivered)
        let moved = try place.makeHistory(reopened, at: now)
        #expect(moved.desk.interaction("IMS0000001") == nil, "moved to history")
        #expect(moved.desk.history?.recordCount == 1)
        let again = try place.open()
        #expect(again.desk.outbox().isEmpty)
        let archived = try #require(try again.desk.record(anywhere: "IMS0000001"))
        #expect(archived.deliveryStatus(of: "MSG0000001") == .delivered(at: delivered))
        try again.perform(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "me again", queue: nil), by: "sms", at: now)
        try again.perform(.transition(number: "IMS0000002", .accept), by: "ana", at: now)
        #expect(try again.perform(.reply(number: "IMS0000002", text: "Hi"), by: "ana", at: now).subject == "MSG0000002")
    }
}
