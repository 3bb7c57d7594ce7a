import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// The demo's own gateway: while a `--demo` console runs, new contacts arrive every few
/// seconds in the presenter's queues, through the store like any gateway's (`intake`), so
/// the console shows them arriving; and it delivers the agents' replies within a second, as a
/// channel's gateway would (`outbox ack`). It writes as `demo-gateway`, which the audit trail shows.
final class DemoGateway: @unchecked Sendable {
    static let actor = "demo-gateway"
    let interval: TimeInterval
    private let directory: String
    private let queues: [String]
    private let condition = NSCondition()
    private var stopped = false

    init(directory: String, queues: [String], interval: TimeInterval = 8) {
        self.directory = directory; self.queues = queues; self.interval = interval
    }

    /// What the console says about it, once.
    var notice: String {
        "Demo: a demo gateway adds a new contact to your queues every \(Int(interval)) s and delivers your replies (\(DemoGateway.actor) in the audit trail)."
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "demo-gateway"
        thread.start()
    }

    func stop() {
        condition.withLock {
            stopped = true
            condition.signal()
        }
    }

    private func run() {
        guard let store = try? Store(directory: directory) else { return }
        store.compactsAutomatically = false
        var rng = SplitMix64(seed: UInt64(getpid()))
        let clock = SystemTime()
        var nextContact = Date().addingTimeInterval(interval)
        while true {
            // Every second it delivers the replies agents sent; every `interval` a contact arrives.
            let keepGoing = condition.withLock { () -> Bool in
                if !stopped { _ = condition.wait(until: Date().addingTimeInterval(1)) }
                return !stopped
            }
            guard keepGoing else { return }
            _ = try? store.refresh()
            for reply in store.desk.outbox() {
                _ = try? store.perform(.replyDelivered(id: reply.id), by: DemoGateway.actor, clock: clock)
            }
            guard Date() >= nextContact else { continue }
            nextContact = Date().addingTimeInterval(interval)
            // A contact the desk refuses (a queue changed underneath) is simply skipped.
            if let contact = try? DemoDesk.arrivingContact(in: store.desk, queues: queues, using: &rng) {
                _ = try? store.perform(contact, by: DemoGateway.actor, clock: clock)
            }
        }
    }
}
