import Foundation
import Testing
@testable import FrontdeskExchange

/// Issue 28 point 6: the side tables (`sys_audit`, `sys_journal_field`, related records) are
/// kept on disk as they are read and looked up by interaction. Whatever the runs and the
/// order the rows came in, a key's rows come back as a table held in memory would give them:
/// all of them, in the order they were read, and only theirs.
@Suite struct ServiceNowSideRowsTests {
    /// Keys as exports have them and as hand-made files might: sys_ids, short keys, keys
    /// longer than the 32 bytes the entries sort by that share those 32 bytes, non-ASCII.
    static let keys: [String] = {
        var keys = (0..<40).map { String(format: "%016llx%016llx", UInt64($0) &* 0x9E3779B97F4A7C15, UInt64($0 % 7)) }
        keys += ["a", "a1", "b", "", "zoë", String(repeating: "c", count: 32),
                 String(repeating: "c", count: 32) + "1", String(repeating: "c", count: 32) + "2", String(repeating: "c", count: 40)]
        return keys
    }()

    @Test(arguments: [1, 3, 64, 65_536])
    func everyKeysRowsComeBackInTheOrderTheyWereRead(runRecords: Int) throws {
        var random = SystemRandomNumberGenerator()
        var expected: [String: [[String?]]] = [:]
        let side = ServiceNowSideRows(name: "test", runRecords: runRecords)
        // 1,000 rows over the keys in a shuffled order, some fields nil, some empty, some long.
        for n in 0..<1_000 {
            let key = Self.keys.randomElement(using: &random)!
            let fields: [String?] = ["row \(n)", n % 3 == 0 ? nil : "", String(repeating: "é", count: n % 50), n % 5 == 0 ? "\u{0}\n\"" : "x"]
            try side.add(key: key, fields)
            expected[key, default: []].append(fields)
        }
        try side.seal()
        for key in Self.keys + ["never", String(repeating: "c", count: 31), String(repeating: "c", count: 32) + "3"] {
            let found = try side.rows(of: key)
            #expect(found?.map(\.fields) == expected[key], "\(key)")
        }
        #expect(side.count == 1_000)
    }

    /// What no imported row took is named with its count, for the summary.
    @Test func rowsNotTakenAreCountedByKey() throws {
        let side = ServiceNowSideRows(name: "test", runRecords: 2)
        for key in ["k1", "k2", "k1", "k3", "k2", "k1"] { try side.add(key: key, ["x"]) }
        try side.seal()
        for row in try #require(try side.rows(of: "k1")) { side.take(row.index) }
        #expect(try side.untaken() == ["k2": 2, "k3": 1])
        for row in try #require(try side.rows(of: "k3")) { side.take(row.index) }
        #expect(try side.untaken() == ["k2": 2])
    }

    /// A table with no rows makes no file and answers nothing.
    @Test func anEmptyTableAnswersNothing() throws {
        let side = ServiceNowSideRows(name: "test")
        try side.seal()
        #expect(try side.rows(of: "a") == nil)
        #expect(try side.untaken().isEmpty)
    }
}

/// Each interaction number's first row, to name a repeat (`… is also result[0] of PAGE`):
/// across pages and across the blocks numbers are kept in.
@Suite struct ServiceNowFirstRowsTests {
    /// (page, row, number) in the order met; pages of 3, 0 and 4 rows.
    static let met: [(page: Int, row: Int, number: Int)] = [
        (0, 0, 1), (0, 1, 4_095), (0, 2, 4_096), (2, 0, 9_999_999), (2, 1, 0), (2, 2, 12_288), (2, 3, 2),
    ]

    @Test func aNumberMetAgainNamesThePageAndRowItWasFirstMetAt() {
        var first = ServiceNowFirstRows()
        var rows = 0
        for page in 0..<3 {
            first.beginPage(rowsBefore: rows)
            for m in Self.met where m.page == page {
                #expect(first.first(m.number) == nil)
                first.note(m.number, row: m.row)
                rows += 1
            }
        }
        for m in Self.met {
            let found = first.first(m.number)
            #expect(found?.page == m.page && found?.row == m.row, "\(m.number)")
        }
        for never in [3, 4_094, 4_097, 8_192, 9_999_998] { #expect(first.first(never) == nil, "\(never)") }
    }
}
