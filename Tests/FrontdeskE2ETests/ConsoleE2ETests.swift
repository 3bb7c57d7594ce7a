import Foundation
import FrontdeskTestSupport
import Testing

/// The real binary in tmux, as an agent would use it.
@Suite(.serialized, .enabled(if: Tmux.available, "tmux is not installed"))
struct ConsoleE2ETests {
    @Test func aWorkingSession() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        // A customer and a waiting chat, added as a gateway would.
        #expect(tmux.frontdesk(["customer", "add", "--name", "Zoë Müller", "--email", "zoe@example.com"]).status == 0)
        #expect(tmux.frontdesk(["intake", "chat", "--for", "zoe@example.com", "--text", "hello"]).status == 0)

        tmux.start([])
        #expect(tmux.waitFor("My work"), "the console starts:\n\(tmux.screen)")
        #expect(tmux.waitFor("IMS0000001"), "the waiting chat is listed (the console opens on the queue):\n\(tmux.screen)")

        // Open it, accept, look at the panes.
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"))
        tmux.send("a")
        #expect(tmux.waitFor("IMS0000001 accepted by ana"))
        tmux.send("2")
        #expect(tmux.waitFor("Related tasks (0)"))
        tmux.send("3")
        #expect(tmux.waitFor("Zoë Müller: 1 interaction"))
        tmux.send("Tab")
        #expect(tmux.waitFor("Short description"))

        // Fill in the short description, then create an incident from it.
        tmux.send("s")
        #expect(tmux.waitFor("Short description of IMS0000001"))
        tmux.type("Laptop will not boot")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000001 saved"))
        tmux.send("T")
        #expect(tmux.waitFor("Create a task from IMS0000001"))
        tmux.send("Enter")
        #expect(tmux.waitFor("Incident INC0000001 created from IMS0000001"))
        tmux.send("2")
        #expect(tmux.waitFor("INC0000001"))

        // A new interaction for a new customer, created inline.
        tmux.send("Escape", "1")
        #expect(tmux.waitFor("My work (1)"))
        tmux.send("n")
        #expect(tmux.waitFor("New interaction"))
        tmux.send("Tab")
        tmux.type("Nora Jones")
        tmux.send("Down", "Enter")
        #expect(tmux.waitFor("Email"))
        tmux.type("nora@example.com")
        // Phone, Company, VIP, then Short description (two Tabs typed it into Company, and the
        // record was created without one: Enter now asks first).
        tmux.send("Tab", "Tab", "Tab", "Tab")
        tmux.type("Lost badge")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000002 created and accepted"), "\(tmux.screen)")
        #expect(tmux.waitFor("Nora Jones"))

        // Too small, then back.
        tmux.resize(width: 30, height: 8)
        #expect(tmux.waitFor("Window too small"), "\(tmux.screen)")
        tmux.resize(width: 100, height: 30)
        #expect(tmux.waitFor("1 Details"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("Window too small"))

        // Back home and quit; the terminal is restored (canonical mode and echo on again).
        tmux.send("Escape")
        #expect(tmux.waitFor("My work (2)"))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
        #expect(tmux.waitFor("icanon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-icanon"), "\(tmux.screen)")
        #expect(tmux.screen.contains("echo") && !tmux.screen.contains("-echo"))
        // The store holds what was done.
        let shown = tmux.frontdesk(["show", "IMS0000001", "--json"]).out
        #expect(shown.contains("\"short_description\" : \"Laptop will not boot\""))
        #expect(shown.contains("INC0000001"))
        #expect(tmux.frontdesk(["show", "IMS0000002", "--json"]).out.contains("\"short_description\" : \"Lost badge\""))
    }

    @Test func anotherConsolesChangeAppearsWithoutAKeypress() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([])
        #expect(tmux.waitFor("No interactions yet"), "\(tmux.screen)")
        #expect(tmux.frontdesk(["intake", "messaging", "--from", "+1 555 010 9999", "--text", "hi"]).status == 0)
        tmux.send("2")
        #expect(tmux.waitFor("IMS0000001", timeout: 3), "within two seconds:\n\(tmux.screen)")
        #expect(tmux.frontdesk(["intake", "messaging", "--from", "+1 555 010 8888"]).status == 0)
        #expect(tmux.waitFor("IMS0000002", timeout: 3), "and again, with no key pressed:\n\(tmux.screen)")
        tmux.send("C-c")
        #expect(tmux.waitFor("EXIT=0"))
    }

    @Test(arguments: ["TERM", "HUP"])
    func signalsRestoreTheTerminal(_ signal: String) throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([])
        #expect(tmux.waitFor("My work"))
        let pid = try #require(tmux.consolePID, "console pid")
        kill(pid, signal == "TERM" ? SIGTERM : SIGHUP)
        #expect(tmux.waitFor("EXIT="), "\(tmux.screen)")
        #expect(tmux.waitFor("icanon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-icanon"), "\(tmux.screen)")
    }

    @Test func hostileTextNeverReachesTheTerminal() {
        let tmux = Tmux()
        defer { tmux.stop() }
        _ = tmux.frontdesk(["customer", "add", "--name", "Mallory\u{1B}]2;pwned\u{07}\u{1B}[2J\u{1B}[31m Red", "--email", "m@example.com"])
        _ = tmux.frontdesk(["intake", "chat", "--for", "m@example.com", "--text", "\u{1B}[?1049lbye"])
        tmux.start([])
        #expect(tmux.waitFor("Mallory Red"), "\(tmux.screen)")
        let title = Tmux.run(["tmux", "-L", tmux.socket, "display-message", "-p", "-t", "main", "#{pane_title}"]).out
        #expect(!title.contains("pwned"), "an OSC title sequence got through: \(title)")
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    /// The keys that crashed the console (SIGILL): a combining mark after a letter in the
    /// search field, and a flag typed as two regional indicators.
    @Test func combiningMarksAndFlagsInTextFields() {
        let tmux = Tmux()
        defer { tmux.stop() }
        _ = tmux.frontdesk(["customer", "add", "--name", "Renée Dupont", "--email", "renee@example.com"])
        _ = tmux.frontdesk(["intake", "chat", "--for", "renee@example.com", "--text", "bonjour"])
        tmux.start([])
        #expect(tmux.waitFor("IMS0000001"), "\(tmux.screen)")
        tmux.send("/")
        tmux.type("Rene")
        tmux.type("\u{301}")
        #expect(tmux.waitFor("René"), "\(tmux.screen)")
        tmux.type("e")
        tmux.send("BSpace", "Left", "BSpace", "End")
        tmux.send("Escape", "/")
        tmux.type("\u{1F1EC}")
        tmux.type("\u{1F1E7}")
        tmux.send("Left", "Left", "Right", "Right", "BSpace")
        tmux.type("x")
        #expect(tmux.waitFor("x"), "\(tmux.screen)")
        tmux.send("Escape")
        #expect(!tmux.screen.contains("EXIT="), "the console died:\n\(tmux.screen)")
        // The New interaction form's fields take them too.
        tmux.send("n")
        #expect(tmux.waitFor("New interaction"))
        tmux.send("Tab")
        tmux.type("e\u{301}\u{1F468}\u{200D}\u{1F469}")
        tmux.send("Left", "BSpace")
        tmux.type("|end")
        // The family is one cluster two cells wide: the form's right border stays in its column.
        #expect(tmux.waitFor("|end"), "\(tmux.screen)")
        let rows = tmux.screen.split(separator: "\n").map(String.init)
        let field = rows.first { $0.contains("|end") } ?? ""
        let other = rows.first { $0.contains("Short descr.") } ?? ""
        /// The column of the last border, counting an emoji as the two cells it takes.
        func borderColumn(_ row: String) -> Int? {
            guard let border = row.lastIndex(of: "│") else { return nil }
            return row[..<border].reduce(0) { $0 + (($1.unicodeScalars.first?.value ?? 0) >= 0x1F000 ? 2 : 1) }
        }
        #expect(borderColumn(field) != nil && borderColumn(field) == borderColumn(other), "\(field)\n\(other)")
        tmux.send("Escape")
        #expect(tmux.waitFor("Discard what you typed?"), "\(tmux.screen)")
        tmux.send("d", "q")
        #expect(tmux.waitFor("EXIT=0"), "\(tmux.screen)")
    }

    /// Ctrl-S must not freeze the console (flow control is off while it runs, on again after).
    @Test func ctrlSDoesNotFreezeTheConsole() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([])
        #expect(tmux.waitFor("My work"))
        tmux.send("C-s")
        tmux.send("?")
        #expect(tmux.waitFor("Everywhere", timeout: 5), "keys still work after Ctrl-S:\n\(tmux.screen)")
        tmux.send("Escape")
        let pid = try #require(tmux.consolePID, "console pid")
        tmux.send("C-s")
        kill(pid, SIGTERM)
        #expect(tmux.waitFor("EXIT=", timeout: 5), "SIGTERM ends it after Ctrl-S:\n\(tmux.screen)")
        #expect(tmux.waitFor("ixon"), "\(tmux.screen)")
        #expect(!tmux.screen.contains("-ixon"), "flow control is the shell's again:\n\(tmux.screen)")
    }

    /// Another program holds the store's lock: the console stays live (the clock ticks), says
    /// the store is busy, and saves the note once the lock is free.
    @Test func aLockedStoreNeverFreezesTheConsole() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        _ = tmux.frontdesk(["customer", "add", "--name", "Renée Dupont", "--email", "renee@example.com"])
        _ = tmux.frontdesk(["new", "--type", "walk-up", "--for", "renee@example.com", "--short", "Badge", "--agent", "ana"])
        tmux.start([])
        #expect(tmux.waitFor("IMS0000001"))
        tmux.send("Enter")
        #expect(tmux.waitFor("1 Details"))
        tmux.send("w")
        tmux.type("Printed a new badge")
        // Another process holds the writers' lock (it has said so) until the test lets it go.
        let holder = try #require(LockHolder(tmux.root + "/store/lock"), "flock holds the store's lock")
        defer { holder.release() }
        tmux.send("Enter")
        #expect(tmux.waitFor("Store busy"), "\(tmux.screen)")
        let clockBefore = tmux.screen.split(separator: "\n").last { $0.contains("UTC") } ?? ""
        tmux.send("2")
        #expect(tmux.waitFor("Related tasks (0)"), "keys work while the save waits:\n\(tmux.screen)")
        #expect(tmux.waitUntil { ($0.split(separator: "\n").last { $0.contains("UTC") } ?? "") != clockBefore },
                "the clock ticks while the save waits:\n\(tmux.screen)")
        #expect(lockIsHeld(tmux.root + "/store/lock"), "all that happened with the lock held")
        holder.release()
        #expect(tmux.waitFor("work note added", timeout: 5), "\(tmux.screen)")
        tmux.send("q", "q")
        #expect(tmux.frontdesk(["show", "1"]).out.contains("Printed a new badge"))
    }

    /// The count on the Queue tab while it is the list shown: `2 Queue (4)` is 4.
    static func queueCount(_ screen: String) -> Int? {
        guard let start = screen.range(of: "2 Queue (")?.upperBound, let end = screen[start...].firstIndex(of: ")") else { return nil }
        return Int(screen[start..<end])
    }

    @Test func demoDeskOpens() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start(["--demo"])
        #expect(tmux.waitFor("My work (", timeout: 60), "\(tmux.screen)")
        #expect(tmux.waitFor("IMS000"), "the demo gives the agent work of their own:\n\(tmux.screen)")
        #expect(tmux.waitFor("demo gateway adds a new contact"), "the demo says what its gateway does:\n\(tmux.screen)")
        tmux.send("2")
        // However many contacts the gateway has added by now (every 8 s), the next one shows.
        #expect(tmux.waitUntil { Self.queueCount($0) != nil }, "\(tmux.screen)")
        let waiting = Self.queueCount(tmux.screen) ?? 0
        #expect(waiting >= 4, "work waits in the presenter's queues:\n\(tmux.screen)")
        #expect(tmux.waitUntil(timeout: 20) { (Self.queueCount($0) ?? 0) > waiting },
                "the demo gateway adds a contact while it runs:\n\(tmux.screen)")
        tmux.send("3")
        #expect(tmux.waitFor("3 All open ("))
        tmux.send("q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    /// Home, End, Delete and Insert as PuTTY, screen, rxvt and tmux under TERM=xterm send them
    /// (`ESC[1~`, `ESC[4~`, `ESC[7~`, `ESC[3~`, `ESC[2~`): keys, not Esc and a digit.
    @Test func homeEndAndDeleteAsTerminalsSendThem() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        for text in ["one", "two", "three"] {
            #expect(tmux.frontdesk(["customer", "add", "--name", "Cust \(text)"]).status == 0)
            #expect(tmux.frontdesk(["intake", "chat", "--for", "Cust \(text)", "--text", text]).status == 0)
        }
        tmux.start([], environment: ["TERM": "xterm"])
        #expect(tmux.waitFor("2 Queue (3)"), "\(tmux.screen)")
        tmux.sendBytes("1b 5b 34 7e")           // End (ESC[4~): the last row, not list 4
        tmux.sendBytes("1b 5b 37 7e")           // Home, rxvt (ESC[7~)
        tmux.sendBytes("1b 5b 38 7e")           // End, rxvt (ESC[8~)
        #expect(!tmux.screen.contains("4 Closed ("), "End switched lists:\n\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("IMS0000003 · Chat"), "End selected the last row:\n\(tmux.screen)")
        tmux.send("a")
        #expect(tmux.waitFor("accepted by ana"))
        tmux.send("w")
        #expect(tmux.waitFor("INTERNAL work note on IMS0000003"))
        tmux.type("abc")
        tmux.sendBytes("1b 5b 31 7e")           // Home (ESC[1~): start of the field, no discard question
        tmux.sendBytes("1b 5b 33 7e")           // Delete (ESC[3~)
        tmux.sendBytes("1b 5b 32 7e")           // Insert (ESC[2~): nothing
        tmux.type("X")
        tmux.sendBytes("1b 5b 34 7e")           // End
        tmux.type("Y")
        #expect(!tmux.screen.contains("Discard what you typed?"), "\(tmux.screen)")
        tmux.send("Enter")
        #expect(tmux.waitFor("work note added"), "\(tmux.screen)")
        #expect(tmux.frontdesk(["show", "3"]).out.contains("XbcY"), "\(tmux.frontdesk(["show", "3"]).out)")
        tmux.send("q", "q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    /// Under LANG=C (SSH without LANG forwarded) names keep their letters and rows stay in
    /// place, timers read right, and the console says once that the locale is not UTF-8.
    @Test func aNonUTF8LocaleStillDrawsNamesAndTimers() throws {
        let tmux = Tmux()
        defer { tmux.stop() }
        #expect(tmux.frontdesk(["customer", "add", "--name", "Zoë Müller 山田"]).status == 0)
        #expect(tmux.frontdesk(["intake", "chat", "--for", "Zoë Müller 山田", "--text", "Grüße"]).status == 0)
        tmux.start([], width: 80, height: 24, environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(tmux.waitFor("Zoë Müller"), "\(tmux.screen)")
        #expect(tmux.waitFor("not UTF-8"), "said once:\n\(tmux.screen)")
        #expect(tmux.screen.split(separator: "\n").contains { $0.contains("not UTF-8") && $0.contains("set LANG=C.UTF-8.") },
                "on one line at 80 columns:\n\(tmux.screen)")
        let row = tmux.screen.split(separator: "\n").first { $0.contains("IMS0000001") }.map(String.init) ?? ""
        #expect(row.hasSuffix("0:00") || row.contains(" 0:0"), "the timers stay in their columns: \(row)")
        tmux.send("Enter")
        // The list's row shows the message too: wait for the record's header, not the text.
        #expect(tmux.waitUntil { $0.range(of: #"Wait \d+:\d\d "#, options: .regularExpression) != nil }, "\(tmux.screen)")
        #expect(tmux.waitFor("Grüße"), "\(tmux.screen)")
        tmux.send("q", "q")
        #expect(tmux.waitFor("EXIT=0"))
    }

    /// TERM=dumb cannot run a full-screen console: say so and exit 2, rather than a blank screen.
    @Test func aDumbTerminalIsRefusedWithAReason() {
        let tmux = Tmux()
        defer { tmux.stop() }
        tmux.start([], environment: ["TERM": "dumb"])
        #expect(tmux.waitFor("EXIT=2"), "\(tmux.screen)")
        #expect(tmux.screen.contains("this terminal cannot run the console"), "\(tmux.screen)")
    }
}
