import ArgumentParser
import FrontdeskCore
import FrontdeskExchange
import FrontdeskStore

// The domain's vocabularies as argument types: a value outside them is a usage error (exit 2)
// that lists the allowed values, and help and shell completions take the same list.
extension InteractionType: ExpressibleByArgument {}
extension InteractionState: ExpressibleByArgument {}
extension WorkView: ExpressibleByArgument {}
extension TaskKind: ExpressibleByArgument {}
extension StateReason: ExpressibleByArgument {}
extension Presence: ExpressibleByArgument {}
extension MessagingChannel: ExpressibleByArgument {}
extension ExportFormat: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}

/// Global options may come before the command (`frontdesk --agent sam new …`): they are moved
/// after it, where every command declares them.
enum GlobalArguments {
    static let withValue: Set<String> = ["--store", "--agent"]

    static func reordered(_ arguments: [String]) -> [String] {
        var leading: [String] = [], rest = arguments[...]
        while let first = rest.first {
            if withValue.contains(first), rest.count >= 2 {
                leading += rest.prefix(2); rest = rest.dropFirst(2)
            } else if let name = first.split(separator: "=", maxSplits: 1).first, first.contains("="), withValue.contains(String(name)) {
                leading.append(first); rest = rest.dropFirst()
            } else {
                break
            }
        }
        guard !leading.isEmpty, !rest.isEmpty else { return arguments }
        // Before a `--` that ends the options, else at the end.
        if let end = rest.firstIndex(of: "--") {
            return Array(rest[..<end]) + leading + Array(rest[end...])
        }
        return Array(rest) + leading
    }
}
