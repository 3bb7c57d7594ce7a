import Testing

/// Issue 22 (low): `Closed Complete*` in `frontdesk list` was unexplained.
@Suite(.serialized) struct CLIListLegendTests {
    @Test func theArchivedMarkIsExplainedUnderTheList() {
        let cli = CLI()
        defer { cli.cleanUp() }
        cli.run("customer", "add", "--name", "Omar Haddad", "--email", "omar@example.com")
        for args in [["new", "--type", "chat", "--for", "Omar Haddad", "--short", "Printer jam"], ["new", "--type", "chat", "--for", "Omar Haddad", "--short", "VPN"],
                     ["complete", "1"], ["archive", "1"]] {
            let r = cli.run(args)
            #expect(r.status == 0, "\(args): \(r.err)")
        }
        let archived = cli.run("list", "--view", "archived")
        #expect(archived.out.contains("Closed*"), "the console's name for 80 columns: \(archived.out)")
        #expect(cli.run(["list", "--view", "archived"], environment: ["COLUMNS": "100"]).out.contains("Closed Complete*"))
        #expect(archived.out.contains("* archived: closed, out of the working lists, still searchable"), "\(archived.out)")
        let open = cli.run("list", "--view", "mine")
        #expect(!open.out.contains("* archived"), "no mark, no legend: \(open.out)")
    }
}
