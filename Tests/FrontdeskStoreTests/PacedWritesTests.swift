import Foundation
import Testing
@testable import FrontdeskStore

/// A compaction's files written in paced chunks (`PacedWrites`) hold exactly the bytes given,
/// whatever the chunk size, from wherever the descriptor's offset stands.
@Suite struct PacedWritesTests {
    @Test(arguments: [1, 4_096, 1 << 20, 8 << 20])
    func chunksWriteEveryByteInOrder(_ chunk: Int) throws {
        let path = temporaryDirectory() + "-paced"
        defer { unlink(path) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        let head: [UInt8] = Array("header\n".utf8)
        let body = (0..<(3 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 9) }
        try Posix.writeAll(fd, head, path: path)
        try PacedWrites.write(fd, chunk == 1 ? Array(body.prefix(5_000)) : body, chunk: chunk) { (piece) throws(StoreError) in
            let n = piece.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n != piece.count { throw StoreError.io(file: path, operation: "write", errno: errno) }
        }
        close(fd)
        let expected = head + (chunk == 1 ? Array(body.prefix(5_000)) : body)
        #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == expected)
    }
}

/// The compaction's long work runs on a thread of its own at a lower priority; the thread that
/// holds the store's lock keeps the process's own (issue 28: a whole process at `nice` 10
/// held writers up while the scheduler left it waiting).
@Suite struct BackgroundPriorityTests {
    @Test func theWorkRunsAtALowerPriorityAndTheCallerKeepsItsOwn() throws {
        let caller = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        let (worker, answer) = try PacedWrites.onBackgroundThread { () -> (Int32, Int) in
            (getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0), 42)
        }
        #expect(worker == min(caller + 10, 19))
        #expect(answer == 42)
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) == caller, "the caller's priority is untouched")
    }

    @Test func anErrorThrownThereReachesTheCaller() {
        #expect(throws: StoreError.self) {
            try PacedWrites.onBackgroundThread { () throws -> Int in throw StoreError.io(file: "x", operation: "write", errno: EIO) }
        }
    }
}
