import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a compaction writes, so that a save's journal `fdatasync` never queues behind tens of
/// megabytes of its dirty pages: files go out in chunks, each started with
/// `sync_file_range(SYNC_FILE_RANGE_WRITE)` and the one before waited for, so at most two
/// chunks are ever dirty and the final fsync has next to nothing left; and the compaction's
/// long work runs on a thread at idle I/O priority and a lower CPU priority
/// (`atBackgroundPriority`). Only the process that compacts (`frontdesk store compact`) turns
/// it on; saves write as they always did.
package enum PacedWrites {
    /// Bytes per chunk; nil: writes go out whole (every process but a compacting one).
    nonisolated(unsafe) package private(set) static var chunk: Int?

    /// Turns pacing on for this process: set once, at the start of a compaction, before any
    /// thread writes.
    package static func enable(chunk: Int = 4 << 20) {
        self.chunk = chunk
    }

    /// Runs `body` on a thread of its own at idle I/O priority and `nice` 10, and waits for
    /// it, when pacing is on (else here, as it is). Only the work done without the store's
    /// lock goes there: a whole process at `nice` 10 held the writers' lock for its swap at
    /// that priority too, and on a busy machine the scheduler left it waiting with every
    /// writer behind it (a save waited 200 ms). Linux keeps both priorities per thread, and a
    /// process may lower its own but not raise it again, hence the thread.
    package static func atBackgroundPriority<T>(_ body: () throws -> T) throws -> T {
        guard chunk != nil else { return try body() }
        return try onBackgroundThread(body)
    }

    /// Runs `body` on a new thread at idle I/O priority and `nice` 10, and waits for its answer.
    package static func onBackgroundThread<T>(_ body: () throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let run = BackgroundRun(body)
            let thread = Thread {
                // ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_IDLE << 13) (glibc has no
                // wrapper) and nice: on Linux both change the calling thread only.
                if let syscall = symbol("syscall", as: (@convention(c) (Int, Int32, Int32, Int32) -> Int).self) {
                    _ = syscall(251 /* SYS_ioprio_set, x86_64 */, 1, 0, 3 << 13)
                }
                _ = nice(10)
                run.run()
            }
            thread.stackSize = 8 << 20
            thread.start()
            return try run.wait()
        }
    }

    /// Writes `bytes` at the descriptor's offset in chunks, each started on its way to the
    /// disk as soon as it is written and the previous one waited for.
    package static func write(_ fd: Int32, _ bytes: [UInt8], chunk: Int, write: ([UInt8].SubSequence) throws(StoreError) -> Void) throws(StoreError) {
        let start = Int64(lseek(fd, 0, SEEK_CUR))
        var done = 0
        while done < bytes.count {
            let end = min(done + chunk, bytes.count)
            try write(bytes[done..<end])
            // SYNC_FILE_RANGE_WRITE (2) for this chunk; WAIT_BEFORE|WRITE|WAIT_AFTER (7) for the one before.
            _ = syncFileRange?(fd, start + Int64(done), Int64(end - done), 2)
            if done > 0 { _ = syncFileRange?(fd, start + Int64(max(0, done - chunk)), Int64(min(chunk, done)), 7) }
            done = end
        }
    }

    /// sync_file_range(2), which Swift's Glibc module does not declare.
    private static let syncFileRange = symbol("sync_file_range", as: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)

    private static func symbol<F>(_ name: String, as type: F.Type) -> F? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
}

/// `atBackgroundPriority`'s work and its answer, handed between the two threads: the caller
/// waits on `done` until the thread has stored the answer, so nothing is touched by both at once.
private final class BackgroundRun<T>: @unchecked Sendable {
    /// Dropped once run, before the caller is told: the caller's closure must not outlive its call.
    private var body: (() throws -> T)?
    private var answer: Result<T, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ body: @escaping () throws -> T) { self.body = body }

    func run() {
        answer = Result { try body!() }
        body = nil
        done.signal()
    }

    func wait() throws -> T {
        done.wait()
        return try answer!.get()
    }
}
