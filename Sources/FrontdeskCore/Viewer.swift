/// Another console on the same store: who, which record they have open, and what they are
/// editing there. From a light heartbeat each console keeps (not journaled): gone within a
/// few seconds of that console quitting or dying.
public struct Viewer: Equatable, Sendable {
    public var login: String
    /// The record open there, if any.
    public var number: String?
    /// What is being edited there, in words ("the short description"), if anything.
    public var editing: String?

    public init(login: String, number: String?, editing: String?) {
        self.login = login; self.number = number; self.editing = editing
    }
}
