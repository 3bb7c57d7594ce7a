import Foundation
import Testing
import FrontdeskTestSupport

/// `frontdesk import` with paged exports, bad rows and dry runs (issue 23: 4, 12, 13, 14):
/// exit status 4 when bad rows were left out (listed in the --skipped file), 1 with --strict and
/// nothing written, and a dry run that creates nothing where the store is or will be.
@Suite struct CLIImportRowsTests {
    static let fixtures = (#filePath as NSString).deletingLastPathComponent + "/../FrontdeskStoreTests/Fixtures/servicenow"

    func jsonLines(_ path: String) throws -> [[String: Any]] {
        let text = String(decoding: try #require(FileManager.default.contents(atPath: path)), as: UTF8.self)
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test(arguments: TestBackend.allCases)
    func badRowsAreLeftOutListedInTheSkippedFileAndExitFour(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let list = cli.root + "/skipped.jsonl"
        let imported = cli.run("import", Self.fixtures + "/rows-bad", "--skipped", list)
        #expect(imported.status == 4, "\(imported.err)")
        #expect(imported.out.contains("imported 4 new"))
        #expect(imported.out.contains("4 bad rows were left out (not imported): each with its reason in \(list)"))
        let rows = try jsonLines(list)
        #expect(rows.map { "\($0["table"] ?? "") \($0["number"] ?? "")" }
                == ["incident INC0000457", "interaction IMS0020002", "interaction IMS0020003", "interaction IMS0010001"])
        #expect(rows.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0["row"] is Int && $0["file"] is String })

        let email = cli.run("show", "IMS0020001")
        #expect(email.status == 0 && email.out.hasPrefix("IMS0020001  Other  "))
        let broken = cli.run("show", "IMS0020005")
        #expect(broken.out.contains("closed without one in ServiceNow: the source broke the rule"))
        #expect(!cli.run("show", "IMS0010001").out.contains("broke the rule"))
    }

    /// Without --skipped, the list is `import-skipped.jsonl` in the current directory.
    @Test func theSkippedListIsInTheCurrentDirectoryByDefault() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let command = "cd '\(cli.root)' && exec '\(CLI.binary)' import '\(Self.fixtures)/rows-bad'"
        let imported = cli.run(["-c", command], executable: "/bin/sh")
        #expect(imported.status == 4, "\(imported.err)")
        let list = cli.root + "/import-skipped.jsonl"
        #expect(imported.out.contains("each with its reason in \(list)"))
        #expect(try jsonLines(list).count == 4)
    }

    @Test(arguments: TestBackend.allCases)
    func strictRefusesAtTheFirstBadRowAndWritesNothing(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let before = cli.contents()
        let refused = cli.run("import", Self.fixtures + "/rows-bad", "--strict", "--skipped", cli.root + "/skipped.jsonl")
        #expect(refused.status == 1)
        #expect(refused.err.contains("rows-bad/incident.json line 3 (result[1]): opened_at is empty"))
        #expect(cli.contents() == before)
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/skipped.jsonl"))
    }

    /// A dry run with bad rows says so (exit 4 too) and writes no list unless one is named.
    @Test(arguments: TestBackend.allCases)
    func aDryRunWithBadRowsSaysSoAndWritesNothing(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let before = cli.contents()
        let command = "cd '\(cli.root)' && exec '\(CLI.binary)' import '\(Self.fixtures)/rows-bad' --dry-run"
        let dry = cli.run(["-c", command], executable: "/bin/sh")
        #expect(dry.status == 4, "\(dry.err)")
        #expect(dry.out.contains("4 bad rows would be left out (not imported): incident INC0000457: opened_at is empty"))
        #expect(dry.out.hasSuffix("dry run: nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: cli.root + "/import-skipped.jsonl"))
        #expect(cli.contents() == before)
        let named = cli.run("import", Self.fixtures + "/rows-bad", "--dry-run", "--skipped", cli.root + "/dry.jsonl")
        #expect(named.status == 4)
        #expect(try jsonLines(cli.root + "/dry.jsonl").count == 4)
        #expect(cli.contents() == before)
    }

    /// Before the store exists, a dry run says what importing into a new one would do, and
    /// creates nothing: not the store's directory, not its files, no scratch left behind.
    @Test func aDryRunBeforeTheStoreExistsCreatesNothing() throws {
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        let scratch = cli.root + "/tmp"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let dry = cli.run(["import", Self.fixtures + "/rows-paged", "--dry-run"], environment: ["TMPDIR": scratch])
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.hasPrefix("no store at \(cli.store) yet: as into a new one\n"))
        #expect(dry.out.contains("would import 4 new"))
        #expect(dry.out.hasSuffix("dry run: nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: cli.store))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty)
    }

    /// On an existing store a dry run leaves the listing and every byte as they were.
    @Test(arguments: TestBackend.allCases)
    func aDryRunLeavesAnExistingStoreAsItWas(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let before = cli.contents()
        let dry = cli.run("import", Self.fixtures + "/rows-paged", "--dry-run")
        #expect(dry.status == 0, "\(dry.err)")
        #expect(dry.out.contains("would import 4 new"))
        #expect(cli.contents() == before)
    }

    @Test(arguments: TestBackend.allCases)
    func pagedExportsAreReadAndWhatIsNotReadIsRefused(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        let paged = cli.run("import", Self.fixtures + "/rows-paged")
        #expect(paged.status == 0, "\(paged.err)")
        #expect(paged.out.contains("imported 4 new"))
        #expect(paged.out.contains("pages read: incident 1, interaction 2, interaction_related_record 1, sys_user 2, sys_user_group 1"))

        let other = try CLI(backend)
        defer { other.cleanUp() }
        let before = other.contents()
        for dry in [["--dry-run"], []] {
            let refused = other.run(["import", Self.fixtures + "/rows-unread"] + dry)
            #expect(refused.status == 1)
            #expect(refused.err.contains("not read: interaction (1).json, page2.json"))
            #expect(!refused.out.contains("would import"))
        }
        #expect(other.contents() == before)
    }
}
