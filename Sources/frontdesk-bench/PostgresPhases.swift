import Foundation
import FrontdeskCore
import FrontdeskPostgres

/// Where a PostgreSQL command's time goes (issue 28): the store opened in-process as each
/// command opens it (one connection), and a message taken in as `intake messaging` takes it, each phase's
/// median over `runs` (the process's own start is `--version`'s figure).
enum PostgresPhases {
    static func print(count: Int, url: String, runs: Int) throws {
        var opens: [PostgresTiming] = [], saves: [PostgresTiming] = []
        for i in 0..<runs {
            // As a command opens it: history and profiles read on its one connection.
            let store = try PostgresStore(url: url, oneThread: true)
            opens.append(store.timing)
            let from = "+1 555 02\(String(format: "%02d", i % 100)) \(2000 + i)"
            _ = try store.perform(.intakeMessage(channel: .sms, identifier: from, text: "phases \(i)", queue: nil),
                                  by: "sms", clock: FixedTime(Instant(seconds: Int64(time(nil)))))
            saves.append(store.timing)
        }
        func median(_ timings: [PostgresTiming], _ phase: KeyPath<PostgresTiming, Double>) -> String {
            Measure.ms(Measure.percentile(timings.map { $0[keyPath: phase] }, 50))
        }
        Swift.print("[\(count)] PostgreSQL open (in-process medians of \(runs)): connect \(median(opens, \.connect)), "
                    + "schema \(median(opens, \.schema)), working set query \(median(opens, \.query)), "
                    + "decode \(median(opens, \.decode)), desk built \(median(opens, \.build)); total \(median(opens, \.open))")
        Swift.print("[\(count)] PostgreSQL intake's save: BEGIN, lock and catch-up \(median(saves, \.turn)), plan \(median(saves, \.plan)), "
                    + "write \(median(saves, \.write)), COMMIT \(median(saves, \.commit)); total \(median(saves, \.save))")
    }
}
