import Foundation
import FrontdeskCore
import FrontdeskStore

/// Plain-text output for people and JSON for scripts.
///
/// Everything the command line prints, to standard output or standard error, errors and
/// help included, goes through `emit` or `emitJSON`: customer and channel text (and whatever
/// a caller typed) can carry escape sequences that would retitle a terminal, write to its
/// clipboard or hide text. Text loses them; JSON keeps every character, escaped. Files
/// written with `--out` keep the data exactly as it is.
enum Output {
    enum Stream { case standardOutput, standardError }

    /// The one writer to the terminal: removes controls and escape sequences, keeps newlines and tabs.
    static func emit(_ text: String, to stream: Stream = .standardOutput) {
        let clean = TextSanitizer.clean(text, keepingLines: true)
        switch stream {
        case .standardOutput: print(clean, terminator: "")
        case .standardError:
            fflush(nil)
            FileHandle.standardError.write(Data(clean.utf8))
        }
    }

    /// JSON for scripts, with DEL, C1 controls and bidirectional overrides escaped as `\uXXXX`
    /// (the encoder already escapes C0): the same data, and nothing a terminal acts on.
    static func emitJSON(_ bytes: [UInt8], to stream: Stream = .standardOutput) {
        let text = String(decoding: bytes, as: UTF8.self)
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if !TextSanitizer.isUnsafe(scalar) || scalar.value == 0x0A || scalar.value == 0x09 {
                out.append(scalar)
            } else {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            }
        }
        emit(String(out), to: stream)
    }

    static func line(_ text: String = "") { emit(text + "\n") }

    /// A line of `show`: longer than 80 columns, it wraps at spaces and continues under the
    /// value column.
    static func field(_ text: String = "") {
        let text = TextSanitizer.clean(text)
        guard DisplayWidth.of(text) > 80 else { line(text); return }
        for piece in wrap(text, width: 80, indent: 19) { line(piece) }
    }

    /// Breaks `text` into lines of at most `width` cells at spaces (or anywhere, for a word
    /// longer than a line); continuation lines start with `indent` spaces.
    static func wrap(_ text: String, width: Int, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent)
        // The first line keeps its own leading spaces (an indented note stays indented).
        let lead = String(text.prefix { $0 == " " })
        var lines: [String] = [], current = lead, currentWidth = lead.count, lineHasWord = false
        for word in text.dropFirst(lead.count).split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let w = DisplayWidth.of(word)
            if lineHasWord, currentWidth + 1 + w > width {
                lines.append(current)
                current = pad; currentWidth = indent; lineHasWord = false
            }
            if lineHasWord { current += " "; currentWidth += 1 }
            if currentWidth + w > width {
                // A word longer than the line: cut it by cells.
                for ch in word {
                    let cw = DisplayWidth.of(ch)
                    if currentWidth + cw > width { lines.append(current); current = pad; currentWidth = indent }
                    current.append(ch); currentWidth += cw
                }
            } else {
                current += word; currentWidth += w
            }
            lineHasWord = true
        }
        lines.append(current)
        return lines
    }

    static func warn(_ text: String) { emit("frontdesk: warning: " + text + "\n", to: .standardError) }

    static func error(_ text: String) { emit("frontdesk: " + text + "\n", to: .standardError) }

    static func clean(_ text: String?) -> String { TextSanitizer.clean(text ?? "") }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        emitJSON(Array(try encoder.encode(value)) + [UInt8(ascii: "\n")])
    }

    /// One compact JSON value on a line of its own, flushed at once: what a follower reads.
    static func jsonLine<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        emitJSON(Array(try encoder.encode(value)) + [UInt8(ascii: "\n")])
        fflush(nil)
    }

    /// The width a table is laid out for: the terminal's when standard output is one, else
    /// COLUMNS, else 80.
    static var width: Int {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap({ Int($0) }), columns > 0 { return columns }
        return 80
    }

    /// Columns padded by display width (CJK and emoji are two cells), cut with "…";
    /// `rightAligned` columns (timers) are padded on the left.
    static func table(_ header: [String], _ widths: [Int], _ rows: [[String]], rightAligned: [Bool] = []) {
        func render(_ cells: [String]) -> String {
            var line = zip(cells, widths).enumerated().map { i, column in
                let text = DisplayWidth.pad(clean(column.0), to: column.1)
                guard i < rightAligned.count, rightAligned[i] else { return text }
                let trimmed = String(text.reversed().drop { $0 == " " }.reversed())
                return String(repeating: " ", count: max(0, column.1 - DisplayWidth.of(trimmed))) + trimmed
            }.joined(separator: " ")
            while line.last == " " { line.removeLast() }
            return line
        }
        // One write for the whole table: a long list is one pass of the sanitiser, not one a row.
        var out = render(header) + "\n"
        for row in rows { out += render(row) + "\n" }
        emit(out)
    }


}
