/// An agent's public reply to the customer, and its way out through the channel's gateway.
///
/// A reply is a transcript line with an outbox id (`MSG…`, from the desk's counter, so ids
/// sort in the order replies were sent). Sending it and putting it in the outbox are one
/// change: the outbox is not a second copy but the replies whose delivery is still queued.
/// What happened to each reply is on the audit trail (`reply`, `reply_delivered`,
/// `reply_failed`, `reply_retried`), and its status is read from there, never stored twice.

/// Where a reply goes: the channel's name as a gateway knows it and who receives it there.
/// It is written on the trail when the reply is sent (`channel:recipient`), so a reply goes
/// where it was addressed even if the record's customer changes before it is delivered.
public struct ReplyAddress: Equatable, Sendable {
    /// `sms`, `whatsapp` or `chat`.
    public var channel: String
    /// A phone number in E.164 for messaging; the chat handle (or, for a chat that came in
    /// for a signed-in customer, the customer id) for chat.
    public var recipient: String

    public init(channel: String, recipient: String) { self.channel = channel; self.recipient = recipient }

    var written: String { channel + ":" + recipient }

    init?(written: String?) {
        guard let written, let colon = written.firstIndex(of: ":") else { return nil }
        self.init(channel: String(written[..<colon]), recipient: String(written[written.index(after: colon)...]))
    }
}

public enum DeliveryStatus: Equatable, Sendable {
    /// Waiting for the gateway; `attempt` counts retries after failures (1 at first).
    case queued(attempt: Int)
    case delivered(at: Instant)
    case failed(reason: String, at: Instant)

    /// One word, as `show`, JSON and the console say it.
    public var word: String {
        switch self {
        case .queued: "queued"
        case .delivered: "delivered"
        case .failed: "failed"
        }
    }

    public var isQueued: Bool { if case .queued = self { true } else { false } }
    public var isFailed: Bool { if case .failed = self { true } else { false } }
}

/// One reply waiting for the gateway: what `frontdesk outbox` streams.
public struct OutboxItem: Equatable, Sendable {
    public var id: String
    public var number: String
    public var address: ReplyAddress
    public var text: String
    /// When the agent sent it.
    public var at: Instant
    public var attempt: Int
    public var from: String
}

public enum Replies {
    /// A longer reply is refused: SMS gateways split long texts, and none takes a book.
    public static let maxLength = 4000
}

extension Interaction {
    /// The delivery of reply `id`: the trail's entries about it, in order.
    public func deliveryStatus(of id: String) -> DeliveryStatus {
        var status: DeliveryStatus?
        for entry in history {
            switch entry.change {
            case .replyDelivered(id): status = .delivered(at: entry.at)
            case .replyFailed(id, let reason): status = .failed(reason: reason, at: entry.at)
            case .replyRetried(id): status = nil
            default: continue
            }
        }
        return status ?? .queued(attempt: attempts(of: id))
    }

    /// How many times reply `id` has been handed to the gateway: once, and once per retry.
    public func attempts(of id: String) -> Int {
        1 + history.reduce(0) { n, e in
            if case .replyRetried(id) = e.change { n + 1 } else { n }
        }
    }

    /// Where reply `id` was addressed when it was sent.
    public func address(ofReply id: String) -> ReplyAddress? {
        for entry in history.reversed() { if case .reply(id, let address) = entry.change { return ReplyAddress(written: address) } }
        return nil
    }

    /// The agents' replies, oldest first.
    public var replies: [TranscriptLine] { transcript.filter(\.isReply) }

    /// Some reply still waits for the gateway: the record stays in the working set (a
    /// compaction must not move it where the outbox cannot see it).
    public var hasQueuedReply: Bool {
        transcript.contains { line in line.id.map { deliveryStatus(of: $0).isQueued } ?? false }
    }

    /// What the customer last wrote: what a list shows for a contact without a short description.
    public var lastCustomerMessage: String? { transcript.last { !$0.isReply }?.text }
}

extension Desk {
    /// Who wrote a transcript line: the customer (through their channel profile when it is
    /// linked), else the sender's number or handle; an agent by name.
    public func senderName(_ from: String) -> String {
        if let profile = profiles[from] { return profile.customer.flatMap { customers[$0]?.name } ?? profile.identifier }
        return customers[from]?.name ?? agents[from]?.displayName ?? from
    }

    /// Where replies on `r` go, or nil when its channel has nobody to answer (phone, walk-up,
    /// a messaging record without a profile, a chat with neither handle nor customer).
    public func replyAddress(of r: Interaction) -> ReplyAddress? {
        switch r.type {
        case .messaging:
            guard let profile = r.channelUserProfile.flatMap({ profiles[$0] }) else { return nil }
            return ReplyAddress(channel: profile.channel.rawValue, recipient: profile.identifier)
        case .chat:
            // The chat handle; a chat that came in for a signed-in customer (`--for`) is
            // answered to the customer. A chat an agent logged by hand has nobody on the line.
            if let handle = r.caller { return ReplyAddress(channel: "chat", recipient: handle) }
            guard let customer = r.openedFor, r.transcript.contains(where: { !$0.isReply }) else { return nil }
            return ReplyAddress(channel: "chat", recipient: customer)
        case .phone, .walkUp, .other:
            // `other` (an imported email, say): no gateway here sends on its channel.
            return nil
        }
    }

    /// Replies waiting for the gateway, in the order they were sent.
    public func outbox() -> [OutboxItem] {
        var items: [OutboxItem] = []
        for number in pendingReplyRecords {
            guard let r = interaction(number) else { continue }
            for line in r.transcript {
                guard let id = line.id, case let .queued(attempt) = r.deliveryStatus(of: id),
                      let address = r.address(ofReply: id) ?? replyAddress(of: r) else { continue }
                items.append(OutboxItem(id: id, number: r.number, address: address, text: line.text, at: line.at,
                                        attempt: attempt, from: line.from))
            }
        }
        return items.sorted { $0.id < $1.id }
    }

    /// The record holding reply `id` (working set): the ones with queued replies first, as
    /// the gateway asks about those.
    public func record(holdingReply id: String) -> Interaction? {
        func holds(_ r: Interaction) -> Bool { r.transcript.contains { $0.id == id } }
        for number in pendingReplyRecords { if let r = interaction(number), holds(r) { return r } }
        return interactions.last(where: holds)
    }

    /// Every reply with its status, newest first, optionally only failed ones (`outbox --failed`).
    public func sentReplies(failedOnly: Bool) -> [(OutboxItem, DeliveryStatus)] {
        var out: [(OutboxItem, DeliveryStatus)] = []
        for r in interactions where r.transcript.contains(where: \.isReply) {
            for line in r.transcript {
                guard let id = line.id else { continue }
                let address = r.address(ofReply: id) ?? replyAddress(of: r) ?? ReplyAddress(channel: r.type.rawValue, recipient: "")
                let status = r.deliveryStatus(of: id)
                if failedOnly && !status.isFailed { continue }
                out.append((OutboxItem(id: id, number: r.number, address: address, text: line.text, at: line.at,
                                       attempt: r.attempts(of: id), from: line.from), status))
            }
        }
        return out.sorted { $0.0.id > $1.0.id }
    }
}
