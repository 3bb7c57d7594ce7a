import FrontdeskBackend
#if canImport(Glibc)
import Glibc
#endif

/// Reads the rows of a Table API export one at a time: `{"result":[{…},{…}]}` (or a bare
/// array of rows), however large the file, holding one chunk of it and one row in memory.
///
/// A row is a flat object whose values are strings, or objects of strings (references and
/// `sysparm_display_value=all` columns), as ServiceNow writes them; `null`, numbers and
/// booleans are accepted as their text. Anything else is named by its line and row.
struct ServiceNowRowReader {
    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEOF = false
    private var state = State.start
    private var rowIndex = 0
    /// Line of `buffer[position]`, 1-based.
    private var line = 1
    private(set) var bytesRead = 0
    let totalBytes: Int

    private enum State { case start, firstRow, nextRow, done }
    private static let chunk = 1 << 20

    init(path: String) throws(StoreError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Posix.fail(path, "open") }
        var info = stat()
        totalBytes = fstat(fd, &info) == 0 ? Int(info.st_size) : 0
    }

    func close() { _ = Glibc.close(fd) }

    private func problem(_ text: String, line: Int? = nil, row: Int? = nil) -> StoreError {
        let at = line ?? self.line
        return .badInput(file: path, location: row.map { "line \(at) (result[\($0)])" } ?? "line \(at)", problem: text)
    }

    // MARK: Bytes

    /// Makes at least `count` bytes available from `position`, unless the file ends first.
    @discardableResult
    private mutating func need(_ count: Int) throws(StoreError) -> Bool {
        while buffer.count - position < count, !atEOF {
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: Self.chunk))
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, Self.chunk) }
            if n < 0 {
                buffer.removeSubrange(old...)
                if errno == EINTR { continue }
                throw Posix.fail(path, "read")
            }
            buffer.removeSubrange((old + n)...)
            bytesRead += n
            if n == 0 { atEOF = true }
        }
        return buffer.count - position >= count
    }

    private mutating func peek() throws(StoreError) -> UInt8? {
        try need(1) ? buffer[position] : nil
    }

    private mutating func skipSpace() throws(StoreError) {
        while let b = try peek(), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
            if b == 0x0A { line += 1 }
            position += 1
        }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(StoreError) {
        try skipSpace()
        guard try peek() == byte else { throw problem("expected \(what)") }
        position += 1
    }

    /// Length of the JSON value starting at `position` (strings and nesting respected),
    /// reading more of the file as needed; counts the lines it spans.
    private mutating func valueLength() throws(StoreError) -> (length: Int, lines: Int) {
        var k = 0, depth = 0, lines = 0, inString = false, escaped = false
        while true {
            if position + k >= buffer.count {
                guard try need(k + 1) else { throw problem("the file ends inside a row") }
            }
            let b = buffer[position + k]
            k += 1
            if b == 0x0A { lines += 1 }
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false; if depth == 0 { return (k, lines) } }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                if depth == 0 { return (k - 1, lines) }
                depth -= 1
                if depth == 0 { return (k, lines) }
                if depth < 0 { throw problem("unbalanced brackets") }
            case 0x2C where depth == 0: return (k - 1, lines)
            default: break
            }
        }
    }

    // MARK: Rows

    mutating func next() throws(StoreError) -> ServiceNowRow? {
        while true {
            switch state {
            case .done: return nil
            case .start:
                try skipSpace()
                guard let first = try peek() else { throw problem("the file is empty") }
                if first == 0x5B {
                    position += 1
                } else if first == 0x7B {
                    position += 1
                    try openResult()
                } else {
                    throw problem("not a {\"result\":[...]} document")
                }
                state = .firstRow
            case .firstRow, .nextRow:
                try skipSpace()
                guard let b = try peek() else { throw problem("the file ends before the rows' closing ]") }
                if b == 0x5D {
                    position += 1
                    state = .done
                    return nil
                }
                if state == .nextRow {
                    guard b == 0x2C else { throw problem("expected , or ] after a row", row: rowIndex) }
                    position += 1
                    try skipSpace()
                }
                state = .nextRow
                let start = line
                let (length, lines) = try valueLength()
                defer { position += length; line += lines; rowIndex += 1 }
                let from = position
                let parsed = buffer.withUnsafeBufferPointer { all -> Result<[String: ServiceNowCell], ServiceNowRowParser.Problem> in
                    var parser = ServiceNowRowParser(bytes: UnsafeBufferPointer(rebasing: all[from..<(from + length)]), line: start)
                    return Result { () throws(ServiceNowRowParser.Problem) in try parser.row() }
                }
                switch parsed {
                case .success(let cells): return ServiceNowRow(index: rowIndex, line: start, cells: cells)
                case .failure(let error): throw problem(error.problem, line: error.line, row: rowIndex)
                }
            }
        }
    }

    /// Reads keys of the top object up to `"result":[`, skipping any before it.
    private mutating func openResult() throws(StoreError) {
        while true {
            try skipSpace()
            guard try peek() == 0x22 else { throw problem("not a {\"result\":[...]} document: no \"result\" key") }
            let (length, _) = try valueLength()
            let key = String(decoding: buffer[(position + 1)..<(position + length - 1)], as: UTF8.self)
            position += length
            try expect(0x3A, ":")
            try skipSpace()
            if key == "result" {
                guard try peek() == 0x5B else { throw problem("\"result\" is not an array of rows") }
                position += 1
                return
            }
            let (skip, lines) = try valueLength()
            position += skip
            line += lines
            try skipSpace()
            guard try peek() == 0x2C else { throw problem("not a {\"result\":[...]} document: no \"result\" key") }
            position += 1
        }
    }
}

/// Parses one row's bytes.
struct ServiceNowRowParser {
    struct Problem: Error { var problem: String; var line: Int }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0
    var line: Int

    init(bytes: UnsafeBufferPointer<UInt8>, line: Int) { self.bytes = bytes; self.line = line }

    private func fail(_ text: String) -> Problem { Problem(problem: text, line: line) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            if bytes[i] == 0x0A { line += 1 }
            i += 1
        }
    }

    private mutating func expect(_ b: UInt8, _ what: String) throws(Problem) {
        skipSpace()
        guard i < bytes.count, bytes[i] == b else { throw fail("expected \(what)") }
        i += 1
    }

    /// Members of an object, calling `body` with each key; `body` reads the value.
    private mutating func members(_ body: (inout ServiceNowRowParser, String) throws(Problem) -> Void) throws(Problem) {
        try expect(0x7B, "a row object {…}")
        skipSpace()
        if i < bytes.count, bytes[i] == 0x7D { i += 1; return }
        while true {
            skipSpace()
            let key = try string()
            try expect(0x3A, ": after \"\(key)\"")
            try body(&self, key)
            skipSpace()
            guard i < bytes.count else { throw fail("the row ends early") }
            if bytes[i] == 0x2C { i += 1; continue }
            if bytes[i] == 0x7D { i += 1; return }
            throw fail("expected , or } after \"\(key)\"")
        }
    }

    mutating func row() throws(Problem) -> [String: ServiceNowCell] {
        var cells: [String: ServiceNowCell] = [:]
        cells.reserveCapacity(48)     // an interaction row has 30 to 40 columns
        try members { (p: inout ServiceNowRowParser, key: String) throws(Problem) in
            p.skipSpace()
            guard p.i < p.bytes.count else { throw p.fail("the row ends early") }
            if p.bytes[p.i] == 0x7B {
                var value: String?, display: String?, link: String?
                try p.members { (q: inout ServiceNowRowParser, inner: String) throws(Problem) in
                    guard let text = try q.scalar(column: key + "." + inner) else { return }
                    switch inner {
                    case "value": value = text
                    case "display_value": display = text
                    case "link": link = text
                    default: break
                    }
                }
                cells[key] = .object(value: value, display: display, link: link)
            } else {
                cells[key] = try p.scalar(column: key).map(ServiceNowCell.text) ?? .null
            }
        }
        return cells
    }

    /// A string, number, boolean (as text) or null (nil).
    private mutating func scalar(column: String) throws(Problem) -> String? {
        skipSpace()
        guard i < bytes.count else { throw fail("the row ends early") }
        switch bytes[i] {
        case 0x22: return try string()
        case 0x5B, 0x7B: throw fail("\(column) holds \(bytes[i] == 0x5B ? "an array" : "an object"): a Table API row holds strings")
        default:
            let start = i
            while i < bytes.count, !(bytes[i] == 0x2C || bytes[i] == 0x7D || bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09) { i += 1 }
            let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if word == "null" { return nil }
            if word == "true" || word == "false" || Double(word) != nil { return word }
            throw fail("\(column) has \(word.isEmpty ? "no value" : "“\(word)”"), not a JSON value")
        }
    }

    private mutating func string() throws(Problem) -> String {
        guard i < bytes.count, bytes[i] == 0x22 else { throw fail("expected a \"string\"") }
        i += 1
        do { return try JSONString.read(bytes, &i, end: bytes.count) } catch { throw fail(error.description) }
    }
}
