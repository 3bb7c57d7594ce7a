/// Text as search compares it: lower case, and letters without their accents, so `muller`
/// finds `Müller`, `jose` finds `José` and `lodz` finds `Łódź`. The query, the working set and
/// the history index all fold with this one function.
public enum SearchFolding {
    public static func fold(_ text: some StringProtocol) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            let v = scalar.value
            // Combining marks (a decomposed é is e + U+0301) add nothing to compare.
            if (0x0300...0x036F).contains(v) { continue }
            if let base = bases[v] {
                out.append(contentsOf: base.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Lower-case Latin letters with diacritics (Latin-1 and Latin Extended-A, the letters of
    /// European names), and the ligatures and strokes NFD does not take apart.
    private static let bases: [UInt32: String] = {
        var map: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("a", "àáâãäåāăą"), ("c", "çćĉċč"), ("d", "ďđ"), ("e", "èéêëēĕėęě"), ("g", "ĝğġģ"), ("h", "ĥħ"),
            ("i", "ìíîïĩīĭįı"), ("j", "ĵ"), ("k", "ķ"), ("l", "ĺļľŀł"), ("n", "ñńņňŉ"), ("o", "òóôõöøōŏő"),
            ("r", "ŕŗř"), ("s", "śŝşšș"), ("t", "ţťŧț"), ("u", "ùúûüũūŭůűų"), ("w", "ŵ"), ("y", "ýÿŷ"), ("z", "źżž"),
            ("ss", "ß"), ("ae", "æ"), ("oe", "œ"), ("th", "þ"), ("dh", "ð"),
        ]
        for (base, letters) in groups { for scalar in letters.unicodeScalars { map[scalar.value] = base } }
        return map
    }()
}
