import FrontdeskBackend
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Where an import's tables are: an interaction export, a directory of table exports
/// (`interaction.json`, `sys_user.json`, …), and a `sys_user` export given on its own.
public struct ServiceNowSource: Sendable {
    public var interactions: String?
    public var directory: String?
    public var users: String?

    public init(interactions: String? = nil, directory: String? = nil, users: String? = nil) {
        self.interactions = interactions; self.directory = directory; self.users = users
    }
}

/// How far a streaming import has got.
public struct ImportProgress: Sendable {
    public var rows: Int
    public var bytesRead: Int
    public var totalBytes: Int
}

/// Rows held in memory before they are written to history: an import's memory is about twice
/// this many records (one batch written while the next is read), whatever the size of the
/// file. (20,000 held 60 MB more at the peak than 5,000, which writes as fast: the segment's
/// bytes are the same either way.)
public let serviceNowImportBatchSize = 2_500

/// The import is written once, over the backend protocol: the file store and PostgreSQL
/// differ only in how history is written (`beginHistoryImport`).
extension DeskBackend {

    /// Imports ServiceNow table exports, all or nothing.
    ///
    /// Interactions stream through in batches: records closed before the history window go
    /// straight into a new history segment as they are read; the rest, and the people,
    /// groups, profiles and tasks they refer to, become part of the working set. Nothing is
    /// live until the end, when one swap under the writers' lock (a new snapshot naming the
    /// new segment) or one journal line (when nothing went to history) makes all of it live.
    /// A bad row (a value Frontdesk cannot take, a number twice) is left out and listed in the
    /// summary's `skippedRows` with its reason, and the rest is imported; `strict` makes the
    /// first bad row stop the import with its line and row index, the store as it was. A file
    /// that is not a Table API export at all always stops it.
    /// The same number imported again replaces the store's copy only when its
    /// `sys_updated_on` is later than the store's last change of it.
    @discardableResult
    public func importServiceNow(_ source: ServiceNowSource, by actor: String, at now: Instant, dryRun: Bool = false,
                                 strict: Bool = false, batchSize: Int = serviceNowImportBatchSize,
                                 progress: ((ImportProgress) -> Void)? = nil) throws -> ServiceNowImportSummary {
        var historyImport: (any HistoryImport)?
        do {
            // What was read (the tables, the names, each number's first row) is let go here: the
            // finish, which loads the new snapshot, holds only the working-set changes beside it.
            var read = try readServiceNow(source, by: actor, at: now, dryRun: dryRun, strict: strict, batchSize: batchSize,
                                          progress: progress, historyImport: &historyImport)
            guard let historyImport, let changes = read.changes.take() else { return read.summary }
            try historyImport.finish(consume changes, by: actor, at: now)
            return read.summary
        } catch {
            historyImport?.abandon()
            throw error
        }
    }

    /// Reads the tables and streams the interactions through `historyImport` (begun here,
    /// none on a dry run); returns the working-set changes to make live with it (nil on a dry
    /// run) and the summary.
    private func readServiceNow(_ source: ServiceNowSource, by actor: String, at now: Instant, dryRun: Bool, strict: Bool,
                                batchSize: Int, progress: ((ImportProgress) -> Void)?,
                                historyImport: inout (any HistoryImport)?) throws -> (changes: ChangeSet?, summary: ServiceNowImportSummary) {
        var tables = ServiceNowTables()
        tables.strict = strict
        // The interactions: the file given, else the directory's pages of `interaction`.
        var interactionPages = source.interactions.map { [$0] } ?? []
        if let directory = source.directory {
            let pages = try tables.readDirectory(directory, interactionsGiven: source.interactions != nil)
            if source.interactions == nil { interactionPages = pages }
        }
        if let users = source.users { try tables.readUsers(users) }
        try tables.seal()
        var summary = ServiceNowImportSummary()
        summary.dryRun = dryRun
        summary.tables = tables.read.filter { $0.rows > 0 }.map { "\($0.rows) row\($0.rows == 1 ? "" : "s") from \($0.file)" }
        summary.skippedRows = tables.skipped
        summary.pages = tables.pages
        if !interactionPages.isEmpty { summary.pages[ServiceNowTables.interactionTable] = interactionPages.count }

        // One history writer at a time, held for the whole import; it brings the desk up to date.
        historyImport = dryRun ? nil : try beginHistoryImport(at: now)
        if dryRun { try refresh() }
        let point: Desk = desk

        var names = ServiceNowDirectory(desk: point, tables: tables, summary: summary)
        var workingSet: [Interaction] = []
        var batch: [Interaction] = []
        let cutoff = now.adding(-Int64(point.config.historyWindowDays) * 86_400)
        do {
            // Each number's first row (page, index): an export holds each record once.
            var seen = ServiceNowFirstRows()
            var rowsBefore = 0
            // Page by page, one row at a time: memory holds one batch, never a page.
            for (pageIndex, path) in interactionPages.enumerated() {
                var reader = try ServiceNowRowReader(path: path)
                defer { reader.close() }
                seen.beginPage(rowsBefore: rowsBefore)
                if names.summary.file == nil { names.summary.file = interactionPages.count > 1 ? Posix.parent(of: path) : path }
                while let row = try reader.next() {
                    if names.summary.read == 0 { names.summary.shape = ServiceNowShape.detect(row) }
                    names.summary.read += 1
                    if row.index % 10_000 == 0 {
                        // Every number is looked up in history: its index's pages would pile up.
                        releaseReadPages()
                        progress?(ImportProgress(rows: names.summary.read, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
                    }
                    func skip(_ problem: String) throws(StoreError) {
                        if strict { throw StoreError.badInput(file: path, location: row.location, problem: problem) }
                        names.summary.skippedRows.append(ServiceNowSkippedRow(table: ServiceNowTables.interactionTable, file: path,
                                                                              row: row, reason: problem))
                    }
                    // A number seen before is left out before it is mapped: it adds no one.
                    if let number = row.value("number"), let (prefix, value) = Counters.parse(number), prefix == .interaction,
                       let first = seen.first(value) {
                        let there = first.page == pageIndex ? "" : " of \(interactionPages[first.page])"
                        try skip("\(number) is also result[\(first.row)]\(there): an export holds each record once")
                        continue
                    }
                    let side = try ServiceNowDirectory.sysID(of: row).map(tables.side(of:)) ?? ServiceNowTables.Side()
                    let mapped: Interaction
                    do { mapped = try names.interaction(from: row, side: side, actor: actor) } catch {
                        try skip(error.problem)
                        continue
                    }
                    for index in side.journalRows { tables.journal.rows.take(index) }
                    seen.note(Counters.parse(mapped.number)!.1, row: row.index)
                    let audited = side.audit != nil
                    guard let record = try ServiceNowMerge.merge(mapped, over: point.record(anywhere: mapped.number), audited: audited,
                                                      summary: &names.summary) else { continue }
                    let toHistory = point.interaction(record.number) == nil && record.state.isClosed
                        && (record.closedAt ?? now) < cutoff
                        && historyCanHold(record)
                    if toHistory {
                        names.summary.toHistory += 1
                        guard let historyImport else { continue }
                        batch.append(record)
                        if batch.count >= batchSize {
                            try historyImport.add(batch, customerName: names.customerName)
                            batch.removeAll(keepingCapacity: true)
                        }
                    } else {
                        names.summary.toWorkingSet += 1
                        workingSet.append(record)
                    }
                }
                progress?(ImportProgress(rows: names.summary.read, bytesRead: reader.bytesRead, totalBytes: reader.totalBytes))
                rowsBefore = names.summary.read
            }
            names.addRemainingUsers()
            try names.requireSeparateLogins(file: source.interactions ?? source.users ?? source.directory ?? location)
            guard let historyImport else { return (nil, try names.finalSummary()) }

            var changes = names.changes
            changes.interactions = workingSet
            if !batch.isEmpty {
                try historyImport.add(batch, customerName: names.customerName)
                batch = []
            }
            return (changes, try names.finalSummary())
        }
    }
}

enum ServiceNowMerge {
    /// The record to write for an imported row: itself when the number is new; when the
    /// store has it, the row's version of it if ServiceNow changed it later (keeping what
    /// was added here: notes, messages, links), else nil.
    static func merge(_ imported: Interaction, over existing: Interaction?, audited: Bool,
                      summary: inout ServiceNowImportSummary) -> Interaction? {
        guard let existing else {
            summary.added += 1
            return imported
        }
        guard imported.updatedAt > existing.updatedAt else {
            summary.skipped += 1
            return nil
        }
        summary.updated += 1
        var record = imported
        record.version = existing.version + 1
        if !audited {
            // A row without its audit: the store's trail, then the state ServiceNow reached.
            record.history = existing.history
            if existing.state != imported.state, let at = imported.origin?.updatedOn {
                // Made up as the row's own trail was, and marked the same.
                record.history.append(AuditEntry(at: max(at, existing.lastChangeAt), by: imported.history.last?.by ?? "",
                                                 change: .state(from: existing.state, to: imported.state),
                                                 inferred: imported.history.last?.inferred ?? .updatedBy))
            }
        }
        record.workNotes = existing.workNotes + imported.workNotes.filter { note in !existing.workNotes.contains { $0.at == note.at && $0.text == note.text } }
        record.transcript = existing.transcript + imported.transcript.filter { line in !existing.transcript.contains { $0.at == line.at && $0.text == line.text } }
        record.relatedTasks = existing.relatedTasks + imported.relatedTasks.filter { !existing.relatedTasks.contains($0) }
        record.archivedAt = imported.archivedAt ?? existing.archivedAt
        // ServiceNow's newer row stands: its timers, not the store's, up to here.
        record.origin?.sourceTrail = record.history.count
        return record
    }
}
