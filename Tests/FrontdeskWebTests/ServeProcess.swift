import Foundation
import FrontdeskTestSupport
import Testing

/// A running `frontdesk serve --port 0` over a test's store, and requests to it (through
/// curl: what a client sees on the wire, redirects not followed).
final class ServeProcess: @unchecked Sendable {
    let process: Process
    let port: Int
    let output: String
    var base: String { "http://127.0.0.1:\(port)" }

    struct Reply {
        var status: Int
        var headers: [String: String]
        var body: String
    }

    /// Starts the server and waits (polling, with a deadline) for the port it printed.
    init(store: String, root: String, extra: [String] = []) throws {
        output = root + "/serve-\(UUID().uuidString).out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        self.process = process
        process.executableURL = URL(fileURLWithPath: builtProduct("frontdesk"))
        process.arguments = ["serve", "--port", "0"] + extra
        var env = ProcessInfo.processInfo.environment
        env["FRONTDESK_STORE"] = store
        env["FRONTDESK_AGENT"] = ""
        process.environment = env
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError = FileHandle(forWritingAtPath: output)
        try process.run()
        var found: Int?
        let path = output
        waitUntil(timeout: 30) {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                found = Int(text[range.upperBound...].prefix { $0.isNumber })
            }
            return found != nil || !process.isRunning
        }
        guard let found else {
            process.terminate()
            throw ServeFailure(description: "serve did not start: " + ((try? String(contentsOfFile: path, encoding: .utf8)) ?? ""))
        }
        port = found
    }

    struct ServeFailure: Error, CustomStringConvertible { var description: String }

    func stop() {
        if process.isRunning { process.interrupt() }
        // A server that does not stop on SIGINT fails the test rather than hanging it.
        if !waitUntil(timeout: 10, { !self.process.isRunning }) {
            Issue.record("serve did not stop on SIGINT")
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    var log: String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }

    func get(_ path: String, headers: [String] = []) -> Reply { request("GET", path, headers: headers) }

    /// A form post, as a browser sends it without JavaScript.
    func post(_ path: String, form: [(String, String)], headers: [String] = []) -> Reply {
        let body = form.map { Self.formEncode($0.0) + "=" + Self.formEncode($0.1) }.joined(separator: "&")
        return request("POST", path, body: body, headers: ["Content-Type: application/x-www-form-urlencoded"] + headers)
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(of: "%20", with: "+")
    }

    func request(_ method: String, _ path: String, body: String? = nil, headers: [String] = [], maxSeconds: Int = 20) -> Reply {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-s", "-i", "-X", method, "--max-time", String(maxSeconds)]
        if method == "HEAD" { arguments = ["-s", "-I", "--max-time", String(maxSeconds)] }
        for header in headers { arguments += ["-H", header] }
        let bodyFile = NSTemporaryDirectory() + "serve-body-\(UUID().uuidString)"
        if let body {
            _ = FileManager.default.createFile(atPath: bodyFile, contents: Data(body.utf8))
            arguments += ["--data-binary", "@" + bodyFile]
        }
        curl.arguments = arguments + [base + path]
        let pipe = Pipe()
        curl.standardOutput = pipe
        try? curl.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        try? FileManager.default.removeItem(atPath: bodyFile)
        return Self.parse(String(decoding: data, as: UTF8.self))
    }

    static func parse(_ raw: String) -> Reply {
        let parts = raw.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let body = parts.dropFirst().joined(separator: "\r\n\r\n")
        let lines = head.components(separatedBy: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return Reply(status: status, headers: headers, body: body)
    }

    /// Reads a server-sent event stream for up to `seconds` (curl ends it), returning what came.
    func events(_ path: String, seconds: Int) -> String {
        request("GET", path, maxSeconds: seconds).body
    }
}
