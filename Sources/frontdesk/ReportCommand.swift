import ArgumentParser
import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskExchange

extension ReportPeriod: ExpressibleByArgument {}
extension ReportGrouping: ExpressibleByArgument {}

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report",
        abstract: "Report on the contacts opened in a period: volumes, waits, handle times, service level, satisfaction.",
        discussion: """
        Groups the contacts opened in the period (local days in --zone) by queue, agent, channel, reason for visit, \
        wrap-up code, hour of day or day. Answered: closed complete; abandoned: closed abandoned; abandonment rate: \
        abandoned of closed; wait and handle time (duration + wrap-up): median and 90th percentile (nearest rank) of \
        the answered; service level: answered within the queue's wait target, of the answered. \
        Prints a table with text charts, or --csv, --json, or --html FILE (one self-contained page with SVG charts).
        """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "First day (YYYY-MM-DD), with --to.") var from: String?
    @Option(help: "Last day (YYYY-MM-DD), included.") var to: String?
    @Option(help: "A named period (default: today).") var period: ReportPeriod?
    @Option(help: "Group by.") var by: ReportGrouping = .queue
    @Option(help: "The time zone of days and hours (an IANA id; default: the system's).") var zone: String?
    @Flag(help: "CSV for spreadsheets.") var csv = false
    @Flag(help: "JSON for scripts.") var json = false
    @Option(help: "Write a self-contained HTML page with charts to this file.") var html: String?
    @Flag(help: "Draw the charts in plain ASCII (also when LANG or LC_ALL is C or POSIX).") var ascii = false

    func validate() throws {
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if from != nil, period != nil { throw ValidationError("give either --from/--to or --period, not both") }
        if [csv, json, html != nil].filter({ $0 }).count > 1 { throw ValidationError("give one of --csv, --json, --html") }
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, LocalDate(parsing: value) == nil { throw ValidationError("\(name) takes a date (YYYY-MM-DD), not \(value)") }
        }
        if let from = from.flatMap(LocalDate.init(parsing:)), let to = to.flatMap(LocalDate.init(parsing:)), to < from {
            throw ValidationError("--to (\(to)) is before --from (\(from))")
        }
    }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let zoneID = zone ?? TimeZone.current.identifier
        guard let offsets = ZoneResolver.system.zone(zoneID) else {
            throw CLIRefusal(message: "unknown time zone \(zoneID) (an IANA id such as Europe/London, or UTC)", status: 2)
        }
        let now = context.now
        let range = if let first = from.flatMap(LocalDate.init(parsing:)), let last = to.flatMap(LocalDate.init(parsing:)) {
            ReportPeriod.days(first, through: last, zone: offsets)
        } else {
            (period ?? .today).range(at: now, zone: offsets)
        }
        let query = ReportQuery(from: range.from, to: range.to, grouping: by)
        let facts = try context.store.reportFacts(from: range.from, to: range.to, zone: offsets, at: now)
        let report = Report.compute(facts: facts, query: query, zone: offsets)
        if csv {
            Output.emit(String(decoding: ReportCSV.encode(report), as: UTF8.self))
        } else if json {
            Output.emitJSON(try ReportJSON.encode(report, zone: zoneID))
        } else if let html {
            try Export.write(Array(ReportHTML.render(report, zone: zoneID).utf8), to: html)
            Output.emit("report written to \(html)\n", to: .standardError)
        } else {
            Output.emit(ReportText.render(report, zone: zoneID, width: Output.width, ascii: ascii || Self.plainLocale))
        }
    }

    /// LANG=C and the like: a terminal that may not show block elements.
    static var plainLocale: Bool {
        let env = ProcessInfo.processInfo.environment
        let locale = [env["LC_ALL"], env["LC_CTYPE"], env["LANG"]].compactMap { $0 }.first { !$0.isEmpty } ?? "C"
        return locale == "C" || locale == "POSIX" || !locale.uppercased().contains("UTF")
    }
}
