import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskStore

/// The backends the shared tests run on: one behaviour, both backends. A test of shared
/// behaviour takes `@Test(arguments: TestBackend.allCases)` and gets a fresh store from
/// `fresh()`: a temporary folder, or a new database on the test server (`TestPostgres`).
public enum TestBackend: String, CaseIterable, Sendable, CustomStringConvertible {
    case file
    case postgres

    /// Both, always, except on a developer's machine that set `FRONTDESK_SKIP_POSTGRES=1` and
    /// has no test server: there the PostgreSQL cases are left out. Anywhere else an
    /// unreachable server fails the PostgreSQL cases, naming the reason.
    public static var allCases: [TestBackend] {
        TestPostgres.mayBeSkipped && TestPostgres.unreachableReason != nil ? [.file] : [.file, .postgres]
    }

    public var description: String { rawValue }

    /// A new, empty place for a store of this backend; `remove()` it when done.
    public func fresh() throws -> TestStore {
        switch self {
        case .file:
            let base = NSTemporaryDirectory() + "frontdesk-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            return TestStore(backend: self, location: base + "/store", database: nil)
        case .postgres:
            let database = try TestPostgres.createDatabase()
            return TestStore(backend: self, location: database.url, database: database)
        }
    }
}

/// A store location made for one test: a folder or a database URL, what the `--store`
/// option and `FRONTDESK_STORE` take.
public final class TestStore: @unchecked Sendable {
    public let backend: TestBackend
    /// The folder, or the `postgres://` URL.
    public let location: String
    /// The database, on PostgreSQL.
    public let database: TestDatabase?

    init(backend: TestBackend, location: String, database: TestDatabase?) {
        self.backend = backend
        self.location = location
        self.database = database
    }

    /// Opens the store here; with a `seed`, a new store is created from it (as the tests'
    /// file stores are), without one it must exist.
    public func open(seed: ChangeSet? = nil) throws -> any DeskBackend {
        switch backend {
        case .file: return try Store(directory: location, seed: seed)
        case .postgres: return try PostgresStore(url: location, seed: seed)
        }
    }

    /// Makes history of what closed before the history window, as of the wall clock: the
    /// file store compacts at `now` (pass the wall clock), and PostgreSQL, whose history is
    /// simply the rows closed before the window, is opened again (the working set is loaded
    /// with the window as of now). Returns the store to go on with.
    public func makeHistory(_ store: any DeskBackend, at now: Instant) throws -> any DeskBackend {
        switch backend {
        case .file:
            guard let files = store as? Store else { throw TestPostgres.Failure(description: "not a file store: \(store.location)") }
            try files.compact(at: now)
            return files
        case .postgres:
            return try open()
        }
    }

    /// Everything the store holds, as text: equal before and after means nothing was
    /// written. The file store's files (not its lock files, not presence), or the tables'
    /// rows of the database (not `frontdesk_viewers`).
    public func contents() throws -> String {
        switch backend {
        case .file:
            return Self.fileContents(location)
        case .postgres:
            guard let database else { return "" }
            let exists = try database.sql("SELECT to_regclass('frontdesk_meta') IS NOT NULL").trimmingCharacters(in: .whitespacesAndNewlines)
            guard exists == "t" else { return "no schema" }
            let tables = ["frontdesk_meta", "frontdesk_changes", "frontdesk_interactions", "frontdesk_entities", "frontdesk_templates"]
            let select = tables.map { "(SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM \($0) t)" }
                .joined(separator: " || E'\\n--\\n' || ")
            return try database.sql("SELECT " + select)
        }
    }

    /// A file store's files and their bytes, but not its lock files or presence.
    public static func fileContents(_ folder: String) -> String {
        var out = ""
        let names = (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).sorted()
        for name in names where !name.hasSuffix(".lock") && !name.hasPrefix("viewers") {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            let bytes = FileManager.default.contents(atPath: folder + "/" + name) ?? Data()
            out += "\(name) \(bytes.count) \(bytes.base64EncodedString())\n"
        }
        return out
    }

    /// Removes the folder, or drops the database (closing the connections still open to it).
    public func remove() {
        switch backend {
        case .file: try? FileManager.default.removeItem(atPath: (location as NSString).deletingLastPathComponent)
        case .postgres: database?.drop()
        }
    }
}
