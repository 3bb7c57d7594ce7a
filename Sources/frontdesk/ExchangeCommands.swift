import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskExchange
import FrontdeskStore

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export interactions as ServiceNow Table API JSON, CSV or JSON Lines.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var filters: RecordFilters
    @Option(help: "The file format.") var format: ExportFormat = .servicenow
    @Option(help: "Write to this file instead of standard output; with servicenow, an existing directory gets one file per table.") var out: String?

    func run() throws {
        let context = try Context.open(global, access: .read)
        var isDirectory: ObjCBool = false
        if let out, format == .servicenow, FileManager.default.fileExists(atPath: out, isDirectory: &isDirectory), isDirectory.boolValue {
            // Exports list records in number order, oldest first, whatever the filters.
            let records = try filters.records(context).sorted { $0.number < $1.number }
            // A directory: one file per table, everything the records refer to.
            for (file, bytes) in try Exporter.serviceNowTables(records, from: context.desk, at: context.now) {
                try Self.write(bytes, to: out + "/" + file)
            }
            Output.emit("exported \(records.count) interactions and the tables they refer to into \(out)\n", to: .standardError)
            return
        }
        if format == .csv, out == nil {
            // Text on a terminal: controls go (keep the exact data with --out), the whole
            // text through the sanitiser at once.
            let records = try filters.records(context).sorted { $0.number < $1.number }
            Output.emit(String(decoding: try Exporter.export(records, from: context.desk, as: format, at: context.now), as: UTF8.self))
            return
        }
        // Everything else streams: a record is read, written and let go before the next.
        func export(into stream: ByteStream) throws -> Int {
            try Exporter.export(from: context.desk, as: format, at: context.now,
                                records: { each in try filters.forEachRecord(context, byNumber: true, each) }, into: stream)
        }
        if let out {
            var count = 0
            do {
                try ExportFile.write(to: out) { count = try export(into: $0) }
            } catch let refusal as ExportFile.Refusal {
                throw CLIRefusal(message: refusal.description)
            }
            Output.emit("exported \(count) interactions to \(out)\n", to: .standardError)
        } else {
            let stream = Output.jsonStream()
            _ = try export(into: stream)
            try stream.flush()
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
        abstract: "Import ServiceNow table exports (interactions, people, related records) or customers from CSV.",
        discussion: """
        PATH is an interaction export (`GET /api/now/table/interaction`, any of its shapes), a directory of table \
        exports (interaction.json, sys_user.json, sys_user_group.json, channel_user_profile.json, \
        interaction_related_record.json, incident.json, sn_customerservice_case.json, sc_request.json, sys_audit.json; \
        each in one file or in pages: TABLE_0002.json, TABLE.json.2, or a folder TABLE/), \
        or a CSV of customers (name,email,phone,company,vip). The same number imported again replaces the store's \
        copy only when its sys_updated_on is later. A bad row is left out and listed with its reason in the \
        --skipped file, and the rest is imported (exit status 4 when rows were left out); --strict makes a bad row \
        refuse the whole import (exit 1, nothing written).
        """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file or directory to import.") var path: String?
    @Option(help: "A sys_user export: people referenced by the interactions (customers, and agents for assigned_to).") var users: String?
    @Option(help: "interactions or customers (default: by the file's extension, .csv for customers).") var kind: String?
    @Flag(help: "Read and check everything, print the summary, write nothing.") var dryRun = false
    @Flag(help: "Refuse the whole import at the first bad row (nothing is written), instead of leaving bad rows out.") var strict = false
    @Option(help: "Where to list the bad rows left out, one JSON object a line (default: import-skipped.jsonl in the current directory; a dry run writes it only when named).")
    var skipped: String?

    /// Exit status when the import was made (or, dry, would be) but bad rows were left out.
    static let exitLeftOutRows: Int32 = 4

    func validate() throws {
        guard path != nil || users != nil else { throw ValidationError("name a file or directory to import, or --users") }
    }

    func run() throws {
        let kind = self.kind ?? (path?.lowercased().hasSuffix(".csv") == true ? "customers" : "interactions")
        // A dry run before the store exists says what importing into a new store would do,
        // creating nothing where the store will be (see `scratchStore`).
        var scratch: (store: Store, folder: String)?
        if dryRun, kind == "interactions", case .directory(let folder) = StoreLocation(global.storePath),
           !FileManager.default.fileExists(atPath: folder) { scratch = try Self.scratchStore() }
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch.folder) } }
        let context = scratch == nil ? try Context.open(global, access: dryRun ? .read : .write) : nil
        var isDirectory: ObjCBool = false
        if let path, !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            throw StoreError.io(file: path, operation: "read", errno: ENOENT)
        }
        switch kind {
        case "interactions":
            let store: any DeskBackend = scratch?.store ?? context!.store
            let agent = context?.agent ?? global.agentLogin, now = context?.now ?? SystemTime().now()
            if scratch != nil { Output.line("no store at \(global.storePath) yet: as into a new one") }
            // People, groups and history are the desk's directory: a supervisor's to change.
            if !dryRun, let context { try context.desk.requireSupervisor(context.agent, to: "import interactions and people") }
            var source = ServiceNowSource(users: users)
            if let path, isDirectory.boolValue {
                // Its interaction pages, and every other table, are found in it.
                source.directory = path
            } else {
                source.interactions = path
            }
            let progress = ImportProgressLine()
            var summary = try store.importServiceNow(source, by: agent, at: now, dryRun: dryRun,
                                                             strict: strict, progress: progress.show)
            progress.clear()
            var listProblem: String?
            if !summary.skippedRows.isEmpty, !dryRun || skipped != nil {
                let list = skipped ?? FileManager.default.currentDirectoryPath + "/import-skipped.jsonl"
                let bytes = Array(summary.skippedRows.map { $0.jsonLine + "\n" }.joined().utf8)
                do { try ExportFile.write(bytes, to: list); summary.skippedList = list } catch { listProblem = error.description }
            }
            for line in summary.lines { Output.line(line) }
            if let listProblem { throw CLIRefusal(message: "the bad rows could not be listed: " + listProblem, status: Self.exitLeftOutRows) }
            if !summary.skippedRows.isEmpty {
                // Imported, with rows left out: a status of its own, so a script can tell.
                Context.reportHistoryWarnings()
                if let scratch { try? FileManager.default.removeItem(atPath: scratch.folder) }
                Foundation.exit(Self.exitLeftOutRows)
            }
        case "customers":
            guard let context else { preconditionFailure("a scratch store is made for interactions only") }
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

extension Import {
    /// A new store (from the bundled seed) in a private folder of the temp directory, for a
    /// dry run before the real store exists: the caller removes `folder`. Nothing is created
    /// at the store's path, not even its directory.
    static func scratchStore() throws -> (store: Store, folder: String) {
        let folder = NSTemporaryDirectory() + "frontdesk-dry-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        do { return (try Store(directory: folder + "/store", seed: BundledData.defaultSeed()), folder) } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
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
