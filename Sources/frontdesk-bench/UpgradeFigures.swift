import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// The first commands after upgrading a store the first release wrote (issue 28: "correct;
/// ≤ 3x the 1k figure within 60 s of the first open"): every record in its snapshot, no
/// history, no checksums. The first command claims the migration (a background compaction);
/// the commands are timed again every two seconds until they are within 3x the figures of a
/// 1k store of today's layout, or two minutes have passed.
enum UpgradeFigures {
    static func print(count: Int, tools: Tools, work: String, quick: Bool) throws {
        guard tools.hasFrontdesk else { Swift.print(tools.notes); return }
        let fd = tools.frontdesk
        let runs = quick ? 3 : 7

        // The 1k figure: today's layout, compacted.
        let small = work + "/store-1000"
        if !FileManager.default.fileExists(atPath: small + "/snapshot.json") { try StoreGenerator.write(count: 1000, to: small) }
        let smallShown = try Store(directory: small).desk.interactions.first?.number ?? "IMS0000001"
        let intake1k = StoreFigures.timedCommand(fd: fd, store: small, runs: runs) { intake($0) }.median
        let show1k = StoreFigures.timedCommand(fd: fd, store: small, runs: runs) { _ in ["show", smallShown] }.median

        // The first release's store, made once and copied afresh for each run (the run migrates it).
        let pristine = work + "/first-release-\(count)"
        if !FileManager.default.fileExists(atPath: pristine + "/snapshot.json") {
            let made = try Measure.time { try writeFirstRelease(count: count, to: pristine) }
            Swift.print("[upgrade] first-release store of \(count) records written in \(Measure.s(made))")
        }
        let directory = work + "/upgrading-\(count)"
        try? FileManager.default.removeItem(atPath: directory)
        guard Measure.run(["cp", "-a", pristine, directory]) != nil else { throw BenchError("cannot copy \(pristine)") }
        let shown = "IMS" + String(format: "%07d", count / 2)

        Swift.print("")
        Swift.print("a store the first release wrote, \(count) records (every one in its snapshot), upgraded: the first commands, "
                    + "then again every 2 s (target: within 3x the 1k figures, intake \(Measure.ms(intake1k)) and show "
                    + "\(Measure.ms(show1k)), within 60 s of the first open)")
        let opened = Measure.now()
        var firstShow: String?
        var round = 0, within: Double?
        while Measure.now() - opened < 120 {
            let elapsed = Measure.now() - opened
            guard let i = Measure.process([fd, "intake", "messaging", "--from", "+1 555 02\(String(format: "%02d", round % 100))",
                                           "--text", "upgrade \(round)", "--agent", "sms", "--store", directory]),
                  let s = Measure.run([fd, "show", shown, "--store", directory]) else {
                throw BenchError("a command failed on the upgraded store \(directory)")
            }
            // Correct meanwhile: the same record shows the same, before, during and after the migration.
            firstShow = firstShow ?? s.out
            let same = s.out == firstShow
            let state = (try? Store(directory: directory, waitForWriters: false)).map { "working set \($0.desk.interactions.count)" } ?? "?"
            Swift.print(String(format: "  at %5.1f s: intake %@ (%@), show %@%@; %@", elapsed, Measure.ms(i.seconds), Measure.mb(i.peak),
                               Measure.ms(s.seconds), same ? "" : " (DIFFERS from the first answer)", state))
            if i.seconds <= 3 * intake1k, s.seconds <= 3 * show1k {
                within = elapsed
                break
            }
            round += 1
            usleep(2_000_000)
        }
        if let within {
            Swift.print(String(format: "  within 3x the 1k figures %.1f s after the first open (target: 60 s)", within))
        } else {
            Swift.print("  not within 3x the 1k figures after 120 s")
        }
    }

    static func intake(_ i: Int) -> [String] {
        ["intake", "messaging", "--from", "+1 555 01\(String(format: "%02d", i % 100)) \(1000 + i)", "--text", "bench \(i)", "--agent", "sms"]
    }

    /// A store as the first release left it: the bench's desk written whole into the snapshot
    /// (no history), with no checksum in its first line, and a journal holding only the
    /// first release's header (no checksums); no mark, no compaction state.
    static func writeFirstRelease(count: Int, to directory: String) throws {
        let customers = max(300, min(count / 10, 900))
        let desk = try DemoDesk.generate(interactions: count, customers: customers, days: max(28, count / 1000),
                                         endingAt: StoreGenerator.now, seed: 42)
        _ = try Store(directory: directory, seed: desk.everything)
        let snapshot = directory + "/snapshot.json"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: snapshot)))
        let lead = Array("{\"crc32\":\"".utf8)
        if bytes.starts(with: lead) { bytes.replaceSubrange(0..<(lead.count + 10), with: Array("{".utf8)) }
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
        try Data("{\"generation\":0,\"schema\":1}\n".utf8).write(to: URL(fileURLWithPath: directory + "/journal.jsonl"))
        for name in ["journal.mark", "compact.state", "compact.lock", "history"] {
            try? FileManager.default.removeItem(atPath: directory + "/" + name)
        }
    }
}
