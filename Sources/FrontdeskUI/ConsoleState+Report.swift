import FrontdeskCore

/// The supervisors' report screen (`R`): a period's contacts are read once (the runner's
/// `.readReport`); groupings, the selection and drill-downs then work on them in memory.
extension ConsoleState {
    /// R: the report of today, over whatever shows; on the report itself, its period read anew.
    mutating func openReport() -> [ConsoleEffect] {
        if screen == .report, var report {
            report.choose(report.period)
            self.report = report
            return [.readReport(report.period)]
        }
        let over = screen == .record ? record : nil
        report = ReportScreen(period: .today, openedOver: over)
        screen = .report
        record = nil
        searchField = nil
        return [.readReport(.today)]
    }

    /// What a key does on the report screen; nil for the keys every screen shares (help, the
    /// board, presence...), which the caller carries out.
    mutating func reportAction(_ action: UIAction, desk: Desk) -> [ConsoleEffect]? {
        guard var report else { return nil }
        let rows = reportListRows
        switch action {
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            report.move(action, visibleRows: rows)
        case .nextList, .previousList, .tab:
            let all = ReportGrouping.allCases
            let index = all.firstIndex(of: report.grouping) ?? 0
            let next: Int
            switch action {
            case .nextList: next = (index + 1) % all.count
            case .previousList: next = (index + all.count - 1) % all.count
            case .tab(let i): next = min(i, all.count - 1)
            default: next = index
            }
            report.drill = nil
            report.rows = ListCursor()
            report.regroup(all[next], visibleRows: rows)
        case .nextPeriod, .previousPeriod:
            let all = ReportPeriod.allCases
            let index = all.firstIndex(of: report.period) ?? 0
            let next = action == .nextPeriod ? min(all.count - 1, index + 1) : max(0, index - 1)
            guard next != index else { return [] }
            report.choose(all[next])
            self.report = report
            return [.readReport(all[next])]
        case .open:
            if report.drill == nil {
                _ = report.drillIntoSelected()
            } else if let contact = report.selectedContact {
                self.report = report
                open(contact.number, from: nil)
                return []
            }
        case .back:
            if report.drill != nil {
                report.drill = nil
            } else {
                leaveReport()
                return []
            }
        default:
            return nil
        }
        self.report = report
        return []
    }

    /// Back to where R was pressed: the record shown then, or the work lists.
    private mutating func leaveReport() {
        let over = report?.openedOver
        report = nil
        if let over {
            record = over
            screen = .record
        } else {
            screen = .home
        }
    }

    mutating func receivedReport(_ data: ReportData) {
        guard var report else { return }
        report.received(data, visibleRows: reportListRows)
        self.report = report
    }

    mutating func reportFailed(_ text: String) {
        // Left the report while it was read: nothing is waiting for it.
        guard report != nil else { return }
        say(text, isError: true)
        report?.failure = text
    }

    mutating func clampReport() {
        let rows = reportListRows
        report?.clamp(visibleRows: rows)
    }

    /// Rows of the report's list (the groups, or a group's contacts): the body less the
    /// summary, the sparkline and the column header (`ReportView`).
    var reportListRows: Int { max(1, layout.body.height - ReportView.rowsAboveList) }
}

extension DeskSource {
    /// A source that keeps no report facts of its own (a test's desk in memory): the working
    /// set's contacts of the period as it is now, hours and days in UTC.
    public func reportReader(for period: ReportPeriod, at now: Instant) throws -> ReportReader {
        let desk = self.desk
        return { ReportData.inMemory(desk, period: period, at: now) }
    }
}

extension ReportData {
    /// The contacts of `desk`'s working set opened in the period, hours and days in UTC.
    public static func inMemory(_ desk: Desk, period: ReportPeriod, at now: Instant) -> ReportData {
        let zone = ZoneOffsets.utc
        let (from, to) = period.range(at: now, zone: zone)
        let facts = desk.interactions.records(where: { $0.openedAt >= from && $0.openedAt < to }).map { desk.reportFacts(of: $0, zone: zone, at: now) }
        return ReportData(period: period, from: from, to: to, zone: zone, facts: facts)
    }
}
