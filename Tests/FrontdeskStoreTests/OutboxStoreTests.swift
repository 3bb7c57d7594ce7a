import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// The outbox through the store: what a reopened store and a compaction keep.
@Suite struct OutboxStoreTests {
    @Test func aQueuedReplySurvivesReopeningAndCompactionUntilItIsDelivered() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.setConfig(key: "history.window", value: "0d"), by: "ana", at: t0)
        try store.perform(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "hi", queue: nil), by: "sms", at: t0)
        try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: t0.adding(1))
        let sent = try store.perform(.reply(number: "IMS0000001", text: "Hello"), by: "ana", at: t0.adding(2))
        #expect(sent.subject == "MSG0000001")
        try store.perform(.edit(number: "IMS0000001", [.shortDescription("Greeting")]), by: "ana", at: t0.adding(3))
        try store.perform(.transition(number: "IMS0000001", .complete), by: "ana", at: t0.adding(4))

        // Closed long before the window, but a reply is still queued: it stays where the outbox sees it.
        let later = t0.adding(86_400 * 30)
        #expect(try store.compact(at: later).moved == 0)
        let reopened = try Store(directory: path)
        #expect(reopened.desk.outbox().map(\.id) == ["MSG0000001"])
        #expect(reopened.desk.counters.last[.reply] == 1)

        // Delivered, it may go to history; the trail keeps what happened, and numbering goes on.
        try reopened.perform(.replyDelivered(id: "MSG0000001"), by: "sms", at: later)
        #expect(try reopened.compact(at: later.adding(86_400 * 30)).moved == 1)
        let again = try Store(directory: path)
        #expect(again.desk.outbox().isEmpty)
        let archived = try #require(try again.desk.record(anywhere: "IMS0000001"))
        #expect(archived.deliveryStatus(of: "MSG0000001") == .delivered(at: later))
        try again.perform(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "me again", queue: nil), by: "sms", at: later.adding(86_400 * 31))
        try again.perform(.transition(number: "IMS0000002", .accept), by: "ana", at: later.adding(86_400 * 31))
        #expect(try again.perform(.reply(number: "IMS0000002", text: "Hi"), by: "ana", at: later.adding(86_400 * 31)).subject == "MSG0000002")
    }
}
