import FrontdeskBackend
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An export written to a file the user named (`export --out`).
public enum ExportFile {
    /// The export could not be written there: the caller's path, not the store (exit 1).
    public struct Refusal: Error, CustomStringConvertible {
        public let description: String
    }

    /// Writes `bytes` to `path` as a new file of mode 0600 (it holds customer data): a
    /// temporary file in the same folder, fsynced, then renamed over the name, so a reader
    /// never sees half an export and a file already there is replaced whole, never written
    /// into. What is at the path is never followed: a symbolic link is refused (following it
    /// would overwrite whatever it leads to, or create the file a dangling one names), and so
    /// is a FIFO, a device or a folder.
    public static func write(_ bytes: [UInt8], to path: String) throws(Refusal) {
        func refusal(_ why: String) -> Refusal { Refusal(description: "cannot write the export to \(path): \(why)") }
        if let kind = Posix.nonRegularKind(path) {
            throw refusal("it is \(kind), not a regular file; name the file itself (an existing file is replaced)")
        }
        let folder = Posix.parent(of: path)
        var template = Array((folder + "/.frontdesk-export-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }   // O_EXCL, mode 0600
        guard fd >= 0 else { throw refusal("cannot create a file in \(folder): \(errnoDescription(errno))") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do throws(StoreError) {
            defer { close(fd) }
            try Posix.writeAll(fd, bytes, path: temporary)
            try Posix.sync(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw refusal("\(errnoDescription(error.errnoValue))")
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw refusal(errnoDescription(code))
        }
        try? Posix.syncDirectory(folder)
    }
}
