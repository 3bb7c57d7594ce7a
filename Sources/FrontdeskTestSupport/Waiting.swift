import Foundation

/// Polls `condition` until it holds; returns whether it did within `timeout` seconds. Tests
/// wait for what they need (a file written, a screen changed), never for a fixed time.
@discardableResult
public func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    repeat {
        if condition() { return true }
        usleep(50_000)
    } while Date() < deadline
    return condition()
}

/// Waits until the wall clock's whole second is past the one it is in now, so what was done
/// just before (a record closed) lies in an earlier second than what comes next (a compaction
/// moves what closed before its now). A condition on the clock, not a guessed delay.
public func waitForNextSecond() {
    let second = Int(Date().timeIntervalSince1970)
    waitUntil(timeout: 5) { Int(Date().timeIntervalSince1970) > second }
}
