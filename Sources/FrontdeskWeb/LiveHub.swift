import Synchronization

/// The server-sent events of every open display and status page. The store thread tells the
/// hub about each change ONCE (`publish`); the hub renders each topic being watched once and
/// sends it to that topic's pages when it differs from what they were last sent. A page
/// gets the current state as soon as it connects, so one that reconnects is current at once.
final class LiveHub: Sendable {
    /// What a live page listens to: a location's display, or one visitor's status.
    enum Topic: Hashable, Sendable {
        case display(location: String)
        case status(token: String)
    }

    /// One rendering of a topic: the fragment that replaces the page's live part, and a mark
    /// that changes when someone is called (the display's chime; the visitor's page too).
    struct Message: Equatable, Sendable {
        var html: String
        var callMark: String
    }

    private struct Subscriber {
        var topic: Topic
        var continuation: AsyncStream<String>.Continuation
    }

    private struct State {
        var nextID = 0
        var subscribers: [Int: Subscriber] = [:]
        var last: [Topic: Message] = [:]
        var version = 0
    }

    private let state = Mutex(State())
    private let render: @Sendable (Topic) -> Message?

    /// `render` makes a topic's message from the latest snapshot (nil: the topic is gone, say
    /// a location removed: its pages keep what they show).
    init(render: @escaping @Sendable (Topic) -> Message?) {
        self.render = render
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A stream of SSE text for one page, starting with the topic's current state.
    func subscribe(_ topic: Topic) -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(8))
        let current = render(topic)
        let id = state.withLock { state -> Int in
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(topic: topic, continuation: continuation)
            if let current, state.last[topic] == nil { state.last[topic] = current }
            return state.nextID
        }
        // Tells the browser to reconnect after 1 s (not its default 3) when the server restarts.
        continuation.yield("retry: 1000\n\n")
        if let current { continuation.yield(Self.event("update", current.html, id: 0)) }
        continuation.onTermination = { [weak self] _ in
            self?.state.withLock { state in
                let topic = state.subscribers.removeValue(forKey: id)?.topic
                if let topic, !state.subscribers.values.contains(where: { $0.topic == topic }) { state.last[topic] = nil }
            }
        }
        return stream
    }

    /// After a change (or on the clock's tick, for the minutes waited): renders each watched
    /// topic once and sends what differs.
    func publish() {
        let topics = state.withLock { Set($0.subscribers.values.map(\.topic)) }
        var rendered: [Topic: Message] = [:]
        for topic in topics { if let message = render(topic) { rendered[topic] = message } }
        state.withLock { state in
            state.version += 1
            for (topic, message) in rendered {
                let before = state.last[topic]
                guard before != message else { continue }
                state.last[topic] = message
                let called = before != nil && before?.callMark != message.callMark && !message.callMark.isEmpty
                for subscriber in state.subscribers.values where subscriber.topic == topic {
                    subscriber.continuation.yield(Self.event("update", message.html, id: state.version))
                    if called { subscriber.continuation.yield(Self.event("called", message.callMark, id: state.version)) }
                }
            }
        }
    }

    /// A comment line, so proxies and browsers keep an idle stream open.
    func heartbeat() {
        state.withLock { state in
            for subscriber in state.subscribers.values { subscriber.continuation.yield(": keep-alive\n\n") }
        }
    }

    func finishAll() {
        let all = state.withLock { Array($0.subscribers.values) }
        for subscriber in all { subscriber.continuation.finish() }
    }

    /// One SSE event; each line of the data gets its own `data:` field (a line break inside
    /// would otherwise end the field).
    static func event(_ name: String, _ data: String, id: Int) -> String {
        var text = "id: \(id)\nevent: \(name)\n"
        // "\r\n" is one Character: split on any line break, so no \r is left behind.
        for line in data.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            text += "data: " + line + "\n"
        }
        return text + "\n"
    }
}
