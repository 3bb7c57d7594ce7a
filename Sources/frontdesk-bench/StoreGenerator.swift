import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// Builds a store of `count` interactions from the demo desk's generator (fixed seed, every
/// state and channel, international names, notes and tasks), written through the real store.
enum StoreGenerator {
    static func write(count: Int, to directory: String) throws {
        let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 12))
        let customers = max(300, min(count / 10, 1200))
        let desk = try DemoDesk.generate(interactions: count, customers: customers, endingAt: now, seed: 42)
        _ = try Store(directory: directory, seed: desk.everything)
    }
}
