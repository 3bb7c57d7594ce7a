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
        do {
            try write(to: path) { out in try out.write(bytes) }
        } catch let refusal as Refusal {
            throw refusal
        } catch {
            throw Refusal(description: "cannot write the export to \(path): \(error)")
        }
    }

    /// The same, the contents written a piece at a time by `body` into a stream whose buffer
    /// goes to the temporary file as it fills: an export of any size holds one buffer in
    /// memory. A failed write is a `Refusal`; what `body` throws (a damaged record) removes the
    /// temporary file and is thrown as it is.
    public static func write(to path: String, _ body: (ByteStream) throws -> Void) throws {
        func refusal(_ why: String) -> Refusal { Refusal(description: "cannot write the export to \(path): \(why)") }
        if let kind = Posix.nonRegularKind(path) {
            throw refusal("it is \(kind), not a regular file; name the file itself (an existing file is replaced)")
        }
        let folder = Posix.parent(of: path)
        var template = Array((folder + "/.frontdesk-export-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }   // O_EXCL, mode 0600
        guard fd >= 0 else { throw refusal("cannot create a file in \(folder): \(errnoDescription(errno))") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        struct WriteFailed: Error { var error: StoreError }
        do {
            defer { close(fd) }
            let stream = ByteStream { bytes in
                do throws(StoreError) { try Posix.writeAll(fd, bytes, path: temporary) } catch { throw WriteFailed(error: error) }
            }
            try body(stream)
            try stream.flush()
            do throws(StoreError) { try Posix.sync(fd, path: temporary) } catch { throw WriteFailed(error: error) }
        } catch let failed as WriteFailed {
            unlink(temporary)
            throw refusal("\(errnoDescription(failed.error.errnoValue))")
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw refusal(errnoDescription(code))
        }
        try? Posix.syncDirectory(folder)
    }
}
