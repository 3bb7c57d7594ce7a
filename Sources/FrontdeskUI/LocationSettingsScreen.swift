import FrontdeskCore

/// A walk-up location's settings (supervisors, `L` on its counter): one row per setting, as
/// `Desk.locationSettings` lists them. The rows are read from the desk where they are needed
/// (a few, cheap), so a saved value shows at once; the screen keeps only where the cursor is.
public struct LocationSettingsScreen: Equatable, Sendable {
    /// The walk-up location: a queue id.
    public var location: String
    public var cursor = ListCursor(selected: 0)

    public init(location: String) { self.location = location }

    /// The setting on the selected row.
    func selected(_ desk: Desk) -> LocationSetting? {
        let rows = desk.locationSettings(location)
        guard let i = cursor.selected, rows.indices.contains(i) else { return nil }
        return rows[i]
    }

    mutating func move(_ action: UIAction, count: Int, visibleRows: Int) {
        cursor.move(action, count: count, visibleRows: visibleRows)
    }

    mutating func clamp(count: Int, visibleRows: Int) {
        cursor.clamp(count: count, visibleRows: visibleRows)
    }
}
