import Foundation
import FrontdeskCore
import FrontdeskExchange
import FrontdeskStore
import FrontdeskUI

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
        var out: [UInt8] = []
        escapeUnsafe(bytes, into: &out)
        switch stream {
        case .standardOutput: writeStandardOutput(out)
        case .standardError: emit(String(decoding: out, as: UTF8.self), to: .standardError)
        }
    }

    /// Copies JSON text, with every scalar `TextSanitizer.isUnsafe` names (but newline and tab)
    /// written as `\uXXXX`, working on the bytes: runs of safe ASCII are copied whole, so
    /// escaping costs next to nothing at hundreds of MB/s.
    static func escapeUnsafe(_ bytes: some Collection<UInt8>, into out: inout [UInt8]) {
        let all = Array(bytes)
        all.withUnsafeBufferPointer { b in
            var run = 0
            while let unsafe = firstUnsafe(b, from: run) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<unsafe.at]))
                appendEscape(unsafe.value, to: &out)
                run = unsafe.at + unsafe.length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run...]))
        }
    }

    /// The first scalar at or after `start` that `TextSanitizer.isUnsafe` names (but newline
    /// and tab): where, its length in bytes and its value. Bytes are valid UTF-8 (from the
    /// encoder or from Strings).
    private static func firstUnsafe(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> (at: Int, length: Int, value: UInt32)? {
        // Locals only in the loop: nothing captured, so no exclusivity checks a byte.
        var i = start
        let n = b.count
        while i < n {
            let byte = b[i]
            if byte >= 0x20 && byte < 0x7F || byte == 0x0A || byte == 0x09 { i += 1; continue }
            // Beyond ASCII only C1 controls (C2 80-9F), U+061C (D8 9C) and the marks at
            // U+200E-U+2069 (E2 …) are unsafe: other lead and continuation bytes pass.
            if byte >= 0x80, byte != 0xC2, byte != 0xD8, byte != 0xE2 { i += 1; continue }
            let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            if i + length > n { return nil }
            var value = length == 1 ? UInt32(byte) : UInt32(byte) & (0xFF >> (length + 1))
            var k = 1
            while k < length { value = value << 6 | UInt32(b[i + k] & 0x3F); k += 1 }
            if let scalar = Unicode.Scalar(value), TextSanitizer.isUnsafe(scalar) { return (i, length, value) }
            i += length
        }
        return nil
    }

    /// `emit` for text already in bytes (a long table): written as it is when nothing in it
    /// needs removing, which is checked on the bytes; otherwise through `emit`.
    static func emit(bytes: [UInt8]) {
        let clean = bytes.withUnsafeBufferPointer { firstUnsafe($0, from: 0) == nil }
        if clean { writeStandardOutput(bytes) } else { emit(String(decoding: bytes, as: UTF8.self)) }
    }

    /// `\uXXXX`, lower-case hex, as `String(format: "\\u%04x")` wrote it.
    private static func appendEscape(_ value: UInt32, to out: inout [UInt8]) {
        let hex: StaticString = "0123456789abcdef"
        hex.withUTF8Buffer { h in
            out.append(contentsOf: [0x5C, 0x75, h[Int(value >> 12 & 0xF)], h[Int(value >> 8 & 0xF)], h[Int(value >> 4 & 0xF)], h[Int(value & 0xF)]])
        }
    }

    /// Bytes straight to standard output, after whatever `print` has buffered (so in order
    /// with it). A reader gone away (a closed pipe) ends the writing, as it ends `print`'s.
    static func writeStandardOutput(_ bytes: [UInt8]) {
        fflush(nil)
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(STDOUT_FILENO, buffer.baseAddress! + done, buffer.count - done)
                if n < 0 { if errno == EINTR { continue }; return }
                done += n
            }
        }
    }

    /// A stream to standard output whose JSON is escaped as `emitJSON` escapes it, a buffer at
    /// a time: what `list --json`, `show --json` and `export` write through. The caller
    /// flushes it at the end.
    static func jsonStream() -> ByteStream {
        var escaped: [UInt8] = []
        return ByteStream { bytes in
            escaped.removeAll(keepingCapacity: true)
            escapeUnsafe(bytes, into: &escaped)
            writeStandardOutput(escaped)
        }
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
        // Laid out in bytes (a search's list runs to tens of thousands of rows): one cell
        // after another, a space between, none at the end of a line.
        var out: [UInt8] = []
        var columns = widths.indices.map { TableCell(width: widths[$0], rightAligned: $0 < rightAligned.count && rightAligned[$0]) }
        func render(_ cells: [String]) {
            let start = out.count
            for (cell, i) in zip(cells, columns.indices) {
                if i > 0 { out.append(0x20) }
                columns[i].append(cell, to: &out)
            }
            while out.count > start, out.last == 0x20 { out.removeLast() }
            out.append(0x0A)
        }
        render(header)
        for row in rows { render(row) }
        // One write for the whole table: a long list is one pass of the sanitiser, not one a row.
        emit(bytes: out)
    }
}
