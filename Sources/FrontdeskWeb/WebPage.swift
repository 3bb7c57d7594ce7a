import HTTPTypes
import Hummingbird

/// An HTML response: pages are never cached (a status page is private and changes).
enum WebPage {
    static func html(_ page: Page, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page.render())))
    }

    static func error(_ status: HTTPResponse.Status, title: String, message: String) -> Response {
        html(Page(title: title, body: "<h1>\(HTML.escape(title))</h1>\n<p>\(HTML.escape(message))</p>"), status: status)
    }

    static func redirect(_ location: String) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        return Response(status: .seeOther, headers: headers)
    }
}
