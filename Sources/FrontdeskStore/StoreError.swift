/// A problem with the store itself (as opposed to a rule refusing an action).
/// Every message names the file and, for damage, where in it and what is wrong.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A file is damaged; nothing was written.
    case damaged(file: String, location: String, problem: String)
    case unknownSchema(file: String, version: Int, supported: Int)
    case io(file: String, operation: String, errno: Int32)
    case lockTimeout(file: String, seconds: Double)
    case notAStore(path: String, reason: String)
    /// An import or export refused a row; nothing was written.
    case badInput(file: String, location: String, problem: String)

    public var description: String {
        switch self {
        case let .damaged(file, location, problem):
            return "store damaged: \(file) at \(location): \(problem). Nothing was written; repair or restore the file."
        case let .unknownSchema(file, version, supported):
            return "store damaged: \(file): unknown schema version \(version) (this Frontdesk reads version \(supported)). Nothing was written."
        case let .io(file, operation, code):
            return "cannot \(operation) \(file): \(errnoDescription(code))"
        case let .lockTimeout(file, seconds):
            return "could not lock \(file) within \(seconds) s: another Frontdesk is holding it"
        case let .notAStore(path, reason):
            return "\(path) is not a Frontdesk store: \(reason)"
        case let .badInput(file, location, problem):
            return "\(file) \(location): \(problem). Nothing was imported."
        }
    }
}
