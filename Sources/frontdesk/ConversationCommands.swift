import ArgumentParser
import Foundation
import FrontdeskCore
import FrontdeskResources
import FrontdeskStore

/// Answering the customer from the command line (scripts, screen-reader users), the outbox a
/// channel gateway follows, and the desk's canned replies.
struct ReplyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reply",
        abstract: "Answer the customer of a chat or messaging interaction: the reply is stored on the record and queued in the outbox for the channel's gateway.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The interaction number.") var number: String
    @Option(parsing: .unconditional, help: "The reply, as the customer will read it (\"-\": read it from standard input).") var text: String?
    @Option(help: "A canned reply (frontdesk template list), filled in for the record.") var template: String?
    @Flag(help: "Print the queued reply as the outbox gives it (JSON: id, number, channel, recipient, text, at, attempt, from).") var json = false

    func validate() throws {
        guard (text == nil) != (template == nil) else { throw ValidationError("give exactly one of --text or --template") }
    }

    func run() throws {
        let context = try Context.open(global)
        let n = context.number(number)
        var body = text ?? ""
        if body == "-" { body = try TextInput.standardInput() }
        if let template {
            body = try context.desk.render(try context.template(named: template), on: try context.record(n), by: context.agent)
        }
        let result = try context.perform(.reply(number: n, text: body))
        guard json else { Output.line(result.summary); return }
        guard let item = context.desk.outbox().first(where: { $0.id == result.subject }) else { Output.line(result.summary); return }
        try Output.jsonLine(OutboxLine(item))
    }
}

/// One outbound reply as a gateway reads it: a line of JSON (`outbox --json`, `--follow`).
struct OutboxLine: Encodable {
    var id: String
    var number: String
    var channel: String
    var recipient: String
    var text: String
    var at: String
    var attempt: Int
    var from: String

    init(_ item: OutboxItem) {
        id = item.id; number = item.number; channel = item.address.channel; recipient = item.address.recipient
        text = item.text; at = item.at.iso8601; attempt = item.attempt; from = item.from
    }
}

struct OutboxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox",
        abstract: "Replies waiting for a channel gateway; a gateway follows them, delivers each and acks or fails it.",
        discussion: """
            Delivery is at least once: a reply stays in the outbox until `ack` (or `fail`) is written, so a \
            gateway that dies between sending and acking is given it again, with the same id. Deduplicate on the id.
            """,
        subcommands: [OutboxList.self, OutboxAck.self, OutboxFail.self, OutboxRetry.self],
        defaultSubcommand: OutboxList.self)
}

struct OutboxList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list",
        abstract: "The replies waiting for delivery, oldest first (the default of `outbox`).")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON Lines: id, number, channel, recipient, text, at, attempt, from.") var json = false
    @Flag(help: "Keep running: print each waiting reply once, then each new one as it is sent (JSON Lines with --json).")
    var follow = false
    @Flag(help: "The failed replies instead, with the gateway's reasons (retry with `outbox retry ID`).") var failed = false
    @Option(help: "With --follow: give a reply again when it is still not acked this many seconds after it was given.")
    var resendAfter: Int = 60
    @Option(help: "With --follow: the longest wait between looks for new replies, in milliseconds (a write to the store wakes it at once).")
    var pollMs: Int = 1000

    func run() throws {
        let context = try Context.open(global, access: .read)
        if failed {
            let rows = context.desk.sentReplies(failedOnly: true)
            if json {
                for (item, status) in rows {
                    var line = OutboxLineWithStatus(line: OutboxLine(item), status: status.word)
                    if case let .failed(reason, at) = status { line.reason = reason; line.failed_at = at.iso8601 }
                    try Output.jsonLine(line)
                }
                return
            }
            if rows.isEmpty { Output.line("No failed replies."); return }
            Output.table(["ID", "NUMBER", "TO", "FAILED", "REASON"], [10, 10, 18, 19, 30], rows.map { item, status in
                guard case let .failed(reason, at) = status else { return [] }
                return [item.id, item.number, item.address.recipient, at.serviceNowDateTime, reason]
            })
            return
        }
        guard follow else {
            let items = context.desk.outbox()
            if json { for item in items { try Output.jsonLine(OutboxLine(item)) }; return }
            if items.isEmpty { Output.line("The outbox is empty: every reply has been delivered or failed."); return }
            Output.table(["ID", "NUMBER", "CHANNEL", "TO", "TRY", "TEXT"], [10, 10, 8, 18, 3, 40],
                         items.map { [$0.id, $0.number, $0.address.channel, $0.address.recipient, String($0.attempt), $0.text] })
            return
        }
        try followOutbox(context)
    }

    /// Prints each waiting reply once per attempt, and again when it is still waiting
    /// `resendAfter` seconds later; ends when whoever reads it goes away.
    private func followOutbox(_ context: Context) throws {
        signal(SIGPIPE, SIG_IGN)
        var given: [String: (attempt: Int, at: Instant)] = [:]
        while true {
            let now = context.now
            let items = context.desk.outbox()
            for item in items {
                if let last = given[item.id], last.attempt == item.attempt, last.at.seconds(until: now) < Int64(resendAfter) { continue }
                if json { try Output.jsonLine(OutboxLine(item)) } else {
                    Output.line("\(item.id) \(item.number) \(item.address.channel) \(item.address.recipient) try \(item.attempt): \(Output.clean(item.text))")
                }
                given[item.id] = (item.attempt, now)
            }
            // A failed flush, or a pipe whose reader closed it, is the gateway gone: so do we
            // (a follower left behind would hold nothing, but would run for ever).
            if fflush(nil) != 0 || readerIsGone() { return }
            // Forget what left the outbox, so a retry of it is given again.
            let waiting = Set(items.map(\.id))
            given = given.filter { waiting.contains($0.key) }
            context.store.waitForChange(milliseconds: max(20, pollMs))
            do { _ = try context.store.refresh() } catch let error as StoreError where error.isUnreachable {
                // A database restarting or cut off: the gateway keeps following, and what is
                // still queued is given again once the store answers (the next look reconnects).
                continue
            }
        }
    }
}

/// Standard output is a pipe or socket nobody reads any more.
private func readerIsGone() -> Bool {
    var fd = pollfd(fd: 1, events: 0, revents: 0)
    return poll(&fd, 1, 0) > 0 && fd.revents & Int16(POLLERR | POLLHUP) != 0
}

struct OutboxLineWithStatus: Encodable {
    var line: OutboxLine
    var status: String
    var reason: String?
    var failed_at: String?

    func encode(to encoder: any Encoder) throws {
        try line.encode(to: encoder)
        enum K: String, CodingKey { case status, reason, failed_at }
        var c = encoder.container(keyedBy: K.self)
        try c.encode(status, forKey: .status)
        try c.encodeIfPresent(reason, forKey: .reason)
        try c.encodeIfPresent(failed_at, forKey: .failed_at)
    }
}

struct OutboxAck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack",
        abstract: "The gateway delivered reply ID (acking it again changes nothing).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The reply's id (MSG0000042).") var id: String

    func run() throws {
        let context = try Context.open(global, access: .intake)
        Output.line(try context.perform(.replyDelivered(id: id.uppercased())).summary)
    }
}

struct OutboxFail: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "fail",
        abstract: "The gateway could not deliver reply ID: the record shows the reason, and an agent can retry it.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The reply's id.") var id: String
    @Option(parsing: .unconditional, help: "Why, as the provider said it.") var reason: String

    func run() throws {
        let context = try Context.open(global, access: .intake)
        Output.line(try context.perform(.replyFailed(id: id.uppercased(), reason: reason)).summary)
    }
}

struct OutboxRetry: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry",
        abstract: "Put a failed reply back in the outbox (same id, next attempt).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The reply's id.") var id: String

    func run() throws {
        let context = try Context.open(global)
        Output.line(try context.perform(.retryReply(id: id.uppercased())).summary)
    }
}

struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "template",
        abstract: "Canned replies: the store's own (templates/NAME.txt) and the built-in set.",
        discussion: "Placeholders: " + TemplatePlaceholder.allCases.map { "{{\($0.rawValue)}}" }.joined(separator: ", "),
        subcommands: [TemplateList.self, TemplateShow.self, TemplateAdd.self],
        defaultSubcommand: TemplateList.self)
}

struct TemplateList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every template, by name.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "JSON: name, text, built_in.") var json = false

    struct Row: Encodable { var name: String; var text: String; var built_in: Bool }

    func run() throws {
        let context = try Context.open(global, access: .read)
        let templates = try context.templates()
        if json { try Output.json(templates.map { Row(name: $0.name, text: $0.text, built_in: $0.isBuiltIn) }); return }
        Output.table(["NAME", "FROM", "TEXT"], [18, 8, 52],
                     templates.map { [$0.name, $0.isBuiltIn ? "built-in" : "store", $0.text.split(whereSeparator: \.isNewline).joined(separator: " ")] })
    }
}

struct TemplateShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A template's text, or filled in for a record (--for).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The template's name.") var name: String
    @Option(name: .customLong("for"), help: "An interaction number: fill the placeholders in for it.") var number: String?

    func run() throws {
        let context = try Context.open(global, access: .read)
        let template = try context.template(named: name)
        guard let number else { Output.line(template.text); return }
        Output.line(try context.desk.render(template, on: try context.record(context.number(number)), by: context.agent))
    }
}

struct TemplateAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add",
        abstract: "Add or replace one of the store's templates (supervisors); an unknown placeholder is refused by name.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Its name: letters, digits, - and _.") var name: String
    @Option(parsing: .unconditional, help: "Its text (\"-\": read it from standard input).") var text: String

    func run() throws {
        let context = try Context.open(global)
        try context.desk.requireSupervisor(context.agent, to: "add templates")
        // Kept as given; the store's file ends with a line break of its own.
        let body = text == "-" ? try TextInput.standardInput() : text
        let template = ReplyTemplate(name: name, text: body.givenText)
        try context.store.saveTemplate(template)
        Output.line("template \(name) saved (\(context.store.templateLocation(name)))")
    }
}

extension Context {
    /// The store's templates and the built-in ones it has not replaced.
    func templates() throws -> [ReplyTemplate] {
        Templates.merged(stored: try store.storedTemplates(skippingDamaged: false), builtIn: try BundledData.defaultTemplates())
    }

    /// A record of the working set by number, or the refusal that names it.
    func record(_ number: String) throws -> Interaction {
        guard let r = desk.interaction(number) else { throw DomainError.notFound(kind: "interaction", key: number) }
        return r
    }

    func template(named name: String) throws -> ReplyTemplate {
        let all = try templates()
        guard let template = all.first(where: { $0.name == name }) else {
            throw DomainError.notFound(kind: "template", key: name + " (there are: \(all.map(\.name).joined(separator: ", ")))")
        }
        return template
    }
}
