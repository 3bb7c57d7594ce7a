/// The private part of a visitor's status link: 128 random bits from the system's generator
/// (getrandom on Linux), as 26 base-32 characters. Unguessable, so the link is the only key.
enum StatusToken {
    private static let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789".unicodeScalars)

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        var bits = (UInt64.random(in: .min ... .max, using: &generator), UInt64.random(in: .min ... .max, using: &generator))
        var out = String.UnicodeScalarView()
        for index in 0..<26 {
            let source = index < 13 ? bits.0 : bits.1
            out.append(alphabet[Int(source & 31)])
            if index < 13 { bits.0 >>= 5 } else { bits.1 >>= 5 }
        }
        return String(out)
    }

    /// A token the desk could hold (its rule for `.checkIn`: 16 to 128 letters, digits, - and _;
    /// `frontdesk checkin` makes its own): anything else is 404 at once, without asking the store.
    static func isWellFormed(_ token: String) -> Bool {
        (16...128).contains(token.utf8.count) && token.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }
}
