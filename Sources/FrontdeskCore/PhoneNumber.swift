/// Phone-number identifiers in E.164 form (`+15551234567`), so that `+1 (555) 123-4567`,
/// `+1.555.123.4567` and `+15551234567` are one identifier.
public enum PhoneNumber {
    /// Normalises a phone number to E.164, or explains why it is not one.
    /// `00` before the country code is read as `+`. Without either, the number needs a
    /// country code from the caller (`defaultCountryCode`, digits only), else it is refused.
    public static func normalize(_ input: String, defaultCountryCode: String? = nil) throws(DomainError) -> String {
        let trimmed = input.trimmedWhitespace
        guard !trimmed.isEmpty else { throw .invalidPhoneNumber(input: input, reason: "it is empty") }
        var digits = ""
        var sawPlus = false
        for (offset, ch) in trimmed.enumerated() {
            switch ch {
            case "0"..."9": digits.append(ch)
            case "+":
                guard offset == 0 else {
                    throw .invalidPhoneNumber(input: input, reason: "a + may only stand at the start")
                }
                sawPlus = true
            case " ", ".", "-", "(", ")", "/", "\u{00A0}": continue
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
            } else if let code = defaultCountryCode, !code.isEmpty {
                digits = code + (digits.hasPrefix("0") ? String(digits.dropFirst()) : digits)
            } else {
                throw .invalidPhoneNumber(input: input, reason: "it has no country code (write it as +<country code> <number>)")
            }
        }
        guard let first = digits.first else { throw .invalidPhoneNumber(input: input, reason: "it has no digits") }
        guard first != "0" else { throw .invalidPhoneNumber(input: input, reason: "a country code cannot start with 0") }
        guard digits.count >= 7 else { throw .invalidPhoneNumber(input: input, reason: "it is too short (\(digits.count) digits)") }
        guard digits.count <= 15 else { throw .invalidPhoneNumber(input: input, reason: "it is too long (\(digits.count) digits, E.164 allows 15)") }
        return "+" + digits
    }

    /// The E.164 form when `input` is a phone number, else nil.
    public static func normalizedOrNil(_ input: String) -> String? {
        try? normalize(input)
    }
}
