import Synchronization

/// Check-ins per client address: at most `limit` in any `windowSeconds` (a sliding window of
/// the times of the last ones). A kiosk shares one address for everybody in the room, so the
/// default is generous; what it stops is a script filling the queue.
final class RateLimiter: Sendable {
    let limit: Int
    let windowSeconds: Int64
    private let recent = Mutex<[String: [Int64]]>([:])

    init(limit: Int, windowSeconds: Int64) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    /// Counts an attempt from `client` at `now` (seconds); nil when allowed, else the seconds
    /// until the oldest attempt in the window leaves it (Retry-After).
    func attempt(from client: String, at now: Int64) -> Int64? {
        recent.withLock { recent in
            var times = recent[client, default: []].filter { $0 > now - windowSeconds }
            defer {
                recent[client] = times
                // Forget clients gone quiet, so the table does not grow without bound.
                if recent.count > 10_000 { recent = recent.filter { $0.value.contains { $0 > now - windowSeconds } } }
            }
            if times.count >= limit, let oldest = times.first {
                return max(1, oldest + windowSeconds - now)
            }
            times.append(now)
            return nil
        }
    }
}
