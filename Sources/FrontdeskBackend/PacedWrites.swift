#if canImport(Glibc)
import Glibc
#endif

/// How a compaction writes, so that a save's journal `fdatasync` never queues behind tens of
/// megabytes of its dirty pages: files go out in chunks, each started with
/// `sync_file_range(SYNC_FILE_RANGE_WRITE)` and the one before waited for, so at most two
/// chunks are ever dirty and the final fsync has next to nothing left; and the process asks
/// the kernel for idle I/O priority and a lower CPU priority. Only the process that compacts
/// (`frontdesk store compact`) turns it on; saves write as they always did.
package enum PacedWrites {
    /// Bytes per chunk; nil: writes go out whole (every process but a compacting one).
    nonisolated(unsafe) package private(set) static var chunk: Int?

    /// Turns pacing on for this process, with idle I/O priority and `nice` 10: set once, at
    /// the start of a compaction, before any thread writes.
    package static func enable(chunk: Int = 4 << 20) {
        self.chunk = chunk
        // ioprio_set(IOPRIO_WHO_PROCESS, 0, IOPRIO_CLASS_IDLE << 13): glibc has no wrapper.
        if let syscall = symbol("syscall", as: (@convention(c) (Int, Int32, Int32, Int32) -> Int).self) {
            _ = syscall(251 /* SYS_ioprio_set, x86_64 */, 1, 0, 3 << 13)
        }
        _ = nice(10)
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
