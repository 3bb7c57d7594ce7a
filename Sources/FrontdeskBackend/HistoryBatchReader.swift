import FrontdeskCore

/// A history that reads many records in one go. A database answers a wave of numbers in one
/// round trip, where a query per record spends its time on the wire (`list --json` and
/// `export` on PostgreSQL). The file store's history reads each record from its mapped file
/// and has no need of it.
public protocol HistoryBatchReader: HistoryReader {
    /// The records among `numbers` that history holds, by number (the others are left out).
    func records(numbers: [String]) throws -> [String: Interaction]
}

extension Desk {
    /// The records of `numbers` wherever they live, in the same order (nil: no record by that
    /// number): the working set's, then history's, read in one go where history can.
    public func records(anywhere numbers: [String]) throws -> [Interaction?] {
        guard let batch = history as? any HistoryBatchReader else { return try numbers.map { try record(anywhere: $0) } }
        let missing = numbers.filter { interaction($0) == nil }
        let found = missing.isEmpty ? [:] : try batch.records(numbers: missing)
        return numbers.map { interaction($0) ?? found[$0] }
    }
}
