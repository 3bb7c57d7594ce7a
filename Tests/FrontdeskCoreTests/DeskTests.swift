import Testing
@testable import FrontdeskCore

struct NumberingTests {
    @Test(arguments: [(NumberPrefix.interaction, 1, "IMS0000001"), (.incident, 42, "INC0000042"),
                      (.case, 1234567, "CS1234567"), (.request, 7, "REQ0000007")])
    func format(_ prefix: NumberPrefix, _ value: Int, _ text: String) {
        #expect(Counters.format(prefix, value) == text)
        #expect(Counters.parse(text).map { $0.0 } == prefix)
        #expect(Counters.parse(text).map { $0.1 } == value)
    }

    @Test func countersAdvanceAndTasksNumberPerKind() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.createTask(number: "IMS0000001", kind: .incident))
        try desk.run(.createTask(number: "IMS0000001", kind: .incident))
        try desk.run(.createTask(number: "IMS0000001", kind: .case))
        try desk.run(.createTask(number: "IMS0000001", kind: .request))
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.relatedTasks == ["INC0000001", "INC0000002", "CS0000001", "REQ0000001"])
        let inc = try #require(desk.tasks["INC0000001"])
        #expect(inc.shortDescription == "Password reset")
        #expect(inc.openedFor == "CUS0000001")
        #expect(inc.assignedTo == "ana")
        #expect(inc.interactions == ["IMS0000001"])
        try desk.run(.intake(type: .chat, openedFor: "CUS0000002", queue: nil, text: nil))
        #expect(desk.interaction("IMS0000002") != nil)
    }

    @Test(arguments: ["IMS000001", "XYZ0000001", "IMS00000a1", ""])
    func parseRejects(_ text: String) {
        #expect(Counters.parse(text) == nil)
    }
}

struct RelatedTaskTests {
    @Test func associateExistingTaskLinksBothWays() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.createTask(number: "IMS0000001", kind: .incident))
        try desk.run(.intake(type: .walkUp, openedFor: "CUS0000002", queue: "service-desk", text: nil))
        try desk.run(.edit(number: "IMS0000002", [.shortDescription("Same outage")]))
        try desk.run(.linkTask(number: "IMS0000002", task: "INC0000001"))
        #expect(desk.tasks["INC0000001"]?.interactions == ["IMS0000001", "IMS0000002"])
        #expect(desk.interaction("IMS0000002")?.relatedTasks == ["INC0000001"])
        let before = desk.interaction("IMS0000002")
        #expect(throws: DomainError.taskAlreadyLinked(task: "INC0000001", number: "IMS0000002")) {
            try desk.run(.linkTask(number: "IMS0000002", task: "INC0000001"))
        }
        #expect(throws: DomainError.notFound(kind: "task", key: "INC0000077")) {
            try desk.run(.linkTask(number: "IMS0000002", task: "INC0000077"))
        }
        #expect(desk.interaction("IMS0000002") == before)
    }

    @Test func closedRecordGetsNoNewTasks() throws {
        var desk = try deskWithRecord(in: .closedComplete)
        #expect(throws: DomainError.self) { try desk.run(.createTask(number: "IMS0000001", kind: .incident)) }
        #expect(desk.tasks.isEmpty)
    }
}

struct CreationTests {
    @Test func phoneNeedsThePhoneChannel() throws {
        var desk = makeDesk(phone: false)
        #expect(throws: DomainError.phoneChannelDisabled) {
            try desk.run(.intake(type: .phone, openedFor: "CUS0000001", queue: nil, text: nil))
        }
        #expect(desk.interactions.isEmpty)
        try desk.run(.setConfig(key: "phone_channel", value: "on"), by: "sue")
        try desk.run(.intake(type: .phone, openedFor: "CUS0000001", queue: nil, text: nil))
        #expect(desk.interactions.count == 1)
    }

    @Test func routesToAQueueThatServesTheType() throws {
        var desk = makeDesk()
        try desk.run(.create(type: .walkUp, openedFor: nil, queue: nil, shortDescription: "", accept: true), by: "bo")
        #expect(desk.interaction("IMS0000001")?.queue == "service-desk")
        #expect(throws: DomainError.queueDoesNotServe(queue: "walk-in", type: .chat)) {
            try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: "walk-in", text: nil))
        }
    }

    @Test func unknownCustomerIsRefused() {
        var desk = makeDesk()
        #expect(throws: DomainError.notFound(kind: "customer", key: "CUS0000404")) {
            try desk.run(.intake(type: .chat, openedFor: "CUS0000404", queue: nil, text: nil))
        }
    }

    @Test func workNotesAreAppendOnlyWithAuthorAndTime() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.addNote(number: "IMS0000001", text: "Called back", expectedVersion: nil), by: "ana", at: t0.adding(5))
        try desk.run(.addNote(number: "IMS0000001", text: "Reset done", expectedVersion: nil), by: "sue", at: t0.adding(9))
        let notes = try #require(desk.interaction("IMS0000001")).workNotes
        #expect(notes == [WorkNote(author: "ana", at: t0.adding(5), text: "Called back"),
                          WorkNote(author: "sue", at: t0.adding(9), text: "Reset done")])
        #expect(throws: DomainError.emptyText(field: "work note")) {
            try desk.run(.addNote(number: "IMS0000001", text: "  ", expectedVersion: nil))
        }
    }

    @Test func customersAreValidated() throws {
        var desk = makeDesk()
        let r = try desk.run(.addCustomer(name: "Ana Paula", email: "ap@example.com", phone: "+55 11 91234-5678", company: "ACME", vip: true))
        #expect(desk.customers[r.subject!]?.phone == "+5511912345678")
        #expect(r.subject == "CUS0000004")
        #expect(throws: DomainError.contactInUse(field: "email", value: "AP@example.com", owner: "CUS0000004", ownerName: "Ana Paula")) {
            try desk.run(.addCustomer(name: "Other", email: "AP@example.com", phone: "", company: "", vip: false))
        }
        #expect(throws: DomainError.contactInUse(field: "phone", value: "+5511912345678", owner: "CUS0000004", ownerName: "Ana Paula")) {
            try desk.run(.addCustomer(name: "Other", email: "", phone: "0055 11 9 1234 5678", company: "", vip: false))
        }
        let twin = try desk.run(.addCustomer(name: "Ana's colleague", email: "", phone: "+55 11 91234-5678", company: "ACME", vip: false,
                                             allowDuplicate: true))
        #expect(desk.customers(withPhone: "+5511912345678").sorted() == ["CUS0000004", twin.subject!])
        #expect(throws: DomainError.emptyText(field: "customer name")) {
            try desk.run(.addCustomer(name: " ", email: "", phone: "", company: "", vip: false))
        }
    }
}

struct ConfigTests {
    @Test(arguments: [
        ("phone_channel", "maybe", "allowed: on, off"),
        ("wrap_up.fax", "on", "allowed: chat, phone, walk-up, messaging"),
        ("colour", "red", "allowed: phone_channel"),
        ("queue.service-desk.target_wait", "soon", "minutes (5m)"),
        ("default_queue", "nowhere", "allowed: service-desk, walk-in"),
    ])
    func refusals(_ key: String, _ value: String, _ message: String) {
        var desk = makeDesk()
        let before = desk.configEntries.map { "\($0.key)=\($0.value)" }
        #expect { try desk.run(.setConfig(key: key, value: value), by: "sue") } throws: { "\($0)".contains(message) }
        #expect(desk.configEntries.map { "\($0.key)=\($0.value)" } == before)
    }

    @Test func setsValues() throws {
        var desk = makeDesk()
        try desk.run(.setConfig(key: "wrap_up.messaging", value: "on"), by: "sue")
        try desk.run(.setConfig(key: "queue.walk-in.target_wait", value: "2m"), by: "sue")
        #expect(desk.config.wrapUp.contains(.messaging))
        #expect(desk.queues["walk-in"]?.targetWaitSeconds == 120)
        #expect(try desk.configValue("queue.walk-in.target_wait") == "2m")
    }
}

struct QueryTests {
    @Test func viewsAndUsersInteractions() throws {
        var desk = makeDesk()
        try desk.run(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: nil), at: t0)              // 1 queue
        try desk.run(.create(type: .walkUp, openedFor: "CUS0000001", queue: nil, shortDescription: "Badge", accept: true), by: "ana", at: t0.adding(10)) // 2 mine
        try desk.run(.create(type: .chat, openedFor: "CUS0000002", queue: nil, shortDescription: "VPN", accept: true), by: "bo", at: t0.adding(20))     // 3 bo
        try desk.run(.transition(number: "IMS0000003", .complete), by: "bo", at: t0.adding(30))
        try desk.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "Old", accept: true), by: "ana", at: t0.adding(40))   // 4
        try desk.run(.transition(number: "IMS0000004", .complete), at: t0.adding(41))
        try desk.run(.transition(number: "IMS0000004", .archive), at: t0.adding(42))
        #expect(desk.records(in: .queue, agent: "ana").map(\.number) == ["IMS0000001"])
        #expect(desk.records(in: .mine, agent: "ana").map(\.number) == ["IMS0000002"])
        #expect(desk.records(in: .open, agent: "ana").map(\.number) == ["IMS0000002", "IMS0000001"])
        #expect(desk.records(in: .closed, agent: "ana").map(\.number) == ["IMS0000003"])
        #expect(desk.records(in: .archived, agent: "ana").map(\.number) == ["IMS0000004"])
        #expect(desk.interactions(ofCustomer: "CUS0000001").map(\.number) == ["IMS0000004", "IMS0000002", "IMS0000001"])
        #expect(desk.isOverdue(desk.interaction("IMS0000001")!, at: t0.adding(301)))
        #expect(!desk.isOverdue(desk.interaction("IMS0000001")!, at: t0.adding(299)))
        #expect(!desk.isOverdue(desk.interaction("IMS0000002")!, at: t0.adding(9999)))
    }

    @Test(arguments: [("ims0000003", ["IMS0000003"]), ("müller", ["IMS0000002", "IMS0000001"]), ("VPN", ["IMS0000003"]),
                      ("山田", ["IMS0000003"]), ("rebooted", ["IMS0000001"]), ("nothing-like-this", [])])
    func search(_ query: String, _ expected: [String]) throws {
        var desk = makeDesk()
        try desk.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "Printer", accept: true))
        try desk.run(.addNote(number: "IMS0000001", text: "User REBOOTED the printer", expectedVersion: nil))
        try desk.run(.create(type: .chat, openedFor: "CUS0000001", queue: nil, shortDescription: "Mail", accept: true))
        try desk.run(.create(type: .chat, openedFor: "CUS0000002", queue: nil, shortDescription: "vpn drops", accept: true))
        #expect(desk.search(query).map { desk.interactions[$0].number } == expected)
    }

    @Test(arguments: [("CUS0000002", "CUS0000002"), ("zoe@example.com", "CUS0000001"), ("+1 555 123 4567", "CUS0000001"),
                      ("omar haddad", "CUS0000003"), ("山田", "CUS0000002")])
    func resolveCustomer(_ ref: String, _ id: String) throws {
        #expect(try makeDesk().resolveCustomer(ref).id == id)
    }

    @Test func ambiguousCustomer() {
        #expect { try makeDesk().resolveCustomer("example.com") } throws: { "\($0)".contains("matches 2 customers") }
    }
}
