import Foundation
import FrontdeskBackend
import FrontdeskCore

/// Customer imports are all or nothing: every row is checked first, and the first bad one is
/// named by its line; only a file that is entirely good becomes one journal line.
public enum Importer {
    // MARK: Customers (CSV)

    public static let customerColumns = ["name", "email", "phone", "company", "vip"]

    /// The commands that add each customer row; `Desk.planAll` then applies the domain's rules
    /// (phone numbers, duplicate emails) to every row in turn.
    public static func customerCommands(_ text: String, file: String) throws(StoreError) -> [(line: Int, command: DeskCommand)] {
        let rows: [(line: Int, cells: [String])]
        do { rows = try CSV.parse(text) } catch {
            throw .badInput(file: file, location: "line \(error.line)", problem: error.problem)
        }
        guard let header = rows.first else { throw .badInput(file: file, location: "line 1", problem: "the file is empty") }
        let names = header.cells.map { $0.trimmedWhitespace.lowercased() }
        guard let nameColumn = names.firstIndex(of: "name") else {
            throw .badInput(file: file, location: "line \(header.line)", problem: "the header has no \"name\" column (columns: \(customerColumns.joined(separator: ", ")))")
        }
        for name in names where !customerColumns.contains(name) {
            throw .badInput(file: file, location: "line \(header.line)", problem: "unknown column \"\(name)\" (allowed: \(customerColumns.joined(separator: ", ")))")
        }
        func cell(_ row: [String], _ column: String) -> String {
            guard let i = names.firstIndex(of: column), i < row.count else { return "" }
            return CSV.unguarded(row[i])
        }
        var commands: [(Int, DeskCommand)] = []
        for row in rows.dropFirst() {
            guard row.cells.count == names.count else {
                throw .badInput(file: file, location: "line \(row.line)", problem: "\(row.cells.count) fields where the header has \(names.count)")
            }
            let vipText = cell(row.cells, "vip").trimmedWhitespace.lowercased()
            let vip: Bool
            switch vipText {
            case "", "false", "no", "0", "n": vip = false
            case "true", "yes", "1", "y": vip = true
            default: throw .badInput(file: file, location: "line \(row.line)", problem: "vip \"\(vipText)\" is not true or false")
            }
            commands.append((row.line, .addCustomer(name: CSV.unguarded(row.cells[nameColumn]), email: cell(row.cells, "email"),
                                                    phone: cell(row.cells, "phone"), company: cell(row.cells, "company"), vip: vip)))
        }
        return commands
    }
}

extension DeskBackend {
    /// Adds every customer of a CSV file (name, email, phone, company, vip), or nothing.
    @discardableResult
    public func importCustomers(_ text: String, file: String, by actor: String, at now: Instant) throws -> ChangeSet {
        let rows = try Importer.customerCommands(text, file: file)
        return try performBatch(by: actor, at: now) { desk in
            do {
                return try desk.planAll(rows.map(\.command), by: actor, at: now)
            } catch let refusal as BatchRefusal {
                throw StoreError.badInput(file: file, location: "line \(rows[refusal.index].line)", problem: refusal.error.description)
            }
        }
    }
}
