import FrontdeskBackend
import FrontdeskCore

/// One column of a Table API row, in whichever shape the export was asked for:
/// a string (raw values, or display values, or a sys_id without its reference link), or an
/// object with some of `value`, `display_value` and `link` (a reference, or any column with
/// `sysparm_display_value=all`). Every value ServiceNow writes is a string; numbers and
/// booleans from hand-made files are read as their text.
enum ServiceNowCell: Equatable, Sendable {
    case text(String)
    case object(value: String?, display: String?, link: String?)
    case null

    /// The stored value: the string itself, or the object's `value`, or the sys_id at the
    /// end of its link (display-value references carry only the link).
    var value: String? {
        switch self {
        case .text(let s): s
        case .object(let value, _, let link): value ?? link.flatMap(ServiceNowID.fromLink)
        case .null: nil
        }
    }

    /// What ServiceNow shows: the object's `display_value`, else the plain string.
    var display: String? {
        switch self {
        case .text(let s): s
        case .object(_, let display, _): display
        case .null: nil
        }
    }

    var isEmpty: Bool {
        switch self {
        case .text(let s): s.isEmpty
        // A reference to a deleted record shows nothing but still links to its sys_id.
        case .object(let value, let display, let link): (value ?? "").isEmpty && (display ?? "").isEmpty && (link ?? "").isEmpty
        case .null: true
        }
    }
}

/// One row: column name to cell, with where it was in the file.
struct ServiceNowRow {
    var index: Int
    var line: Int
    var cells: [String: ServiceNowCell]

    subscript(_ column: String) -> ServiceNowCell { cells[column] ?? .null }

    /// The column's value, nil when absent or empty.
    func value(_ column: String) -> String? {
        guard let v = self[column].value, !v.isEmpty else { return nil }
        return v
    }

    func display(_ column: String) -> String? {
        guard let v = self[column].display, !v.isEmpty else { return nil }
        return v
    }

    var location: String { "line \(line) (result[\(index)])" }
}

/// Which of the Table API's shapes a file is in, from its first row.
public enum ServiceNowShape: String, Sendable {
    case raw = "raw values with reference links"
    case rawWithoutLinks = "raw values without reference links"
    case display = "display values (sysparm_display_value=true)"
    case all = "values and display values (sysparm_display_value=all)"
    case empty = "no rows"

    static func detect(_ row: ServiceNowRow) -> ServiceNowShape {
        var references = 0, links = 0
        for cell in row.cells.values {
            guard case .object(let value, let display, let link) = cell else { continue }
            if value != nil, display != nil { return .all }
            if value == nil, display != nil { return .display }
            references += 1
            if link != nil { links += 1 }
        }
        if links > 0 { return .raw }
        if references == 0, let state = row.value("state"), ServiceNowVocabulary.interactionState(state) == nil,
           ServiceNowVocabulary.interactionState(display: state) != nil {
            return .display
        }
        return .rawWithoutLinks
    }
}

extension ServiceNowOrigin.Column {
    /// A cell kept as it came: a string as its value; an object with a `value` (raw
    /// references, `sysparm_display_value=all`) as the value and its display value beside it;
    /// an object with only a display value (`=true` references) as that text, the sys_id of
    /// its link kept as the value.
    init(name: String, cell: ServiceNowCell) {
        switch cell {
        case .text(let s): self.init(name: name, value: s)
        case .object(let value?, let display, _): self.init(name: name, value: value, display: display)
        case .object(nil, let display?, let link):
            self.init(name: name, value: link.flatMap(ServiceNowID.fromLink) ?? display, display: display, displayOnly: true)
        case .object(nil, nil, let link): self.init(name: name, value: link.flatMap(ServiceNowID.fromLink) ?? "")
        case .null: self.init(name: name, value: "")
        }
    }

    /// The cell an export writes back, in the shape it came: `{value, display_value}` when
    /// both came, the display text when only it came, else the value.
    var exported: ServiceNowCell {
        guard let display else { return .text(value) }
        return displayOnly ? .text(display) : .object(value: value, display: display, link: nil)
    }
}
