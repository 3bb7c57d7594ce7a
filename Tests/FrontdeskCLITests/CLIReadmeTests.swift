import Foundation
import FrontdeskCore
import Testing

/// What the README says of the command line and of the test suite is so.
@Suite struct CLIReadmeTests {
    static let root = (#filePath as NSString).deletingLastPathComponent + "/../.."
    static var readme: String { (try? String(contentsOfFile: root + "/README.md", encoding: .utf8)) ?? "" }

    /// The synopsis of `list` names every work list `--view` takes.
    @Test func theListSynopsisNamesEveryView() throws {
        let line = try #require(Self.readme.split(separator: "\n").first { $0.hasPrefix("frontdesk list [--view ") })
        let named = line.dropFirst("frontdesk list [--view ".count).prefix { $0 != "]" }.split(separator: "|").map(String.init)
        #expect(named == WorkView.allCases.map(\.rawValue), "\(line)")
    }

    /// Every test suite the README names (`SomethingTests`) is one in Tests/.
    @Test func everyTestSuiteTheReadmeNamesExists() throws {
        let regex = try NSRegularExpression(pattern: "`([A-Z][A-Za-z0-9]*Tests)`")
        let text = Self.readme
        let names = Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        })
        #expect(!names.isEmpty)
        let tests = Self.root + "/Tests"
        let sources = (FileManager.default.enumerator(atPath: tests)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }
            .compactMap { try? String(contentsOfFile: tests + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
        for name in names.sorted() {
            #expect(sources.contains("struct \(name)") || sources.contains("class \(name)"), "the README names \(name), which no test defines")
        }
    }
}
