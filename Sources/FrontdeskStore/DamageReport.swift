import Foundation

/// Turns a decoding failure into "where" and "what" for a damage message.
enum DamageReport {
    static func problem(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            var detail = underlying ?? context.debugDescription
            while detail.hasSuffix(".") { detail.removeLast() }
            return "bad JSON" + path(context.codingPath) + ": " + detail
        case .keyNotFound(let key, let context):
            return "missing field \"\(key.stringValue)\"" + path(context.codingPath)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong value" + path(context.codingPath) + ": " + context.debugDescription
        @unknown default:
            return "\(error)"
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        guard !codingPath.isEmpty else { return "" }
        return " at " + codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
    }

    /// The line of a snapshot where decoding failed. The snapshot keeps one entity per line,
    /// so a coding path such as `interactions[41]` maps to a line; a syntax error is found by
    /// checking each line; a file that ends early is reported by its length.
    static func location(of error: any Error, in bytes: [UInt8]) -> String {
        // A snapshot always ends with its closing brace: without it the file was cut short,
        // and its last line fails to parse only because of that.
        var end = bytes.endIndex
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        if end == 0 || bytes[end - 1] != UInt8(ascii: "}") { return endsEarly(bytes) }
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var offsets: [Int] = []
        var offset = 0
        for line in lines { offsets.append(offset); offset += line.count + 1 }

        if let decoding = error as? DecodingError, let context = decoding.context,
           let section = context.codingPath.first?.stringValue,
           let index = context.codingPath.dropFirst().first?.intValue {
            let marker = Array("\"\(section)\":[".utf8)
            if let start = lines.firstIndex(where: { $0.elementsEqual(marker) }) {
                let line = start + 1 + index
                if line < lines.count { return "line \(line + 1) (byte offset \(offsets[line]))" }
            }
        }
        for (i, line) in lines.enumerated() where line.first == UInt8(ascii: "{") && i > 0 {
            var body = Array(line)
            if body.last == UInt8(ascii: ",") { body.removeLast() }
            if (try? JSONSerialization.jsonObject(with: Data(body))) == nil {
                // The last line, broken: the file stops inside it.
                if offsets[i] + line.count >= end { return endsEarly(bytes) }
                return "line \(i + 1) (byte offset \(offsets[i]))"
            }
        }
        // Every line parses yet the whole does not: the file stops between two entities.
        if case .dataCorrupted(let context)? = error as? DecodingError, context.codingPath.isEmpty { return endsEarly(bytes) }
        return "line 1 (byte offset 0)"
    }

    private static func endsEarly(_ bytes: [UInt8]) -> String {
        let lines = bytes.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        return "byte offset \(bytes.count) (the file ends early: it stops after \(bytes.count) bytes, in line \(lines), "
            + "before the end of the document; it was cut short)"
    }
}

private extension DecodingError {
    var context: Context? {
        switch self {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c): return c
        @unknown default: return nil
        }
    }
}
