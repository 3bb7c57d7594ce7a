import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif


/// The modes the store creates its files and folders with, decided once, here, from the folder
/// they are created in. A folder that is setgid and group-writable (`root:desk` mode 2770) is
/// shared by its group: every file in it is made 0660 and every folder 2770, whatever the
/// creator's umask, so that each member of the group can write what another created (the
/// setgid folder gives them its group). Anywhere else the store is private: 0600 and 0700.
package struct StoreModes: Equatable {
    package let file: mode_t
    package let directory: mode_t

    package static let `private` = StoreModes(file: 0o600, directory: 0o700)
    package static let shared = StoreModes(file: 0o660, directory: 0o2770)

    package var isShared: Bool { self == .shared }

    /// For what is created in a folder described by `info`.
    package init(folder info: stat) {
        self = Self.isSharedFolder(info) ? .shared : .private
    }

    /// For what is created in `folder` (private when it cannot be looked at).
    package init(forEntriesIn folder: String) {
        if case .found(let info) = Posix.status(folder) { self.init(folder: info) } else { self = .private }
    }

    private init(file: mode_t, directory: mode_t) {
        self.file = file
        self.directory = directory
    }

    /// Setgid and group-writable: the folder was set up for a group to share.
    package static func isSharedFolder(_ info: stat) -> Bool {
        info.st_mode & S_IFMT == S_IFDIR && info.st_mode & S_ISGID != 0 && info.st_mode & S_IWGRP != 0
    }

    /// Gives what this process just created the mode its folder calls for: open's and mkdir's
    /// mode is cut by the umask (a umask of 077 would keep the group out of a shared store).
    /// A private file needs nothing: the umask can only take bits away.
    package func apply(toCreated fd: Int32) {
        if isShared { _ = fchmod(fd, file) }
    }

    package func apply(toCreatedDirectory fd: Int32) {
        if isShared { _ = fchmod(fd, directory) }
    }

    /// What to tell the user about `path` (described by `info`) of the store whose folder is
    /// `store`, when others can read it; nil when its mode is what the store calls for. A
    /// private store is for its owner alone; a shared one for its group, so there only a file
    /// the rest of the world can reach, or one that another group can read, is told about.
    package static func exposure(of path: String, _ info: stat, inStore store: stat) -> String? {
        let octal = String(info.st_mode & 0o777, radix: 8)
        guard isSharedFolder(store) else {
            guard info.st_mode & 0o077 != 0 else { return nil }
            var text = "\(path) can be read by other users (mode \(octal)); run: chmod go-rwx \(path)"
            if info.st_mode & S_IFMT == S_IFDIR && info.st_mode & S_IWGRP != 0 {
                text += " (or, to share the store with group \(Posix.groupName(info.st_gid)), make it setgid: chmod 2770 \(path))"
            }
            return text
        }
        let group = Posix.groupName(store.st_gid)
        if info.st_mode & 0o007 != 0 {
            return "\(path) can be read by users outside group \(group) (mode \(octal)); run: chmod o-rwx \(path)"
        }
        if info.st_gid != store.st_gid && info.st_mode & 0o070 != 0 {
            return "\(path) belongs to group \(Posix.groupName(info.st_gid)), not the store's group \(group), "
                + "and that group can read it (mode \(octal)); run: chgrp \(group) \(path)"
        }
        return nil
    }
}

/// Thin, throwing wrappers over the POSIX calls the store needs. The store uses POSIX
/// directly so that every write, fsync and rename happens exactly where it says.
package enum Posix {
    package static func fail(_ path: String, _ operation: String, errno code: Int32 = errno) -> StoreError {
        guard code == EACCES || code == EPERM else { return .io(file: path, operation: operation, errno: code) }
        return .permissionDenied(file: path, operation: operation, owner: ownerDescription(of: path))
    }

    /// "owned by ana (uid 1000), mode 0700" for the path or, when that cannot be looked at, for
    /// the nearest folder above it that can: the one that keeps this user out.
    package static func ownerDescription(of path: String) -> String {
        var current = path
        while true {
            if case .found(let info) = status(current) {
                let mode = "0" + String(info.st_mode & 0o777, radix: 8)
                let whose = current == path ? "" : "\(current) is "
                return "\(whose)owned by \(userName(info.st_uid)), group \(groupName(info.st_gid)), mode \(mode)"
            }
            let parent = current.split(separator: "/", omittingEmptySubsequences: true).dropLast().joined(separator: "/")
            let next = (current.hasPrefix("/") ? "/" : "") + parent
            if next == current || next.isEmpty { return "owner unknown" }
            current = next
        }
    }

    package static func userName(_ uid: uid_t) -> String {
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return "\(String(cString: name)) (uid \(uid))" }
        return "uid \(uid)"
    }

    package static func groupName(_ gid: gid_t) -> String {
        if let entry = getgrgid(gid), let name = entry.pointee.gr_name { return String(cString: name) }
        return "gid \(gid)"
    }

    package enum Status {
        case found(stat)
        case failed(errno: Int32)
    }

    /// `stat`, or the errno that stopped it.
    package static func status(_ path: String) -> Status {
        var info = stat()
        return stat(path, &info) == 0 ? .found(info) : .failed(errno: errno)
    }

    /// A store is used only when it belongs to this user or to one of this user's groups: a
    /// path (or a symlink) leading into someone else's directory is refused, not followed.
    package static func checkOwnership(_ path: String, _ info: stat) throws(StoreError) {
        if isOwnedByUs(info) { return }
        throw .foreignOwner(path: path, owner: ownerName(info), resolved: resolved(path))
    }

    /// Nor is a store used inside a folder of another user: whoever owns the folder the store
    /// lies in can rename the store away and put one of their own in its place. The folder
    /// must be this user's, one of this user's groups', or root's (`/tmp`, `/srv`). `path` is
    /// the store directory, which need not exist yet: then the nearest folder above it that
    /// does is the one it would be created in.
    package static func checkContainingFolder(_ path: String) throws(StoreError) {
        var folder = parent(of: resolved(path))
        while true {
            switch status(folder) {
            case .found(let info):
                if isOwnedByUs(info) || info.st_uid == 0 { return }
                throw .foreignFolder(path: path, folder: folder, owner: ownerName(info))
            case .failed(let code) where code == ENOENT && folder != "/" && folder != ".":
                folder = parent(of: folder)
            case .failed:
                return   // cannot be looked at: opening the store says why
            }
        }
    }

    /// Owned by this user, or by one of this user's groups.
    private static func isOwnedByUs(_ info: stat) -> Bool {
        if info.st_uid == geteuid() || info.st_gid == getegid() { return true }
        let count = getgroups(0, nil)
        var groups = [gid_t](repeating: 0, count: Int(max(count, 0)))
        return count > 0 && getgroups(count, &groups) >= 0 && groups.contains(info.st_gid)
    }

    private static func ownerName(_ info: stat) -> String { userName(info.st_uid) + ", group " + groupName(info.st_gid) }

    /// The path with every symlink resolved, when it exists; else as given.
    private static func resolved(_ path: String) -> String {
        realpath(path, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) } ?? path
    }

    /// The folder holding `path` ("." for a bare name).
    package static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Something is at `path`: a file, a folder, or a link (followed or not, dangling too).
    package static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Opens a file of the store. Never through a symbolic link (`O_NOFOLLOW`: a link at a
    /// store file's name, dangling or not, is refused, so nothing outside the store is read,
    /// written or created through it), and only a regular file: it is opened non-blocking
    /// first, so that a FIFO or a device in a file's place is refused at once instead of
    /// hanging the command, and made blocking again once it is known to be a file.
    /// A file it creates gets the mode of `StoreModes` for its folder.
    /// nil when there is no such file (and `flags` do not create it).
    package static func openFile(_ path: String, _ flags: Int32, operation: String = "open") throws(StoreError) -> Int32? {
        let creating = flags & O_CREAT != 0
        let modes = creating ? StoreModes(forEntriesIn: parent(of: path)) : .private
        // Whether this open creates the file (a race with another creator only means asking
        // to change the mode of a file that is not ours, which the kernel refuses).
        let created = creating && !exists(path)
        let fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, modes.file)
        if fd < 0 {
            let code = errno
            if code == ENOENT { return nil }
            // ELOOP (a link), ENXIO (a FIFO nobody reads, a socket), EISDIR (a folder), ...
            if let kind = nonRegularKind(path) { throw .notRegularFile(file: path, kind: kind) }
            throw fail(path, operation, errno: code)
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw fail(path, "stat", errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(fd)
            throw .notRegularFile(file: path, kind: kindName(info.st_mode))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        if created && info.st_uid == geteuid() { modes.apply(toCreated: fd) }
        return fd
    }

    /// `openFile` for a file that must be there: its absence is an I/O error naming it.
    package static func openExisting(_ path: String, _ flags: Int32, operation: String = "open") throws(StoreError) -> Int32 {
        guard let fd = try openFile(path, flags, operation: operation) else { throw fail(path, operation, errno: ENOENT) }
        return fd
    }

    /// What is at `path` when it is not a regular file ("a symbolic link to /etc/hostname",
    /// "a FIFO"); nil for a regular file or nothing.
    package static func nonRegularKind(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG else { return nil }
        return kindName(info.st_mode, linkTarget: linkTarget(path))
    }

    /// Refuses a symbolic link where one of the store's folders (`templates`, `viewers`) should
    /// be: its files would be read from, or written to, wherever it leads.
    package static func requireNotLink(_ path: String) throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return }
        throw .notRegularFile(file: path, kind: kindName(info.st_mode, linkTarget: linkTarget(path)))
    }

    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n >= 0 else { return nil }
        return String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func kindName(_ mode: mode_t, linkTarget: String? = nil) -> String {
        switch mode & S_IFMT {
        case S_IFLNK: return "a symbolic link" + (linkTarget.map { " (to \($0))" } ?? "")
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO (named pipe)"
        case S_IFSOCK: return "a socket"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        default: return "not a regular file"
        }
    }

    /// Creates the folder and any missing above it, each with the mode of `StoreModes` for
    /// the folder it is made in.
    package static func makeDirectory(_ path: String) throws(StoreError) {
        var partial = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            let folder = partial.isEmpty ? "/" : partial
            partial += "/" + component
            let modes = StoreModes(forEntriesIn: folder)
            if mkdir(partial, modes.directory & 0o777) == 0 {
                // mkdir's mode is cut by the umask. Set through a descriptor, never a link
                // another member of the group put in the new folder's place.
                let fd = open(partial, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 { modes.apply(toCreatedDirectory: fd); close(fd) }
            } else if errno != EEXIST {
                throw fail(partial, "create directory")
            }
        }
    }

    package static func mode(_ path: String) -> mode_t? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return info.st_mode
    }

    /// Inode and size, or nil when the file is missing.
    package static func identity(_ path: String) -> (inode: UInt64, size: Int)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_ino), Int(info.st_size))
    }

    package static func readAll(_ path: String) throws(StoreError) -> [UInt8]? {
        guard let fd = try openFile(path, O_RDONLY) else { return nil }
        defer { close(fd) }
        return try read(fd, from: 0, path: path)
    }

    /// Reads from `offset` to the end of the file.
    package static func read(_ fd: Int32, from offset: Int, path: String) throws(StoreError) -> [UInt8] {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fail(path, "stat") }
        let size = Int(info.st_size)
        guard size > offset else { return [] }
        var bytes = [UInt8](repeating: 0, count: size - offset)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            }
            if n < 0 { if errno == EINTR { continue }; throw fail(path, "read") }
            if n == 0 { break }
            done += n
        }
        return done == bytes.count ? bytes : Array(bytes[..<done])
    }

    package static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StoreError) {
        if let chunk = PacedWrites.chunk, bytes.count > chunk {
            // A compacting process: in chunks on their way to the disk (see `PacedWrites`).
            try PacedWrites.write(fd, bytes, chunk: chunk) { (piece) throws(StoreError) in try writeAll(fd, piece, path: path) }
            return
        }
        try writeAll(fd, bytes[...], path: path)
    }

    private static func writeAll(_ fd: Int32, _ bytes: ArraySlice<UInt8>, path: String) throws(StoreError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in write(fd, buffer.baseAddress! + done, buffer.count - done) }
            if n < 0 { if errno == EINTR { continue }; throw fail(path, "write") }
            done += n
        }
    }

    package static func sync(_ fd: Int32, path: String) throws(StoreError) {
        guard fsync(fd) == 0 else { throw fail(path, "fsync") }
    }

    package static func syncDirectory(_ path: String) throws(StoreError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw fail(path, "open directory") }
        defer { close(fd) }
        try sync(fd, path: path)
    }

    /// Writes `bytes` to a new file at `path` and fsyncs it (a temporary file, renamed later).
    package static func writeDurably(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        let fd = try openExisting(path, O_WRONLY | O_CREAT | O_TRUNC, operation: "create")
        defer { close(fd) }
        do {
            try writeAll(fd, bytes, path: path)
            try sync(fd, path: path)
        } catch {
            unlink(path)
            throw error
        }
    }

    /// Appends `bytes` to the file at `path` and fsyncs it.
    package static func appendDurably(_ path: String, _ bytes: [UInt8]) throws(StoreError) {
        let fd = try openExisting(path, O_WRONLY | O_APPEND)
        defer { close(fd) }
        if !bytes.isEmpty { try writeAll(fd, bytes, path: path) }
        try sync(fd, path: path)
    }

    /// Writes `bytes` to `path` atomically: a temporary file, fsync, rename over, fsync the directory.
    /// A crash at any point leaves either the old file or the new one, never a mix.
    package static func replaceAtomically(_ path: String, with bytes: [UInt8], directory: String,
                                  beforeRename: () -> Void = {}) throws(StoreError) {
        let temporary = path + ".tmp"
        let fd = try openExisting(temporary, O_WRONLY | O_CREAT | O_TRUNC, operation: "create")
        do {
            try writeAll(fd, bytes, path: temporary)
            try sync(fd, path: temporary)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        beforeRename()
        guard rename(temporary, path) == 0 else { throw fail(path, "rename \(temporary) to") }
        try syncDirectory(directory)
    }
}
