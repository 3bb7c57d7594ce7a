/// Canned replies: text with `{{placeholders}}` filled from the record, its customer and the
/// agent. The store keeps them as files; the domain only knows their names and text.
public struct ReplyTemplate: Equatable, Sendable {
    public var name: String
    public var text: String
    /// From the desk-wide default set built into Frontdesk, not the store's own folder.
    public var isBuiltIn: Bool

    public init(name: String, text: String, isBuiltIn: Bool = false) {
        self.name = name; self.text = text; self.isBuiltIn = isBuiltIn
    }
}

/// The placeholders a template may use, each with what fills it.
public enum TemplatePlaceholder: String, CaseIterable, Sendable {
    case customerFirstName = "customer.first_name"
    case customerName = "customer.name"
    case agentName = "agent.name"
    case agentFirstName = "agent.first_name"
    case number
    case shortDescription = "short_description"

    /// Its value for `record` answered by `agent`; nil when the record has none (no customer
    /// yet, no short description): the placeholder stays in the text for the agent to fill.
    func value(on record: Interaction, by agent: String, in desk: Desk) -> String? {
        let customer = record.openedFor.flatMap { desk.customers[$0] }
        let agentName = desk.agents[agent]?.displayName ?? agent
        let value: String? = switch self {
        case .customerFirstName: customer.map { firstName($0.name) }
        case .customerName: customer?.name
        case .agentName: agentName
        case .agentFirstName: firstName(agentName)
        case .number: record.number
        case .shortDescription: record.hasShortDescription ? record.shortDescription : nil
        }
        return value?.isEmpty == true ? nil : value
    }

    private func firstName(_ name: String) -> String {
        String(name.split(separator: " ").first ?? Substring(name))
    }
}

public enum Templates {
    /// Template names are file names: letters, digits, `-` and `_`, up to 40.
    public static func checkName(_ name: String) throws(DomainError) {
        let ok = !name.isEmpty && name.count <= 40 && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || $0 == "-" || $0 == "_"
        }
        if !ok { throw .template(name: name, why: "a template's name is 1 to 40 letters, digits, - or _") }
    }

    /// Text and the placeholders between `{{` and `}}` (names trimmed), in order.
    enum Piece { case text(Substring), placeholder(String) }

    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = text[...]
        while let open = rest.firstRange(of: "{{"), let close = rest[open.upperBound...].firstRange(of: "}}") {
            pieces.append(.text(rest[..<open.lowerBound]))
            pieces.append(.placeholder(String(rest[open.upperBound..<close.lowerBound]).trimmedWhitespace))
            rest = rest[close.upperBound...]
        }
        pieces.append(.text(rest))
        return pieces
    }

    /// The placeholder names written in `text`, in order.
    public static func placeholders(in text: String) -> [String] {
        pieces(of: text).compactMap { if case let .placeholder(name) = $0 { name } else { nil } }
    }

    /// The templates an agent picks from: the store's own, and the built-in ones it has not
    /// replaced, by name.
    public static func merged(stored: [ReplyTemplate], builtIn: [ReplyTemplate]) -> [ReplyTemplate] {
        let own = Set(stored.map(\.name))
        return (stored + builtIn.filter { !own.contains($0.name) }).sorted { $0.name < $1.name }
    }

    /// Refuses a template whose text names a placeholder Frontdesk does not know, naming it.
    public static func check(_ template: ReplyTemplate) throws(DomainError) {
        try checkName(template.name)
        guard !template.text.trimmedWhitespace.isEmpty else { throw .emptyText(field: "template \(template.name)") }
        // It goes into the agent's text box and out to customers: no terminal controls.
        if let bad = template.text.unicodeScalars.first(where: { TextSanitizer.isUnsafe($0) && $0 != "\n" }) {
            throw .template(name: template.name, why: "it holds the control character U+\(String(bad.value, radix: 16, uppercase: true)); templates are plain text")
        }
        for name in placeholders(in: template.text) where TemplatePlaceholder(rawValue: name) == nil {
            throw .template(name: template.name, why: "unknown placeholder {{\(name)}}; known: "
                + TemplatePlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", "))
        }
    }

    /// The placeholders of `text` that are known ones left unfilled: a reply holding one is
    /// refused, so a customer never reads "Hello {{customer.first_name}}".
    public static func unfilled(in text: String) -> [String] {
        placeholders(in: text).filter { TemplatePlaceholder(rawValue: $0) != nil }
    }
}

extension Desk {
    /// The template's text for `record` answered by `agent`. Unknown placeholders are refused
    /// with their name; known ones without a value stay as written, for the agent to fill in.
    public func render(_ template: ReplyTemplate, on record: Interaction, by agent: String) throws(DomainError) -> String {
        try Templates.check(template)
        return Templates.pieces(of: template.text).map { piece in
            switch piece {
            case .text(let text): String(text)
            case .placeholder(let name):
                TemplatePlaceholder(rawValue: name)?.value(on: record, by: agent, in: self) ?? "{{\(name)}}"
            }
        }.joined()
    }
}
