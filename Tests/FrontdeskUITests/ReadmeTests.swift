import Foundation
import Testing
@testable import FrontdeskUI

struct ReadmeTests {
    /// The README's key table is generated from `Bindings.all`. Set
    /// FRONTDESK_UPDATE_README=1 to rewrite it.
    @Test func keyTableIsCurrent() throws {
        let path = (#filePath as NSString).deletingLastPathComponent + "/../../README.md"
        let readme = try String(contentsOfFile: path, encoding: .utf8)
        let begin = "<!-- keys:begin -->\n", end = "<!-- keys:end -->"
        let start = try #require(readme.range(of: begin)), stop = try #require(readme.range(of: end))
        let current = String(readme[start.upperBound..<stop.lowerBound])
        let expected = Bindings.markdownTable + "\n"
        if current != expected, ProcessInfo.processInfo.environment["FRONTDESK_UPDATE_README"] != nil {
            try (String(readme[..<start.upperBound]) + expected + String(readme[stop.lowerBound...]))
                .write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == expected, "README key table is stale; run FRONTDESK_UPDATE_README=1 swift test --filter ReadmeTests")
    }
}
