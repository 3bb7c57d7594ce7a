import Foundation
import FrontdeskCore
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import UnixSignals

/// How `frontdesk serve` listens.
public struct WebOptions: Sendable {
    public var bind: String
    /// 0: any free port (the tests'); the one bound is reported to `onStarted`.
    public var port: Int
    /// The address visitors reach the server at, for the status link the check-in answer gives
    /// (behind a reverse proxy: its https:// URL). Nil: the link is relative.
    public var publicURL: String?
    /// Check-ins per client address per minute (429 beyond); ratings have the same limit, counted apart.
    public var checkInsPerMinute: Int

    public init(bind: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, checkInsPerMinute: Int = 30) {
        self.bind = bind; self.port = port; self.publicURL = publicURL; self.checkInsPerMinute = checkInsPerMinute
    }
}

/// The request context: the client's address is what the check-in's rate limit counts by.
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The peer's address; behind a reverse proxy on this host, the address it forwards.
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// A proxy on the same host (nginx, see the README) says who the client is in X-Real-IP;
    /// from anywhere else the header is ignored, so a client cannot pick its own address.
    func client(_ request: Request) -> String {
        let loopback = peer == "127.0.0.1" || peer == "::1" || peer.hasPrefix("::ffff:127.")
        if loopback, let forwarded = request.headers[HTTPField.Name("X-Real-IP")!], !forwarded.isEmpty { return forwarded }
        return peer
    }
}

/// `frontdesk serve`: the check-in form, the visitor's status page and the waiting-room
/// display, over the store `service` holds.
public enum WebServer {
    /// Serves until cancelled (or SIGINT/SIGTERM). `onStarted` gets the port bound.
    public static func run(service: DeskService, options: WebOptions, onStarted: @escaping @Sendable (Int) -> Void) async throws {
        let site = WalkUpSite(service: service, publicURL: options.publicURL,
                              limiter: RateLimiter(limit: options.checkInsPerMinute, windowSeconds: 60),
                              ratingLimiter: RateLimiter(limit: options.checkInsPerMinute, windowSeconds: 60))
        let hub = LiveHub { topic in site.liveMessage(topic) }
        service.onChange { _ in hub.publish() }
        let router = Router(context: WebContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: PageMiddleware())
        routes(router, site: site, hub: hub)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(options.bind, port: options.port), serverName: "frontdesk"),
            onServerRunning: { channel in onStarted(channel.localAddress?.port ?? options.port) }
        )
        // Live pages first, then the server: a stream stays open until ended, and the server's
        // graceful shutdown waits for every open response.
        let group = ServiceGroup(configuration: .init(services: [app, LivePages(hub: hub)], gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: app.logger))
        defer { service.stop() }
        try await group.run()
    }

    static func routes(_ router: Router<WebContext>, site: WalkUpSite, hub: LiveHub) {
        router.get("static/:name") { _, context in
            guard let name = context.parameters.get("name"), let asset = StaticAssets.asset(named: name) else {
                throw HTTPError(.notFound)
            }
            var headers = HTTPFields()
            headers[.contentType] = asset.contentType
            headers[.cacheControl] = "public, max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
        }
        router.get("checkin/:location") { request, context in
            try site.checkInPage(location: context.parameters.get("location") ?? "", kiosk: isKiosk(request))
        }
        router.post("checkin/:location") { request, context in
            let location = context.parameters.get("location") ?? ""
            let kiosk = isKiosk(request)
            if let retry = site.limiter.attempt(from: context.client(request), at: site.service.now.seconds) {
                return site.tooManyCheckIns(retryAfter: retry)
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: 64 * 1024) } catch {
                return WebPage.error(.contentTooLarge, title: WebStrings.tooLargeTitle, message: WebStrings.tooLarge)
            }
            return await site.checkIn(location: location, form: FormBody(String(buffer: body)), kiosk: kiosk)
        }
        router.get("status/:token") { request, context in
            await site.statusPage(token: context.parameters.get("token") ?? "", kiosk: isKiosk(request))
        }
        router.get("rate/:token") { _, context in
            await site.ratePage(token: context.parameters.get("token") ?? "")
        }
        router.post("rate/:token") { request, context in
            if let retry = site.ratingLimiter.attempt(from: context.client(request), at: site.service.now.seconds) {
                return site.tooManyRatings(retryAfter: retry)
            }
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: 64 * 1024) } catch {
                return WebPage.error(.contentTooLarge, title: WebStrings.tooLargeTitle, message: WebStrings.tooLarge)
            }
            return await site.rate(token: context.parameters.get("token") ?? "", form: FormBody(String(buffer: body)))
        }
        router.get("display/:location") { _, context in
            try site.displayPage(location: context.parameters.get("location") ?? "")
        }
        router.get("events/display/:location") { _, context in
            let location = context.parameters.get("location") ?? ""
            guard site.knowsLocation(location) else { throw HTTPError(.notFound) }
            return eventStream(hub.subscribe(.display(location: location)))
        }
        router.get("events/status/:token") { _, context in
            let token = context.parameters.get("token") ?? ""
            guard site.knowsToken(token) else { throw HTTPError(.notFound) }
            return eventStream(hub.subscribe(.status(token: token)))
        }
    }

    static func isKiosk(_ request: Request) -> Bool { request.uri.queryParameters.get("kiosk") == "1" }

    static func eventStream(_ stream: AsyncStream<String>) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // nginx: do not buffer this response (the README's proxy example also turns buffering off).
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: .init(asyncSequence: stream.map { ByteBuffer(string: $0) }))
    }
}

/// The live pages' clock and their end: the minutes waited change without a change in the
/// store, so the topics are rendered again every 15 s (and a comment line keeps idle streams
/// open through proxies); on shutdown every stream is ended, so the server can stop.
struct LivePages: Service {
    let hub: LiveHub

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(15))
                    hub.publish()
                    hub.heartbeat()
                }
            }
            try? await gracefulShutdown()
            hub.finishAll()
            group.cancelAll()
        }
    }
}
