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
