import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The binary installed on its own: copied out of the build folder, which is then hidden (a
/// private mount namespace lays an empty folder over it), it still creates a store from its
/// seed on the first command that writes, and works with it. The seed and the demo's words are compiled in.
@Suite struct CLIInstallTests {
    static var canHide: Bool { geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") }

    @Test(.enabled(if: canHide)) func aCopiedBinaryWorksWithTheBuildFolderHidden() throws {
        let cli = CLI()
        defer { cli.cleanUp() }
        let installed = cli.root + "/bin/frontdesk"
        try FileManager.default.createDirectory(atPath: cli.root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.binary, toPath: installed)
        let components = CLI.binary.split(separator: "/")
        let build = try #require(components.firstIndex(of: ".build").map { "/" + components[...$0].joined(separator: "/") })
        let empty = cli.root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let store = cli.root + "/installed-store"
        let script = """
            unset FRONTDESK_AGENT
            mount --bind '\(empty)' '\(build)' || exit 90
            test -z "$(ls '\(build)')" || exit 91
            cd /
            '\(installed)' customer add --name 'Zoë Müller' --email zoe@example.com --store '\(store)' || exit 93
            '\(installed)' config list --store '\(store)' || exit 92
            '\(installed)' intake walk-up --for zoe@example.com --store '\(store)' || exit 94
            '\(installed)' list --store '\(store)' 
            """
        let r = cli.run(["--mount", "sh", "-c", script], agent: "ana", executable: "/usr/bin/unshare")
        #expect(r.status == 0, "exit \(r.status): \(r.err)")
        #expect(r.out.contains("default_queue = service-desk"), "the seed is in the binary:\n\(r.out)")
        #expect(r.out.contains("IMS0000001"), "\(r.out)")
    }
}
