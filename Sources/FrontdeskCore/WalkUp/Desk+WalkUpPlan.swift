/// Planning the walk-up counter's commands: check-in, calling a visitor, closing a no-show.
extension Desk {
    /// The settings of a location a command names, or the refusal.
    func location(_ id: String) throws(DomainError) -> (Queue, WalkUpSettings) {
        guard let q = queues[id], let s = q.walkUp else {
            throw .notFound(kind: "walk-up location", key: id)
        }
        return (q, s)
    }

    /// A visitor checks in, for `appointment` when they have one. The check-in notice names the
    /// place the visit has once the check-in is saved (an on-time appointment ranks ahead).
    func planCheckIn(location id: String, customer: String?, guestName: String?, contact: String?, reason: String, token: String,
                     appointment: String? = nil, by actor: String, at now: Instant, counters: inout Counters) throws(DomainError) -> CommandResult {
        let (q, s) = try location(id)
        guard isGateway(actor) || actingAgent(actor) != nil else { throw notAnAgent(actor, "check a visitor in at \(id)") }
        guard q.serves(.walkUp) else { throw .queueDoesNotServe(queue: id, type: .walkUp) }
        let zone = zone(ofLocation: id)
        let status = locationStatus(location: id, at: now, zone: zone)
        switch status {
        case .open: break
        case .closed(let message): throw .walkUp(location: id, rule: "it is closed: " + message)
        case .checkInEnded(let message): throw .walkUp(location: id, rule: "check-in has ended: " + message)
        }
        guard let chosen = try visitReason(reason, at: id) else { throw .emptyText(field: "reason for visit") }
        // The status link's token: long enough not to be guessed, and safe in a URL.
        guard (16...128).contains(token.utf8.count),
              token.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") }) else {
            throw .invalidValue(field: "status token", value: String(token.prefix(20)), allowed: ["16 to 128 letters, digits, - and _"])
        }
        guard !interactions.indices.contains(where: { interactions.head(at: $0).statusToken == token }) else { throw .duplicate(kind: "status token", key: "…") }
        // Who came: a customer named outright, else the one the contact belongs to, else a guest.
        let address = try visitorContact(contact)
        var openedFor: String?
        if let customer = customer?.trimmedWhitespace, !customer.isEmpty {
            openedFor = try resolveCustomer(customer).id
        } else if let address {
            switch address.channel {
            case "email": openedFor = self.customer(withEmail: address.recipient)?.id
            default: if case let owners = customers(withPhone: address.recipient), owners.count == 1 { openedFor = owners[0] }
            }
        }
        var guest: String?
        if openedFor == nil {
            guard s.guestCheckIn else {
                let unmatched = address.map { "no customer has that \($0.channel == "email" ? "email" : "phone number")" } ?? "no email or phone number was given"
                throw .walkUp(location: id, rule: "guest check-in is off and \(unmatched); give the email or phone number the desk knows you by")
            }
            let name = (guestName ?? "").trimmedWhitespace
            guard !name.isEmpty else { throw .emptyText(field: "name") }
            guard name.count <= 100 else {
                throw .invalidValue(field: "name", value: String(name.prefix(20)) + "…", allowed: ["at most 100 characters"])
            }
            guest = TextSanitizer.clean(name)
        }
        let number = counters.next(.interaction)
        var changes = ChangeSet()
        let ticket = takeTicket(location: id, at: now, zone: zone, changes: &changes)
        var r = Interaction(number: number, type: .walkUp, state: .queued, openedFor: openedFor, queue: id,
                            shortDescription: chosen, openedAt: now,
                            history: [AuditEntry(at: now, by: actor, change: .created(state: .queued))],
                            reason: chosen, ticket: ticket, statusToken: token, guestName: guest)
        if let address { r.history.append(AuditEntry(at: now, by: actor, change: .caller(address.recipient))) }
        var booked = ""
        if let appointment {
            let attached = try attachAppointment(appointment, to: r, location: id, by: actor, at: now, counters: &counters)
            r = attached.visit
            changes.put(attached.appointment)
            booked = "; appointment \(appointment) at \(zone.local(attached.appointment.slotStart).clock)"
        }
        changes.put(r)
        let position = waitingPosition(of: r.number, at: id, after: changes) ?? 1
        let estimate = estimatedWait(location: id, position: position, at: now, zone: zone)
        sendNotice(.checkedIn, on: &r, settings: s, values: ["position": String(position), "eta": estimate.text],
                   detail: String(position), by: actor, at: now, counters: &counters)
        changes.put(r)
        return CommandResult(changes: changes, subject: r.number,
                             summary: "\(ticket) (\(r.number)) checked in at \(id): number \(position), \(estimate.text)" + booked)
    }

    func planCallVisitor(location id: String, number: String?, agent login: String, by actor: String,
                         at now: Instant, counters: inout Counters) throws(DomainError) -> CommandResult {
        let (_, s) = try location(id)
        if login != actor { try requireSupervisor(actor, to: "call a visitor to another agent's desk") }
        guard let agent = actingAgent(login) else { throw notAnAgent(login, "call a visitor at \(id)") }
        let original: Interaction
        if let number {
            let r = try record(number, nil)
            guard r.type == .walkUp, r.queue == id, r.isWaiting else {
                throw .walkUp(location: id, rule: "\(number) is not waiting here (\(r.state.display)\(r.queue.map { ", queue \($0)" } ?? ""))")
            }
            original = r
        } else {
            // The first who has not been called; when everyone has, the first again.
            let waiting = waitingRecords(at: id)
            guard let next = waiting.first(where: { $0.callCount == 0 }) ?? waiting.first else {
                throw .walkUp(location: id, rule: "nobody is waiting")
            }
            original = next
        }
        _ = try authorize(login, "call", on: original)
        var r = original
        let desk = agent.desk ?? agent.displayName
        r.history.append(AuditEntry(at: now, by: actor, change: .called(agent: login, desk: desk)))
        sendNotice(.called, on: &r, settings: s, values: ["desk": desk], detail: desk, by: actor, at: now, counters: &counters)
        r.version += 1
        var changes = ChangeSet(); changes.put(r)
        let count = r.callCount
        return CommandResult(changes: changes, subject: r.number,
                             summary: "\(r.ticket ?? r.number) (\(r.number)) called to \(desk)" + (count > 1 ? " (call \(count))" : ""))
    }

    func planNoShow(_ number: String, by actor: String, at now: Instant, counters: inout Counters) throws(DomainError) -> CommandResult {
        let original = try record(number, nil)
        guard original.type == .walkUp, let id = original.queue, let s = walkUpSettings(id) else {
            throw .invalidValue(field: "record for a no-show", value: number, allowed: ["a walk-up waiting at a walk-up location"])
        }
        let takenFrom = try authorize(actor, "close as a no-show", on: original)
        guard original.isWaiting else {
            throw .walkUp(location: id, rule: "\(number) is not waiting (\(original.state.display)); only a waiting visitor can be a no-show")
        }
        guard original.callCount >= s.noShowAfterCalls else {
            throw .walkUp(location: id, rule: "\(original.ticket ?? number) was called \(original.callCount) time\(original.callCount == 1 ? "" : "s"); "
                          + "a visitor may be closed as a no-show after \(s.noShowAfterCalls) call\(s.noShowAfterCalls == 1 ? "" : "s")")
        }
        var result = try planTransition(.abandon, on: original, by: actor, at: now)
        guard var r = result.changes.interactions.first(where: { $0.number == number }) else { return result }
        r.workNotes.append(WorkNote(author: actor, at: now, text: s.noShowReason))
        sendNotice(.noShow, on: &r, settings: s, values: [:], detail: nil, by: actor, at: now, counters: &counters)
        result.changes.put(r)
        result.changes.noteTakeover(of: original, from: takenFrom, by: actor, at: now)
        result.summary = "\(original.ticket ?? number) (\(number)) closed abandoned: \(s.noShowReason)"
        return result
    }

    func planSetAgentDesk(_ login: String, desk: String?, by actor: String) throws(DomainError) -> CommandResult {
        if login != actor { try requireSupervisor(actor, to: "set another agent's desk") }
        guard var agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
        let clean = desk.map { TextSanitizer.clean($0).trimmedWhitespace }.flatMap { $0.isEmpty ? nil : String($0.prefix(40)) }
        guard clean != agent.desk else { throw .noChange(number: login, field: "desk") }
        agent.desk = clean
        var changes = ChangeSet(); changes.agents = [agent]
        return CommandResult(changes: changes, subject: login, summary: "\(login): desk \(clean ?? "(none)")")
    }

    /// A reason for visit as stored: at a walk-up location one of its reasons, as the location
    /// spells it; elsewhere the text (at most 100 characters). Nil when none is given.
    func visitReason(_ typed: String?, at queue: String?) throws(DomainError) -> String? {
        let text = TextSanitizer.clean(typed ?? "").trimmedWhitespace
        guard !text.isEmpty else { return nil }
        guard let s = queue.flatMap(walkUpSettings), !s.reasons.isEmpty else { return String(text.prefix(100)) }
        guard let match = s.reasons.first(where: { $0.lowercased() == text.lowercased() }) else {
            throw .invalidValue(field: "reason for visit at \(queue ?? "")", value: String(text.prefix(40)), allowed: s.reasons)
        }
        return match
    }

    /// A contact typed at check-in as where messages go: an email (`email:`), else a phone
    /// number (`sms:`, E.164). Nil when none was given.
    func visitorContact(_ contact: String?) throws(DomainError) -> ReplyAddress? {
        guard let text = contact?.trimmedWhitespace, !text.isEmpty else { return nil }
        guard text.count <= 200 else { throw .invalidValue(field: "email or phone", value: String(text.prefix(20)) + "…", allowed: ["an email address or a phone number"]) }
        if text.contains("@") {
            guard TextSanitizer.isClean(text), !text.contains(" ") else {
                throw .invalidValue(field: "email", value: String(text.prefix(40)), allowed: ["an address with @"])
            }
            return ReplyAddress(channel: "email", recipient: text)
        }
        return ReplyAddress(channel: "sms", recipient: try PhoneNumber.normalize(text, defaultCountry: config.defaultCountry))
    }
}
