import Foundation
import Testing
import FrontdeskTestSupport

/// Service levels and the satisfaction survey from the command line, on both backends.
@Suite struct CLIServiceLevelTests {
    func object(_ r: CLI.Result) -> [String: Any] {
        ((try? JSONSerialization.jsonObject(with: Data(r.out.utf8))) as? [String: Any]) ?? [:]
    }

    @Test(arguments: TestBackend.allCases)
    func slaListsBreachedAndNearWaits(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        // Around the clock (no calendar): a 1 s target is breached within a second or two;
        // the other queue's 1 h target is nowhere near.
        #expect(cli.run(["queue", "add", "slow", "--name", "Slow", "--channels", "chat", "--target-wait", "1h"]).status == 0)
        #expect(cli.run(["config", "set", "queue.service-desk.target_wait", "1s"]).status == 0)
        #expect(cli.run(["intake", "chat", "--from", "late-one", "--text", "late one"], agent: "chat").status == 0)
        #expect(cli.run(["intake", "chat", "--from", "fine-one", "--queue", "slow", "--text", "fine"], agent: "chat").status == 0)
        var rows: [[String: Any]] = []
        let breached = waitUntil {
            rows = object(cli.run("sla", "--json"))["interactions"] as? [[String: Any]] ?? []
            return rows.first?["state"] as? String == "breached"
        }
        #expect(breached, "\(rows)")
        #expect(rows.count == 1 && rows.first?["number"] as? String == "IMS0000001" && rows.first?["queue"] as? String == "service-desk")
        #expect(rows.first?["target_seconds"] as? Int == 1 && (rows.first?["waited_business_seconds"] as? Int ?? 0) > 1)
        let text = cli.run("sla").out
        #expect(text.contains("IMS0000001") && text.contains("breached") && !text.contains("IMS0000002"), "\(text)")
        // With hours that never open, the same wait is no business time at all: no breach.
        #expect(cli.run(["config", "set", "queue.service-desk.hours", "closed"]).status == 0)
        #expect((object(cli.run("sla", "--json"))["interactions"] as? [[String: Any]])?.isEmpty == true)
        #expect(cli.run(["config", "get", "queue.service-desk.hours"]).out.contains("closed"))
    }

    @Test(arguments: TestBackend.allCases)
    func aSurveyGoesOutOnCloseAndIsAnsweredByIntake(_ backend: TestBackend) throws {
        let cli = try CLI(backend)
        defer { cli.cleanUp() }
        #expect(cli.run(["config", "set", "queue.service-desk.survey", "on"]).status == 0)
        let intake = cli.run(["intake", "messaging", "--from", "+44 7700 900123", "--text", "help", "--json"], agent: "sms")
        let number = try #require(object(intake)["interaction"] as? String)
        #expect(cli.run("accept", number).status == 0)
        #expect(cli.run(["set", number, "--short", "Help"]).status == 0)
        let closed = cli.run("complete", number)
        #expect(closed.status == 0, "\(closed.err)")
        let outbox = cli.run("outbox", "--json").out
        #expect(outbox.contains("How did we do with \(number)?") && outbox.contains("+447700900123"), "\(outbox)")
        let answer = cli.run(["intake", "messaging", "--from", "+44 7700 900123", "--text", "4 great service", "--json"], agent: "sms")
        #expect(answer.status == 0, "\(answer.err)")
        let shown = cli.show(number)
        #expect(shown?["u_satisfaction_rating"] as? String == "4" && shown?["u_satisfaction_comment"] as? String == "great service",
                "\(String(describing: shown))")
        #expect(object(answer)["answered_survey"] as? Bool == true)
        #expect(cli.run("show", "IMS0000002").status != 0, "the answer opened no new contact")
    }
}
