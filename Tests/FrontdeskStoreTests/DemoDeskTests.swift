import Testing
import FrontdeskCore
import FrontdeskResources

/// The demo desk is a desk that could be: nobody over capacity on its board, no Offline agent
/// holding work.
@Suite struct DemoDeskTests {
    @Test func theDemoBoardHasNobodyOverCapacityAndNoOfflineAgentHoldingWork() throws {
        let now = Instant(CivilTime(year: 2026, month: 11, day: 27, hour: 7, minute: 53))
        let desk = try DemoDesk.generate(interactions: 3000, endingAt: now, agent: "ana")
        for row in desk.board(at: now).agents {
            for (type, load) in row.load {
                #expect(load <= row.capacity[type] ?? 0, "\(row.login) holds \(load) \(type.display) of \(row.capacity[type] ?? 0)")
            }
            if row.presence == .offline { #expect(row.load.values.allSatisfy { $0 == 0 }, "\(row.login) is Offline holding \(row.load)") }
        }
    }
}
