import Foundation
import FrontdeskTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Stores this user may only read, may not read, or does not own. Runs the binary as another
/// user through `setpriv`, so it needs root (CI runs as root); elsewhere it checks nothing.
@Suite(.serialized) struct CLIPermissionTests {
    static let nobody = 65534
    static var isRoot: Bool { geteuid() == 0 }

    func prepared() -> CLI {
        let cli = CLI()
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Printer jam")
        // Every folder on the way must be open to the other user, as a home directory would be.
        chmod(cli.root, 0o755)
        return cli
    }

    func own(_ path: String, by uid: Int, mode: mode_t) {
        chown(path, uid_t(uid), gid_t(uid))
        chmod(path, mode)
    }

    @Test(.enabled(if: isRoot), arguments: [true, false])
    func aStoreThisUserCanOnlyReadIsListed(withLockFile: Bool) throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        if !withLockFile { unlink(cli.store + "/lock") }
        for file in ["snapshot.json", "journal.jsonl", "lock"] { own(cli.store + "/" + file, by: Self.nobody, mode: 0o400) }
        own(cli.store, by: Self.nobody, mode: 0o500)      // nothing can be created in it

        for args in [["list", "--store", cli.store], ["show", "1", "--store", cli.store], ["export", "--format", "jsonl", "--store", cli.store],
                     ["config", "list", "--store", cli.store], ["customer", "list", "--store", cli.store]] {
            let r = cli.run(args, asUser: Self.nobody)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        #expect(cli.run(["list", "--store", cli.store], asUser: Self.nobody).out.contains("Printer jam"))

        // A change is refused as a store problem that names the file and its owner; nothing written.
        let before = FileManager.default.contents(atPath: cli.store + "/journal.jsonl")
        let write = cli.run(["note", "1", "hello", "--store", cli.store, "--agent", "ana"], asUser: Self.nobody)
        #expect(write.status == 3, "\(write.err)")
        #expect(write.err.contains("permission denied") || write.err.contains("Permission denied") || write.err.contains("Read-only"), "\(write.err)")
        #expect(write.err.contains(cli.store), "\(write.err)")
        #expect(FileManager.default.contents(atPath: cli.store + "/journal.jsonl") == before)
    }

    /// A read-only store whose history index is missing: rebuilt in memory, said once, read.
    @Test(.enabled(if: isRoot)) func aReadOnlyStoreWithoutItsHistoryIndexIsStillRead() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        cli.run("config", "set", "history.window", "0d")
        cli.run("complete", "1")
        waitForNextSecond()   // closed in an earlier second than the compaction: it moves to history
        #expect(cli.run("store", "compact").status == 0)
        #expect(cli.run("store", "stats", "--json").out.contains("\"history\" : 1"), "the record is in history")
        let history = cli.store + "/history"
        for name in try FileManager.default.contentsOfDirectory(atPath: history) where name.hasPrefix("index-") || name.hasSuffix(".idx") {
            unlink(history + "/" + name)
        }
        for name in try FileManager.default.contentsOfDirectory(atPath: history) { own(history + "/" + name, by: Self.nobody, mode: 0o400) }
        for file in ["snapshot.json", "journal.jsonl", "lock", "compact.lock"] { own(cli.store + "/" + file, by: Self.nobody, mode: 0o400) }
        own(history, by: Self.nobody, mode: 0o500)
        own(cli.store, by: Self.nobody, mode: 0o500)
        let shown = cli.run(["show", "1", "--store", cli.store], asUser: Self.nobody)
        #expect(shown.status == 0, "\(shown.err)")
        #expect(shown.out.contains("Printer jam"))
        #expect(shown.err.contains("rebuilt it in memory"), "\(shown.err)")
        let listed = cli.run(["list", "--view", "closed", "--store", cli.store], asUser: Self.nobody)
        #expect(listed.status == 0 && listed.out.contains("IMS0000001"), "\(listed.err)")
    }

    /// A store behind a folder this user cannot enter: say it cannot be read and whose folder it is.
    @Test(.enabled(if: isRoot)) func aStoreThatCannotBeReadSaysSoAndByWhom() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let home = cli.root + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: cli.store, toPath: home + "/store")
        own(home, by: Self.nobody, mode: 0o700)
        let r = cli.run(["list", "--store", home + "/store"], asUser: 65533)
        #expect(r.status == 3)
        #expect(!r.err.contains("create directory"), "\(r.err)")
        #expect(r.err.contains("cannot read the store \(home)/store: permission denied"), "\(r.err)")
        #expect(r.err.contains("\(home) is owned by nobody (uid 65534)"), "\(r.err)")
    }

    /// The store directory itself belongs to another user: refused, naming the owner.
    @Test(.enabled(if: isRoot)) func anotherUsersStoreIsRefusedNamingItsOwner() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        own(cli.store, by: Self.nobody, mode: 0o755)
        let link = cli.root + "/looks-like-mine"
        symlink(cli.store, link)
        let r = cli.run(["list", "--store", link], asUser: 65533)
        #expect(r.status == 3)
        #expect(r.err.contains("owned by nobody (uid 65534)"), "\(r.err)")
        #expect(r.err.contains("the path leads to \(cli.store)"), "\(r.err)")
        #expect(r.err.contains("refusing to use another user's store"), "\(r.err)")
    }
}
