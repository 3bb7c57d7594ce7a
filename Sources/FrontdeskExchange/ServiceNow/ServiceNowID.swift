import FrontdeskBackend
/// sys_ids: 32 lowercase hex digits.
///
/// Records born in Frontdesk get one made from their own id, the same at every export. When
/// the id is short (numbers such as `CUS0000012` are), the sys_id spells it: `fd`, its length,
/// its bytes in hex, zeros. Importing such a sys_id into a fresh store gives the record its
/// id back, so an export imports as the same desk. Longer ids (agent logins) get a hash.
enum ServiceNowID {
    static func isSysID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
    }

    static func generated(for id: String) -> String {
        let bytes = Array(id.utf8)
        if bytes.count <= 14 {
            var out = "fd" + hex(UInt8(bytes.count))
            for b in bytes { out += hex(b) }
            return out + String(repeating: "0", count: 32 - out.count)
        }
        // FNV-1a, twice with different offsets: 120 bits is plenty to keep logins apart.
        func fnv(_ offset: UInt64) -> UInt64 {
            var h = offset
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return h
        }
        let a = fnv(0xcbf29ce484222325), b = fnv(0x84222325cbf29ce4)
        let digits = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        return "fe" + digits.prefix(30)
    }

    /// The Frontdesk id a generated sys_id spells, if it is one.
    static func frontdeskID(_ sysID: String) -> String? {
        let s = Array(sysID.lowercased().utf8)
        guard s.count == 32, s[0] == UInt8(ascii: "f"), s[1] == UInt8(ascii: "d"), let count = byte(s, 2), count <= 14 else { return nil }
        var bytes: [UInt8] = []
        for k in 0..<Int(count) {
            guard let b = byte(s, 4 + 2 * k) else { return nil }
            bytes.append(b)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The sys_id at the end of a reference link (`…/api/now/table/sys_user/<sys_id>`).
    static func fromLink(_ link: String) -> String? {
        guard let last = link.split(separator: "/").last.map(String.init), isSysID(last) else { return nil }
        return last
    }

    private static func hex(_ b: UInt8) -> String { String(b, radix: 16).leftPadded(2) }

    private static func byte(_ s: [UInt8], _ at: Int) -> UInt8? {
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            default: nil
            }
        }
        guard at + 1 < s.count, let hi = digit(s[at]), let lo = digit(s[at + 1]) else { return nil }
        return hi << 4 | lo
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
