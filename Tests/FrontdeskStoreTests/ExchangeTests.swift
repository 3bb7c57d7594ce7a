import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

@Suite struct ExchangeTests {
    let later = t0.adding(3600)

    func summaries(_ store: Store) -> [RecordSummary] {
        store.desk.interactions.map { RecordSummary($0, in: store.desk, at: later) }
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

    @Test func serviceNowExportImportsBackUnchanged() throws {
        let source = temporaryDirectory(), target = temporaryDirectory()
        defer { cleanUp(source); cleanUp(target) }
        let store = try Store(directory: source, seed: seed())
        try fillWithEveryShape(store)
        let exported = try Exporter.export(store.desk.interactions, from: store.desk, as: .servicenow, at: later)

        var empty = ChangeSet()
        empty.config = DeskConfig()
        let fresh = try Store(directory: target, seed: empty)
        try fresh.importInteractions(exported, file: "export.json", by: "admin", at: later)
        #expect(summaries(fresh) == summaries(store))
        #expect(fresh.desk.tasks == store.desk.tasks)
        // Numbering continues after the imported numbers.
        let next = try fresh.perform(.create(type: .chat, openedFor: nil, queue: nil, shortDescription: "x", accept: true), by: "ana", at: later)
        #expect(next.subject == "IMS0000005")
        // A second import of the same file is refused whole.
        let before = bytes(target + "/journal.jsonl")
        #expect { try fresh.importInteractions(exported, file: "export.json", by: "admin", at: later) } throws: {
            "\($0)".contains("export.json line 2 (result[0]): duplicate number IMS0000001")
        }
        #expect(bytes(target + "/journal.jsonl") == before)
    }

    @Test func serviceNowShape() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        let exported = try Exporter.export(store.desk.interactions, from: store.desk, as: .servicenow, at: later)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(exported)) as? [String: Any])
        let rows = try #require(object["result"] as? [[String: Any]])
        let first = rows[0]
        #expect(first["number"] as? String == "IMS0000001")
        #expect(first["opened_at"] as? String == "2026-11-24 09:00:07")
        #expect(first["closed_at"] as? String == "2026-11-24 09:00:49")
        #expect(first["wait_time"] as? String == "1970-01-01 00:00:14")
        #expect(first["duration"] as? String == "1970-01-01 00:00:21")
        #expect(first["opened_for.name"] as? String == "Zoë Müller")
        #expect(first["sys_mod_count"] as? Int == 7)
    }

    @Test func badRowNamesItsLineAndWritesNothing() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        var text = String(decoding: try Exporter.export(store.desk.interactions, from: store.desk, as: .servicenow, at: later), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"state\":\"on_hold\"", with: "\"state\":\"sleeping\"")
        let target = temporaryDirectory()
        defer { cleanUp(target) }
        let fresh = try Store(directory: target, seed: seed())
        let before = bytes(target + "/journal.jsonl")
        #expect { try fresh.importInteractions(Array(text.utf8), file: "x.json", by: "a", at: later) } throws: {
            "\($0)".contains("x.json line 3 (result[1]): state \"sleeping\" is not one of new, on_hold")
        }
        #expect(bytes(target + "/journal.jsonl") == before)
        #expect(fresh.desk.interactions.isEmpty)
    }

    @Test func customersCSV() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        let good = "name,email,phone,company,vip\r\n\"Doe, Jane\",jane@example.com,+1 555 010 0001,ACME,yes\nO'Brien,ob@example.ie,,\"The \"\"Pub\"\"\",\n"
        try store.importCustomers(good, file: "c.csv", by: "admin", at: t0)
        let jane = try #require(store.desk.customers.values.first { $0.email == "jane@example.com" })
        #expect(jane.name == "Doe, Jane")
        #expect(jane.phone == "+15550100001")
        #expect(jane.vip)
        #expect(store.desk.customers.values.contains { $0.company == "The \"Pub\"" })

        let before = bytes(path + "/journal.jsonl")
        let bad = "name,email,phone\nAl,al@example.com,+44 20 7946 0000\nBea,bea@example.com,call me\n"
        #expect { try store.importCustomers(bad, file: "c2.csv", by: "admin", at: t0) } throws: {
            "\($0)".contains("c2.csv line 3: \"call me\" is not a phone number")
        }
        let duplicate = "name,email\nAgain,jane@example.com\n"
        #expect { try store.importCustomers(duplicate, file: "c3.csv", by: "admin", at: t0) } throws: {
            "\($0)".contains("c3.csv line 2") && "\($0)".contains("already belongs to Doe, Jane")
        }
        #expect(bytes(path + "/journal.jsonl") == before)
        #expect(!store.desk.customers.values.contains { $0.name == "Al" })
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
        let csv = String(decoding: try Exporter.export(store.desk.interactions, from: store.desk, as: .csv, at: t0), as: UTF8.self)
        let rows = try CSV.parse(csv)
        #expect(rows[0].cells == Exporter.csvColumns)
        #expect(rows[1].cells[9] == "'=HYPERLINK(\"evil\")")
    }
}
