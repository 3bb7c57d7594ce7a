import Foundation
import FrontdeskTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The README's group-sharing recipe with two real Linux users: a store folder `root:desk`
/// mode 2770, each user in the group. Needs root to add the users (CI runs as root);
/// elsewhere it checks nothing. Users and group get names of their own each run and are
/// removed after it.
@Suite(.serialized) struct CLIGroupSharingTests {
    static var isRoot: Bool { geteuid() == 0 }

    /// A group and two users in it, made for one test.
    struct Team {
        let group: String, sam: String, ana: String
        let gid: gid_t

        init() throws {
            let tag = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
            group = "fdg\(tag)"; sam = "fds\(tag)"; ana = "fda\(tag)"
            #expect(Self.system("/usr/sbin/groupadd", group) == 0)
            for user in [sam, ana] {
                #expect(Self.system("/usr/sbin/useradd", "-M", "-U", "-s", "/usr/sbin/nologin", user) == 0)
                #expect(Self.system("/usr/sbin/usermod", "-aG", group, user) == 0)   // as the README says
            }
            gid = try #require(getgrnam(group)).pointee.gr_gid
        }

        func remove() {
            for user in [sam, ana] {
                Self.system("/usr/sbin/userdel", user)
                Self.system("/usr/sbin/groupdel", user)   // the user's own group, when userdel left it
            }
            Self.system("/usr/sbin/groupdel", group)
        }

        @discardableResult
        static func system(_ executable: String, _ arguments: String...) -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return -1 }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// The store's folder as the README's recipe makes it: the desk's group, setgid, 2770.
    func makeSharedFolder(_ cli: CLI, for team: Team) {
        chmod(cli.root, 0o755)
        mkdir(cli.store, 0o700)
        chown(cli.store, 0, team.gid)
        chmod(cli.store, 0o2770)
    }

    /// Runs `frontdesk` as `user` (its groups, `USER`) under `umask`.
    func run(_ cli: CLI, _ user: String, umask: String, _ arguments: [String]) -> CLI.Result {
        cli.run(["--reuid=\(user)", "--regid=\(user)", "--init-groups", "--", "/bin/sh", "-c", "umask \(umask); exec \"$@\"", "sh", CLI.binary]
                + arguments, executable: "/usr/bin/setpriv", environment: ["USER": user, "FRONTDESK_AGENT": ""])
    }

    @Test(.enabled(if: isRoot)) func twoUsersOfAGroupShareOneStore() throws {
        let team = try Team()
        defer { team.remove() }
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        makeSharedFolder(cli, for: team)
        // sam keeps the group out by habit (umask 077), ana lets it in (007): both share.
        func sam(_ arguments: String...) -> CLI.Result { run(cli, team.sam, umask: "077", arguments) }
        func ana(_ arguments: String...) -> CLI.Result { run(cli, team.ana, umask: "007", arguments) }
        func clean(_ r: CLI.Result, _ what: String) {
            #expect(r.status == 0 && r.err.isEmpty, "\(what): exit \(r.status): \(r.err)")
        }

        // The login that creates the store is its supervisor (and is told so).
        let created = sam("agent", "add", team.ana, "--name", "Ana", "--queues", "service-desk", "--role", "supervisor")
        #expect(created.status == 0, "sam creates the store: \(created.err)")
        clean(sam("customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"), "sam adds a customer")
        clean(sam("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Printer jam"), "sam opens a record")
        clean(sam("template", "add", "hello", "--text", "Hello {customer}"), "sam adds a template")

        clean(ana("note", "1", "from ana"), "ana writes to sam's store")
        clean(ana("template", "add", "hello", "--text", "Hi {customer}"), "ana changes sam's template")
        let shown = sam("show", "1")
        clean(shown, "sam reads what ana wrote")
        #expect(shown.out.contains("from ana"))

        // Routing: whoever comes second routes too, once the first is done.
        clean(sam("route"), "sam routes")
        let routed = ana("route")
        clean(routed, "ana routes after sam")
        #expect(!routed.out.contains("another process"), "\(routed.out)")

        // Compactions by each, into the same history.
        clean(sam("config", "set", "history.window", "0d"), "sam sets the window")
        clean(sam("complete", "1"), "sam completes")
        waitForNextSecond()   // closed in an earlier second than the compaction: it moves to history
        clean(sam("store", "compact"), "sam compacts")
        clean(ana("new", "--type", "chat", "--for", "zoe@example.com", "--short", "Second"), "ana opens a record")
        clean(ana("complete", "2"), "ana completes it")
        waitForNextSecond()   // closed in an earlier second than the compaction: it moves to history
        clean(ana("store", "compact"), "ana compacts into sam's history")
        let closed = sam("list", "--view", "closed")
        clean(closed, "sam lists history")
        #expect(closed.out.contains("IMS0000001") && closed.out.contains("IMS0000002"), "\(closed.out)")

        // Everything in the store is the group's: files 0660, folders 2770.
        let walker = try #require(FileManager.default.enumerator(atPath: cli.store))
        var seen: [String] = []
        for case let name as String in walker {
            var info = stat()
            lstat(cli.store + "/" + name, &info)
            seen.append(name)
            let expected: mode_t = info.st_mode & S_IFMT == S_IFDIR ? 0o2770 : 0o660
            #expect(info.st_mode & 0o7777 == expected && info.st_gid == team.gid,
                    "\(name): mode \(String(info.st_mode & 0o7777, radix: 8)), gid \(info.st_gid)")
        }
        for name in ["lock", "routing.lock", "compact.lock", "compact.state", "snapshot.json", "journal.jsonl", "templates", "history"] {
            #expect(seen.contains(name), "\(name) in \(seen)")
        }
    }

    /// The README's command that hands a store made private to the group: then both share it.
    @Test(.enabled(if: isRoot)) func aPrivateStoreHandedToTheGroupIsShared() throws {
        let team = try Team()
        defer { team.remove() }
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        chmod(cli.root, 0o755)
        mkdir(cli.store, 0o700)
        chown(cli.store, try #require(getpwnam(team.sam)).pointee.pw_uid, try #require(getpwnam(team.sam)).pointee.pw_gid)
        #expect(run(cli, team.sam, umask: "077", ["agent", "add", team.ana, "--name", "Ana", "--queues", "service-desk", "--role", "supervisor"]).status == 0)
        let handOver = "chgrp -R desk DIR && chmod -R g+rwX,o-rwx DIR && find DIR -type d -exec chmod g+s {} +"   // the README's
        #expect(Team.system("/bin/sh", "-c", handOver.replacingOccurrences(of: "desk", with: team.group)
            .replacingOccurrences(of: "DIR", with: cli.store)) == 0)
        let added = run(cli, team.ana, umask: "007", ["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"])
        #expect(added.status == 0 && added.err.isEmpty, "\(added.err)")
        let listed = run(cli, team.sam, umask: "077", ["customer", "list"])
        #expect(listed.status == 0 && listed.err.isEmpty && listed.out.contains("Zoë Müller"), "\(listed.out) \(listed.err)")
    }

    /// A routing.lock this user may not open is not "another process routing": said as it is.
    @Test(.enabled(if: isRoot)) func aRoutingLockThatCannotBeOpenedIsSaid() throws {
        let team = try Team()
        defer { team.remove() }
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        makeSharedFolder(cli, for: team)
        #expect(run(cli, team.sam, umask: "077", ["agent", "add", team.ana, "--name", "Ana", "--queues", "service-desk"]).status == 0)
        #expect(run(cli, team.sam, umask: "077", ["route"]).status == 0)
        // Every file the group's but routing.lock, as an earlier Frontdesk left it after `chmod g+rw`.
        for file in ["lock", "snapshot.json", "journal.jsonl"] { chmod(cli.store + "/" + file, 0o660) }
        chmod(cli.store + "/routing.lock", 0o600)
        let r = run(cli, team.ana, umask: "007", ["route"])
        #expect(r.status == 3, "\(r.out) \(r.err)")
        #expect(!r.out.contains("another process"), "\(r.out)")
        #expect(r.err.contains(cli.store + "/routing.lock") && r.err.contains("permission denied"), "\(r.err)")
    }
}
