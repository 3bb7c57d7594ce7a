import Foundation
import FrontdeskCore
import FrontdeskStore

/// Plain-text output for people and JSON for scripts. Everything that came from customers or
/// channels goes through `clean` before it is printed.
enum Output {
    static func line(_ text: String = "") { print(text) }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data(("frontdesk: warning: " + text + "\n").utf8))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("frontdesk: " + text + "\n").utf8))
    }

    static func clean(_ text: String?) -> String { TextSanitizer.clean(text ?? "") }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Columns padded by display width (CJK and emoji are two cells), cut with "…".
    static func table(_ header: [String], _ widths: [Int], _ rows: [[String]]) {
        func render(_ cells: [String]) -> String {
            zip(cells, widths).map { DisplayWidth.pad(clean($0), to: $1) }.joined(separator: " ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        line(render(header))
        for row in rows { line(render(row)) }
    }

    /// Timers in at most five characters for lists: `42s`, `12m05`, `3h07`, `2d03`.
    static func compactSpan(_ seconds: Int64) -> String {
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + two(seconds % 60) }
        if seconds < 86_400 { return "\(seconds / 3600)h" + two(seconds % 3600 / 60) }
        return "\(seconds / 86_400)d" + two(seconds % 86_400 / 3600)
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
