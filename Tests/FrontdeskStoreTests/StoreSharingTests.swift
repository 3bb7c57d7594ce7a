import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// A store in a setgid, group-writable folder is shared by the group: everything it creates is
/// group-readable and -writable whatever the umask (these tests do not set one: a umask of 022
/// or 077 takes the group's write away), and it says nothing about it. Anywhere else it stays private.
@Suite struct StoreSharingTests {
    /// Every file and folder of a store that has been through everything that creates one:
    /// the store, its lock, writes, a template, a heartbeat, routing, a compaction into history.
    func storeWithEveryFile(in path: String, folderMode: mode_t) throws -> (store: Store, modes: [String: mode_t]) {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, folderMode)
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        try store.saveTemplate(ReplyTemplate(name: "hello", text: "Hello {customer}"))
        store.announce(Viewer(login: "ana", number: "IMS0000001", editing: nil), at: t0)
        #expect(store.isRouting())
        let report = try store.compact(at: t0.adding(30 * 86_400))
        #expect(report.moved > 0, "history is written")
        var modes: [String: mode_t] = [:]
        let walker = try #require(FileManager.default.enumerator(atPath: path))
        for case let name as String in walker {
            var info = stat()
            lstat(path + "/" + name, &info)
            modes[name] = info.st_mode
        }
        return (store, modes)
    }

    @Test func aStoreInASetgidGroupFolderIsCreatedForTheGroup() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let (store, modes) = try storeWithEveryFile(in: path, folderMode: 0o2770)
        for name in ["lock", "snapshot.json", "journal.jsonl", "compact.lock", "compact.state", "routing.lock", "viewers", "templates", "history"] {
            #expect(modes[name] != nil, "\(name) was created")
        }
        #expect(modes.keys.contains { $0.hasPrefix("history/seg-") } && modes.keys.contains { $0.hasPrefix("history/index-") })
        for (name, mode) in modes {
            if mode & S_IFMT == S_IFDIR {
                #expect(mode & 0o7777 == 0o2770, "\(name): \(String(mode & 0o7777, radix: 8))")
            } else {
                #expect(mode & 0o777 == 0o660, "\(name): \(String(mode & 0o777, radix: 8))")
            }
        }
        #expect(!modes.keys.contains { $0.hasSuffix(".tmp") })
        #expect(store.warnings.isEmpty, "\(store.warnings)")
        #expect(try Store(directory: path).warnings.isEmpty, "a store shared as it should be is not warned about")
    }

    /// A store the first command makes inside the group's folder is the group's too.
    @Test func aStoreCreatedInASharedFolderIsShared() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        chmod(Posix.parent(of: path), 0o2770)
        let store = try Store(directory: path, seed: seed())
        #expect(Posix.mode(path)! & 0o7777 == 0o2770)
        #expect(Posix.mode(path + "/snapshot.json")! & 0o777 == 0o660)
        #expect(store.warnings.isEmpty, "\(store.warnings)")
    }

    @Test func aStoreElsewhereStaysPrivate() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        // Group-writable but not setgid: not set up for sharing, so not shared.
        let (_, modes) = try storeWithEveryFile(in: path, folderMode: 0o770)
        chmod(path, 0o700)
        for (name, mode) in modes {
            #expect(mode & 0o7777 == (mode & S_IFMT == S_IFDIR ? 0o700 : 0o600), "\(name): \(String(mode & 0o7777, radix: 8))")
        }
        #expect(try Store(directory: path).warnings.isEmpty)
    }

    /// A shared store is still warned about when the world can reach it, or when one of its
    /// files belongs to another group than the store's; a private one when the group can.
    @Test func exposureBeyondTheGroupIsWarnedAbout() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        chmod(path, 0o2770)
        _ = try Store(directory: path, seed: seed())

        chmod(path + "/journal.jsonl", 0o664)
        let world = try Store(directory: path).warnings
        #expect(world.contains { $0.contains(path + "/journal.jsonl can be read by users outside group") && $0.contains("chmod o-rwx") }, "\(world)")
        chmod(path + "/journal.jsonl", 0o660)

        var folder = stat()
        stat(path, &folder)
        if geteuid() == 0 {   // only root gives a file to a group it is not in
            let other: gid_t = folder.st_gid == 65534 ? 65533 : 65534
            chown(path + "/snapshot.json", geteuid(), other)
            let foreign = try Store(directory: path).warnings
            #expect(foreign.contains { $0.contains(path + "/snapshot.json belongs to group") && $0.contains("chgrp") }, "\(foreign)")
            chown(path + "/snapshot.json", geteuid(), folder.st_gid)
        }
        #expect(try Store(directory: path).warnings.isEmpty)

        chmod(path, 0o770)   // no longer setgid: a private store the group can read
        let loose = try Store(directory: path).warnings
        #expect(loose.contains { $0.contains("\(path) can be read by other users") && $0.contains("chmod 2770 \(path)") }, "\(loose)")
        #expect(loose.contains { $0.contains(path + "/snapshot.json can be read by other users") }, "\(loose)")
    }
}
