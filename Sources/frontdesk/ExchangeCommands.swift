import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export interactions as ServiceNow Table API JSON, CSV or JSON Lines.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Option(help: "servicenow, csv or jsonl.") var format: String = "servicenow"
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let context = try Context.open(global, reading: true)
        let format: ExportFormat = try parseEnum(format, field: "export format")
        // Exports list records in number order, oldest first, whatever the filters.
        let records = try filters.records(context).sorted { $0.number < $1.number }
        let bytes = try Exporter.export(records, from: context.desk, as: format, at: context.now)
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
                throw StoreError.io(file: out, operation: "write", errno: errno)
            }
            Output.emit("exported \(records.count) interactions to \(out)\n", to: .standardError)
        } else if format == .csv {
            // Text on a terminal: controls go (keep the exact data with --out).
            Output.emit(String(decoding: bytes, as: UTF8.self))
        } else {
            Output.emitJSON(bytes)
        }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", 
        abstract: "Import interactions (ServiceNow-shaped JSON) or customers (CSV: name,email,phone,company,vip). All or nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file to import.") var file: String
    @Option(help: "interactions or customers (default: by the file's extension, .csv for customers).") var kind: String?

    func run() throws {
        let context = try Context.open(global)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StoreError.io(file: file, operation: "read", errno: ENOENT)
        }
        let kind = self.kind ?? (file.lowercased().hasSuffix(".csv") ? "customers" : "interactions")
        switch kind {
        case "interactions":
            let changes = try context.store.importInteractions([UInt8](data), file: file, by: context.agent, at: context.now)
            Output.line("imported \(changes.interactions.count) interactions, \(changes.customers.count) new customers, \(changes.tasks.count) tasks")
        case "customers":
            let changes = try context.store.importCustomers(String(decoding: data, as: UTF8.self), file: file, by: context.agent, at: context.now)
            Output.line("imported \(changes.customers.count) customers")
        default:
            throw DomainError.invalidValue(field: "import kind", value: kind, allowed: ["interactions", "customers"])
        }
    }
}
