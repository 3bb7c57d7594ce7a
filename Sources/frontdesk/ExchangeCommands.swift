import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export interactions as ServiceNow Table API JSON, CSV or JSON Lines.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Option(help: "The file format.") var format: ExportFormat = .servicenow
    @Option(help: "Write to this file instead of standard output; with servicenow, an existing directory gets one file per table.") var out: String?

    func run() throws {
        let context = try Context.open(global, access: .read)
        // Exports list records in number order, oldest first, whatever the filters.
        let records = try filters.records(context).sorted { $0.number < $1.number }
        var isDirectory: ObjCBool = false
        if let out, format == .servicenow, FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            // A directory: one file per table, everything the records refer to.
            for (file, bytes) in try Exporter.serviceNowTables(records, from: context.desk, at: context.now) {
                try Self.write(bytes, to: out + "/" + file)
            }
            Output.emit("exported \(records.count) interactions and the tables they refer to into \(out)\n", to: .standardError)
            return
        }
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
    /// Writes the export (see `ExportFile.write`). A path that cannot be written is the
    /// caller's mistake, not the store's: exit 1, with the path and the reason.
    static func write(_ bytes: [UInt8], to path: String) throws {
        do { try ExportFile.write(bytes, to: path) } catch { throw CLIRefusal(message: error.description) }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import",
        abstract: "Import ServiceNow table exports (interactions, people, related records) or customers from CSV. All or nothing.",
        discussion: """
        PATH is an interaction export (`GET /api/now/table/interaction`, any of its shapes), a directory of table \
        exports (interaction.json, sys_user.json, sys_user_group.json, channel_user_profile.json, \
        interaction_related_record.json, incident.json, sn_customerservice_case.json, sc_request.json, sys_audit.json), \
        or a CSV of customers (name,email,phone,company,vip). The same number imported again replaces the store's \
        copy only when its sys_updated_on is later.
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file or directory to import.") var path: String?
    @Option(help: "A sys_user export: people referenced by the interactions (customers, and agents for assigned_to).") var users: String?
    @Option(help: "interactions or customers (default: by the file's extension, .csv for customers).") var kind: String?
    @Flag(help: "Read and check everything, print the summary, write nothing.") var dryRun = false

    func validate() throws {
        guard path != nil || users != nil else { throw ValidationError("name a file or directory to import, or --users") }
    }

    func run() throws {
        let context = try Context.open(global, access: dryRun ? .read : .write)
        var isDirectory: ObjCBool = false
        if let path, !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            throw StoreError.io(file: path, operation: "read", errno: ENOENT)
        }
        let kind = self.kind ?? (path?.lowercased().hasSuffix(".csv") == true ? "customers" : "interactions")
        switch kind {
        case "interactions":
            // People, groups and history are the desk's directory: a supervisor's to change.
            if !dryRun { try context.desk.requireSupervisor(context.agent, to: "import interactions and people") }
            var source = ServiceNowSource(users: users)
            if let path, isDirectory.boolValue {
                source.directory = path
                let file = path + "/interaction.json"
                if FileManager.default.fileExists(atPath: file) { source.interactions = file }
            } else {
                source.interactions = path
            }
            let progress = ImportProgressLine()
            let summary = try context.store.importServiceNow(source, by: context.agent, at: context.now, dryRun: dryRun,
                                                             progress: progress.show)
            progress.clear()
            for line in summary.lines { Output.line(line) }
        case "customers":
            guard let path else { throw ValidationError("name the CSV file of customers") }
            guard let data = FileManager.default.contents(atPath: path) else { throw StoreError.io(file: path, operation: "read", errno: EACCES) }
            let text = try TextInput.text(of: data, file: path)
            if dryRun {
                let rows = try Importer.customerCommands(text, file: path)
                _ = try context.desk.planAll(rows.map(\.command), by: context.agent, at: context.now)
                Output.line("would import \(rows.count) customers\ndry run: nothing was written")
                return
            }
            let changes = try context.store.importCustomers(text, file: path, by: context.agent, at: context.now)
            Output.line("imported \(changes.customers.count) customers")
        default:
            throw DomainError.invalidValue(field: "import kind", value: kind, allowed: ["interactions", "customers"])
        }
    }
}

/// A progress line on standard error while a large import runs, only on a terminal.
final class ImportProgressLine: @unchecked Sendable {
    private let enabled = isatty(2) == 1
    private var shown = false

    func show(_ p: ImportProgress) {
        guard enabled, p.totalBytes > 0 else { return }
        let percent = Int(Double(p.bytesRead) / Double(p.totalBytes) * 100)
        // Our own words and numbers, nothing from the file: written as is, with the erase-line code.
        FileHandle.standardError.write(Data("\rimporting: \(p.rows) rows read (\(percent)% of the file)\u{1B}[K".utf8))
        shown = true
    }

    func clear() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
