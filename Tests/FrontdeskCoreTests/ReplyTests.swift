import Testing
@testable import FrontdeskCore

/// Replies to the customer, the outbox they wait in, and what the gateway says of them.
@Suite struct ReplyTests {
    /// A messaging contact from +447700900123, accepted by ana.
    func messagingDesk() throws -> Desk {
        var desk = makeDesk()
        try desk.run(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "my printer is on fire", queue: nil), by: "sms")
        try desk.run(.transition(number: "IMS0000001", .accept))
        return desk
    }

    struct RuleCase: CustomTestStringConvertible, Sendable {
        var name: String
        var type: InteractionType
        var state: InteractionState
        var actor = "ana"
        var text = "On it"
        /// Part of the refusal, or nil when the reply is sent.
        var refusal: String?
        var testDescription: String { name }
    }

    static let rules: [RuleCase] = [
        RuleCase(name: "chat in progress", type: .chat, state: .workInProgress),
        RuleCase(name: "chat on hold", type: .chat, state: .onHold),
        RuleCase(name: "chat in wrap up", type: .chat, state: .wrapUp),
        RuleCase(name: "queued: accept first", type: .chat, state: .queued, refusal: "accept it first"),
        RuleCase(name: "closed", type: .chat, state: .closedComplete, refusal: "Closed Complete"),
        RuleCase(name: "phone has no channel", type: .phone, state: .workInProgress, refusal: "add a work note instead"),
        RuleCase(name: "walk-up has no channel", type: .walkUp, state: .workInProgress, refusal: "no channel to answer through"),
        RuleCase(name: "another agent's record", type: .chat, state: .workInProgress, actor: "bo", refusal: "ana"),
        RuleCase(name: "a supervisor takes over", type: .chat, state: .workInProgress, actor: "sue"),
        RuleCase(name: "empty", type: .chat, state: .workInProgress, text: "  \n ", refusal: "reply"),
        RuleCase(name: "too long", type: .chat, state: .workInProgress, text: String(repeating: "x", count: 4001), refusal: "at most 4000"),
        RuleCase(name: "a placeholder left", type: .chat, state: .workInProgress, text: "Hi {{customer.first_name}}", refusal: "{{customer.first_name}}"),
        RuleCase(name: "braces that are no placeholder", type: .chat, state: .workInProgress, text: "Type {{x}} literally"),
    ]

    @Test(arguments: rules)
    func whoMayReplyWhen(_ c: RuleCase) throws {
        var desk = try deskWithRecord(in: c.state, type: c.type)
        let before = desk.interaction("IMS0000001")!
        do {
            let result = try desk.run(.reply(number: "IMS0000001", text: c.text), by: c.actor, at: t0.adding(60))
            #expect(c.refusal == nil, "sent: \(result.summary)")
            let r = try #require(desk.interaction("IMS0000001"))
            #expect(r.transcript.last?.id == "MSG0000001" && r.transcript.last?.from == c.actor)
            #expect(r.deliveryStatus(of: "MSG0000001") == .queued(attempt: 1))
            #expect(r.version == before.version + 1)
            #expect(r.state == before.state, "a reply changes no state")
            if c.actor == "sue" { #expect(r.history.contains { $0.change.field == AuditField.takeover }) }
        } catch {
            let refusal = try #require(c.refusal, "refused: \(error)")
            #expect("\(error)".contains(refusal), "\(error)")
            #expect(desk.interaction("IMS0000001") == before, "a refusal changes nothing")
            #expect(desk.outbox().isEmpty)
        }
    }

    @Test func theOutboxHoldsQueuedRepliesInTheOrderTheyWereSent() throws {
        var desk = try messagingDesk()
        try desk.run(.intakeMessage(channel: .whatsapp, identifier: "+4915112345678", text: "Hallo", queue: nil), by: "whatsapp")
        try desk.run(.transition(number: "IMS0000002", .accept), by: "bo")
        try desk.run(.reply(number: "IMS0000002", text: "Guten Tag"), by: "bo", at: t0.adding(1))
        try desk.run(.reply(number: "IMS0000001", text: "Hello"), at: t0.adding(2))
        try desk.run(.reply(number: "IMS0000002", text: "Zweite"), by: "bo", at: t0.adding(3))
        let out = desk.outbox()
        #expect(out.map(\.id) == ["MSG0000001", "MSG0000002", "MSG0000003"])
        #expect(out.map(\.number) == ["IMS0000002", "IMS0000001", "IMS0000002"])
        #expect(out[0].address == ReplyAddress(channel: "whatsapp", recipient: "+4915112345678"))
        #expect(out[1].address == ReplyAddress(channel: "sms", recipient: "+447700900123"))
        #expect(out.map(\.text) == ["Guten Tag", "Hello", "Zweite"])
        #expect(desk.counters.last[.reply] == 3)
        // Delivered ones leave it; the rest keep their order.
        try desk.run(.replyDelivered(id: "MSG0000002"), by: "sms")
        #expect(desk.outbox().map(\.id) == ["MSG0000001", "MSG0000003"])
        #expect(desk.pendingReplyRecords == ["IMS0000002"])
    }

    struct DeliveryCase: CustomTestStringConvertible, Sendable {
        var name: String
        var steps: [DeskCommand]
        var status: String
        var attempt: Int?
        /// Part of the last step's refusal, when it is refused.
        var refusal: String?
        /// The last step changes nothing (said twice).
        var noChange = false
        var testDescription: String { name }
    }

    static let id = "MSG0000001"
    static let deliveries: [DeliveryCase] = [
        DeliveryCase(name: "sent", steps: [], status: "queued", attempt: 1),
        DeliveryCase(name: "acked", steps: [.replyDelivered(id: id)], status: "delivered"),
        DeliveryCase(name: "acked twice", steps: [.replyDelivered(id: id), .replyDelivered(id: id)], status: "delivered", noChange: true),
        DeliveryCase(name: "failed", steps: [.replyFailed(id: id, reason: "HTTP 500")], status: "failed"),
        DeliveryCase(name: "failed twice alike", steps: [.replyFailed(id: id, reason: "HTTP 500"), .replyFailed(id: id, reason: "HTTP 500")],
                     status: "failed", noChange: true),
        DeliveryCase(name: "fail after delivery refused", steps: [.replyDelivered(id: id), .replyFailed(id: id, reason: "late")],
                     status: "delivered", refusal: "cannot fail"),
        DeliveryCase(name: "fail without reason", steps: [.replyFailed(id: id, reason: " ")], status: "queued", attempt: 1, refusal: "reason"),
        DeliveryCase(name: "retried", steps: [.replyFailed(id: id, reason: "HTTP 500"), .retryReply(id: id)], status: "queued", attempt: 2),
        DeliveryCase(name: "retried then delivered",
                     steps: [.replyFailed(id: id, reason: "HTTP 500"), .retryReply(id: id), .replyDelivered(id: id)], status: "delivered"),
        DeliveryCase(name: "failed again after a retry",
                     steps: [.replyFailed(id: id, reason: "a"), .retryReply(id: id), .replyFailed(id: id, reason: "b"), .retryReply(id: id)],
                     status: "queued", attempt: 3),
        DeliveryCase(name: "retry of a queued reply refused", steps: [.retryReply(id: id)], status: "queued", attempt: 1, refusal: "only a failed reply"),
        DeliveryCase(name: "retry of a delivered reply refused", steps: [.replyDelivered(id: id), .retryReply(id: id)], status: "delivered",
                     refusal: "only a failed reply"),
        DeliveryCase(name: "an unknown id", steps: [.replyDelivered(id: "MSG0000099")], status: "queued", attempt: 1, refusal: "no reply"),
        DeliveryCase(name: "a late delivery report after a failure", steps: [.replyFailed(id: id, reason: "timeout"), .replyDelivered(id: id)],
                     status: "delivered"),
    ]

    @Test(arguments: deliveries)
    func delivery(_ c: DeliveryCase) throws {
        var desk = try messagingDesk()
        try desk.run(.reply(number: "IMS0000001", text: "Hello"))
        for (i, step) in c.steps.enumerated() {
            let actor = if case .retryReply = step { "ana" } else { "sms" }
            let before = desk.interaction("IMS0000001")
            do {
                let result = try desk.run(step, by: actor, at: t0.adding(Int64(10 + i)))
                if i == c.steps.count - 1 {
                    #expect(c.refusal == nil, "\(result.summary)")
                    #expect(result.changes.isEmpty == c.noChange, "\(result.summary)")
                }
            } catch {
                #expect(i == c.steps.count - 1, "step \(i) refused: \(error)")
                let refusal = try #require(c.refusal, "\(error)")
                #expect("\(error)".contains(refusal), "\(error)")
                #expect(desk.interaction("IMS0000001") == before)
            }
        }
        let r = try #require(desk.interaction("IMS0000001"))
        let status = r.deliveryStatus(of: Self.id)
        #expect(status.word == c.status)
        if let attempt = c.attempt { #expect(status == .queued(attempt: attempt)) }
        #expect(desk.outbox().isEmpty == !status.isQueued)
        #expect(desk.pendingReplyRecords.contains("IMS0000001") == status.isQueued)
    }

    @Test func deliveryIsOnTheTrailInWords() throws {
        var desk = try messagingDesk()
        try desk.run(.reply(number: "IMS0000001", text: "Hello"))
        try desk.run(.replyFailed(id: "MSG0000001", reason: "HTTP 503 from the provider"), by: "sms", at: t0.adding(5))
        try desk.run(.retryReply(id: "MSG0000001"), at: t0.adding(6))
        try desk.run(.replyDelivered(id: "MSG0000001"), by: "sms", at: t0.adding(7))
        let trail = desk.interaction("IMS0000001")!.history.suffix(4).map { desk.auditText($0) }
        #expect(trail == ["Reply MSG0000001 sent to sms +447700900123 (queued for the gateway)",
                          "Reply MSG0000001 failed: HTTP 503 from the provider",
                          "Reply MSG0000001 retried",
                          "Reply MSG0000001 delivered"])
    }

    @Test func aRecordWithAQueuedReplyStaysInTheWorkingSetUntilDelivered() throws {
        var desk = try messagingDesk()
        try desk.run(.reply(number: "IMS0000001", text: "Bye"))
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Printer")]))
        try desk.run(.transition(number: "IMS0000001", .complete))
        let later = t0.adding(86_400 * 90)
        #expect(desk.closed(before: later).isEmpty, "the outbox must still see it")
        // A retry is allowed after closing: the customer is still owed the answer.
        try desk.run(.replyFailed(id: "MSG0000001", reason: "no route"), by: "sms", at: t0.adding(30))
        #expect(desk.closed(before: later).map(\.number) == ["IMS0000001"], "failed: nothing left to deliver")
        try desk.run(.retryReply(id: "MSG0000001"), at: t0.adding(40))
        #expect(desk.outbox().map(\.attempt) == [2])
        #expect(desk.closed(before: later).isEmpty)
    }

    @Test func aReplyGoesWhereItWasAddressedEvenIfTheCustomerChanges() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: "CUS0000002", queue: nil, text: "こんにちは"), by: "chat")
        try desk.run(.transition(number: "IMS0000001", .accept))
        try desk.run(.reply(number: "IMS0000001", text: "Hello"))
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("Badge"), .openedFor("CUS0000003")]), at: t0.adding(5))
        #expect(desk.outbox().first?.address == ReplyAddress(channel: "chat", recipient: "CUS0000002"))
        #expect(desk.replyAddress(of: desk.interaction("IMS0000001")!)?.recipient == "CUS0000003", "the next reply goes to the new one")
    }

    @Test func aChatIsAnsweredToItsHandleOrSignedInCustomer() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: nil, queue: nil, text: "hi", caller: "visitor-7"), by: "chat")
        try desk.run(.intake(type: .chat, openedFor: "CUS0000002", queue: nil, text: "こんにちは"), by: "chat")
        try desk.run(.create(type: .chat, openedFor: "CUS0000003", queue: nil, shortDescription: "logged by hand", accept: true))
        #expect(desk.replyAddress(of: desk.interaction("IMS0000001")!) == ReplyAddress(channel: "chat", recipient: "visitor-7"))
        #expect(desk.replyAddress(of: desk.interaction("IMS0000002")!) == ReplyAddress(channel: "chat", recipient: "CUS0000002"))
        #expect(desk.replyAddress(of: desk.interaction("IMS0000003")!) == nil, "nobody on the line")
        #expect(throws: DomainError.self) { try desk.run(.reply(number: "IMS0000003", text: "hello?")) }
    }
}

/// Canned replies and their placeholders.
@Suite struct TemplateTests {
    @Test func everyPlaceholderIsFilledIn() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.edit(number: "IMS0000001", [.shortDescription("VPN drops")]))
        let text = TemplatePlaceholder.allCases.map { "\($0.rawValue)={{\($0.rawValue)}}" }.joined(separator: "|")
        let out = try desk.render(ReplyTemplate(name: "all", text: text), on: desk.interaction("IMS0000001")!, by: "ana")
        #expect(out == "customer.first_name=Zoë|customer.name=Zoë Müller|agent.name=Ana Lima|agent.first_name=Ana|number=IMS0000001|short_description=VPN drops")
    }

    @Test func spacesInsideBracesAndMissingValues() throws {
        var desk = makeDesk()
        try desk.run(.intakeMessage(channel: .sms, identifier: "+447700900123", text: "hi", queue: nil), by: "sms")
        let r = desk.interaction("IMS0000001")!
        // No customer yet and no short description: those stay for the agent to fill in.
        let out = try desk.render(ReplyTemplate(name: "t", text: "Hi {{ customer.first_name }}, re {{short_description}} ({{number}})"), on: r, by: "bo")
        #expect(out == "Hi {{customer.first_name}}, re {{short_description}} (IMS0000001)")
        #expect(Templates.unfilled(in: out) == ["customer.first_name", "short_description"])
    }

    struct BadCase: CustomTestStringConvertible, Sendable {
        var name: String
        var template: ReplyTemplate
        var refusal: String
        var testDescription: String { name }
    }

    static let bad: [BadCase] = [
        BadCase(name: "unknown placeholder", template: ReplyTemplate(name: "x", text: "Hi {{customer.nickname}}"), refusal: "unknown placeholder {{customer.nickname}}"),
        BadCase(name: "unknown among known", template: ReplyTemplate(name: "x", text: "{{number}} {{ticket}}"), refusal: "{{ticket}}"),
        BadCase(name: "empty text", template: ReplyTemplate(name: "x", text: " \n"), refusal: "template x"),
        BadCase(name: "a name with a slash", template: ReplyTemplate(name: "../x", text: "hi"), refusal: "letters, digits"),
        BadCase(name: "an empty name", template: ReplyTemplate(name: "", text: "hi"), refusal: "letters, digits"),
        BadCase(name: "an escape sequence", template: ReplyTemplate(name: "x", text: "hi \u{1B}[2J"), refusal: "U+1B"),
    ]

    @Test(arguments: bad)
    func refused(_ c: BadCase) throws {
        let desk = try deskWithRecord(in: .workInProgress)
        #expect { try Templates.check(c.template) } throws: { "\($0)".contains(c.refusal) }
        #expect { try desk.render(c.template, on: desk.interaction("IMS0000001")!, by: "ana") } throws: { "\($0)".contains(c.refusal) }
    }

    @Test func storeTemplatesReplaceBuiltInOnesByName() {
        let merged = Templates.merged(stored: [ReplyTemplate(name: "greeting", text: "Ours")],
                                      builtIn: [ReplyTemplate(name: "greeting", text: "Built in", isBuiltIn: true),
                                                ReplyTemplate(name: "closing", text: "Bye", isBuiltIn: true)])
        #expect(merged.map(\.name) == ["closing", "greeting"])
        #expect(merged.map(\.text) == ["Bye", "Ours"])
    }

    @Test func fuzzyFilterTakesLettersInOrder() {
        #expect(SearchQuery("lii").matchesFuzzily("looking-into-it"))
        #expect(SearchQuery("gre").matchesFuzzily("greeting"))
        #expect(!SearchQuery("xyz").matchesFuzzily("greeting"))
        #expect(!SearchQuery("ngr").matchesFuzzily("greeting"), "in order only")
    }
}
