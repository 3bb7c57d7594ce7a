import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskWeb

/// `frontdesk serve`: the walk-up check-in pages and the waiting-room display over this store.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve",
        abstract: "Serve the walk-up pages: check-in (/checkin/LOCATION), the visitor's status link and the waiting-room display (/display/LOCATION).",
        discussion: """
            Plain HTTP on 127.0.0.1 by default: put a reverse proxy in front for TLS (README: "Check-in and the display"). \
            Check-ins are made by each location's gateway login. Runs until interrupted (Ctrl-C, SIGTERM).
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on.") var bind = "127.0.0.1"
    @Option(help: "The port to listen on (0: any free port, printed).") var port = 8080
    @Option(name: .customLong("public-url"), help: ArgumentHelp("The address visitors reach this server at (https://desk.example.org), for the status link.", valueName: "url"))
    var publicURL: String?
    @Option(name: .customLong("check-in-limit"), help: "Check-ins per client address per minute (more are refused with 429).")
    var checkInLimit = 30

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard checkInLimit > 0 else { throw ValidationError("--check-in-limit must be at least 1") }
        if let publicURL, !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            throw ValidationError("--public-url must start with http:// or https://")
        }
    }

    func run() throws {
        // The server acts as each location's gateway: it adds contacts, like `intake`.
        let context = try Context.open(global, access: .intake, concurrent: true)
        let service = DeskService(backend: context.store, clock: context.clock)
        let options = WebOptions(bind: bind, port: port, publicURL: publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 },
                                 checkInsPerMinute: checkInLimit)
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task.detached {
            do {
                try await WebServer.run(service: service, options: options) { port in
                    Output.line("frontdesk serve: listening on http://\(options.bind.contains(":") ? "[\(options.bind)]" : options.bind):\(port)")
                    // Standard output is a pipe or a file under a supervisor: say it now, not at exit.
                    fflush(nil)
                }
            } catch {
                failure.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = failure.error { throw CLIRefusal(message: "serve: \(error)", status: 3) }
    }
}

/// The server's error, handed from its task to the command's thread after it ended.
private final class FailureBox: @unchecked Sendable {
    var error: (any Error)?
}
