import Foundation
import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// Who else has which record open, from heartbeat files: `viewers/<pid>.json` per console,
/// rewritten when what it shows changes and at least every two seconds. A file not touched for
/// `viewerFreshness` seconds is someone gone (a console that quit removes its own; one that
/// died leaves it to go stale, and the next console to look removes it). Nothing here is
/// journaled: it is not the desk's record, only who is looking now.
extension Store {
    static let viewersDirectoryName = "viewers"

    private var viewersDirectory: String { directory + "/" + Self.viewersDirectoryName }
    private var ownViewerFile: String { viewersDirectory + "/\(viewerID).json" }

    private struct ViewerFile: Codable {
        var login: String
        var number: String?
        var editing: String?
        var at: Instant
    }

    /// Says what this console shows now. Cheap: a small file, rewritten only when it changed or
    /// every two seconds.
    public func announce(_ me: Viewer, at now: Instant) {
        if let last = lastAnnounced, last.viewer == me, last.at.seconds(until: now) < 2 { return }
        // A link in the folder's place is not written through (`viewers` then says so).
        guard (try? Posix.requireNotLink(viewersDirectory)) != nil else { return }
        try? Posix.makeDirectory(viewersDirectory)
        guard let bytes = try? JSONEncoder().encode(ViewerFile(login: me.login, number: me.number, editing: me.editing, at: now)) else { return }
        // Not synced: a heartbeat lost in a crash is the crash's own news.
        let temporary = ownViewerFile + ".tmp"
        guard let fd = try? Posix.openFile(temporary, O_WRONLY | O_CREAT | O_TRUNC) else { return }
        let written = (try? Posix.writeAll(fd, [UInt8](bytes), path: temporary)) != nil
        close(fd)
        guard written, rename(temporary, ownViewerFile) == 0 else { unlink(temporary); return }
        lastAnnounced = (me, now)
    }

    /// The other consoles seen within the last few seconds.
    public func viewers(at now: Instant) -> [Viewer] {
        guard (try? Posix.requireNotLink(viewersDirectory)) != nil,
              let names = try? FileManager.default.contentsOfDirectory(atPath: viewersDirectory) else { return [] }
        let own = "\(viewerID).json"
        var out: [Viewer] = []
        for name in names where name.hasSuffix(".json") && name != own {
            let path = viewersDirectory + "/" + name
            // Heartbeats are opened as every store file is: no links, no FIFOs.
            guard let bytes = try? Posix.readAll(path),
                  let file = try? JSONDecoder().decode(ViewerFile.self, from: Data(bytes)) else { continue }
            let age = file.at.seconds(until: now)
            if age > 60 { unlink(path); continue }        // a console that died long ago
            if age <= Self.viewerFreshness { out.append(Viewer(login: file.login, number: file.number, editing: file.editing)) }
        }
        return out.sorted { ($0.login, $0.number ?? "") < ($1.login, $1.number ?? "") }
    }

    /// This console is going: its heartbeat goes with it.
    public func withdraw() {
        unlink(ownViewerFile)
        lastAnnounced = nil
    }
}
