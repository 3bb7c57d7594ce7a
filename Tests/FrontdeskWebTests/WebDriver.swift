import Foundation
import FrontdeskTestSupport

/// A small client of chromedriver's WebDriver HTTP API (W3C): enough to open a page, fill a
/// form, read text and take screenshots in a real, headless Chromium. No package: plain JSON
/// over curl.
final class Browser: @unchecked Sendable {
    private let driver = Process()
    private let driverPort: Int
    private let session: String

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Whether this machine has Chromium and its driver (CI installs them: .ci/run).
    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
    }

    init(width: Int, height: Int) throws {
        driverPort = Int.random(in: 20_000...40_000)
        driver.executableURL = URL(fileURLWithPath: "/usr/bin/chromedriver")
        driver.arguments = ["--port=\(driverPort)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        let port = driverPort
        guard waitUntil(timeout: 20, { Browser.call(port: port, "GET", "/status")?["value"] != nil }) else {
            kill(driver.processIdentifier, SIGKILL)
            throw Failure(description: "chromedriver did not start")
        }
        let arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=\(width),\(height)", "--autoplay-policy=no-user-gesture-required",
                         "--user-data-dir=" + NSTemporaryDirectory() + "chromium-\(UUID().uuidString)"]
        let chrome: [String: Any] = ["binary": "/usr/bin/chromium", "args": arguments]
        let match: [String: Any] = ["browserName": "chrome", "goog:chromeOptions": chrome]
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": match] as [String: Any]]
        guard let value = Browser.call(port: port, "POST", "/session", capabilities, timeout: 60)?["value"] as? [String: Any],
              let id = value["sessionId"] as? String else {
            kill(driver.processIdentifier, SIGKILL)
            throw Failure(description: "no browser session")
        }
        session = id
        // The viewport, not the window, is what the sizes mean: set the window so the page gets them.
        _ = command("POST", "/window/rect", ["width": width, "height": height])
    }

    func quit() {
        _ = Browser.call(port: driverPort, "DELETE", "/session/\(session)")
        // SIGKILL: the driver has closed the browser; nothing of its own is left to save.
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        waitUntil(timeout: 10) { !self.driver.isRunning }
    }

    func open(_ url: String) { _ = command("POST", "/url", ["url": url]) }

    var url: String { command("GET", "/url")?["value"] as? String ?? "" }

    /// The visible text of the first element matching `css`, "" when none.
    func text(_ css: String) -> String {
        guard let element = find(css) else { return "" }
        return command("GET", "/element/\(element)/text")?["value"] as? String ?? ""
    }

    func exists(_ css: String) -> Bool { find(css) != nil }

    func type(_ css: String, _ text: String) {
        guard let element = find(css) else { return }
        _ = command("POST", "/element/\(element)/clear", [:])
        _ = command("POST", "/element/\(element)/value", ["text": text])
    }

    func click(_ css: String) {
        guard let element = find(css) else { return }
        _ = command("POST", "/element/\(element)/click", [:])
    }

    func script(_ source: String) -> Any? {
        command("POST", "/execute/sync", ["script": source, "args": []])?["value"]
    }

    /// A PNG of the viewport.
    func screenshot(to path: String) throws {
        guard let base64 = command("GET", "/screenshot")?["value"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot")
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: path))
    }

    private func find(_ css: String) -> String? {
        guard let value = command("POST", "/element", ["using": "css selector", "value": css])?["value"] as? [String: Any] else { return nil }
        return value.values.first as? String
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) -> [String: Any]? {
        Browser.call(port: driverPort, method, "/session/\(session)" + path, body)
    }

    private static func call(port: Int, _ method: String, _ path: String, _ body: [String: Any]? = nil, timeout: Int = 30) -> [String: Any]? {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        var arguments = ["-s", "--max-time", String(timeout), "-X", method, "-H", "Content-Type: application/json"]
        if let body, let data = try? JSONSerialization.data(withJSONObject: body) {
            arguments += ["--data-binary", String(decoding: data, as: UTF8.self)]
        }
        curl.arguments = arguments + ["http://127.0.0.1:\(port)" + path]
        let pipe = Pipe()
        curl.standardOutput = pipe
        curl.standardError = FileHandle.nullDevice
        guard (try? curl.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}
