import Foundation
import FrontdeskCore

/// Copies one store into another over the backend protocol alone, so any backend to any
/// other (a folder to PostgreSQL and back): history streams through `beginHistoryImport` in
/// batches (`HistoryReader.records(in:from:count:)`), so memory holds one batch and the
/// working set, never the whole history; the working set (directory, configuration,
/// counters, tasks, open and recent records) goes live with it in the import's `finish`.
/// The target must be empty; a copy that fails leaves it empty (its templates aside), so a
/// second copy may go into it.
public enum StoreCopy {
    /// Records read from the source's history and sent to the target's at a time, by default.
    public static let batchSize = 500

    /// How far a copy has got, for a progress line.
    public struct Progress: Sendable {
        /// History records copied so far, and how many there are.
        public var copied: Int
        public var total: Int
        public var seconds: Double
        /// Records a second so far.
        public var rate: Double { seconds > 0 ? Double(copied) / seconds : 0 }
    }

    /// What was copied.
    public struct Summary: Equatable, Sendable {
        public var workingSet = 0
        public var history = 0
        public var tasks = 0
        public var customers = 0
        public var agents = 0
        public var templates = 0
        public var seconds = 0.0
    }

    /// The target already holds a desk's work: a copy would mix two desks.
    public struct TargetNotEmpty: Error, CustomStringConvertible {
        public var target: String
        public var holds: String
        public var description: String {
            "\(StoreError.escaped(target)) is not empty (it holds \(holds)): a copy goes only into an empty store, "
                + "so that two desks are never mixed. Nothing was copied; name a new folder or an empty database."
        }
    }

    /// What makes a store not empty: anything but the configuration and queues of a new one.
    public static func contents(of store: any DeskBackend) -> String? {
        let desk = store.desk
        let parts = [(desk.interactions.count + (desk.history?.recordCount ?? 0), "interactions"), (desk.customers.count, "customers"),
                     (desk.profiles.count, "channel profiles"), (desk.tasks.count, "tasks"), (desk.agents.count, "agents"),
                     (desk.appointments.count, "appointments")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Copies `source` into `target` (empty). `actor` is who the target's change says made it.
    public static func copy(from source: any DeskBackend, to target: any DeskBackend, by actor: String, at now: Instant,
                            batchSize: Int = batchSize, progress: (Progress) -> Void = { _ in }) throws -> Summary {
        let batchSize = max(1, batchSize)
        try source.requireHistory()
        if let holds = contents(of: target) { throw TargetNotEmpty(target: target.location, holds: holds) }
        let started = Date()
        var summary = Summary()
        // Templates first: a copy that fails after them leaves the target without work in it,
        // and a second copy replaces them.
        let templates = try source.storedTemplates(skippingDamaged: false)
        for template in templates { try target.saveTemplate(template) }
        summary.templates = templates.count

        let desk = source.desk
        var live = desk.everything
        for task in try source.historyTasks() where desk.tasks[task.number] == nil { live.put(task) }
        let history = desk.history
        let total = history?.recordCount ?? 0
        let importing = try target.beginHistoryImport(at: now)
        do {
            var batch: [Interaction] = []
            batch.reserveCapacity(batchSize)
            func send() throws {
                guard !batch.isEmpty else { return }
                try importing.add(batch, customerName: { desk.customerName($0) })
                summary.history += batch.count
                batch.removeAll(keepingCapacity: true)
                progress(Progress(copied: summary.history, total: total, seconds: Date().timeIntervalSince(started)))
            }
            // Every record history counts is accounted for: copied, kept live, or superseded by
            // the working set's newer version. One that could not be found stops the copy.
            var accounted = 0
            if let history {
                for view in [WorkView.closed, .archived] {
                    let count = history.count(in: view)
                    for start in stride(from: 0, to: count, by: batchSize) {
                        let records = try history.records(in: view, from: start, count: batchSize)
                        accounted += records.count
                        // The working set's version is the newer one, and goes with it.
                        for record in records where desk.interaction(record.number) == nil {
                            // One the target's history cannot hold (the file store's limits) stays in its working set.
                            if target.historyCanHold(record) { batch.append(record) } else { live.put(record) }
                        }
                        if batch.count >= batchSize { try send() }
                    }
                }
            }
            guard accounted == total else {
                throw StoreError.damaged(file: source.location, location: "history",
                                         problem: "only \(accounted) of its \(total) records could be read")
            }
            try send()
            try importing.finish(live, by: actor, at: now)
        } catch {
            importing.abandon()
            throw error
        }
        summary.workingSet = live.interactions.count
        summary.tasks = live.tasks.count
        summary.customers = live.customers.count
        summary.agents = live.agents.count
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }
}
