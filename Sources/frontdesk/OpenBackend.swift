import Foundation
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskStore

/// The one place a store is opened from what the user named: a folder becomes the file
/// store, a `postgres://` URL the PostgreSQL store. Everything after works on `DeskBackend`.
enum OpenBackend {
    /// Opens the store at `location`. `seed` creates it when there is none yet (a command
    /// that writes); `reading` opens without waiting for writers (a command that only reads).
    /// `compacting`: for `store compact`, which reads a file store without the writers' lock.
    /// `concurrent`: the store is read from several threads (a console, `serve`).
    static func open(_ location: String, seed: ChangeSet?, reading: Bool, compacting: Bool = false,
                     concurrent: Bool = false) throws -> any DeskBackend {
        switch StoreLocation(location) {
        case .directory(let path):
            let store = compacting ? try Store.openForCompaction(directory: path) : try Store(directory: path, seed: seed, waitForWriters: !reading)
            // A compaction would hold up the command that crossed the threshold: it runs in a
            // process of its own instead.
            store.compactsAutomatically = false
            return store
        case .postgres(let url):
            let store = try PostgresStore(url: url, seed: seed, oneThread: !concurrent)
            if concurrent { store.readProfilesInBackground() }
            return store
        }
    }

    /// Whether a store exists at `location` yet (a folder with a snapshot; a database with
    /// the schema is asked by opening it).
    static func exists(_ location: String) -> Bool {
        switch StoreLocation(location) {
        case .directory(let path): return FileManager.default.fileExists(atPath: path + "/snapshot.json")
        case .postgres: return false
        }
    }
}
