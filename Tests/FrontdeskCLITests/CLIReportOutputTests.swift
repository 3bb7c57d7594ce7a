import Foundation
import Testing
import FrontdeskCore
import FrontdeskExchange
import FrontdeskTestSupport

/// `frontdesk report`'s outputs other than JSON: the HTML page as headless Chromium renders
/// it, the terminal table with its charts (Unicode and ASCII), CSV, and the refusals.
@Suite(.serialized) struct CLIReportOutputTests {
    static let period = ["--from", CLIReportTests.first, "--to", CLIReportTests.last, "--zone", CLIReportTests.zone]

    /// Every chart's SVG is in the page Chromium built, no console message, no script, nothing
    /// fetched; a screenshot is kept as an artefact (`FRONTDESK_ARTEFACTS`, else the test's folder).
    @Test func htmlRendersInChromiumWithEveryChart() throws {
        let cli = try CLI(.file, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let page = cli.root + "/report.html"
        let r = cli.run(["report", "--by", "agent", "--html", page] + Self.period)
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("@import") && !html.contains("url("))

        let artefacts = ProcessInfo.processInfo.environment["FRONTDESK_ARTEFACTS"] ?? cli.root
        try FileManager.default.createDirectory(atPath: artefacts, withIntermediateDirectories: true)
        let screenshot = artefacts + "/report-html.png"
        let dom = Self.chromium(["--dump-dom", "file://" + page], in: cli)
        #expect(dom.status == 0, "\(dom.err)")
        for id in ReportHTML.chartIDs {
            #expect(dom.out.contains("<svg class=\"chart\" id=\"\(id)\""), "\(id) missing from the rendered page")
        }
        #expect(dom.out.contains("<tr class=\"total\">"))
        // Chromium logs what the page writes to its console (and failed loads) as CONSOLE lines.
        #expect(!dom.err.contains(":CONSOLE"), "\(dom.err)")
        let shot = Self.chromium(["--screenshot=" + screenshot, "--window-size=1000,1500", "--hide-scrollbars", "file://" + page], in: cli)
        #expect(shot.status == 0 && FileManager.default.fileExists(atPath: screenshot), "\(shot.err)")
        #expect(!shot.err.contains(":CONSOLE"), "\(shot.err)")
        // The same report as a terminal shows it, beside the screenshot (the README's sample).
        let text = cli.run(["report", "--by", "agent"] + Self.period, environment: ["LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": "", "COLUMNS": "80"])
        try text.out.write(toFile: artefacts + "/report.txt", atomically: true, encoding: .utf8)
    }

    /// The check itself can fail: a page that writes to the console is caught.
    @Test func consoleMessagesAreSeen() throws {
        let cli = CLI(agents: [])
        defer { cli.cleanUp() }
        let page = cli.root + "/bad.html"
        try "<html><body><script>console.error('broken')</script></body></html>".write(toFile: page, atomically: true, encoding: .utf8)
        #expect(Self.chromium(["--dump-dom", "file://" + page], in: cli).err.contains(":CONSOLE"))
    }

    static func chromium(_ arguments: [String], in cli: CLI) -> CLI.Result {
        cli.run(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + cli.root + "/chromium",
                 "--enable-logging=stderr", "--v=0"] + arguments, agent: nil, executable: "/usr/bin/chromium")
    }

    /// Text from the store is escaped in the page: a reason for visit with markup shows as text.
    @Test func htmlEscapesStoreText() {
        #expect(ReportHTML.escape("<script>alert('x')</script> & \"q\"\u{1B}[31m")
                == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
    }

    @Test func terminalTableWithCharts() throws {
        let cli = try CLI(.file, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let unicode = cli.run(["report", "--by", "queue"] + Self.period, environment: ["LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": "", "COLUMNS": "100"])
        #expect(unicode.status == 0, "\(unicode.err)")
        let lines = unicode.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 100 })
        #expect(lines.contains { $0.hasPrefix("Contacts per day: ") && $0.contains("█") })
        // service-desk: 9 contacts of the period, the longest bar; walk-in 4 (13 in all).
        let desk = try #require(lines.first { $0.hasPrefix("service-desk") })
        #expect(desk.split(separator: " ")[1] == "9" && desk.hasSuffix("█"))
        let walkIn = try #require(lines.first { $0.hasPrefix("walk-in") })
        #expect(walkIn.split(separator: " ")[1] == "4" && walkIn.filter { $0 == "█" }.count < desk.filter { $0 == "█" }.count)
        #expect(lines.first { $0.hasPrefix("Total") }?.split(separator: " ")[1] == "13")
        let ascii = cli.run(["report", "--by", "queue"] + Self.period, environment: ["LANG": "C", "LC_ALL": "", "LC_CTYPE": "", "COLUMNS": "80"])
        #expect(ascii.status == 0)
        let allASCII = ascii.out.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "\(ascii.out)")
        #expect(ascii.out.contains("#"))
        #expect(ascii.out.split(separator: "\n").allSatisfy { $0.count <= 80 })
        // --ascii draws the same under a UTF-8 locale.
        #expect(cli.run(["report", "--by", "queue", "--ascii"] + Self.period, environment: ["LANG": "C.UTF-8", "LC_ALL": "", "LC_CTYPE": "", "COLUMNS": "80"]).out == ascii.out)
    }

    @Test func csvHasAHeaderARowPerGroupAndTheTotal() throws {
        let cli = try CLI(.file, agents: ["ana", "bo"])
        defer { cli.cleanUp() }
        try CLIReportTests.buildDesk(cli)
        let r = cli.run(["report", "--by", "channel", "--csv"] + Self.period)
        #expect(r.status == 0, "\(r.err)")
        // On a terminal the CR of CRLF goes, as with `export --format csv` (a control character).
        let rows = r.out.split(separator: "\n").map { $0.filter { $0 != "\r" } }.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["channel"] + ReportFigures.keys)
        #expect(rows.dropFirst().map { $0[0] } == ["chat", "phone", "walk-up", "Total"])
        #expect(rows.last?[1] == "13")
    }

    @Test(arguments: [
        (["--from", "2026-10-01"], "--from and --to go together"),
        (["--from", "2026-10-02", "--to", "2026-10-01"], "is before --from"),
        (["--from", "yesterday", "--to", "2026-10-01"], "takes a date"),
        (["--period", "today", "--from", "2026-10-01", "--to", "2026-10-02"], "not both"),
        (["--csv", "--json"], "one of --csv, --json, --html"),
        (["--by", "colour"], "colour"),
    ])
    func usageErrors(_ arguments: [String], _ message: String) {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = cli.run(["report"] + arguments)
        #expect(r.status == 2 && r.err.contains(message), "\(r.err)")
    }

    @Test func unknownZoneIsAUsageError() {
        let cli = CLI()
        defer { cli.cleanUp() }
        let r = cli.run(["report", "--zone", "Mars/Olympus"])
        #expect(r.status == 2 && r.err.contains("unknown time zone Mars/Olympus"), "\(r.err)")
    }
}
