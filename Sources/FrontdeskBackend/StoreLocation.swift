/// Which backend a `--store` / `FRONTDESK_STORE` names: a folder (the JSON-file store, the
/// embedded default) or a `postgres://` / `postgresql://` URL (libpq's form).
public enum StoreLocation: Equatable, Sendable {
    case directory(String)
    case postgres(url: String)

    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .directory(text)
        }
    }
}
