import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the command line does with paths it is given and files it finds in the store: no link
/// followed, no FIFO waited on, no store made by a command that only reads, none used in
/// another user's folder, and background compactions started once, not by every command.
@Suite(.serialized) struct CLIFileSafetyTests {
    func prepared() -> CLI {
        let cli = CLI()
        cli.run("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com")
        cli.run("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Printer jam")
        return cli
    }

    func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    /// Every store file as it is now, to show a refusal changed nothing.
    func storeBytes(_ cli: CLI) -> [String: Data] {
        var out: [String: Data] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cli.store)) ?? [] {
            if let data = contents(cli.store + "/" + name) { out[name] = data }
        }
        return out
    }

    /// Runs the binary under `timeout`, so that a command that hangs (on a FIFO) fails the test
    /// (status 137, killed) instead of hanging it.
    func runWithDeadline(_ cli: CLI, _ arguments: [String]) -> CLI.Result {
        cli.run(["-s", "KILL", "30", CLI.binary] + arguments, executable: "/usr/bin/timeout")
    }

    // MARK: 6. export --out

    /// A link at the `--out` path is refused, not followed: the file it leads to keeps its bytes
    /// and mode, a dangling one's target is not created. A regular file there is replaced by a
    /// new one of mode 0600.
    @Test func exportDoesNotWriteThroughALink() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let target = cli.root + "/notes.txt", link = cli.root + "/export.csv"
        _ = FileManager.default.createFile(atPath: target, contents: Data("my own notes\n".utf8), attributes: [.posixPermissions: 0o644])
        symlink(target, link)
        let r = cli.run("export", "--format", "csv", "--out", link)
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("cannot write the export to \(link): it is a symbolic link (to \(target))"), "\(r.err)")
        #expect(contents(target) == Data("my own notes\n".utf8))
        #expect(Self.mode(target) == 0o644)

        let dangling = cli.root + "/dangling.csv", nowhere = cli.root + "/created-through-the-link"
        symlink(nowhere, dangling)
        #expect(cli.run("export", "--format", "csv", "--out", dangling).status == 1)
        #expect(!FileManager.default.fileExists(atPath: nowhere))

        let plain = cli.root + "/plain.csv"
        _ = FileManager.default.createFile(atPath: plain, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        let written = cli.run("export", "--format", "csv", "--out", plain)
        #expect(written.status == 0, "\(written.err)")
        #expect(String(decoding: contents(plain) ?? Data(), as: UTF8.self).contains("Printer jam"))
        #expect(Self.mode(plain) == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: cli.root).filter { $0.hasPrefix(".frontdesk-export") }
        #expect(leftovers.isEmpty)
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o777
    }

    // MARK: 7. links in the store

    /// A template that is a link to a file outside the store is refused by name: `template
    /// list`, `template show` and `reply --template` never print or send what it leads to.
    @Test func aTemplateLinkIsRefusedNotRead() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        cli.run("intake", "chat", "--from", "someone", "--text", "hello")
        cli.run("accept", "2")
        let secret = cli.root + "/secret.txt"
        _ = FileManager.default.createFile(atPath: secret, contents: Data("the outside file's text\n".utf8))
        try FileManager.default.createDirectory(atPath: cli.store + "/templates", withIntermediateDirectories: true)
        let link = cli.store + "/templates/greeting.txt"
        symlink(secret, link)
        let before = storeBytes(cli)
        for args in [["template", "list"], ["template", "show", "greeting"], ["reply", "2", "--template", "greeting"]] {
            let r = cli.run(args)
            #expect(r.status == 3, "\(args): \(r.out) \(r.err)")
            #expect(r.err.contains("\(link) is a symbolic link (to \(secret)), not a regular file"), "\(args): \(r.err)")
            #expect(!r.out.contains("outside file") && !r.err.contains("outside file"))
        }
        #expect(storeBytes(cli) == before)
    }

    /// A dangling link in place of the lock file: refused by name, its target not created.
    @Test func aDanglingLockLinkIsRefusedAndCreatesNothing() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let target = cli.root + "/created-through-the-lock"
        unlink(cli.store + "/lock")
        symlink(target, cli.store + "/lock")
        for args in [["list"], ["note", "1", "hello"]] {
            let r = cli.run(args)
            #expect(r.status == 3, "\(args): \(r.err)")
            #expect(r.err.contains("\(cli.store)/lock is a symbolic link"), "\(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    // MARK: 8. FIFOs

    /// A FIFO in place of the snapshot, the journal or a template: every command ends at once
    /// with exit 3 naming it, `list` and `show` included; nothing is written.
    @Test(arguments: ["snapshot.json", "journal.jsonl", "templates/greeting.txt"])
    func aFIFOInPlaceOfAStoreFileIsRefusedAtOnce(_ name: String) throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.store + "/templates", withIntermediateDirectories: true)
        let path = cli.store + "/" + name
        unlink(path)
        #expect(mkfifo(path, 0o600) == 0)
        let before = storeBytes(cli)
        let commands = name.hasPrefix("templates") ? [["template", "list"], ["template", "show", "greeting"]]
                                                  : [["list"], ["show", "1"], ["note", "1", "hello"]]
        for args in commands {
            let r = runWithDeadline(cli, args)
            #expect(r.status == 3, "\(args) (137: it hung and was killed): \(r.err)")
            #expect(r.err.contains("\(path) is a FIFO (named pipe), not a regular file"), "\(args): \(r.err)")
        }
        #expect(storeBytes(cli) == before)
    }

    // MARK: 9. background compaction

    /// Past the threshold, a command starts a compaction in the background; while compactions
    /// fail (a folder where the new snapshot is written) the commands after it, within the
    /// interval, start none, and once the journal is four times the threshold every command
    /// says why the last one failed, as does `store stats`.
    @Test func backgroundCompactionIsStartedOnceAndItsFailureTold() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        let blocker = cli.store + "/snapshot.json.tmp"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        let state = cli.store + "/compact.state"
        // Each note's journal line holds the whole record, so the journal grows fast: 100 kB,
        // 200 kB, ... past 2 MiB after six notes, past 8 MiB after thirteen.
        let text = String(repeating: "x", count: 100_000)
        var notes = 0
        while (try? FileManager.default.attributesOfItem(atPath: cli.store + "/journal.jsonl")[.size] as? Int) ?? 0 <= 2 << 20 {
            #expect(cli.run("note", "1", text).status == 0)
            notes += 1
        }
        #expect(notes < 10)
        // The compaction it started fails, and says why (waited for: it runs in its own process).
        var failure: String?
        for _ in 0..<600 where failure == nil {
            if let data = contents(state), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                failure = object["failure"] as? String
            }
            if failure == nil { usleep(100_000) }
        }
        #expect(failure?.contains("snapshot.json.tmp is a directory") == true, "\(String(describing: failure))")

        var last = CLI.Result(status: 0, out: "", err: "")
        while (try? FileManager.default.attributesOfItem(atPath: cli.store + "/journal.jsonl")[.size] as? Int) ?? 0 < 8 << 20 {
            last = cli.run("note", "1", text)
            #expect(last.status == 0, "\(last.err)")
        }
        last = cli.run("note", "1", "one more")
        let object = try JSONSerialization.jsonObject(with: contents(state) ?? Data()) as? [String: Any]
        #expect(object?["starts"] as? Int == 1, "one start, not one per command: \(String(describing: object))")
        #expect(last.err.contains("journal.jsonl is"), "\(last.err)")
        #expect(last.err.contains("the last compaction failed: \(cli.store)/snapshot.json.tmp is a directory"), "\(last.err)")
        let stats = cli.run("store", "stats")
        #expect(stats.out.contains("Compaction failed  \(cli.store)/snapshot.json.tmp is a directory"), "\(stats.out)")
    }

    // MARK: 11. another user's folder

    /// A store inside a folder owned by another user (who could swap it for one of their own)
    /// is refused, and no store is created in one. Needs root to give the folder away.
    @Test(.enabled(if: geteuid() == 0)) func aStoreInsideAnotherUsersFolderIsRefused() throws {
        let cli = prepared()
        defer { cli.cleanUp() }
        chown(cli.root, 65534, 65534)
        let before = storeBytes(cli)
        for args in [["list"], ["note", "1", "hello"]] {
            let r = cli.run(args)
            #expect(r.status == 3, "\(args): \(r.err)")
            #expect(r.err.contains("\(cli.store) is inside \(cli.root), which is owned by nobody (uid 65534)"), "\(r.err)")
        }
        let fresh = cli.root + "/new"
        #expect(cli.run(["customer", "add", "--name", "A", "--store", fresh]).status == 3)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(storeBytes(cli) == before)
        chown(cli.root, 0, 0)
    }

    // MARK: 12. reading creates nothing

    /// A command that only reads, on a path with no store, says so naming it (its control
    /// characters shown escaped) and creates nothing; the first command that writes creates it.
    @Test func aReadingCommandCreatesNoStore() throws {
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        let typo = cli.root + "/typo\u{1B}[31m"
        for args in [["list"], ["show", "1"], ["store", "stats"], ["export"], ["template", "list"]] {
            let r = cli.run(args + ["--store", typo], agent: CLI.loginUser)
            #expect(r.status == 3, "\(args): \(r.out) \(r.err)")
            #expect(r.err.contains("there is no Frontdesk store at \(cli.root)/typo\\u001b[31m: it does not exist"), "\(args): \(r.err)")
            #expect(!r.out.contains("No interactions match"))
        }
        #expect(!FileManager.default.fileExists(atPath: typo))
        let empty = cli.root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(cli.run(["list", "--store", empty], agent: CLI.loginUser).status == 3)
        #expect(try FileManager.default.contentsOfDirectory(atPath: empty) == [])

        let created = cli.run(["customer", "add", "--name", "A", "--store", typo], agent: CLI.loginUser)
        #expect(created.status == 0, "\(created.err)")
        #expect(cli.run(["list", "--store", typo], agent: CLI.loginUser).status == 0)
    }
}
