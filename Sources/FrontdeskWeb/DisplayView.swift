/// The waiting-room TV: who is called to which desk, then the waiting list by ticket with the
/// name as the location's name format gives it (never a record number, an email or a phone).
struct DisplayView {
    struct Serving: Equatable {
        var ticket: String
        var desk: String
    }

    struct Waiting: Equatable {
        var ticket: String
        var name: String
        /// Local check-in time, "09:42".
        var since: String
        var waited: String
        var estimate: String
        var appointment: Bool
    }

    /// What a TV shows in large type; the rest are counted.
    static let rowsShown = 15

    var location: String
    var title: String
    var serving: [Serving]
    var waiting: [Waiting]
    /// Closed, or nobody available: said above the list.
    var notice: String?

    /// What changes when someone is called (the chime): the latest call.
    var callMark: String { serving.first.map { "\($0.ticket)@\($0.desk)" } ?? "" }

    func page() -> Page {
        let body = "<h1>\(HTML.escape(WebStrings.displayTitle(title)))</h1>\n"
            + "<section id=\"live\" aria-live=\"polite\" data-events=\"/events/display/\(HTML.pathSegment(location))\">\n"
            + fragment() + "\n</section>"
        return Page(title: WebStrings.displayTitle(title), body: body, scripts: ["live.js"], refreshSeconds: 30, bodyClass: "display")
    }

    /// The live part, sent again on every change.
    func fragment() -> String {
        var html = "<h2>\(HTML.escape(WebStrings.nowServing))</h2>\n<div class=\"serving\" id=\"serving\">"
        if serving.isEmpty {
            html += "<p>\(HTML.escape(WebStrings.nobodyCalled))</p>"
        } else {
            html += "<ul>"
            for entry in serving.prefix(3) {
                html += "<li><span class=\"ticket-no\">\(HTML.escape(entry.ticket))</span> \(WebStrings.arrow) \(HTML.escape(entry.desk))</li>"
            }
            html += "</ul>"
        }
        html += "</div>\n"
        if let notice { html += "<p class=\"closed\" id=\"notice\">\(HTML.escape(notice))</p>\n" }
        html += "<h2>\(HTML.escape(WebStrings.waitingHeading))</h2>\n"
        if waiting.isEmpty { return html + "<p id=\"waiting\">\(HTML.escape(WebStrings.nobodyWaiting))</p>" }
        html += "<p id=\"count\" data-waiting=\"\(waiting.count)\">\(HTML.escape(WebStrings.waitingCount(waiting.count)))</p>\n"
        html += "<table id=\"waiting\"><thead><tr>"
        for column in [WebStrings.columnTicket, WebStrings.columnName, WebStrings.columnSince, WebStrings.columnWaited, WebStrings.columnEstimate] {
            html += "<th scope=\"col\">\(HTML.escape(column))</th>"
        }
        html += "</tr></thead><tbody>\n"
        for row in waiting.prefix(Self.rowsShown) {
            let mark = row.appointment ? " <span class=\"appointment\">\(HTML.escape(WebStrings.appointmentMark))</span>" : ""
            html += "<tr><td>\(HTML.escape(row.ticket))</td><td>\(HTML.escape(row.name))\(mark)</td><td>\(HTML.escape(row.since))</td>"
                + "<td>\(HTML.escape(row.waited))</td><td>\(HTML.escape(row.estimate))</td></tr>\n"
        }
        html += "</tbody></table>"
        if waiting.count > Self.rowsShown {
            html += "\n<p id=\"more\">\(HTML.escape(WebStrings.moreWaiting(waiting.count - Self.rowsShown)))</p>"
        }
        return html
    }
}
