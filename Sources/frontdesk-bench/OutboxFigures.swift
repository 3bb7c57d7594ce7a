import Foundation

/// How long a gateway waits for a reply: from the agent's `reply` starting to the line
/// appearing on a running `outbox --follow --json`, as a gateway reads it.
enum OutboxFigures {
    static func delivery(_ fd: String, directory: String, numbers: [String], runs: Int) -> (median: Double, worst: Double) {
        let path = NSTemporaryDirectory() + "frontdesk-bench-follow-\(UUID().uuidString)"
        defer { unlink(path) }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: fd)
        follower.arguments = ["outbox", "--follow", "--json", "--store", directory, "--agent", "sms"]
        follower.standardOutput = FileHandle(forWritingAtPath: path)
        follower.standardError = FileHandle.nullDevice
        guard (try? follower.run()) != nil else { return (.nan, .nan) }
        defer { kill(follower.processIdentifier, SIGKILL); follower.waitUntilExit() }
        func seen(_ id: String) -> Bool {
            String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self).contains("\"id\":\"\(id)\"")
        }
        var times: [Double] = []
        for i in 0..<runs {
            let start = Date()
            guard let reply = Measure.run([fd, "reply", numbers[i % numbers.count], "--text", "timed reply \(i)", "--store", directory]),
                  let range = reply.out.range(of: #"MSG\d{7}"#, options: .regularExpression) else { continue }
            let id = String(reply.out[range])
            while !seen(id), Date().timeIntervalSince(start) < 10 { usleep(2_000) }
            times.append(Date().timeIntervalSince(start))
            _ = Measure.run([fd, "outbox", "ack", id, "--store", directory, "--agent", "sms"])
        }
        return (Measure.percentile(times, 50), times.max() ?? .nan)
    }
}
