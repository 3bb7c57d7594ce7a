import Testing
@testable import FrontdeskCore

/// Records imported from ServiceNow (issue 23, points 9 and 10): their clocks run only from
/// events that happened here. What ServiceNow measured stands for its part; routing never
/// acts on a clock that did not start here (wrap-up limits, offers, parts owed).
private let day: Int64 = 86_400

@Suite struct ImportedTimerTests {
    /// A record as an import brings it: its trail from ServiceNow (offsets in seconds from t0,
    /// negative: before it), what ServiceNow measured, and how many trail entries came with it.
    static func imported(_ state: InteractionState, type: InteractionType = .chat, assignedTo: String? = "ana",
                         trail: [(Int64, AuditEntry.Change)], wait: Int64?, duration: Int64?,
                         countKept: Bool = true) -> Interaction {
        let history = trail.map { AuditEntry(at: t0.adding($0.0), by: "fred.luddy", change: $0.1) }
        return Interaction(number: "IMS0000001", type: type, state: state, openedFor: "CUS0000001", assignedTo: assignedTo,
                           queue: "service-desk", shortDescription: "Imported", openedAt: history[0].at, history: history,
                           version: 4, origin: ServiceNowOrigin(sysID: "a1000000000000000000000000000001", updatedOn: history.last!.at,
                                                                waitTime: wait, duration: duration,
                                                                sourceTrail: countKept ? history.count : nil))
    }

    static func desk(with record: Interaction) -> Desk {
        var desk = makeDesk()
        desk.load(interactions: [record])
        return desk
    }

    // MARK: Timers (point 9)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let record: Interaction
        /// Done here, by whoever holds the record: (seconds after t0, transition).
        var here: [(Int64, RecordTransition)] = []
        let at: Int64
        let expected: Timers
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "in progress, nothing measured: nothing runs (not 1970-03-04)",
             record: imported(.workInProgress, trail: [(-60 * day, .created(state: .queued)), (-60 * day + 300, .state(from: .queued, to: .workInProgress))],
                              wait: nil, duration: nil),
             at: 0, expected: Timers(wait: 0, duration: 0, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: false,
                                     waitIsKnown: false, durationIsKnown: false)),
        Case(name: "queued with no wait: 58 days are not counted",
             record: imported(.queued, assignedTo: nil, trail: [(-58 * day, .created(state: .queued))], wait: nil, duration: nil),
             at: 0, expected: Timers(wait: 0, duration: 0, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: false,
                                     waitIsKnown: false, durationIsKnown: false)),
        Case(name: "wrap up from the source: its wait, no running wrap-up",
             record: imported(.wrapUp, type: .phone, trail: [(-day, .created(state: .queued)), (-day + 45, .state(from: .queued, to: .workInProgress)),
                                                             (-day + 600, .state(from: .workInProgress, to: .wrapUp))], wait: 45, duration: nil),
             at: 0, expected: Timers(wait: 45, duration: 0, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: false,
                                     waitIsKnown: true, durationIsKnown: false)),
        Case(name: "closed in the source: its figures",
             record: imported(.closedComplete, trail: [(-day, .created(state: .queued)), (-day + 192, .state(from: .queued, to: .workInProgress)),
                                                       (-day + 492, .state(from: .workInProgress, to: .closedComplete))], wait: 192, duration: 300),
             at: 0, expected: Timers(wait: 192, duration: 300, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: false)),
        Case(name: "a hold its trail closes counts; the span open at import does not",
             record: imported(.workInProgress, trail: [(-day, .created(state: .queued)), (-day + 10, .state(from: .queued, to: .workInProgress)),
                                                       (-day + 100, .state(from: .workInProgress, to: .onHold)),
                                                       (-day + 400, .state(from: .onHold, to: .workInProgress))], wait: 10, duration: nil),
             at: 0, expected: Timers(wait: 10, duration: 0, hold: 300, wrapUp: 0, waitIsLive: false, durationIsLive: false,
                                     waitIsKnown: true, durationIsKnown: false)),
        Case(name: "worked here: its own time is added to the source's",
             record: imported(.workInProgress, trail: [(-day, .created(state: .queued)), (-day + 20, .state(from: .queued, to: .workInProgress))],
                              wait: 20, duration: 300),
             here: [(0, .hold(reason: nil)), (100, .resume), (160, .complete)],
             at: 1000, expected: Timers(wait: 20, duration: 360, hold: 100, wrapUp: 0, waitIsLive: false, durationIsLive: false)),
        Case(name: "worked here and still in progress: live from the resume",
             record: imported(.workInProgress, trail: [(-day, .created(state: .queued)), (-day + 20, .state(from: .queued, to: .workInProgress))],
                              wait: 20, duration: nil),
             here: [(0, .hold(reason: nil)), (100, .resume)],
             at: 130, expected: Timers(wait: 20, duration: 30, hold: 100, wrapUp: 0, waitIsLive: false, durationIsLive: true)),
        Case(name: "waiting when it came, accepted here: the wait before the import is the source's",
             record: imported(.queued, assignedTo: nil, trail: [(-day, .created(state: .queued))], wait: nil, duration: nil),
             here: [(10, .accept)],
             at: 70, expected: Timers(wait: 0, duration: 60, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: true,
                                      waitIsKnown: false, durationIsKnown: true)),
    ]

    @Test(arguments: cases)
    func timers(_ c: Case) throws {
        var desk = Self.desk(with: c.record)
        for (offset, transition) in c.here {
            let actor = desk.interaction("IMS0000001")?.assignedTo ?? "ana"
            try desk.run(.transition(number: "IMS0000001", transition), by: actor, at: t0.adding(offset))
        }
        let r = try #require(desk.interaction("IMS0000001"))
        #expect(r.timers(at: t0.adding(c.at)) == c.expected)
    }

    /// Stores from before the count of imported entries was kept: what ServiceNow last
    /// changed (`updated_on`) came with the import; later entries happened here.
    @Test func storesWithoutTheCountTakeTheTrailUpToTheLastUpdateAsImported() throws {
        let r = Self.imported(.workInProgress, trail: [(-day, .created(state: .queued)), (-day + 20, .state(from: .queued, to: .workInProgress))],
                              wait: 20, duration: nil, countKept: false)
        #expect(r.localTrailStart == 2)
        var desk = Self.desk(with: r)
        #expect(r.timers(at: t0) == Timers(wait: 20, duration: 0, hold: 0, wrapUp: 0, waitIsLive: false, durationIsLive: false,
                                           waitIsKnown: true, durationIsKnown: false))
        try desk.run(.transition(number: "IMS0000001", .hold(reason: nil)), at: t0)
        try desk.run(.transition(number: "IMS0000001", .resume), at: t0.adding(50))
        #expect(try #require(desk.interaction("IMS0000001")).timers(at: t0.adding(80)).duration == 30)
    }

    @Test func aRecordBornHereCountsAsBefore() throws {
        var desk = try deskWithRecord(in: .workInProgress)
        try desk.run(.transition(number: "IMS0000001", .hold(reason: nil)), at: t0.adding(30))
        let timers = try #require(desk.interaction("IMS0000001")).timers(at: t0.adding(90))
        #expect(timers == Timers(wait: 0, duration: 30, hold: 60, wrapUp: 0, waitIsLive: false, durationIsLive: false))
        #expect(timers.waitIsKnown && timers.durationIsKnown)
    }

    // MARK: Routing leaves imported clocks alone (point 10)

    struct RoutingCase: Sendable, CustomTestStringConvertible {
        let name: String
        let record: Interaction
        var here: [(Int64, RecordTransition)] = []
        /// Seconds after t0 when routing looks.
        let at: Int64
        /// What routing decides about the record then.
        let expected: [RoutingDecision]
        var testDescription: String { name }
    }

    static let routingCases: [RoutingCase] = [
        RoutingCase(name: "a phone record that came in Wrap Up is not closed by a wrap-up time",
                    record: imported(.wrapUp, type: .phone, trail: [(-day, .created(state: .queued)), (-day + 45, .state(from: .queued, to: .workInProgress)),
                                                                    (-day + 600, .state(from: .workInProgress, to: .wrapUp))], wait: 45, duration: nil),
                    at: 3600, expected: []),
        RoutingCase(name: "a wrap-up begun here is timed",
                    record: imported(.workInProgress, trail: [(-day, .created(state: .queued)), (-day + 20, .state(from: .queued, to: .workInProgress))],
                                     wait: 20, duration: nil),
                    here: [(0, .endConversation)], at: 61, expected: [.expireWrapUp(number: "IMS0000001")]),
        RoutingCase(name: "an offer the import brought is not timed out (the agent is not set towards Away): offered anew",
                    record: imported(.queued, assignedTo: nil, trail: [(-100, .created(state: .queued)), (-90, .field(name: AuditField.offer, old: nil, new: "bo"))],
                                     wait: nil, duration: nil),
                    at: 0, expected: [.offer(number: "IMS0000001", agent: "ana")]),
        RoutingCase(name: "a declined offer the import brought does not pass the agent over",
                    record: imported(.queued, assignedTo: nil, trail: [(-100, .created(state: .queued)), (-90, .field(name: AuditField.offer, old: nil, new: "ana")),
                                                                      (-80, .field(name: AuditField.offerRejected, old: "ana", new: "Busy"))],
                                     wait: nil, duration: nil),
                    at: 0, expected: [.offer(number: "IMS0000001", agent: "ana")]),
        RoutingCase(name: "a part's wrap-up the import brought is not owed here",
                    record: imported(.workInProgress, type: .phone, trail: [(-day, .created(state: .queued)), (-day + 20, .state(from: .queued, to: .workInProgress)),
                                                                            (-day + 30, .field(name: AuditField.wrapUpDue, old: nil, new: "bo"))],
                                     wait: 20, duration: nil),
                    at: 0, expected: []),
    ]

    @Test(arguments: routingCases)
    func routing(_ c: RoutingCase) throws {
        var desk = Self.desk(with: c.record)
        // bo is Away: an offer can go to ana only.
        try desk.run(.setPresence(login: "bo", .away), by: "bo", at: t0.adding(-200))
        for (offset, transition) in c.here {
            let actor = desk.interaction("IMS0000001")?.assignedTo ?? "ana"
            try desk.run(.transition(number: "IMS0000001", transition), by: actor, at: t0.adding(offset))
        }
        let decisions = desk.routingDecisions(at: t0.adding(c.at)).filter {
            switch $0 {
            case .offer(let n, _), .timeOut(let n, _), .expireWrapUp(let n), .expireWrapUpPart(let n, _): n == "IMS0000001"
            case .openAppointment, .missAppointment: false
            }
        }
        #expect(decisions == c.expected)
        #expect(desk.load(of: "bo")[.phone] == nil, "nothing imported holds bo's phone capacity")
    }

    @Test func aSupervisorCannotCloseAnImportedWrapUpAsTimedOut() throws {
        let r = Self.imported(.wrapUp, type: .phone, trail: [(-day, .created(state: .queued)), (-day + 45, .state(from: .queued, to: .workInProgress)),
                                                             (-day + 600, .state(from: .workInProgress, to: .wrapUp))], wait: 45, duration: nil)
        let desk = Self.desk(with: r)
        #expect(throws: DomainError.self) { try desk.plan(.expireWrapUp(number: "IMS0000001"), by: "sue", at: t0) }
        do {
            _ = try desk.plan(.expireWrapUp(number: "IMS0000001"), by: "sue", at: t0)
        } catch {
            #expect("\(error)".contains("came from ServiceNow in Wrap Up"), "\(error)")
        }
    }
}
