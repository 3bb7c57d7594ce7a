import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FrontdeskBackend

/// A file mapped read-only into memory: the snapshot is read in place, without copying it
/// into (and zero-filling) a buffer of its size first. Sendable: nothing in it changes after
/// `init`, and the store's files are replaced by rename, never rewritten in place, so a
/// mapping stays what it was while a desk reads its stored profiles and records from it.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    let inode: UInt64
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    /// nil when the file does not exist. `whole`: the file is read through once (the
    /// snapshot), so every page is mapped up front; otherwise pages come in as they are
    /// touched (history, of which a command reads a few pages).
    init?(path: String, whole: Bool = true) throws(StoreError) {
        guard let fd = try Posix.openFile(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Posix.fail(path, "stat") }
        length = Int(info.st_size)
        inode = UInt64(info.st_ino)
        if length == 0 {
            base = nil
            bytes = UnsafeBufferPointer(start: nil, count: 0)
            return
        }
        // MAP_POPULATE maps every page up front: one pass in the kernel instead of a fault per page.
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE | (whole ? MAP_POPULATE : 0), fd, 0)
        guard let mapped, mapped != MAP_FAILED else { throw Posix.fail(path, "map") }
        if whole { madvise(mapped, length, MADV_SEQUENTIAL) }
        base = mapped
        bytes = UnsafeBufferPointer(start: mapped.assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// Bytes held in memory rather than mapped from a file: an index rebuilt for a store this
    /// process cannot write to.
    init(memory: [UInt8]) {
        length = memory.count
        inode = 0
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: max(1, memory.count), alignment: 16)
        memory.withUnsafeBytes { if let source = $0.baseAddress { buffer.copyMemory(from: source, byteCount: memory.count) } }
        base = buffer
        inMemory = true
        bytes = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: memory.count)
    }

    private var inMemory = false

    /// Drops the pages read so far from this process's memory; the next read maps them again
    /// from the file (nothing here is ever written, so they read back the same).
    func releasePages() {
        guard !inMemory, let base else { return }
        madvise(base, length, MADV_DONTNEED)
    }

    deinit {
        guard let base else { return }
        if inMemory { base.deallocate() } else { munmap(base, length) }
    }

    /// About to read it all (a search's scan): ask the kernel to read ahead now, and map every
    /// page in one pass (`MADV_POPULATE_READ`, Linux 5.14) rather than a fault per page. An
    /// older kernel refuses the second: the pages then fault in as before.
    func willRead() {
        guard let base else { return }
        madvise(base, length, MADV_WILLNEED)
        madvise(base, length, 22 /* MADV_POPULATE_READ */)
    }
}

/// The meeting point of a caller waiting for a lock and the thread blocked in `flock` for it.
private final class LockWait: @unchecked Sendable {
    enum Outcome { case acquired, failed, timedOut }
    private let condition = NSCondition()
    private var outcome: Outcome?
    private var abandoned = false

    /// Called by the thread when `flock` returns; `abandon` cleans up when nobody waits any more.
    func finish(acquired: Bool, abandon: () -> Void) {
        condition.lock()
        defer { condition.unlock() }
        if abandoned {
            abandon()
            return
        }
        outcome = acquired ? .acquired : .failed
        condition.signal()
    }

    func result(within seconds: Double) -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        let deadline = Date(timeIntervalSinceNow: seconds)
        while outcome == nil {
            if !condition.wait(until: deadline) { break }
        }
        if let outcome { return outcome }
        abandoned = true
        return .timedOut
    }
}

/// An exclusive or shared `flock` on a file, waited for up to a timeout.
///
/// A store this user can only read (a read-only file system, or files shared read-only) is
/// still readable: the lock file is opened read-only (`flock` needs no write access), and
/// when it cannot exist at all nobody can be writing, so readers go without it.
final class FileLock {
    let path: String
    private let fd: Int32
    /// Why this process cannot write, when it cannot.
    private let readOnly: StoreError?

    init(path: String) throws(StoreError) {
        self.path = path
        var fd: Int32 = -1
        var readOnly: StoreError? = nil
        do throws(StoreError) {
            fd = try Posix.openExisting(path, O_RDWR | O_CREAT, operation: "open lock file")
        } catch .permissionDenied(let file, _, let owner) {
            readOnly = .permissionDenied(file: file, operation: "open for writing the lock file", owner: owner)
            fd = try Posix.openFile(path, O_RDONLY, operation: "open lock file") ?? -1
        } catch .io(_, _, let code) where code == EROFS {
            readOnly = Posix.fail(path, "open for writing the lock file", errno: code)
            fd = try Posix.openFile(path, O_RDONLY, operation: "open lock file") ?? -1
        }
        self.fd = fd
        self.readOnly = readOnly
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Takes the lock, waiting at most `timeout` seconds. The wait is a blocking `flock` in the
    /// kernel's queue, woken the moment the lock is free: polling would let a busy writer that
    /// takes the lock again at once starve everyone else (a console's refresh waited seconds).
    /// It runs on a helper thread, on a descriptor of its own, so that it can time out: a lock
    /// it gets after its caller gave up is released and nobody else's is touched. A lock it
    /// gets in time moves onto `fd` (dup2), where `release` finds it.
    func acquire(exclusive: Bool, timeout: Double) throws(StoreError) {
        if exclusive, let readOnly { throw readOnly }
        guard fd >= 0 else { return }
        let operation = exclusive ? LOCK_EX : LOCK_SH
        while flock(fd, operation | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            guard errno == EWOULDBLOCK else { throw Posix.fail(path, "lock") }
            guard timeout > 0 else { throw .lockTimeout(file: path, seconds: timeout) }
            let waiter = try Posix.openExisting(path, readOnly == nil ? O_RDWR : O_RDONLY, operation: "open lock file")
            let wait = LockWait()
            Thread.detachNewThread {
                var result: Int32
                repeat { result = flock(waiter, operation) } while result != 0 && errno == EINTR
                wait.finish(acquired: result == 0, abandon: {
                    // Nobody waits for it any more: give the lock back, and the descriptor.
                    flock(waiter, LOCK_UN)
                    close(waiter)
                })
            }
            switch wait.result(within: timeout) {
            case .acquired:
                dup2(waiter, fd)
                close(waiter)
                return
            case .failed:
                close(waiter)
                throw Posix.fail(path, "lock")
            case .timedOut:
                throw .lockTimeout(file: path, seconds: timeout)
            }
        }
    }

    func release() { if fd >= 0 { flock(fd, LOCK_UN) } }
}
