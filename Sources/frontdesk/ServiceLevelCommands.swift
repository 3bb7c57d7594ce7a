import ArgumentParser
import FrontdeskCore

/// `frontdesk sla`: the waiting records past (or near) their queue's target, measured in the
/// queue's business hours.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sla",
        abstract: "Waiting interactions past their queue's wait target (breached) or near it, in business time.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON, for a wallboard or a script.") var json = false

    struct RowJSON: Encodable {
        var number: String, queue: String, waited_business_seconds: Int64, target_seconds: Int64, state: String
    }
    struct SLAJSON: Encodable { var at: String; var near_percent: Int; var interactions: [RowJSON] }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let rows = context.desk.slaRows(at: context.now)
        if json {
            try Output.json(SLAJSON(at: context.now.iso8601, near_percent: context.desk.config.slaNearPercent, interactions: rows.map {
                RowJSON(number: $0.number, queue: $0.queue, waited_business_seconds: $0.waitedSeconds, target_seconds: $0.targetSeconds,
                        state: $0.state.rawValue)
            }))
            return
        }
        guard !rows.isEmpty else { Output.line("no waiting interaction is past or near its target"); return }
        Output.line("NUMBER      QUEUE                WAITED  TARGET   STATE")
        for r in rows {
            Output.line(pad(r.number, 11) + " " + pad(r.queue, 20) + " " + pad(formatListSpan(r.waitedSeconds), 7) + " "
                        + pad(formatListSpan(r.targetSeconds), 7) + "  " + r.state.rawValue)
        }
    }

    private func pad(_ s: String, _ n: Int) -> String {
        let clean = TextSanitizer.clean(s)
        let w = DisplayWidth.of(clean)
        return w >= n ? DisplayWidth.truncate(clean, to: n) : clean + String(repeating: " ", count: n - w)
    }
}
