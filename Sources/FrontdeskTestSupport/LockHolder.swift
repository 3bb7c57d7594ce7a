import Foundation

/// Another process holding a store's lock (`flock -x`), for tests of what waits and what does
/// not. A handshake, not a sleep: `init` returns once the holder has printed "locked", that is
/// once it holds the lock; the lock is held until `release()` (or deinit) closes its input.
public final class LockHolder {
    private let process = Process()
    private let input = Pipe()
    private var released = false

    /// Nil when the holder could not start or exited without taking the lock.
    public init?(_ lockFile: String) {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        // `read` returns at end of input: the lock goes when `release()` closes the pipe.
        process.arguments = ["-x", lockFile, "/bin/sh", "-c", "echo locked; read -r _"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            released = true   // nothing started, nothing to let go
            return nil
        }
        // Blocks until the line arrives, or end of file if flock failed.
        var seen = Data()
        while !seen.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        guard String(decoding: seen, as: UTF8.self) == "locked\n" else {
            release()
            return nil
        }
    }

    /// Lets the lock go and waits until the holder has exited, so the lock is free on return.
    public func release() {
        guard !released else { return }
        released = true
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { release() }
}


/// Whether some process holds `lockFile` exclusively now (a non-blocking `flock -n` fails).
public func lockIsHeld(_ lockFile: String) -> Bool {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
    probe.arguments = ["-n", "-x", lockFile, "/bin/true"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus != 0
}
