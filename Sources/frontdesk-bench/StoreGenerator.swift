import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// Builds a store of `count` interactions from the demo desk's generator (fixed seed, every
/// state and channel, international names, notes and tasks), written through the real store.
/// A desk takes about a thousand contacts a day, so the history spans count / 1000 days (at
/// least four weeks); a compaction then moves what closed before the window into history, as
/// the desk's own compactions would have over those days.
enum StoreGenerator {
    /// The desk ends at the start of the current hour, as PostgreSQL's does: a desk ending on a
    /// fixed date falls past its window as the weeks go by, and then its first command starts
    /// the migrating compaction (issue 28), which would run under every figure taken after it.
    static let now = Instant(seconds: Int64(time(nil)) / 3600 * 3600)
    /// Who acts in the measured commands and saves: the demo desk's supervisor.
    static let actor = "alex"

    static func write(count: Int, to directory: String) throws {
        let customers = max(300, min(count / 10, 900))
        let desk = try DemoDesk.generate(interactions: count, customers: customers, days: max(28, count / 1000),
                                         endingAt: now, seed: 42)
        let store = try Store(directory: directory, seed: desk.everything)
        try store.compact(at: now)
    }
}
