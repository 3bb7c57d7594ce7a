/// Phone-number identifiers in E.164 form (`+15551234567`), so that every way people write
/// one number (`+1 (555) 123-4567`, `001 555 123 4567`, `+44 (0)7700 900123`, and with a
/// desk's default country `07700 900123`) is one identifier.
public enum PhoneNumber {
    /// Normalises a phone number to E.164, or explains why it is not one.
    ///
    /// `+` or `00` introduces the country code; a trunk `(0)` written after it is dropped.
    /// Without either, the number is national: it needs `defaultCountry` (ISO letters, `GB`),
    /// whose trunk prefix (`0`, `8` in Russia, `06` in Hungary, `1` in North America) is
    /// dropped where that country drops it (Italy keeps its leading 0).
    public static func normalize(_ input: String, defaultCountry: String = "") throws(DomainError) -> String {
        let trimmed = input.trimmedWhitespace
        guard !trimmed.isEmpty else { throw .invalidPhoneNumber(input: input, reason: "it is empty") }
        var digits = ""
        var sawPlus = false
        var characters = Array(trimmed)
        // Extensions and vanity letters are not identifiers; a trunk "(0)" after the country
        // code is a national habit written into an international number.
        if let trunk = trunkGroup(in: characters), trimmed.hasPrefix("+") || trimmed.hasPrefix("00") {
            characters.removeSubrange(trunk)
        }
        for (offset, ch) in characters.enumerated() {
            switch ch {
            case "0"..."9": digits.append(ch)
            case "+":
                guard offset == 0 else {
                    throw .invalidPhoneNumber(input: input, reason: "a + may only stand at the start")
                }
                sawPlus = true
            case " ", ".", "-", "(", ")", "/", "\u{00A0}", "\u{2010}", "\u{2011}", "\u{2013}": continue
            default:
                if ch.isLetter {
                    throw .invalidPhoneNumber(input: input, reason: "it contains letters")
                }
                throw .invalidPhoneNumber(input: input, reason: "it contains \"\(TextSanitizer.clean(String(ch)))\"")
            }
        }
        if !sawPlus {
            if digits.hasPrefix("00") {
                digits.removeFirst(2)
            } else if let country = Country.named(defaultCountry) {
                digits = country.code + country.national(digits)
            } else {
                throw .invalidPhoneNumber(input: input, reason: "it has no country code (write it as +<country code> <number>, "
                                          + "or set the desk's default_country)")
            }
        }
        guard let first = digits.first else { throw .invalidPhoneNumber(input: input, reason: "it has no digits") }
        guard first != "0" else { throw .invalidPhoneNumber(input: input, reason: "a country code cannot start with 0") }
        guard digits.count >= 7 else { throw .invalidPhoneNumber(input: input, reason: "it is too short (\(digits.count) digits)") }
        guard digits.count <= 15 else { throw .invalidPhoneNumber(input: input, reason: "it is too long (\(digits.count) digits, E.164 allows 15)") }
        return "+" + digits
    }

    /// The E.164 form when `input` is a phone number, else nil.
    public static func normalizedOrNil(_ input: String, defaultCountry: String = "") -> String? {
        try? normalize(input, defaultCountry: defaultCountry)
    }

    /// The calling code of an ISO country (`GB` → `44`), for the countries the desk knows.
    public static func callingCode(ofCountry iso: String) -> String? { Country.named(iso)?.code }

    /// The ISO codes `default_country` accepts.
    public static var countries: [String] { Country.all.keys.sorted() }

    /// The range of a `(0)` group (spaces allowed inside the brackets).
    private static func trunkGroup(in characters: [Character]) -> Range<Int>? {
        var i = 0
        while i < characters.count {
            if characters[i] == "(" {
                var j = i + 1
                while j < characters.count, characters[j] == " " { j += 1 }
                guard j < characters.count, characters[j] == "0" else { i += 1; continue }
                j += 1
                while j < characters.count, characters[j] == " " { j += 1 }
                if j < characters.count, characters[j] == ")" { return i..<(j + 1) }
            }
            i += 1
        }
        return nil
    }

    /// A country's calling code and how its national numbers are written.
    struct Country {
        let code: String
        /// What national numbers start with and international ones drop ("0" mostly).
        let trunk: String

        /// A national number's digits after the country code.
        func national(_ digits: String) -> String {
            if !trunk.isEmpty, digits.hasPrefix(trunk) { return String(digits.dropFirst(trunk.count)) }
            return digits
        }

        static func named(_ iso: String) -> Country? { all[iso.uppercased()] }

        static let all: [String: Country] = {
            var table: [String: Country] = [:]
            let zeroTrunk = ["GB": "44", "DE": "49", "FR": "33", "ES": "34", "NL": "31", "BE": "32", "CH": "41", "AT": "43",
                             "IE": "353", "PT": "351", "SE": "46", "NO": "47", "DK": "45", "FI": "358", "PL": "48", "CZ": "420",
                             "JP": "81", "CN": "86", "IN": "91", "AU": "61", "NZ": "64", "BR": "55", "MX": "52", "ZA": "27",
                             "KR": "82", "AE": "971", "IL": "972", "TR": "90", "GR": "30", "RO": "40", "UA": "380", "AR": "54",
                             "EG": "20", "NG": "234", "KE": "254", "PH": "63", "TH": "66", "VN": "84", "ID": "62", "MY": "60"]
            for (iso, code) in zeroTrunk { table[iso] = Country(code: code, trunk: "0") }
            // No trunk prefix to drop: Italy keeps its 0; Singapore, Hong Kong and Denmark have none;
            // North America's "1" is the country code itself.
            for (iso, code) in ["IT": "39", "SG": "65", "HK": "852", "LU": "352"] { table[iso] = Country(code: code, trunk: "") }
            for iso in ["US", "CA"] { table[iso] = Country(code: "1", trunk: "1") }
            table["RU"] = Country(code: "7", trunk: "8")
            table["KZ"] = Country(code: "7", trunk: "8")
            table["HU"] = Country(code: "36", trunk: "06")
            return table
        }()
    }
}
