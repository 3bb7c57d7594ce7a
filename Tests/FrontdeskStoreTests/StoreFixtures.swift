import Foundation
import FrontdeskTestSupport
import FrontdeskCore
@testable import FrontdeskStore

let t0 = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 9))

/// A fresh directory under the system temp folder, removed by the caller with `cleanUp`.
func temporaryDirectory(_ name: String = #function) -> String {
    let base = NSTemporaryDirectory() + "frontdesk-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    return base + "/store"
}

func cleanUp(_ storePath: String) {
    try? FileManager.default.removeItem(atPath: (storePath as NSString).deletingLastPathComponent)
}

/// The directory every test store starts from.
func seed() -> ChangeSet {
    var seed = ChangeSet()
    seed.config = DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk")
    seed.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
    seed.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"], role: .supervisor),
                   Agent(login: "bo", displayName: "Bo Chen", queues: ["service-desk"])]
    seed.customers = [Customer(id: "CUS0000001", name: "Zoë Müller", email: "zoe@example.com", phone: "+15551234567"),
                      Customer(id: "CUS0000002", name: "山田 太郎 🙂", email: "taro@example.jp")]
    seed.counters = [.customer: 2]
    return seed
}

func bytes(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { [UInt8]($0) }
}

func write(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
}

/// The wall clock, for tests whose records must lie before it: PostgreSQL's history is what
/// closed before the window as of the wall clock (see `TestStore.makeHistory`).
func wallClock() -> Instant { Instant(seconds: Int64(time(nil))) }

/// Every command shape, so round trips cover every entity and field.
func fillWithEveryShape(_ store: any DeskBackend) throws {
    var clock = t0
    func at() -> Instant { clock = clock.adding(7); return clock }
    try store.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hello \u{1B}[31mred"), by: "chat", at: at())
    try store.perform(.edit(number: "IMS0000001", [.shortDescription("Printer on fire")]), by: "ana", at: at())
    try store.perform(.transition(number: "IMS0000001", .accept), by: "ana", at: at())
    try store.perform(.addNote(number: "IMS0000001", text: "Called facilities 🔥"), by: "ana", at: at())
    try store.perform(.createTask(number: "IMS0000001", kind: .incident), by: "ana", at: at())
    try store.perform(.transition(number: "IMS0000001", .endConversation), by: "ana", at: at())
    try store.perform(.transition(number: "IMS0000001", .complete), by: "ana", at: at())
    try store.perform(.transition(number: "IMS0000001", .archive), by: "ana", at: at())
    let m = try store.perform(.intakeMessage(channel: .whatsapp, identifier: "+44 20 7946 0958", text: "hi", queue: nil), by: "whatsapp", at: at())
    try store.perform(.transition(number: m.subject!, .accept), by: "bo", at: at())
    // Replies: one delivered, one failed and retried, one still queued.
    try store.perform(.reply(number: m.subject!, text: "Hello! Which office?"), by: "bo", at: at())
    try store.perform(.replyDelivered(id: "MSG0000001"), by: "whatsapp", at: at())
    try store.perform(.reply(number: m.subject!, text: "Line one\nline two \"quoted\""), by: "bo", at: at())
    try store.perform(.replyFailed(id: "MSG0000002", reason: "HTTP 503"), by: "whatsapp", at: at())
    try store.perform(.retryReply(id: "MSG0000002"), by: "bo", at: at())
    try store.perform(.reply(number: m.subject!, text: "Still there?"), by: "bo", at: at())
    try store.perform(.transition(number: m.subject!, .hold(reason: .waitingOnCustomer)), by: "bo", at: at())
    let c = try store.perform(.addCustomer(name: "Łukasz Żółć", email: "lz@example.pl", phone: "+48 22 123 45 67", company: "Żabka", vip: true), by: "ana", at: at())
    try store.perform(.linkProfile(profile: m.intake!.profile, customer: c.subject!), by: "bo", at: at())
    try store.perform(.create(type: .walkUp, openedFor: "CUS0000002", queue: nil, shortDescription: "Badge", accept: true), by: "bo", at: at())
    try store.perform(.createTask(number: "IMS0000003", kind: .request), by: "bo", at: at())
    try store.perform(.linkTask(number: "IMS0000003", task: "INC0000001"), by: "bo", at: at())
    try store.perform(.transition(number: "IMS0000003", .transfer(.agent("ana"))), by: "bo", at: at())
    try store.perform(.addQueue(id: "walk-in", name: "Walk-in", channels: [.walkUp], targetWaitSeconds: 600), by: "ana", at: at())
    try store.perform(.addAgent(login: "cy", displayName: "Cy", queues: ["walk-in"]), by: "ana", at: at())
    try store.perform(.setPresence(login: "cy", .away), by: "cy", at: at())
    try store.perform(.setConfig(key: "wrap_up.messaging", value: "on"), by: "ana", at: at())
    try store.perform(.intake(type: .phone, openedFor: "CUS0000002", queue: "service-desk", text: nil), by: "phone", at: at())
}


/// A store whose history window is 0 days, holding `closed` walk-ups completed and one open,
/// compacting only when told to (what the compaction tests start from).
func storeWithClosedWalkUps(_ path: String, closed: Int) throws -> Store {
    let store = try Store(directory: path, seed: seed())
    store.compactsAutomatically = false
    try store.perform(.setConfig(key: "history.window", value: "0d"), by: "ana", at: t0)
    for i in 0..<closed {
        let r = try store.perform(.create(type: .walkUp, openedFor: "CUS0000001", queue: nil, shortDescription: "visit \(i)", accept: true),
                                  by: "ana", at: t0)
        try store.perform(.transition(number: r.subject!, .complete), by: "ana", at: t0)
    }
    try store.perform(.create(type: .walkUp, openedFor: "CUS0000002", queue: nil, shortDescription: "still here", accept: true), by: "ana", at: t0)
    return store
}
