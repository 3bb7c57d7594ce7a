import Foundation

/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends.
public enum CSV {
    /// One row, quoting where needed. Text cells that a spreadsheet would run as a formula
    /// (starting with = + - @) get a leading apostrophe: customer text is hostile.
    public static func row(_ cells: [String], formulaSafe: Set<Int> = []) -> String {
        cells.enumerated().map { index, cell in
            var value = cell
            if formulaSafe.contains(index), let first = value.first, "=+-@".contains(first) { value = "'" + value }
            let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",")
    }

    /// Rows with the line number (1-based) each starts on.
    public static func parse(_ text: String) throws(CSVError) -> [(line: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        var cells: [String] = [], cell = ""
        var inQuotes = false, line = 1, rowLine = 1, quotedCell = false
        var chars = Array(text).makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" { cell.append("\"") } else { inQuotes = false; pending = after }
                    } else { inQuotes = false }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    cell.append(ch)
                }
                continue
            }
            switch ch {
            case "\"":
                guard cell.isEmpty, !quotedCell else { throw CSVError(line: line, problem: "a quote inside an unquoted field") }
                inQuotes = true; quotedCell = true
            case ",":
                cells.append(cell); cell = ""; quotedCell = false
            case "\n", "\r\n", "\r":
                cells.append(cell); cell = ""; quotedCell = false
                if !(cells.count == 1 && cells[0].isEmpty) { rows.append((rowLine, cells)) }
                cells = []
                line += 1
                rowLine = line
            default:
                guard !quotedCell else { throw CSVError(line: line, problem: "text after a closing quote") }
                cell.append(ch)
            }
        }
        if inQuotes { throw CSVError(line: rowLine, problem: "a quoted field is not closed") }
        if !cell.isEmpty || !cells.isEmpty || quotedCell {
            cells.append(cell)
            rows.append((rowLine, cells))
        }
        return rows
    }
}

public struct CSVError: Error, Equatable, Sendable {
    public var line: Int
    public var problem: String
}

