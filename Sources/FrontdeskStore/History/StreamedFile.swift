#if canImport(Glibc)
import Glibc
#endif

/// A derived file written a piece at a time into `<path>.tmp` and renamed over `path` when
/// whole, as `Posix.replaceAtomically` does for bytes held in memory: the index and facts of a
/// million records go out through an 8 MiB buffer instead of being built whole first.
/// A compacting process's writes stay paced (`Posix.writeAll` splits them in chunks).
final class StreamedFile {
    let path: String
    private let temporary: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let flushAt = 8 << 20
    private(set) var written = 0

    init(_ path: String) throws(StoreError) {
        self.path = path
        temporary = path + ".tmp"
        fd = try Posix.openExisting(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, operation: "create")
        buffer.reserveCapacity(flushAt)
    }

    deinit { abandon() }

    func write(_ bytes: some Collection<UInt8>) throws(StoreError) {
        buffer.append(contentsOf: bytes)
        written += bytes.count
        if buffer.count >= flushAt { try flush() }
    }

    private func flush() throws(StoreError) {
        guard !buffer.isEmpty else { return }
        try Posix.writeAll(fd, buffer, path: temporary)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Overwrites bytes already written (a header whose counts are known only at the end).
    func patch(_ bytes: [UInt8], at offset: Int) throws(StoreError) {
        try flush()
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(offset + done)) }
            if n < 0 { if errno == EINTR { continue }; throw Posix.fail(temporary, "write") }
            done += n
        }
    }

    /// Makes the file durable and puts it in place.
    func commit(directory: String) throws(StoreError) {
        try flush()
        try Posix.sync(fd, path: temporary)
        close(fd)
        fd = -1
        guard rename(temporary, path) == 0 else { throw Posix.fail(path, "rename \(temporary) to") }
        try Posix.syncDirectory(directory)
    }

    /// Drops the unfinished file.
    func abandon() {
        guard fd >= 0 else { return }
        close(fd)
        fd = -1
        unlink(temporary)
    }
}
