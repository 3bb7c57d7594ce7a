import FrontdeskCore

/// One column of a work list: the console's lists and `frontdesk list` lay rows out with
/// these, so both have the same columns, headers and widths at a given width.
public struct WorkListColumn: Sendable {
    public enum Key: Sendable { case number, type, state, opened, openedFor, shortDescription, wait, duration }

    public let key: Key
    public let title: String
    public let width: Int
    public let rightAligned: Bool
    private let value: @Sendable (HistoryRow) -> String

    init(_ key: Key, _ title: String, _ width: Int, rightAligned: Bool = false, value: @escaping @Sendable (HistoryRow) -> String) {
        self.key = key; self.title = title; self.width = width; self.rightAligned = rightAligned; self.value = value
    }

    /// The row's cell, raw (customers' text included): the caller sanitises and pads it.
    public func cell(_ row: HistoryRow) -> String { value(row) }

    /// The columns for a window (the console's) or terminal (`list`) `width` cells wide: full
    /// names from 100, short names from 72, and below that number, state, short description
    /// and wait only; OPENED from 120 (with the year from 140). The columns and the one-cell
    /// gaps between them take `width - 2` cells (the console's mark column and a margin);
    /// Opened for and the short description share what the fixed columns leave, 2 : 3.
    public static func columns(width: Int) -> [WorkListColumn] {
        let wide = width >= 100, medium = width >= 72
        var fixed = [WorkListColumn(.number, "NUMBER", 10) { $0.number }]
        if wide {
            fixed.append(WorkListColumn(.type, "TYPE", 9) { $0.type.display })
            fixed.append(WorkListColumn(.state, "STATE", 16) { $0.state.display })
            if width >= 120 {
                let opened = width >= 140 ? 16 : 11   // "2026-11-24 09:00", "11-24 09:00" (UTC)
                fixed.append(WorkListColumn(.opened, "OPENED", opened) { String($0.openedAt.serviceNowDateTime.prefix(16).suffix(opened)) })
            }
        } else if medium {
            fixed.append(WorkListColumn(.type, "TYPE", 5) { shortType($0.type) })
            fixed.append(WorkListColumn(.state, "STATE", 11) { mediumState($0.state) })
        } else {
            fixed.append(WorkListColumn(.state, "STATE", 5) { shortState($0.state) })
        }
        var timers = [WorkListColumn(.wait, "WAIT", 7, rightAligned: true) { formatListSpan($0.waitSeconds) }]
        if medium { timers.append(WorkListColumn(.duration, "DURATION", 8, rightAligned: true) { formatListSpan($0.durationSeconds) }) }
        let flexibleCount = medium ? 2 : 1
        let gaps = fixed.count + timers.count + flexibleCount - 1
        let flexible = width - 2 - (fixed + timers).reduce(0) { $0 + $1.width } - gaps
        var columns = fixed
        if medium {
            let openedFor = max(10, (flexible + 1) * 2 / 5)
            columns.append(WorkListColumn(.openedFor, "OPENED FOR", openedFor) { $0.customerName })
            columns.append(WorkListColumn(.shortDescription, "SHORT DESCRIPTION", max(8, flexible - openedFor), value: listSummary))
        } else {
            columns.append(WorkListColumn(.shortDescription, "SHORT DESCRIPTION", max(8, flexible), value: listSummary))
        }
        return columns + timers
    }
}

/// The short description, or for a contact without one its newest message; a message that
/// arrived while the record was On Hold or in Wrap Up says so first.
@Sendable func listSummary(_ row: HistoryRow) -> String {
    let preview = row.lastMessage.isEmpty ? "" : "“\(row.lastMessage.split(whereSeparator: \.isNewline).joined(separator: " "))”"
    if row.hasNewMessage { return "✉ new message " + preview }
    return row.shortDescription.isEmpty ? preview : row.shortDescription
}
