/// Where the last save or refresh spent its time, so that a slow one can be explained (the
/// benchmark prints the slowest save's and refresh's). A few clock reads per call: always on.
public struct LockedTiming: Sendable, Equatable {
    /// Waiting for the store's lock (another writer, a compaction's swap, a reader's load).
    public var lockWait = 0.0
    /// Reading what others wrote meanwhile, under the lock (a compaction applied, or the
    /// snapshot read whole: see `how`).
    public var catchUp = 0.0
    /// Planning the command against the desk (saves only).
    public var plan = 0.0
    /// Writing the journal line (saves only).
    public var write = 0.0
    /// `fdatasync` of the journal (saves only).
    public var sync = 0.0
    /// What catching up had to do.
    public var how: CatchUp = .nothing

    public enum CatchUp: String, Sendable {
        /// Nothing new, or only new journal lines.
        case nothing = "lines"
        /// A compaction another process committed, applied by dropping what it moved.
        case compactionApplied = "compaction applied"
        /// The snapshot read whole.
        case snapshotRead = "snapshot read whole"
    }

    public init() {}

    public var total: Double { lockWait + catchUp + plan + write + sync }
}

extension Store {
    /// Runs `catchUp` and says in `timing` what it took and what it had to do.
    @discardableResult
    func timedCatchUp(asWriter: Bool, into timing: inout LockedTiming) throws(StoreError) -> Bool {
        let loads = snapshotLoads, before = generation, start = monotonicSeconds()
        let changed = try catchUp(asWriter: asWriter)
        timing.catchUp = monotonicSeconds() - start
        timing.how = snapshotLoads > loads ? .snapshotRead : generation != before ? .compactionApplied : .nothing
        return changed
    }
}
