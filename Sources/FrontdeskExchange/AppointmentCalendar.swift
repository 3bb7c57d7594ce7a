import FrontdeskCore

/// An appointment as an iCalendar file (RFC 5545): the customer's confirmation, one VEVENT.
/// Times are written in UTC (`Z`), which every calendar reads without a VTIMEZONE block; text
/// is escaped (`\\`, `;`, `,`, newlines) with control characters left out, and lines are
/// folded at 75 octets without splitting a character, each ending in CRLF.
public enum AppointmentCalendar {
    public static let productID = "-//Frontdesk//Walk-up appointments//EN"

    /// The .ics text. `now` is the DTSTAMP; `locationName` and `customerName` as people read them.
    public static func ics(_ a: Appointment, locationName: String, customerName: String, slotMinutes: Int, now: Instant) -> String {
        let end = a.slotStart.adding(Int64(slotMinutes) * 60)
        var lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:\(productID)",
            "CALSCALE:GREGORIAN",
            "METHOD:\(a.state == .cancelled ? "CANCEL" : "PUBLISH")",
            "BEGIN:VEVENT",
            "UID:\(uid(a))",
            "DTSTAMP:\(dateTime(now))",
            "DTSTART:\(dateTime(a.slotStart))",
            "DTEND:\(dateTime(end))",
            // Bumped by every change, so a calendar replaces the event it holds (a new slot, a cancel).
            "SEQUENCE:\(max(0, a.version - 1))",
            "STATUS:\(a.state == .cancelled ? "CANCELLED" : "CONFIRMED")",
            "SUMMARY:\(text("\(a.reason) at \(locationName)"))",
            "LOCATION:\(text(locationName))",
            "DESCRIPTION:\(text("Appointment \(a.id) for \(customerName): \(a.reason). Please check in at \(locationName) when you arrive."))",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        lines = lines.map(fold)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Stable for the appointment, whatever changes in it: a calendar matches updates by it.
    public static func uid(_ a: Appointment) -> String { "\(a.id)-\(a.createdAt.seconds)@frontdesk" }

    /// `20261124T100000Z`.
    static func dateTime(_ instant: Instant) -> String {
        let c = instant.civil
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
        let year = String(c.year)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + two(c.month) + two(c.day)
            + "T" + two(c.hour) + two(c.minute) + two(c.second) + "Z"
    }

    /// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break
    /// as `\n`; other control characters (which TEXT may not hold) left out.
    static func text(_ value: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in value.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\r": out += "\\n"
            case "\t": out += " "
            default:
                // C0, DEL, C1 and bidi overrides never reach a calendar.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
                    || (0x2066...0x2069).contains(scalar.value) { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Folds a content line at 75 octets (RFC 5545 3.1): each continuation starts with one space,
    /// and no UTF-8 sequence is split.
    public static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = "", width = 0
        // The first line holds 75 octets; each continuation holds 74 after its leading space.
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > 75 {
                out += "\r\n "
                width = 1
            }
            out.unicodeScalars.append(scalar)
            width += size
        }
        return out
    }
}
