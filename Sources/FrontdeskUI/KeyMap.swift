import FrontdeskCore

/// What a key does. The console dispatches on these; help and the README list them.
public enum UIAction: Hashable, Sendable {
    case help, quit, back, open, search, newInteraction
    case nextTab, previousTab, tab(Int)
    case moveUp, moveDown, pageUp, pageDown, first, last
    case accept, hold, resume, transfer, endConversation, close, archive
    case addNote, editSelected, editShortDescription, newTask, linkTask, linkProfile
}

/// Where a binding applies.
public enum KeyContext: String, CaseIterable, Sendable {
    case everywhere = "Everywhere"
    case home = "Work lists"
    case record = "Record screen"
    case dialog = "Dialogs"

    var title: String { rawValue }
}

public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: UIAction?
    public var description: String
    public var context: KeyContext
}

/// The one table of key bindings: the console dispatches on it, the help screen and the
/// README's key table are generated from it.
public enum KeyMap {
    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: [.character("?")], action: .help, description: "show or hide this help", context: .everywhere),
        KeyBinding(keys: [.escape], action: .back, description: "back, close a dialog, cancel", context: .everywhere),
        KeyBinding(keys: [.character("n")], action: .newInteraction, description: "new interaction", context: .everywhere),
        KeyBinding(keys: [.control("c")], action: .quit, description: "quit (asks first if an edit is unsaved)", context: .everywhere),

        KeyBinding(keys: [.character("q")], action: .quit, description: "quit Frontdesk", context: .home),
        KeyBinding(keys: [.enter], action: .open, description: "open the selected record", context: .home),
        KeyBinding(keys: [.character("/")], action: .search, description: "search the list (number, customer, description, notes)", context: .home),
        KeyBinding(keys: [.tab, .backTab], action: .nextTab, description: "next / previous list", context: .home),
        KeyBinding(keys: [.character("1"), .character("2"), .character("3"), .character("4"), .character("5")], action: .tab(0),
                   description: "My work / Queue / All open / Closed / Archived", context: .home),
        KeyBinding(keys: [.character("a")], action: .accept, description: "accept the selected record", context: .home),

        KeyBinding(keys: [.tab, .backTab], action: .nextTab, description: "next / previous pane", context: .record),
        KeyBinding(keys: [.character("1"), .character("2"), .character("3")], action: .tab(0),
                   description: "Details / Related Tasks / User's Interactions", context: .record),
        KeyBinding(keys: [.enter], action: .editSelected, description: "edit the field / open the interaction", context: .record),
        KeyBinding(keys: [.character("s")], action: .editShortDescription, description: "edit the short description", context: .record),
        KeyBinding(keys: [.character("a")], action: .accept, description: "accept", context: .record),
        KeyBinding(keys: [.character("h")], action: .hold, description: "put on hold", context: .record),
        KeyBinding(keys: [.character("r")], action: .resume, description: "resume", context: .record),
        KeyBinding(keys: [.character("t")], action: .transfer, description: "transfer to an agent or a queue", context: .record),
        KeyBinding(keys: [.character("e")], action: .endConversation, description: "end the conversation", context: .record),
        KeyBinding(keys: [.character("c")], action: .close, description: "close: complete or abandon", context: .record),
        KeyBinding(keys: [.character("x")], action: .archive, description: "archive", context: .record),
        KeyBinding(keys: [.character("w")], action: .addNote, description: "add a work note", context: .record),
        KeyBinding(keys: [.character("T")], action: .newTask, description: "create an incident, case or request", context: .record),
        KeyBinding(keys: [.character("L")], action: .linkTask, description: "associate an existing task by number", context: .record),
        KeyBinding(keys: [.character("p")], action: .linkProfile, description: "link the channel user profile to a customer", context: .record),

        KeyBinding(keys: [.up, .character("k")], action: .moveUp, description: "move up", context: .home),
        KeyBinding(keys: [.down, .character("j")], action: .moveDown, description: "move down", context: .home),
        KeyBinding(keys: [.pageUp, .pageDown], action: .pageUp, description: "page up / down", context: .home),
        KeyBinding(keys: [.home, .end], action: .first, description: "first / last", context: .home),
        KeyBinding(keys: [.up, .character("k")], action: .moveUp, description: "move up", context: .record),
        KeyBinding(keys: [.down, .character("j")], action: .moveDown, description: "move down", context: .record),
        KeyBinding(keys: [.pageUp, .pageDown], action: .pageUp, description: "page up / down", context: .record),
        KeyBinding(keys: [.home, .end], action: .first, description: "first / last", context: .record),

        KeyBinding(keys: [.enter], action: nil, description: "confirm", context: .dialog),
        KeyBinding(keys: [.up, .down], action: nil, description: "choose in a list", context: .dialog),
        KeyBinding(keys: [.tab], action: nil, description: "next field", context: .dialog),
        KeyBinding(keys: [.left, .right], action: nil, description: "change a choice / move the cursor", context: .dialog),
    ]

    /// The action a key triggers in `context` (bindings for everywhere included).
    public static func action(for key: Key, in context: KeyContext) -> UIAction? {
        for binding in bindings where binding.context == context || binding.context == .everywhere {
            guard let index = binding.keys.firstIndex(of: key), let action = binding.action else { continue }
            // Paired keys: the second of a pair is the opposite direction or the next tab.
            switch (action, index) {
            case (.nextTab, 1): return .previousTab
            case (.pageUp, 1): return .pageDown
            case (.first, 1): return .last
            case (.tab, let i): return .tab(i)
            default: return action
            }
        }
        return nil
    }

    /// Help lines for the screens in `contexts`: a title per context, then `keys  description`.
    public static func helpSections(for contexts: [KeyContext]) -> [(title: String, rows: [(keys: String, description: String)])] {
        contexts.map { context in
            (context.title, bindings.filter { $0.context == context }.map { ($0.keys.map(\.label).joined(separator: " "), $0.description) })
        }
    }

    /// The README's key table, generated from `bindings`.
    public static var markdownTable: String {
        var lines = ["| Where | Keys | Does |", "|---|---|---|"]
        for context in KeyContext.allCases {
            for binding in bindings where binding.context == context {
                let keys = binding.keys.map { "`\($0.label == "`" ? "backtick" : $0.label)`" }.joined(separator: " ")
                lines.append("| \(context.title) | \(keys) | \(binding.description) |")
            }
        }
        return lines.joined(separator: "\n")
    }
}
