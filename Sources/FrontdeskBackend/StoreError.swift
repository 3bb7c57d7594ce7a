import FrontdeskCore
#if canImport(Glibc)
import Glibc
#endif

/// A problem with the store itself (as opposed to a rule refusing an action).
/// Every message names the file and, for damage, where in it and what is wrong.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file is damaged; nothing was written.
    case damaged(file: String, location: String, problem: String)
    case unknownSchema(file: String, version: Int, supported: Int)
    case io(file: String, operation: String, errno: Int32)
    /// The file (or a folder on the way to it) exists but this user may not use it.
    case permissionDenied(file: String, operation: String, owner: String)
    /// The store directory belongs to another user and none of this user's groups.
    case foreignOwner(path: String, owner: String, resolved: String)
    /// The store lies in a folder that belongs to another user and none of this user's groups.
    case foreignFolder(path: String, folder: String, owner: String)
    /// A store file is a symbolic link, a FIFO, a device or a folder: never followed or opened.
    case notRegularFile(file: String, kind: String)
    case lockTimeout(file: String, seconds: Double)
    case notAStore(path: String, reason: String)
    /// An import or export refused a row; nothing was written.
    case badInput(file: String, location: String, problem: String)
    /// The database server could not be reached or refused the connection (its own words in
    /// `problem`); nothing was written. `store` is the URL without its password.
    case unreachable(store: String, problem: String)
    /// The connection dropped as a change was committed and the server could not be asked
    /// whether it was: it may have been saved. Never retried by itself (that could save it twice).
    case commitInDoubt(store: String, problem: String)
    /// The database answered with an error (its SQLSTATE and message); the transaction was
    /// rolled back, so nothing was written.
    case database(store: String, operation: String, problem: String)

    public var description: String {
        switch self {
        case let .damaged(file, location, problem):
            return "store damaged: \(file) at \(location): \(problem). Nothing was written; repair or restore the file."
        case let .unknownSchema(file, version, supported):
            return "store damaged: \(file): unknown schema version \(version) (this Frontdesk reads version \(supported)). Nothing was written."
        case let .io(file, operation, code) where code == ENOSPC || code == EDQUOT:
            return "cannot \(operation) \(file): the disk is full (\(errnoDescription(code))). Nothing was saved; free some space and try again."
        case let .io(file, operation, code):
            return "cannot \(operation) \(file): \(errnoDescription(code))"
        case let .permissionDenied(file, operation, owner):
            return "cannot \(operation) \(file): permission denied (\(owner))"
        case let .foreignOwner(path, owner, resolved):
            let via = resolved == path ? "" : " (the path leads to \(resolved))"
            return "\(path)\(via) is owned by \(owner), not by you or one of your groups: "
                + "refusing to use another user's store. Use a store of your own or ask its owner to share it with a group."
        case let .foreignFolder(path, folder, owner):
            return "\(Self.escaped(path)) is inside \(Self.escaped(folder)), which is owned by \(owner), not by you, root or one of your groups: "
                + "refusing a store another user can replace. Keep the store in a folder of your own (or of your group)."
        case let .notRegularFile(file, kind):
            return "\(Self.escaped(file)) is \(Self.escaped(kind)), not a regular file: the store reads and writes only its own regular files, "
                + "never through a link or from a pipe or device. Nothing was read from it or written; put the file itself in its place."
        case let .lockTimeout(file, seconds):
            return "could not lock \(file) within \(seconds) s: another Frontdesk is holding it"
        case let .notAStore(path, reason):
            return "there is no Frontdesk store at \(Self.escaped(path)): \(reason)"
        case let .badInput(file, location, problem):
            return "\(file) \(location): \(problem). Nothing was imported."
        case let .unreachable(store, problem):
            return "cannot reach the store \(Self.escaped(store)): \(problem). Nothing was saved; it is tried again on the next action."
        case let .commitInDoubt(store, problem):
            return "the connection to the store \(Self.escaped(store)) dropped as the change was committed (\(problem)) and the server "
                + "could not be asked whether it was: it may have been saved. Look at the record once the store can be reached before saving it again."
        case let .database(store, operation, problem):
            return "the store \(Self.escaped(store)) refused to \(operation): \(problem). Nothing was saved."
        }
    }

    /// A path as typed, with its control characters shown as `\u001b` rather than removed (a
    /// name with a newline or an escape in it is still told apart from one without).
    public static func escaped(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars {
            guard TextSanitizer.isUnsafe(scalar) else { out.unicodeScalars.append(scalar); continue }
            let hex = String(scalar.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return out
    }

    /// The system error behind an I/O failure (EIO when there is none).
    public var errnoValue: Int32 {
        if case let .io(_, _, code) = self { return code }
        return EIO
    }
}

extension StoreError: TemporaryFailure {
    public var isTemporary: Bool {
        switch self {
        case .lockTimeout, .unreachable: return true
        default: return false
        }
    }

    public var isUnreachable: Bool {
        if case .unreachable = self { return true }
        return false
    }
}

/// The system's words for an error number ("No space left on device").
public func errnoDescription(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
}
