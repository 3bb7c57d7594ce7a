import Testing
@testable import FrontdeskCore

struct SanitizerTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("red\u{1B}[31mtext\u{1B}[0m", "redtext"),
        ("title\u{1B}]0;pwned\u{07}after", "titleafter"),
        ("osc-st\u{1B}]8;;http://x\u{1B}\\link", "osc-stlink"),
        ("dcs\u{1B}Pq#0;2;0;0;0\u{1B}\\end", "dcsend"),
        ("c1\u{9B}2Jcsi", "c1csi"),
        ("del\u{7F}ete", "delete"),
        ("line1\nline2\tx", "line1 line2 x"),
        ("bidi\u{202E}txt.exe", "biditxt.exe"),
        ("iso\u{2066}late\u{2069}", "isolate"),
        ("bell\u{07}nul\u{00}", "bellnul"),
        ("reset\u{1B}cafter", "resetafter"),
        ("charset\u{1B}(Bok", "charsetok"),
        ("Zoë 山田 🙂", "Zoë 山田 🙂"),
        ("trailing esc\u{1B}", "trailing esc"),
    ])
    func clean(_ input: String, _ output: String) {
        #expect(TextSanitizer.clean(input) == output)
        #expect(TextSanitizer.isClean(TextSanitizer.clean(input)))
    }
}

struct DisplayWidthTests {
    @Test(arguments: [("abc", 3), ("山田", 4), ("🙂", 2), ("e\u{301}", 1), ("👍🏽", 2), ("👩‍💻", 2), ("❤️", 2), ("Zoë", 3), ("", 0), ("ｶ", 1), ("Ａ", 2)])
    func width(_ text: String, _ cells: Int) {
        #expect(DisplayWidth.of(text) == cells)
    }

    @Test func truncateAndPadKeepColumns() {
        #expect(DisplayWidth.truncate("山田太郎さん", to: 7) == "山田太…")
        #expect(DisplayWidth.of(DisplayWidth.pad("山田太郎さん", to: 8)) == 8)
        #expect(DisplayWidth.pad("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.truncate("abc", to: 3) == "abc")
    }
}

/// Text is kept exactly as it was typed or sent: spaces and line breaks round it and within
/// it included. Only a text that is nothing but whitespace counts as none. (Controls stay in
/// the store too; they are removed where text is shown: see `SanitizerTests`.)
struct GivenTextTests {
    static let typed = "  first line\n\n  indented,  two spaces\t\n"

    @Test func notesRepliesShortDescriptionsAndMessagesAreKeptAsGiven() throws {
        let n = "IMS0000001"
        var desk = makeDesk(wrapUp: [.chat])
        try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: Self.typed, caller: "handle-1"), by: "chat")
        try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: " again ", caller: "handle-1"), by: "chat")
        try desk.run(.edit(number: n, [.shortDescription(" VPN  drops ")]))
        try desk.run(.transition(number: n, .accept))
        try desk.run(.addNote(number: n, text: Self.typed))
        try desk.run(.reply(number: n, text: Self.typed))
        try desk.run(.transition(number: n, .endConversation))
        try desk.run(.transition(number: n, .submitWrapUp(code: "Resolved", notes: Self.typed)))
        try desk.run(.transition(number: n, .reopen(reason: " closed \u{1B}[31mby mistake ")), by: "sue")
        let r = try #require(desk.interaction(n))
        #expect(r.transcript.map(\.text) == [Self.typed, " again ", Self.typed])
        #expect(r.shortDescription == " VPN  drops ")
        #expect(r.workNotes.map(\.text) == [Self.typed])
        #expect(r.history.contains { $0.change == .field(name: AuditField.wrapUpNotes, old: nil, new: Self.typed) })
        #expect(r.history.last?.change == .field(name: AuditField.reopenReason, old: nil, new: " closed \u{1B}[31mby mistake "))
        var created = makeDesk()
        try created.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "\tPrinter jam ", accept: true))
        #expect(created.interaction(n)?.shortDescription == "\tPrinter jam ")
    }

    @Test func blankTextIsNoText() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        #expect(throws: DomainError.emptyText(field: "work note")) { try desk.run(.addNote(number: "IMS0000001", text: " \n\t ")) }
        try desk.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "   ", accept: true))
        #expect(desk.interaction("IMS0000002")?.shortDescription == "", "blank is stored as empty")
    }

    @Test(arguments: [
        ([0x61, 0x62], nil),
        ([0x5A, 0x6F, 0xC3, 0xAB, 0xF0, 0x9F, 0x99, 0x82], nil),   // Zoë 🙂
        ([0x61, 0xFF, 0x62], 1),                                    // never in UTF-8
        ([0x61, 0x62, 0xC3], 2),                                    // cut short at the end
        ([0xC0, 0xAF], 0),                                          // overlong
        ([0x61, 0xED, 0xA0, 0x80], 1),                              // a surrogate
        ([0x61, 0x62, 0x63, 0x80], 3),                              // a lone continuation byte
        ([0xF4, 0x90, 0x80, 0x80], 0),                              // past U+10FFFF
    ] as [([UInt8], Int?)])
    func invalidUTF8IsFoundWhereItIs(_ bytes: [UInt8], _ offset: Int?) {
        do {
            let text = try UTF8Text.decode(bytes)
            #expect(offset == nil, "decoded \(text)")
            #expect(Array(text.utf8) == bytes)
        } catch {
            #expect(error.offset == offset && error.byte == bytes[error.offset], "\(error)")
            #expect(error.description.contains("byte offset \(error.offset) (0x"), "\(error)")
        }
    }
}

