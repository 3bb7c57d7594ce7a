import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export interactions as ServiceNow Table API JSON, CSV or JSON Lines.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Option(help: "The file format.") var format: ExportFormat = .servicenow
    @Option(help: "Write to this file instead of standard output.") var out: String?

    func run() throws {
        let context = try Context.open(global, access: .read)
        // Exports list records in number order, oldest first, whatever the filters.
        let records = try filters.records(context).sorted { $0.number < $1.number }
        let bytes = try Exporter.export(records, from: context.desk, as: format, at: context.now)
        if let out {
            try Self.write(bytes, to: out)
            Output.emit("exported \(records.count) interactions to \(out)\n", to: .standardError)
        } else if format == .csv {
            // Text on a terminal: controls go (keep the exact data with --out).
            Output.emit(String(decoding: bytes, as: UTF8.self))
        } else {
            Output.emitJSON(bytes)
        }
    }
}

extension Export {
    /// Writes the export with mode 0600 (it holds customer data). A path that cannot be
    /// written is the caller's mistake, not the store's: exit 1, with the path and the reason.
    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw CLIRefusal(message: "cannot write the export to \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        fchmod(fd, 0o600)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw CLIRefusal(message: "cannot write the export to \(path): \(String(cString: strerror(errno)))") }
            done += n
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
