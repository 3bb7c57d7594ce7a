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
