import Dispatch

/// Where opening the PostgreSQL store, and its last save, spent their time (issue 28: a
/// command's time measured before any of it was taken). A few clock reads: always on; the
/// benchmark prints them.
public struct PostgresTiming: Sendable, Equatable {
    /// Opening the connection: the socket and the role's authentication.
    public var connect = 0.0
    /// Reading the schema's version (and migrating it, the first time).
    public var schema = 0.0
    /// The working set's statement, until its last row came back.
    public var query = 0.0
    /// Its rows decoded into records and entities.
    public var decode = 0.0
    /// The desk built from them (its indexes).
    public var build = 0.0
    /// The last save: BEGIN, the writers' lock and the changes committed meanwhile.
    public var turn = 0.0
    /// The last save: planning the command against the desk.
    public var plan = 0.0
    /// The last save: the change row and the rows it touched.
    public var write = 0.0
    /// The last save: COMMIT.
    public var commit = 0.0

    public init() {}

    public var open: Double { connect + schema + query + decode + build }
    public var save: Double { turn + plan + write + commit }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
