import Foundation
import FrontdeskBackend
import FrontdeskCore
import Synchronization

/// The store, for a server whose requests run on event loops: the backend's API blocks, so it
/// lives on ONE dedicated thread that runs the writes handed to it and, between them, waits for
/// other processes' changes (`waitForChange`, then `refresh`). Every change seen (its own
/// writes and other processes') is published as an immutable snapshot of the desk; pages are
/// rendered from the latest snapshot without touching the store, and the live pages are told
/// (`onChange`), so one watcher serves every open display and status page.
public final class DeskService: @unchecked Sendable {
    /// The desk as last seen, and a number that grows with every change seen.
    public struct Snapshot: Sendable {
        public var desk: Desk
        public var version: Int
    }

    // Touched on the store thread only.
    private let backend: any DeskBackend
    private let clock: any TimeSource
    private let lock = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private let thread: Thread
    private let latest: Mutex<Snapshot>
    private let listeners = Mutex<[@Sendable (Snapshot) -> Void]>([])
    /// How long the thread waits for another process's change before looking at its jobs again.
    private let watchMilliseconds: Int

    public init(backend: any DeskBackend, clock: any TimeSource, watchMilliseconds: Int = 100) {
        self.backend = backend
        self.clock = clock
        self.watchMilliseconds = watchMilliseconds
        latest = Mutex(Snapshot(desk: backend.desk, version: 0))
        let box = UncheckedBox()
        thread = Thread { box.service?.run() }
        thread.name = "frontdesk-store"
        box.service = self
        thread.start()
    }

    public var snapshot: Snapshot { latest.withLock { $0 } }
    public var now: Instant { clock.now() }

    /// Called on the store thread after each change seen.
    public func onChange(_ listener: @escaping @Sendable (Snapshot) -> Void) {
        listeners.withLock { $0.append(listener) }
    }

    /// Runs `work` with the backend on the store thread; the snapshot is published after it.
    public func withBackend<T: Sendable>(_ work: @escaping @Sendable (any DeskBackend) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue { [backend, self] in
                let result = Result { try work(backend) }
                // Published before the caller goes on: the page it redirects to (the status
                // after a check-in, the thanks after a rating) already sees its own write.
                // After a refusal nothing changed: the live pages compare what they would send.
                self.publish()
                continuation.resume(with: result)
            }
        }
    }

    /// Plans and commits `command` as `actor`; the snapshot then holds it.
    public func perform(_ command: DeskCommand, by actor: String) async throws -> CommandResult {
        let clock = self.clock
        return try await withBackend { backend in try backend.perform(command, by: actor, clock: clock) }
    }

    /// Asks the store for what others committed now (not waiting for the watcher's next look):
    /// for a status link not in the snapshot yet.
    public func refreshNow() async throws -> Snapshot {
        _ = try await withBackend { backend in try backend.refresh() }
        return snapshot
    }

    public func stop() {
        lock.lock(); stopping = true; lock.signal(); lock.unlock()
    }

    private func enqueue(_ job: @escaping () -> Void) {
        lock.lock(); jobs.append(job); lock.signal(); lock.unlock()
    }

    private func run() {
        while true {
            lock.lock()
            if stopping { lock.unlock(); return }
            let work = jobs
            jobs.removeAll()
            lock.unlock()
            if work.isEmpty {
                backend.waitForChange(milliseconds: watchMilliseconds)
                let changed = (try? backend.refresh()) ?? false
                if changed { publish() }
            } else {
                for job in work { job() }
            }
        }
    }

    private func publish() {
        let desk = backend.desk
        let next = latest.withLock { latest -> Snapshot in
            latest = Snapshot(desk: desk, version: latest.version + 1)
            return latest
        }
        for listener in listeners.withLock({ $0 }) { listener(next) }
    }
}

/// The thread's closure needs the service before `init` has finished.
private final class UncheckedBox: @unchecked Sendable {
    weak var service: DeskService?
}
