import Foundation

/// The package's root folder (this file is `Sources/FrontdeskTestSupport/Gateway.swift`).
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The fenced code block that follows `<!-- marker -->` in the README: the tests run what
/// the README shows, as written.
public func readmeBlock(after marker: String) -> String? {
    guard let readme = try? String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8),
          let start = readme.range(of: "<!-- \(marker) -->") else { return nil }
    let rest = readme[start.upperBound...]
    guard let open = rest.range(of: "```"), let lineEnd = rest[open.upperBound...].firstIndex(of: "\n"),
          let close = rest[lineEnd...].range(of: "\n```") else { return nil }
    return String(rest[rest.index(after: lineEnd)..<close.lowerBound]) + "\n"
}

/// A fake SMS provider on 127.0.0.1: takes `POST` JSON `{to, text}` with an `Idempotency-Key`,
/// logs each message it accepts as a JSON line, answers a key it has accepted before without
/// logging it again, and refuses with 422 (once per key) a text holding `[unreachable]`.
public final class FakeSMSProvider {
    public let port: Int
    public let logPath: String
    private let process = Process()

    static let script = #"""
    import http.server, json, sys
    port_file, log_file = sys.argv[1], sys.argv[2]
    accepted, refused = set(), set()
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            key = self.headers.get("Idempotency-Key", "")
            if key in accepted:
                return self.answer(200, {"duplicate": True})
            if "[unreachable]" in body["text"] and key not in refused:
                refused.add(key)
                return self.answer(422, {"error": "number unreachable"})
            accepted.add(key)
            with open(log_file, "a") as log:
                log.write(json.dumps({"key": key, "to": body["to"], "text": body["text"],
                                      "auth": self.headers.get("Authorization", "")}) + "\n")
            self.answer(200, {"id": "sm-" + key})
        def answer(self, code, value):
            data = json.dumps(value).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        def log_message(self, *args):
            pass
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.server_port))
    import os; os.rename(port_file + ".tmp", port_file)
    server.serve_forever()
    """#

    /// Starts it in `directory`; nil when python3 is missing or it did not come up.
    public init?(directory: String) {
        let scriptPath = directory + "/fake-sms-provider.py", portPath = directory + "/provider.port"
        logPath = directory + "/provider.log"
        guard (try? Self.script.write(toFile: scriptPath, atomically: true, encoding: .utf8)) != nil else { return nil }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptPath, portPath, logPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let deadline = Date().addingTimeInterval(10)
        var found: Int?
        while found == nil, Date() < deadline, process.isRunning {
            found = (try? String(contentsOfFile: portPath, encoding: .utf8)).flatMap { Int($0) }
            if found == nil { usleep(20_000) }
        }
        guard let found else { process.terminate(); return nil }
        port = found
    }

    public var url: String { "http://127.0.0.1:\(port)/v1/messages" }

    /// The messages it accepted, in order.
    public var accepted: [[String: Any]] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// SIGKILL: a child of the test runner may inherit its blocked SIGTERM.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The README's gateway script, running against `provider` for the store at `store`.
public final class ReadmeGateway {
    private let process = Process()

    public init?(directory: String, store: String, provider: FakeSMSProvider) {
        guard let script = readmeBlock(after: "gateway-script") else { return nil }
        let path = directory + "/sms-gateway.py"
        guard (try? script.write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return nil }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path]
        var env = ProcessInfo.processInfo.environment
        env["SMS_API"] = provider.url
        env["SMS_TOKEN"] = "test-token"
        env["FRONTDESK"] = builtProduct("frontdesk")
        env["FRONTDESK_STORE"] = store
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        guard (try? process.run()) != nil else { return nil }
    }

    public var isRunning: Bool { process.isRunning }

    /// SIGKILL (see `FakeSMSProvider.stop`); its `outbox --follow` sees its reader gone and ends.
    public func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
