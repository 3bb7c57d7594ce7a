import Testing
import FrontdeskCore
import FrontdeskResources
@testable import FrontdeskUI

/// Text fields edit grapheme clusters: marks, flags and ZWJ sequences typed one scalar at a
/// time join what is before them, and the cursor never leaves a cluster boundary.
struct TextFieldTests {
    func typed(_ scalars: [Unicode.Scalar]) -> TextField {
        var field = TextField()
        for s in scalars { _ = field.handle(.character(Character(s))) }
        return field
    }

    func expectValid(_ field: TextField, _ note: Comment? = nil) {
        #expect(field.cursor == field.text.endIndex || String.Index(field.cursor, within: field.text) != nil, note)
        #expect(field.cursor >= field.text.startIndex && field.cursor <= field.text.endIndex, note)
    }

    @Test(arguments: [
        ("e + combining acute", ["e", "\u{301}"], "é", 1),
        ("flag from two regional indicators", ["\u{1F1EC}", "\u{1F1E7}"], "🇬🇧", 1),
        ("two flags", ["\u{1F1EC}", "\u{1F1E7}", "\u{1F1EB}", "\u{1F1F7}"], "🇬🇧🇫🇷", 2),
        ("ZWJ family", ["\u{1F468}", "\u{200D}", "\u{1F469}", "\u{200D}", "\u{1F467}"], "👨‍👩‍👧", 1),
        ("heart with variation selector", ["\u{2764}", "\u{FE0F}"], "❤️", 1),
        ("skin tone", ["\u{1F44D}", "\u{1F3FD}"], "👍🏽", 1),
        ("Hangul jamo", ["\u{1100}", "\u{1161}", "\u{11A8}"], "각", 1),
        ("a lone mark first", ["\u{301}", "a"], "\u{301}a", 2),
    ] as [(String, [Unicode.Scalar], String, Int)])
    func typingScalarsJoinsClusters(_ name: String, _ scalars: [Unicode.Scalar], _ text: String, _ count: Int) {
        let field = typed(scalars)
        #expect(field.text == text, "\(name)")
        #expect(field.cursorOffset == count)
        expectValid(field)
    }

    @Test func editingAroundClusters() {
        var field = typed(["a", "e", "\u{301}", "b"])          // "aéb"
        _ = field.handle(.left)
        _ = field.handle(.backspace)                          // removes é whole
        #expect(field.text == "ab" && field.cursorOffset == 1)
        _ = field.handle(.character("\u{308}"))               // ä: joins the a before the cursor
        #expect(field.text == "äb" && field.cursorOffset == 1)
        _ = field.handle(.home)
        _ = field.handle(.delete)
        #expect(field.text == "b")
        _ = field.handle(.end)
        _ = field.handle(.control("u"))
        #expect(field.text.isEmpty && field.cursorOffset == 0)
    }

    /// Random Unicode, random edits: no crash, the cursor always on a boundary, and text
    /// typed at the end is exactly the scalars typed.
    @Test func fuzzWithRandomUnicode() {
        let pool: [Unicode.Scalar] = ["a", "Z", "e", " ", "\u{301}", "\u{308}", "\u{20DD}", "\u{200D}", "\u{FE0F}", "\u{FE0E}",
                                      "\u{1F1EC}", "\u{1F1E7}", "\u{1F1FA}", "\u{1F468}", "\u{1F469}", "\u{1F3FD}", "\u{2764}",
                                      "山", "é", "\u{1100}", "\u{1161}", "\u{11A8}", "\u{0E01}", "\u{0E31}", "\u{094D}", "\u{0915}",
                                      "\u{1F600}", "\u{E0067}", "\u{1F3F4}", "\u{E007F}", "\r", "\n"]
        let edits: [Key] = [.left, .right, .home, .end, .backspace, .delete, .control("u"), .control("k")]
        var rng = SplitMix64(seed: 20261127)
        for round in 0..<400 {
            var field = TextField()
            var typedAtEnd = String.UnicodeScalarView()
            var onlyAppended = true
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    _ = field.handle(edits.randomElement(using: &rng)!)
                    onlyAppended = false
                } else {
                    let s = pool.randomElement(using: &rng)!
                    _ = field.handle(.character(Character(s)))
                    if field.cursor != field.text.endIndex { onlyAppended = false }
                    typedAtEnd.append(s)
                }
                expectValid(field, "round \(round): \(field.text.unicodeScalars.map { String($0.value, radix: 16) })")
                for width in [1, 2, 5, 12] {
                    let (visible, column) = field.window(width: width)
                    #expect(DisplayWidth.of(visible) <= width && column <= width)
                }
            }
            if onlyAppended { #expect(Array(field.text.unicodeScalars) == Array(typedAtEnd)) }
        }
    }

    /// The keystrokes that crashed the console: `/`, then `e`, then a combining acute; and a
    /// flag typed as two regional indicators.
    @Test func searchFieldTakesACombiningMarkAndAFlag() {
        let (session, _, _) = makeSession()
        session.press(.character("/"), .character("e"), .character("\u{301}"))
        #expect(session.state.searchField?.text == "é")
        _ = session.screen
        session.press(.escape, .character("/"), .character("\u{1F1EC}"), .character("\u{1F1E7}"))
        #expect(session.state.searchField?.text == "🇬🇧")
        #expect(session.screen.contains("🇬🇧"))
    }

    /// A paste arrives as one key per character, each drawn: 2,000 characters all land, in order.
    @Test func pastingTwoThousandCharacters() {
        let (session, _, _) = makeSession()
        session.press(.character("n"))                       // New interaction: the first text field is the customer search
        let pasted = String((0..<2000).map { i in Array("Zoë 山田 👍🏽 the printer on floor three is on fire again ")[i % 52] })
        session.press(.tab)
        for c in pasted {
            session.send(.key(.character(c)))
            _ = session.render()
        }
        guard case .newInteraction(let form)? = session.state.dialog else {
            Issue.record("the New interaction dialog is open"); return
        }
        let field = form.focus == .customer ? form.customerQuery : form.short
        #expect(field.text == pasted)
        #expect(field.cursor == field.text.endIndex)
    }
}
