import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// Builds a store of `count` interactions from the demo desk's generator (fixed seed, every
/// state and channel, international names, notes and tasks), written through the real store.
/// A desk takes about a thousand contacts a day, so the history spans count / 1000 days (at
/// least four weeks); a compaction then moves what closed before the window into history, as
/// the desk's own compactions would have over those days.
enum StoreGenerator {
    static let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 12))
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
