import ArgumentParser
import Foundation
import FrontdeskBackend
import FrontdeskCore

/// Options every command takes: which store, and which agent is acting.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The store: a directory, or a PostgreSQL database as postgres://[role[:password]@]host[:port]/database "
                                            + "(default: $FRONTDESK_STORE, else $XDG_DATA_HOME/frontdesk, else ~/.local/share/frontdesk).",
                                            valueName: "dir-or-url"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The agent acting (default: $FRONTDESK_AGENT, else the login user; on PostgreSQL, the database role connected as).",
                                            valueName: "login"))
    var agent: String?

    var storePath: String {
        let env = ProcessInfo.processInfo.environment
        if let store, !store.isEmpty { return store }
        if let path = env["FRONTDESK_STORE"], !path.isEmpty { return path }
        if let xdg = env["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/frontdesk" }
        return (env["HOME"] ?? NSHomeDirectory()) + "/.local/share/frontdesk"
    }

    /// The login acting: `--agent`, else $FRONTDESK_AGENT, else the login user. Before a
    /// store is open only (a demo desk): `Context.open` asks the store who is connected.
    var agentLogin: String { requestedAgent ?? Self.loginUser }

    /// The login asked for with `--agent` or $FRONTDESK_AGENT, if any.
    var requestedAgent: String? {
        if let agent, !agent.isEmpty { return agent }
        if let login = ProcessInfo.processInfo.environment["FRONTDESK_AGENT"], !login.isEmpty { return login }
        return nil
    }

    /// Who is at the keyboard: $USER, else the name of the process's user id. A store that
    /// authenticates its users says instead (`login(at:)`).
    static var loginUser: String {
        if let user = ProcessInfo.processInfo.environment["USER"], !user.isEmpty { return user }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "uid\(getuid())"
    }

    /// Who is at the keyboard of `store`: the role the database authenticated on PostgreSQL
    /// (setting USER changes nothing there), the login user on the file store.
    static func login(at store: any DeskBackend) -> String {
        store.authenticatedLogin ?? loginUser
    }
}

/// The real clock, in whole seconds.
struct SystemTime: TimeSource {
    func now() -> Instant { Instant(seconds: Int64(time(nil))) }
}
