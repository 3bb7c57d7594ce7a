import FrontdeskCore
import Testing
@testable import frontdesk_bench

/// The report screen's figure measures what it says: the same seeded facts on every run, in the
/// period, and a timed key per grouping that really regroups the screen's report.
@Suite struct ReportScreenFiguresTests {
    static let now = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 17))

    @Test func theFactsAreSeededAndInThePeriod() {
        let from = Self.now.adding(-30 * 86_400)
        let a = ReportScreenFigures.facts(count: 500, from: from, to: Self.now)
        #expect(a == ReportScreenFigures.facts(count: 500, from: from, to: Self.now), "the same facts on every run")
        #expect(a.count == 500 && a.allSatisfy { $0.openedAt >= from && $0.openedAt < Self.now })
        #expect(Set(a.map(\.outcome)) == Set(ReportOutcome.allCases), "answered, abandoned and open contacts")
    }

    @Test func everyGroupingIsTimedOnTheFactsGiven() {
        let figure = ReportScreenFigures.measure(label: "test", days: 2, perDay: 50, period: .month,
                                                 desk: ReportScreenFigures.reportDesk(), now: Self.now, rounds: 1)
        #expect(figure.facts == 100)
        #expect(figure.regrouped == ReportGrouping.allCases.count, "each key regrouped the facts the screen holds")
        #expect(figure.median > 0 && figure.worst >= figure.median)
    }
}
