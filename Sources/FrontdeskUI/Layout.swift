import FrontdeskCore

/// A rectangle of cells on the screen.
public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }

    public var bottom: Int { y + height }
    public var right: Int { x + width }

}

/// Where each part of the console goes, for the current size and screen: the one place that
/// knows how the screen is divided. Rendering draws into these areas and key handling pages
/// by them, so nothing else adds up header rows.
public struct Layout: Equatable, Sendable {
    /// Tabs and column header (work lists), or the record header and pane tabs.
    public var header: Rect
    /// The list rows, or the pane's lines.
    public var body: Rect
    /// An offer of work waiting for this agent's answer, on every screen; empty when none.
    public var banner: Rect
    /// The last message, wrapped (refusals are never cut off); empty when there is none.
    public var message: Rect
    /// The keys that apply here, or the search field.
    public var hints: Rect
    /// Agent, presence, store, waits, clock.
    public var status: Rect

    /// Rows of the record header: title, who, timers, pane tabs.
    static let recordHeaderRows = 4
    /// Rows of the work lists' header: tabs, column titles.
    static let homeHeaderRows = 2
    /// At most this many rows of message; a longer one says where to read it all.
    public static let maximumMessageRows = 3

    public init(width: Int, height: Int, screen: ConsoleState.Screen, messageRows: Int, bannerRows: Int = 0) {
        let headerRows = screen == .record ? Self.recordHeaderRows : Self.homeHeaderRows
        let messageRows = min(messageRows, Self.maximumMessageRows, max(0, height - headerRows - 3))
        let bannerRows = min(bannerRows, max(0, height - headerRows - 3 - messageRows))
        status = Rect(x: 0, y: height - 1, width: width, height: 1)
        hints = Rect(x: 0, y: height - 2, width: width, height: 1)
        message = Rect(x: 0, y: height - 2 - messageRows, width: width, height: messageRows)
        banner = Rect(x: 0, y: message.y - bannerRows, width: width, height: bannerRows)
        header = Rect(x: 0, y: 0, width: width, height: headerRows)
        body = Rect(x: 0, y: headerRows, width: width, height: max(1, banner.y - headerRows))
    }
}
