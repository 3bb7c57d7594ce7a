import FrontdeskCore

/// Everything a page shows passes through here: customer text is hostile, so it is cleaned of
/// control characters (TextSanitizer, as for the terminal) and escaped for HTML, attribute
/// values included. Pages are built from these pieces, never by pasting raw text.
enum HTML {
    /// Text for an element's content or a quoted attribute value.
    static func escape(_ text: String) -> String {
        let clean = TextSanitizer.clean(text)
        guard clean.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return clean }
        var out = ""
        out.reserveCapacity(clean.utf8.count + 16)
        for character in clean.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A path segment (a location's name, a token) for a link: anything but unreserved
    /// characters is percent-encoded, so a name cannot break out of the URL or the attribute.
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// A whole page: the one layout every page shares (language, viewport, the stylesheet, the
/// scripts as files so the Content-Security-Policy allows no inline script).
struct Page {
    var title: String
    var body: String
    /// Scripts under /static/ (names only).
    var scripts: [String] = []
    /// Seconds after which the page reloads itself: the fallback without JavaScript.
    var refreshSeconds: Int? = nil
    /// Where the reload goes (default: the same page).
    var refreshURL: String? = nil
    /// A class on <body> (the display's large type, the kiosk).
    var bodyClass: String? = nil
    /// On the kiosk: where its idle timer goes back to (the empty form).
    var kioskHome: String? = nil

    func render() -> String {
        var head = "<!DOCTYPE html>\n<html lang=\"\(WebStrings.language)\">\n<head>\n<meta charset=\"utf-8\">\n"
        head += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let refreshSeconds {
            let target = refreshURL.map { ";url=" + HTML.escape($0) } ?? ""
            // In <noscript>: with JavaScript the page is live (or the kiosk's timer resets it),
            // and a refresh already scheduled could not be called off by a script.
            head += "<noscript><meta http-equiv=\"refresh\" content=\"\(refreshSeconds)\(target)\"></noscript>\n"
        }
        head += "<title>\(HTML.escape(title))</title>\n<link rel=\"stylesheet\" href=\"/static/desk.css\">\n"
        for script in scripts { head += "<script src=\"/static/\(HTML.pathSegment(script))\" defer></script>\n" }
        head += "</head>\n"
        var bodyOpen = "<body"
        if let bodyClass { bodyOpen += " class=\"\(HTML.escape(bodyClass))\"" }
        if let kioskHome { bodyOpen += " data-kiosk-home=\"\(HTML.escape(kioskHome))\"" }
        bodyOpen += ">"
        return head + bodyOpen + "\n<main id=\"main\">\n" + body + "\n</main>\n</body>\n</html>\n"
    }
}
