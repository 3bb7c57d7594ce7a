@testable import FrontdeskCore

let t0 = Instant(CivilTime(year: 2026, month: 11, day: 24, hour: 9))

/// A small desk: two queues, two agents, three customers; phone on, wrap-up on for chat.
func makeDesk(wrapUp: Set<InteractionType> = [.chat], phone: Bool = true) -> Desk {
    // Self-registration on, as in stores from before it was off by default.
    var desk = Desk(config: DeskConfig(phoneChannel: phone, wrapUp: wrapUp, defaultQueue: "service-desk", selfRegistration: true))
    var changes = ChangeSet()
    changes.queues = [
        Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300),
        Queue(id: "walk-in", name: "Walk-in Counter", channels: [.walkUp], targetWaitSeconds: 600),
    ]
    changes.agents = [
        Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"]),
        Agent(login: "bo", displayName: "Bo Chen", queues: ["service-desk", "walk-in"]),
        Agent(login: "sue", displayName: "Sue Park", queues: [], role: .supervisor),
    ]
    changes.customers = [
        Customer(id: "CUS0000001", name: "Zoë Müller", email: "zoe@example.com", phone: "+15551234567"),
        Customer(id: "CUS0000002", name: "山田 太郎", email: "taro@example.jp", phone: "+81312345678"),
        Customer(id: "CUS0000003", name: "Omar Haddad", email: "omar@example.com"),
    ]
    changes.counters = [.customer: 3]
    desk.apply(changes)
    return desk
}

extension Desk {
    /// Plans and applies, as the store would.
    @discardableResult
    mutating func run(_ command: DeskCommand, by actor: String = "ana", at now: Instant = t0) throws(DomainError) -> CommandResult {
        let result = try plan(command, by: actor, at: now)
        apply(result.changes)
        return result
    }
}

/// A desk holding one interaction (IMS0000001) driven into `state` through real commands.
func deskWithRecord(in state: InteractionState, type: InteractionType = .chat, short: String = "Password reset",
                    wrapUp: Set<InteractionType> = [.chat, .messaging, .phone, .walkUp]) throws -> Desk {
    var desk = makeDesk(wrapUp: wrapUp)
    let customer: String? = "CUS0000001"
    try desk.run(.intake(type: type, openedFor: customer!, queue: nil, text: "hello"))
    let n = "IMS0000001"
    if !short.isEmpty { try desk.run(.edit(number: n, [.shortDescription(short)])) }
    switch state {
    case .queued: break
    case .new:
        // Intake queues records now; a New one waiting is what stores from before Queued hold.
        var r = desk.interaction(n)!
        r.state = .new
        r.history[0] = AuditEntry(at: r.history[0].at, by: r.history[0].by, change: .created(state: .new))
        desk.load(interactions: desk.interactions.map { $0.number == n ? r : $0 })
    case .workInProgress: try desk.run(.transition(number: n, .accept))
    case .onHold:
        try desk.run(.transition(number: n, .accept))
        try desk.run(.transition(number: n, .hold(reason: nil)))
    case .wrapUp:
        try desk.run(.transition(number: n, .accept))
        try desk.run(.transition(number: n, .endConversation))
    case .closedComplete:
        try desk.run(.transition(number: n, .accept))
        try desk.run(.transition(number: n, .complete))
    case .closedAbandoned:
        try desk.run(.transition(number: n, .abandon))
    }
    return desk
}
