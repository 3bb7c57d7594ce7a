import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskExchange
import FrontdeskTestSupport
@testable import FrontdeskStore

@Suite struct ExchangeTests {
    let later = t0.adding(3600)

    func summaries(_ store: Store) throws -> [RecordSummary] {
        try store.desk.interactions.map { try RecordSummary($0, in: store.desk, at: later) }
    }

    /// Every cell that starts like a formula is guarded, and reads back as typed.
    @Test(arguments: ["=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=\u{301}x"])
    func csvGuardsFormulaCells(_ cell: String) throws {
        let row = CSV.row(["plain", cell])
        let parsed = try CSV.parse(row + "\r\n")
        #expect(parsed.count == 1)
        let written = try #require(parsed.first?.cells.last)
        #expect(written.unicodeScalars.first == "'", "\(row.debugDescription)")
        #expect(CSV.unguarded(written) == cell)
        #expect(CSV.unguarded("'plain") == "'plain", "an apostrophe before ordinary text is the text's own")
    }

    @Test(arguments: TestBackend.allCases)
    func customersCSV(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let store = try place.open(seed: seed())
        let good = "name,email,phone,company,vip\r\n\"Doe, Jane\",jane@example.com,+1 555 010 0001,ACME,yes\nO'Brien,ob@example.ie,,\"The \"\"Pub\"\"\",\n"
        try store.importCustomers(good, file: "c.csv", by: "admin", at: t0)
        let jane = try #require(store.desk.customers.values.first { $0.email == "jane@example.com" })
        #expect(jane.name == "Doe, Jane")
        #expect(jane.phone == "+15550100001")
        #expect(jane.vip)
        #expect(store.desk.customers.values.contains { $0.company == "The \"Pub\"" })

        let before = try place.contents()
        let bad = "name,email,phone\nAl,al@example.com,+44 20 7946 0000\nBea,bea@example.com,call me\n"
        #expect { try store.importCustomers(bad, file: "c2.csv", by: "admin", at: t0) } throws: {
            "\($0)".contains("c2.csv line 3: \"call me\" is not a phone number")
        }
        let duplicate = "name,email\nAgain,jane@example.com\n"
        #expect { try store.importCustomers(duplicate, file: "c3.csv", by: "admin", at: t0) } throws: {
            "\($0)".contains("c3.csv line 2") && "\($0)".contains("already belongs to Doe, Jane")
        }
        #expect(try place.contents() == before)
        #expect(!store.desk.customers.values.contains { $0.name == "Al" })
        #expect(try place.open().desk.customers == store.desk.customers, "another view sees the import, and only it")
    }

    @Test(arguments: [
        ("a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("\"x,y\",\"q\"\"q\"\r\nz,\n", [["x,y", "q\"q"], ["z", ""]]),
        ("\"multi\nline\",2", [["multi\nline", "2"]]),
    ])
    func csvParse(_ text: String, _ expected: [[String]]) throws {
        #expect(try CSV.parse(text).map(\.cells) == expected)
    }

    @Test func csvExportIsFormulaSafe() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try store.perform(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "=HYPERLINK(\"evil\")", accept: true), by: "ana", at: t0)
        let csv = String(decoding: try Exporter.export(Array(store.desk.interactions), from: store.desk, as: .csv, at: t0), as: UTF8.self)
        let rows = try CSV.parse(csv)
        #expect(rows[0].cells == Exporter.csvColumns)
        let short = try #require(Exporter.csvColumns.firstIndex(of: "short_description"))
        #expect(rows[1].cells[short] == "'=HYPERLINK(\"evil\")")
    }
}
