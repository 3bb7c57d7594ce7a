import Hummingbird
import HTTPTypes

/// What every response gets: security headers, and a page (never a stack trace, never
/// Hummingbird's plain text) for an unknown address, a method not allowed, or a failure.
struct PageMiddleware: RouterMiddleware {
    typealias Context = WebContext

    /// The methods each kind of address answers; anything else is 405 with `Allow`.
    static func allowed(_ path: String) -> [HTTPRequest.Method]? {
        let first = path.split(separator: "/").first.map(String.init) ?? ""
        switch first {
        case "checkin", "rate": return [.get, .head, .post]
        case "status", "display", "events", "static": return [.get, .head]
        default: return nil
        }
    }

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response: Response
        if let allowed = Self.allowed(request.uri.path), !allowed.contains(request.method) {
            response = WebPage.error(.methodNotAllowed, title: WebStrings.methodNotAllowedTitle, message: WebStrings.methodNotAllowed)
            response.headers[.allow] = allowed.map(\.rawValue).joined(separator: ", ")
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPError where error.status == .notFound {
                let path = request.uri.path
                let message = path.hasPrefix("/rate/") ? WebStrings.unknownRatingLink
                    : path.hasPrefix("/status/") || path.hasPrefix("/events/status/") ? WebStrings.unknownToken : WebStrings.unknownLocation
                response = WebPage.error(.notFound, title: WebStrings.notFoundTitle, message: message)
            } catch {
                context.logger.error("request failed: \(String(describing: error))")
                response = WebPage.error(.internalServerError, title: WebStrings.failedTitle, message: WebStrings.failed)
            }
        }
        // Scripts and styles from this server only, nothing inline, no frames, no plugins.
        response.headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        // A status link is private: it must not leak to another site through the Referer.
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
