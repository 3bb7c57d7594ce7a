import FrontdeskBackend
import Foundation

/// RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF line ends.
///
/// Works on Unicode scalars, not Characters: a quote or comma followed by a combining mark
/// is one Character in Swift but still a quote or a comma to every CSV reader.
public enum CSV {
    /// What a spreadsheet may run as a formula when a cell starts with it.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// One row, quoting where needed. Every cell that a spreadsheet would run as a formula
    /// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe: any cell
    /// can hold text someone else typed.
    public static func row(_ cells: [String]) -> String {
        cells.map { cell in
            var value = cell
            if let first = value.unicodeScalars.first, formulaStarts.contains(first) { value = "'" + value }
            let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",")
    }

    /// Undoes `row`'s formula guard: a cell that is an apostrophe and then a formula start.
    public static func unguarded(_ cell: String) -> String {
        let scalars = cell.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarts.contains(second) else { return cell }
        return String(String.UnicodeScalarView(scalars.dropFirst()))
    }

    /// Rows with the line number (1-based) each starts on.
    public static func parse(_ text: String) throws(CSVError) -> [(line: Int, cells: [String])] {
        var rows: [(Int, [String])] = []
        var cells: [String] = [], cell = String.UnicodeScalarView()
        var inQuotes = false, line = 1, rowLine = 1, quotedCell = false
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        func endCell() { cells.append(String(cell)); cell = String.UnicodeScalarView(); quotedCell = false }
        while let ch = next() {
            if inQuotes {
                if ch == "\"" {
                    if let after = next() {
                        if after == "\"" { cell.append("\"") } else { inQuotes = false; pending = after }
                    } else { inQuotes = false }
                } else {
                    if ch == "\n" { line += 1 }
                    cell.append(ch)
                }
                continue
            }
            switch ch {
            case "\"":
                guard cell.isEmpty, !quotedCell else { throw CSVError(line: line, problem: "a quote inside an unquoted field") }
                inQuotes = true; quotedCell = true
            case ",":
                endCell()
            case "\r", "\n":
                if ch == "\r" {
                    // CR LF is one line end.
                    if let after = next(), after != "\n" { pending = after }
                }
                endCell()
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
            endCell()
            rows.append((rowLine, cells))
        }
        return rows
    }
}

public struct CSVError: Error, Equatable, Sendable {
    public var line: Int
    public var problem: String
}
