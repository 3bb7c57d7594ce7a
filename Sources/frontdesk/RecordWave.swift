import FrontdeskBackend
import FrontdeskCore

/// History's records for one wave of `list --json`'s rows, read in one go where history can
/// (`HistoryBatchReader`: one round trip a wave on PostgreSQL, not one a record). Filled in
/// before the wave's workers start and only read by them; elsewhere each worker reads its
/// own records, as before.
final class RecordWave: @unchecked Sendable {
    private let desk: Desk
    private var history: [String: Interaction] = [:]

    init(desk: Desk) { self.desk = desk }

    /// Reads the wave's records that are history's, when history reads in batches.
    func read(_ numbers: [String]) throws {
        history = [:]
        guard let batch = desk.history as? any HistoryBatchReader else { return }
        let missing = numbers.filter { desk.interaction($0) == nil }
        if !missing.isEmpty { history = try batch.records(numbers: missing) }
    }

    func record(_ number: String) throws -> Interaction? {
        if let r = desk.interaction(number) ?? history[number] { return r }
        return try desk.record(anywhere: number)
    }
}
