/// Record numbers: a prefix and seven digits (`IMS0000001`). The counters live in the store.
public enum NumberPrefix: String, CaseIterable, Sendable, Codable {
    case interaction = "IMS"
    case incident = "INC"
    case `case` = "CS"
    case request = "REQ"
    case customer = "CUS"
    case profile = "CUP"
    /// An agent's public reply, as the outbox names it.
    case reply = "MSG"
    /// A booked walk-up appointment.
    case appointment = "APT"
}

public struct Counters: Equatable, Sendable {
    /// The last number handed out per prefix; 0 when none yet.
    public var last: [NumberPrefix: Int]

    public init(last: [NumberPrefix: Int] = [:]) { self.last = last }

    public mutating func next(_ prefix: NumberPrefix) -> String {
        let value = (last[prefix] ?? 0) + 1
        last[prefix] = value
        return Self.format(prefix, value)
    }

    public static func format(_ prefix: NumberPrefix, _ value: Int) -> String {
        let digits = String(value)
        let padded = digits.count >= 7 ? digits : String(repeating: "0", count: 7 - digits.count) + digits
        return prefix.rawValue + padded
    }

    /// Longer prefixes first, so `CUS…` is not read as `CS` + garbage.
    private static let longestPrefixFirst = NumberPrefix.allCases.sorted { $0.rawValue.count > $1.rawValue.count }

    /// Splits `INC0000042` into its prefix and value; nil when it is not one of our numbers.
    public static func parse(_ number: String) -> (NumberPrefix, Int)? {
        for prefix in Self.longestPrefixFirst where number.hasPrefix(prefix.rawValue) {
            let digits = number.dropFirst(prefix.rawValue.count)
            guard digits.count == 7, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else { return nil }
            return (prefix, value)
        }
        return nil
    }
}
