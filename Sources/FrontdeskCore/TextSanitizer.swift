/// Customer- and channel-supplied text can carry terminal escape sequences. Everything that
/// reaches a terminal or a plain-text output passes through here first.
public enum TextSanitizer {
    /// Removes C0 and C1 controls, DEL, escape sequences (CSI, OSC, DCS, SOS, PM, APC and
    /// two-byte escapes) and bidirectional overrides and isolates. Line breaks and tabs become
    /// spaces, so the result is one line; with `keepingLines`, newlines and tabs stay (a
    /// carriage return, which can overwrite a line on a terminal, never does).
    public static func clean(_ text: String, keepingLines: Bool = false) -> String {
        if keepingLines ? !text.unicodeScalars.contains(where: { isUnsafe($0) && $0 != "\n" && $0 != "\t" }) : isClean(text) {
            return text
        }
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return scalars.next()
        }
        /// Skips a control string up to its terminator: BEL, ESC \ or the C1 ST.
        func skipString() {
            while let s = next() {
                if s.value == 0x07 || s.value == 0x9C { return }
                if s.value == 0x1B {
                    if let t = next(), t != "\\" { pending = t }
                    return
                }
            }
        }
        /// Skips a CSI sequence: parameter and intermediate bytes, then one final byte.
        func skipCSI() {
            while let s = next() {
                if (0x40...0x7E).contains(s.value) { return }
                if !(0x20...0x3F).contains(s.value) { pending = s; return }
            }
        }

        while let s = next() {
            switch s.value {
            case 0x1B:
                guard let t = next() else { break }
                switch t {
                case "[": skipCSI()
                case "]", "P", "X", "^", "_": skipString()
                default:
                    // Two-byte escape (ESC c, ESC 7 …) or charset selection (ESC ( B): drop the next byte too.
                    if (0x20...0x2F).contains(t.value) { _ = next() }
                }
            case 0x9B: skipCSI()
            case 0x9D, 0x90, 0x98, 0x9E, 0x9F: skipString()
            case 0x09, 0x0A: out.append(keepingLines ? s : " ")
            case 0x0D:
                // CR LF is one line break; a lone CR is a space.
                let after = next()
                if keepingLines, after?.value == 0x0A { out.append("\n") } else { out.append(" "); pending = after }
            case 0x00...0x1F, 0x7F, 0x80...0x9F: continue
            case 0x202A...0x202E, 0x2066...0x2069, 0x061C, 0x200E, 0x200F: continue
            default: out.append(s)
            }
        }
        return String(out)
    }

    /// Fast path: most text holds nothing to remove.
    public static func isClean(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: isUnsafe)
    }

    /// A control (C0, DEL, C1) or a bidirectional override, isolate or mark.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v) || v == 0x061C || v == 0x200E || v == 0x200F
    }
}
