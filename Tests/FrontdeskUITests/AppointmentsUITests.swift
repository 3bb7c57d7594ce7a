import Testing
import FrontdeskCore
@testable import FrontdeskUI

// A walk-up location's appointments in the console: `p` on the counter lists them; cancel asks
// first; reschedule and book go through pickers of the domain's free slots.

/// The Lobby (open all day, UTC, 15-minute slots of one place) with an appointment in every
/// state, booked two days before the clock's Tuesday 09:00:
/// - APT0000001 Zoë, today 10:00, booked;
/// - APT0000002 the hostile customer, today 11:30, booked;
/// - APT0000003 山田 太郎, tomorrow 09:15, cancelled;
/// - APT0000004 Kim Park, yesterday 14:00, missed (not listed: before today);
/// - APT0000005 Lee Chan, today 08:00, missed;
/// - APT0000006 Ola Berg, today 09:15, checked in at 08:50;
/// and `extra` more, tomorrow from 10:00, each for a customer of their own.
func appointmentsDesk(extra: Int = 0) -> Desk {
    var desk = emptyCounterDesk()
    var people = ChangeSet()
    people.customers = [Customer(id: "CUS0000004", name: "Kim Park", email: "kim@example.com"),
                        Customer(id: "CUS0000005", name: "Lee Chan", email: "lee@example.com"),
                        Customer(id: "CUS0000006", name: "Ola Berg", email: "ola@example.com")]
        + (0..<extra).map { Customer(id: Counters.format(.customer, 7 + $0), name: "Customer \($0)", email: "c\($0)@example.com") }
    people.counters = [.customer: 6 + extra]
    desk.apply(people)
    let booked = t0.adding(-2 * 86_400)
    func book(_ customer: String, _ at: Instant, _ reason: String) {
        desk.run(.bookAppointment(customer: customer, location: "lobby", at: at, reason: reason), by: "ana", at: booked)
    }
    book("CUS0000001", t0.adding(3600), "Laptop repair")
    book("CUS0000003", t0.adding(9000), "Password reset")
    book("CUS0000002", t0.adding(86_400 + 900), "Collect equipment")
    book("CUS0000004", t0.adding(-86_400 + 5 * 3600), "Other")
    book("CUS0000005", t0.adding(-3600), "Other")
    book("CUS0000006", t0.adding(900), "Laptop repair")
    desk.run(.cancelAppointment(id: "APT0000003"), by: "ana", at: booked)
    desk.run(.missAppointment(id: "APT0000004"), by: Desk.routingActor, at: t0.adding(-3600 * 12))
    desk.run(.missAppointment(id: "APT0000005"), by: Desk.routingActor)
    desk.run(.checkIn(location: "lobby", customer: "CUS0000006", guestName: nil, contact: nil, reason: "Laptop repair",
                      token: "token-for-ola-berg-abcdef", appointment: "APT0000006"), by: "walk-up", at: t0.adding(-600))
    for i in 0..<extra {
        book(Counters.format(.customer, 7 + i), t0.adding(86_400 + 3600 + Int64(i) * 900), "Other")
    }
    return desk
}

/// A console on `desk`'s counter, showing its appointments.
func appointmentsSession(width: Int = 80, height: Int = 24, desk: Desk = appointmentsDesk()) -> (ConsoleSession, MemorySource, TestClock) {
    let (session, source, clock) = counterSession(width: width, height: height, desk: desk)
    session.press(UIAction.appointments)
    return (session, source, clock)
}

extension ConsoleSession {
    /// Selects the listed appointment `id`.
    func selectAppointment(_ id: String) {
        press(UIAction.first)
        while state.appointments?.selectedID != id, state.appointments?.cursor.selected != (state.appointments?.ids.count ?? 0) - 1 {
            press(UIAction.moveDown)
        }
    }
}

/// The Lobby where no slot takes anybody any more (its capacity set to 0 after the bookings).
func noSlotDesk() -> Desk {
    var desk = appointmentsDesk()
    var queue = desk.queues["lobby"]!
    queue.walkUp?.slotCapacity = 0
    var change = ChangeSet()
    change.queues = [queue]
    desk.apply(change)
    return desk
}

struct AppointmentsUITests {
    struct Scene: Sendable, CustomTestStringConvertible {
        let name: String
        let desk: @Sendable () -> Desk
        let steps: @Sendable (ConsoleSession) -> Void
        var testDescription: String { name }
    }

    static let scenes: [Scene] = [
        Scene(name: "appointments-empty", desk: emptyCounterDesk) { _ in },
        Scene(name: "appointments-full", desk: { appointmentsDesk() }) { _ in },
        Scene(name: "appointments-cancel-asks", desk: { appointmentsDesk() }) { s in
            s.selectAppointment("APT0000002")
            s.press(UIAction.cancelAppointment)
        },
        Scene(name: "appointments-cancel-refused", desk: { appointmentsDesk() }) { s in
            s.selectAppointment("APT0000006")
            s.press(.character("c"))
        },
        Scene(name: "appointments-slot-picker", desk: { appointmentsDesk() }) { s in s.press(.rescheduleAppointment, .moveDown) },
        Scene(name: "appointments-slot-picker-none", desk: noSlotDesk) { $0.press(UIAction.rescheduleAppointment) },
        Scene(name: "appointments-slot-picker-filtered", desk: { appointmentsDesk() }) { s in
            s.press(UIAction.rescheduleAppointment)
            s.type("11-25 14")
        },
        Scene(name: "appointments-book-customer", desk: { appointmentsDesk() }) { $0.press(UIAction.bookAppointment) },
        Scene(name: "appointments-book-slot", desk: { appointmentsDesk() }) { s in
            s.press(.bookAppointment)
            s.type("山田")
            s.press(.confirm, .moveDown, .confirm)
        },
        Scene(name: "appointments-move-refused", desk: { appointmentsDesk() }) { s in
            s.press(.rescheduleAppointment, .moveDown)
            s.memory.changeElsewhere(.bookAppointment(customer: "CUS0000004", location: "lobby", at: t0.adding(1800), reason: "Other"),
                                     by: "sam")
            s.press(UIAction.confirm)
        },
        Scene(name: "appointments-long", desk: { appointmentsDesk(extra: 30) }) { $0.press(UIAction.last) },
        Scene(name: "appointments-help", desk: { appointmentsDesk() }) { $0.press(UIAction.help) },
    ]

    static let sizes = [(80, 24), (40, 12)]

    @Test(arguments: scenes, sizes)
    func snapshot(_ scene: Scene, _ size: (Int, Int)) {
        let (session, _, _) = appointmentsSession(width: size.0, height: size.1, desk: scene.desk())
        scene.steps(session)
        let text = session.screen
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{202E}"), "no control character reaches the grid")
        assertSnapshot(text, named: "\(scene.name)-\(size.0)x\(size.1)")
    }

    @Test func pOnTheCounterListsTodaysAndUpcomingAppointmentsInSlotOrder() throws {
        let (session, _, _) = appointmentsSession(width: 100)
        #expect(session.state.screen == .appointments && session.state.keyContext == .appointments)
        #expect(session.state.appointments?.ids == ["APT0000005", "APT0000006", "APT0000001", "APT0000002", "APT0000003"],
                "by slot, from today's first; yesterday's is not listed")
        let lines = session.screen.split(separator: "\n").map(String.init)
        let header = try #require(lines.first { $0.contains("SLOT") })
        for title in ["ID", "SLOT", "CUSTOMER", "REASON", "STATE"] { #expect(header.contains(title), "\(title) in \(header)") }
        #expect(lines[0].contains("Appointments · Lobby (5)") && lines[0].contains("times in UTC"), "\(lines[0])")
        let rows = lines.filter { $0.contains("APT000") }
        #expect(rows.count == 5)
        #expect(rows[0].contains("Tue 11-24 08:00") && rows[0].contains("Lee Chan") && rows[0].contains("Missed"))
        #expect(rows[1].contains("09:15") && rows[1].contains("Ola Berg") && rows[1].contains("Checked in"))
        #expect(rows[2].contains("10:00") && rows[2].contains("Zoë Müller") && rows[2].contains("Laptop repair") && rows[2].contains("Booked"))
        #expect(rows[3].contains("11:30") && rows[3].contains("Evil Corp") && rows[3].contains("Password reset"),
                "the hostile name without its escape sequences: \(rows[3])")
        #expect(!session.screen.contains("pwned"))
        #expect(rows[4].contains("Wed 11-25 09:15") && rows[4].contains("山田 太郎") && rows[4].contains("Cancelled"))
        #expect(session.render().style(of: "Zoë Müller") == .selected, "the first booked one is selected: the next to act on")
        #expect(session.render().style(of: "山田") == .dim, "a cancelled appointment is read, not acted on")
        session.press(UIAction.back)
        #expect(session.state.keyContext == .counter && session.state.appointments == nil, "Esc: back on the counter")
    }

    @Test func aRecordOpenedOverTheListGoesBackToIt() {
        let (session, _, _) = appointmentsSession()
        session.press(.character("n"))                    // a new interaction, from anywhere
        #expect(session.state.dialog != nil)
        session.press(UIAction.cancel)
        var state = session.state
        state.open("IMS0000001", from: nil)               // as an accepted offer or a created record opens
        _ = state.handle(.key(Bindings.key(for: .back, in: .record)!), desk: session.memory.desk)
        #expect(state.screen == .appointments && state.keyContext == .appointments, "back to the appointments it was opened over")
        _ = state.handle(.key(Bindings.key(for: .back, in: .appointments)!), desk: session.memory.desk)
        #expect(state.screen == .home && state.keyContext == .counter && state.appointments == nil)
    }

    @Test func theListFollowsTheDeskAndKeepsTheSelection() {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000001")
        source.changeElsewhere(.bookAppointment(customer: "CUS0000004", location: "lobby", at: t0.adding(600 * 3), reason: "Other"), by: "sam")
        session.tick()
        #expect(session.state.appointments?.ids.contains("APT0000007") == true)
        #expect(session.state.appointments?.selectedID == "APT0000001", "the selection stays on its appointment")
        #expect(session.screen.contains("Kim Park"))
    }

    @Test func cancelAsksNamingWhatItCancelsThenCancels() throws {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000001")
        let saved = source.saved.count
        session.press(UIAction.cancelAppointment)
        guard case .choice(let prompt)? = session.state.dialog else { Issue.record("cancel asks first"); return }
        #expect(prompt.title == "Cancel APT0000001?")
        #expect(prompt.message.contains("Zoë Müller") && prompt.message.contains("Tue 2026-11-24 10:00 UTC") && prompt.message.contains("Laptop repair"),
                "\(prompt.message)")
        #expect(prompt.options[prompt.safe].label == "Keep it")
        #expect(source.saved.count == saved, "asking saves nothing")
        session.press(.character("c"))      // "Cancel appointment" by its letter
        #expect(source.saved.last == .cancelAppointment(id: "APT0000001"))
        #expect(source.desk.appointments["APT0000001"]?.state == .cancelled)
        #expect(session.state.status?.text == "APT0000001 cancelled")
        #expect(session.state.appointments?.selectedID == "APT0000001", "still listed, as cancelled")
    }

    @Test func escapeOnTheCancelQuestionKeepsTheAppointment() {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000001")
        session.press(.cancelAppointment, .cancel)
        #expect(session.state.dialog == nil)
        #expect(source.desk.appointments["APT0000001"]?.state == .booked)
    }

    /// Refused by its binding (the domain's rule, before anything is asked) and refused at the
    /// save (another agent cancelled it meanwhile): the rule is said, the desk stays as it was.
    @Test func aRefusedCancelNamesTheRuleAndChangesNothing() throws {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000006")
        let before = source.desk.appointments
        session.press(.character("c"))
        #expect(session.state.dialog == nil, "nothing to ask")
        let refusal = try #require(session.state.status)
        #expect(refusal.isError && refusal.text.contains("it is checked in: only a booked appointment can be cancelled"), "\(refusal.text)")
        #expect(source.desk.appointments == before)
        #expect(!Bindings.hints(for: .appointments, session.state.scope(source.desk)).contains("c cancel"), "not offered on the hint line")

        session.selectAppointment("APT0000002")
        session.press(UIAction.cancelAppointment)
        source.changeElsewhere(.cancelAppointment(id: "APT0000002"), by: "sam")
        let saved = source.saved.count
        session.press(.character("c"))
        #expect(source.saved.count == saved, "nothing saved")
        #expect(session.state.status?.isError == true && session.state.status?.text.contains("only a booked appointment can be cancelled") == true,
                "\(session.state.status?.text ?? "")")
        #expect(source.desk.appointments["APT0000002"]?.version == 2, "as the other agent left it")
    }

    @Test func rescheduleOffersTheDomainsFreeSlotsAndMovesTheAppointment() throws {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000001")
        session.press(UIAction.rescheduleAppointment)
        guard case .picker(let prompt)? = session.state.dialog else { Issue.record("a slot picker"); return }
        let offered = source.desk.pickerItems(prompt).map(\.value)
        let free = source.desk.freeSlots(location: "lobby", at: t0, excluding: "APT0000001")
        #expect(offered == free.map { .slot($0.start) }, "the domain's free slots, in order")
        #expect(!offered.contains(.slot(t0.adding(3600))), "not its own slot")
        #expect(!offered.contains(.slot(t0.adding(900))), "not a slot taken")
        #expect(prompt.title == "Move APT0000001 (Tue 2026-11-24 10:00 UTC) to")
        session.type("11-25 14")
        session.press(.moveDown, .moveDown, .confirm)
        let target = Instant(CivilTime(year: 2026, month: 11, day: 25, hour: 14, minute: 15))
        #expect(source.saved.last == .rescheduleAppointment(id: "APT0000001", at: target))
        #expect(source.desk.appointments["APT0000001"]?.slotStart == target)
        #expect(session.state.dialog == nil)
        #expect(session.state.status?.text == "APT0000001 moved to 2026-11-25 14:15 UTC")
        #expect(session.state.appointments?.selectedID == "APT0000001", "the moved appointment stays selected, in its new place")
        #expect(session.state.appointments?.ids.last == "APT0000001")
    }

    @Test func aRefusedMoveSaysTheRuleAndThePickerKeepsItsPlace() throws {
        let (session, source, _) = appointmentsSession()
        session.selectAppointment("APT0000001")
        session.press(.rescheduleAppointment, .moveDown)       // the first free slot, 09:30
        guard case .picker(let before)? = session.state.dialog else { Issue.record("a slot picker"); return }
        source.changeElsewhere(.bookAppointment(customer: "CUS0000004", location: "lobby", at: t0.adding(1800), reason: "Other"), by: "sam")
        session.press(UIAction.confirm)
        let message = try #require(session.state.status)
        #expect(message.isError && message.text.contains("the slot at 2026-11-24 09:30 UTC is full (1 of 1 booked at lobby)"), "\(message.text)")
        #expect(session.state.dialog == .picker(before), "the picker, on the same slot")
        #expect(source.desk.appointments["APT0000001"]?.slotStart == t0.adding(3600), "not moved")
    }

    @Test func bookPicksACustomerAReasonAndAFreeSlot() throws {
        let (session, source, _) = appointmentsSession()
        session.press(UIAction.bookAppointment)
        guard case .picker(let customers)? = session.state.dialog else { Issue.record("a customer picker"); return }
        #expect(!source.desk.pickerItems(customers).contains { $0.value == .newCustomer }, "existing customers only")
        session.type("山田")
        session.press(UIAction.confirm)        // the only match
        guard case .picker(let reasons)? = session.state.dialog else { Issue.record("a reason picker"); return }
        #expect(source.desk.pickerItems(reasons).map(\.label) == WalkUpSettings.defaultReasons)
        session.press(.moveDown, .moveDown, .confirm)
        guard case .picker(let slots)? = session.state.dialog else { Issue.record("a slot picker"); return }
        #expect(slots.title == "Book for 山田 太郎 (Password reset): the slot, UTC")
        session.press(.moveDown, .confirm)
        #expect(source.saved.last == .bookAppointment(customer: "CUS0000002", location: "lobby", at: t0.adding(1800), reason: "Password reset"))
        #expect(source.desk.appointments["APT0000007"]?.customer == "CUS0000002")
        #expect(session.state.appointments?.selectedID == "APT0000007", "the new appointment is selected")
    }

    @Test func aRefusedBookingSaysTheRuleAndKeepsTheSlotPicker() throws {
        let (session, source, _) = appointmentsSession()
        session.press(UIAction.bookAppointment)
        session.type("Zoë")
        session.press(.confirm, .moveDown, .confirm, .moveDown)
        guard case .picker(let slots)? = session.state.dialog else { Issue.record("a slot picker"); return }
        let before = source.desk.appointments
        session.press(UIAction.confirm)
        #expect(session.state.status?.text.contains("already holds APT0000001; one open appointment per customer") == true,
                "\(session.state.status?.text ?? "")")
        #expect(session.state.dialog == .picker(slots))
        #expect(source.desk.appointments == before)
    }

    /// The hint line offers only what may run, for an appointment in each state: each hinted
    /// key is pressed and the command it leads to is planned against the desk.
    @Test(arguments: ["APT0000001", "APT0000003", "APT0000005", "APT0000006"])
    func everyHintedAppointmentActionIsAllowed(_ id: String) {
        let desk = appointmentsDesk()
        var state = ConsoleState(agent: "ana", storeLabel: "store", now: t0, width: 220, height: 40)
        state.reloadRows(desk)
        _ = state.handle(.key(.character("7")), desk: desk)
        _ = state.handle(.key(Bindings.key(for: .appointments, in: .counter)!), desk: desk)
        let row = state.appointments?.ids.firstIndex(of: id)
        state.appointments?.cursor.selected = row
        let hints = Bindings.hintBindings(for: .appointments, state.scope(desk))
        for (binding, hint) in hints {
            var pressed = state
            _ = pressed.handle(.key(binding.keys[0]), desk: desk)
            #expect(pressed.status?.isError != true, "\(id): “\(hint)” is hinted but refused: \(pressed.status?.text ?? "")")
        }
        let words = Set(hints.map(\.hint)).intersection(["cancel", "reschedule", "book"])
        #expect(words == (id == "APT0000001" ? ["cancel", "reschedule", "book"] : ["book"]), "\(id): \(words.sorted())")
    }

    @Test func helpListsTheAppointmentKeys() {
        let (session, _, _) = appointmentsSession(width: 100, height: 60)
        session.press(UIAction.help)
        let text = session.screen
        #expect(text.contains("Keys · appointments"))
        for words in ["cancel the selected appointment", "reschedule the selected", "book an appointment here", "back to the counter"] {
            #expect(text.contains(words), "\(words)")
        }
        let (counter, _, _) = counterSession(width: 100, height: 60)
        counter.press(UIAction.help)
        #expect(counter.screen.contains("this location's appointments"))
    }

    @Test(arguments: [(80, 24), (40, 12)], [false, true])
    func everyMovementKeyOnTheList(_ size: (Int, Int), _ full: Bool) {
        for sequence in movementSequences {
            let (session, _, _) = appointmentsSession(width: size.0, height: size.1,
                                                      desk: full ? appointmentsDesk(extra: 30) : emptyCounterDesk())
            for key in sequence {
                session.press(key)
                #expect(session.state.keyContext == .appointments, "moving stays on the list")
                let shown = session.state.appointments!
                #expect(shown.ids.isEmpty ? shown.cursor.selected == nil : shown.cursor.selected.map(shown.ids.indices.contains) == true)
            }
            let shown = session.state.appointments!
            if let selected = shown.cursor.selected {
                #expect(selected >= shown.cursor.top && selected < shown.cursor.top + session.state.listHeight, "the selection is in view")
                let y = session.state.layout.body.y + selected - shown.cursor.top
                #expect(session.render()[1, y].style == .selected, "the selected row is drawn selected")
            } else {
                #expect(!full)
                #expect(session.screen.contains("No appointments at Lobby"))
            }
        }
    }

    @Test(arguments: [(80, 24), (40, 12)], [false, true])
    func everyMovementKeyOnTheSlotPicker(_ size: (Int, Int), _ full: Bool) {
        for sequence in movementSequences {
            let (session, source, _) = appointmentsSession(width: size.0, height: size.1, desk: full ? appointmentsDesk() : noSlotDesk())
            session.selectAppointment("APT0000001")
            session.press(UIAction.rescheduleAppointment)
            for key in sequence {
                session.press(key)
                guard case .picker(let prompt)? = session.state.dialog else {
                    Issue.record("\(sequence) at \(size): the picker stays open"); return
                }
                let count = source.desk.pickerItems(prompt).count
                #expect(prompt.selected >= SearchList.none && prompt.selected < max(1, count), "\(prompt.selected) of \(count)")
            }
            #expect(source.desk.appointments["APT0000001"]?.slotStart == t0.adding(3600), "moving moves nothing")
            if !full { #expect(session.screen.contains("No free slot at lobby")) }
        }
    }
}

/// The update function alone: what cancel and reschedule hand the runner, and that a refusal
/// from the store leaves the desk as it was.
struct AppointmentsUpdateTests {
    func state(_ desk: Desk, selecting id: String) -> ConsoleState {
        var s = ConsoleState(agent: "ana", storeLabel: "store", now: t0)
        s.reloadRows(desk)
        _ = s.handle(.key(.character("7")), desk: desk)
        _ = s.handle(.key(Bindings.key(for: .appointments, in: .counter)!), desk: desk)
        let row = s.appointments?.ids.firstIndex(of: id)
        s.appointments?.cursor.selected = row
        return s
    }

    @Test func cancelDispatchesCancelAppointment() {
        let desk = appointmentsDesk()
        var s = state(desk, selecting: "APT0000002")
        #expect(s.handle(.key(.character("c")), desk: desk).isEmpty, "asks first")
        let effects = s.handle(.key(.character("y")), desk: desk)
        #expect(effects == [.perform(.cancelAppointment(id: "APT0000002"), .stay)])
    }

    @Test func rescheduleDispatchesRescheduleAppointmentAndCarriesThePicker() {
        let desk = appointmentsDesk()
        var s = state(desk, selecting: "APT0000002")
        _ = s.handle(.key(.character("s")), desk: desk)
        _ = s.handle(.key(.down), desk: desk)
        let picker = s.dialog
        let effects = s.handle(.key(.enter), desk: desk)
        let first = desk.freeSlots(location: "lobby", at: t0, excluding: "APT0000002")[0].start
        #expect(effects == [.perform(.rescheduleAppointment(id: "APT0000002", at: first), .stay)])
        #expect(effects.first?.returnTo == picker, "a refusal brings the picker back")
    }

    @Test func aRefusalFromTheStoreLeavesTheDeskAsItWas() throws {
        let desk = appointmentsDesk()
        let source = MemorySource(desk)
        let session = ConsoleSession(source: source, clock: TestClock(t0), agent: "ana", storeLabel: "store", width: 80, height: 24)
        session.send(.key(.character("7")))
        session.press(UIAction.appointments)
        session.selectAppointment("APT0000005")
        // The missed appointment's keys are refused before anything is asked; the commands
        // themselves, saved anyway, are refused by the store and change nothing.
        for command in [DeskCommand.cancelAppointment(id: "APT0000005"),
                        .rescheduleAppointment(id: "APT0000005", at: t0.adding(7200))] {
            #expect(throws: DomainError.self) { try source.perform(command, by: "ana", clock: TestClock(t0)) }
        }
        #expect(source.desk.appointments == desk.appointments)
        #expect(source.saved.isEmpty)
        session.press(.character("s"))
        #expect(session.state.dialog == nil)
        #expect(session.state.status?.text.contains("it is missed: only a booked appointment can be rescheduled") == true)
    }
}
