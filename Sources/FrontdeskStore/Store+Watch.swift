#if canImport(Glibc)
import Glibc
#endif

/// Waiting for another process to write the store, for a follower (`outbox --follow`): it
/// sleeps until the journal or snapshot changes instead of looking many times a second.
extension Store {
    /// Returns when a file in the store's folder was written, created or renamed over (a
    /// journal line appended, a compaction's swap), or after `milliseconds`, whichever comes
    /// first. Where inotify is not to be had, it only sleeps: `refresh` still finds the change.
    public func waitForChange(milliseconds: Int) {
        if watchDescriptor < 0 {
            let fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            if fd >= 0, inotify_add_watch(fd, directory, UInt32(IN_MODIFY | IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)) >= 0 {
                watchDescriptor = fd
            } else {
                if fd >= 0 { close(fd) }
                usleep(useconds_t(milliseconds) * 1000)
                return
            }
        }
        var p = pollfd(fd: watchDescriptor, events: Int16(POLLIN), revents: 0)
        if poll(&p, 1, Int32(milliseconds)) > 0 {
            // Drain what is queued: the caller reads the files themselves.
            var buffer = [UInt8](repeating: 0, count: 4096)
            while read(watchDescriptor, &buffer, buffer.count) > 0 {}
        }
    }
}
