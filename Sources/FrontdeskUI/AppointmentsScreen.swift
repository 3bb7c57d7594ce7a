import FrontdeskCore

/// A walk-up location's appointments (reached from its counter with `p`): today's and the
/// upcoming ones, in slot order, whatever their state. The rows are appointment ids, read
/// again when the desk changes (never per frame); the view looks each up by id.
public struct AppointmentsScreen: Equatable, Sendable {
    /// The walk-up location: a queue id.
    public var location: String
    /// The appointments listed, by slot then id.
    public private(set) var ids: [String] = []
    public var cursor = ListCursor()

    public init(location: String) { self.location = location }

    /// The appointment on the selected row.
    public var selectedID: String? {
        guard let i = cursor.selected, ids.indices.contains(i) else { return nil }
        return ids[i]
    }

    /// Reads the list again: the appointments whose slot starts on the location's today or
    /// later. The selected appointment stays selected while listed; `select` chooses another.
    mutating func reload(_ desk: Desk, at now: Instant, visibleRows: Int, select: String? = nil) {
        let kept = select ?? selectedID
        let today = desk.zone(ofLocation: location).startOfDay(containing: now)
        ids = desk.appointments(at: location).filter { $0.slotStart >= today }.map(\.id)
        if let kept, let index = ids.firstIndex(of: kept) { cursor.selected = index }
        cursor.clamp(count: ids.count, visibleRows: visibleRows)
    }

    mutating func move(_ action: UIAction, visibleRows: Int) {
        cursor.move(action, count: ids.count, visibleRows: visibleRows)
    }

    mutating func clamp(visibleRows: Int) {
        cursor.clamp(count: ids.count, visibleRows: visibleRows)
    }
}
