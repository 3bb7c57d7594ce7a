extension Desk {
    /// Works out what `command` changes, by `actor` (an agent login, or a channel such as
    /// `sms` for intake) at `now`, without changing the desk. A refusal throws and changes nothing.
    ///
    /// A record's history never runs backwards: when `now` is earlier than the last change
    /// of a record the command touches, the change is recorded at that last change instead,
    /// and `clockNote` says so.
    public func plan(_ command: DeskCommand, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var result = try planAsOf(command, by: actor, at: now)
        addWalkUpNotices(to: &result, by: actor, at: result.at)
        addSurveys(to: &result, by: actor, at: result.at)
        try requireSeparateLogins(after: result.changes)
        let latest = result.changes.interactions.compactMap { interaction($0.number) }.max { $0.lastChangeAt < $1.lastChangeAt }
        if let latest, latest.lastChangeAt > now {
            result = try planAsOf(command, by: actor, at: latest.lastChangeAt)
            addWalkUpNotices(to: &result, by: actor, at: result.at)
            addSurveys(to: &result, by: actor, at: result.at)
            result.clockNote = "the clock reads \(now.iso8601), \(now.seconds(until: latest.lastChangeAt)) s before "
                + "\(latest.number)'s last change; recorded at \(latest.lastChangeAt.iso8601) instead"
        }
        return result
    }

    private func planAsOf(_ command: DeskCommand, by actor: String, at now: Instant) throws(DomainError) -> CommandResult {
        var counters = self.counters
        var result: CommandResult
        switch command {
        case let .create(type, openedFor, queue, short, accept):
            // Creating and accepting assigns the record to its creator: an agent.
            if accept, actingAgent(actor) == nil { throw notAnAgent(actor, "create and accept an interaction") }
            result = try planCreate(type: type, openedFor: openedFor, queue: queue, short: short, accept: accept,
                                    text: nil, by: actor, at: now, counters: &counters)
        case let .intake(type, openedFor, queue, text, caller):
            var customer = openedFor
            var from: String?
            if let caller = caller?.trimmedWhitespace, !caller.isEmpty {
                // A phone number is kept in E.164 and matched to the customer it belongs to;
                // a chat handle is kept as typed.
                let number = type == .phone ? try PhoneNumber.normalize(caller, defaultCountry: config.defaultCountry)
                                            : PhoneNumber.normalizedOrNil(caller, defaultCountry: config.defaultCountry)
                from = number ?? caller
                if customer == nil, let number, case let owners = customers(withPhone: number), owners.count == 1 { customer = owners[0] }
                // A chat handle remembered on a customer is theirs, as a number is.
                if customer == nil, type == .chat { customer = self.customer(withChatHandle: from ?? caller)?.id }
            }
            // The same chat handle again, or the same customer, while their chat is open: the
            // message joins it, as messages join a messaging contact.
            if type == .chat, let open = from.flatMap(openChat(from:)) ?? customer.flatMap(openChat(ofCustomer:)) {
                result = joinChat(open, text: text, from: customer ?? from ?? actor, by: actor, at: now)
            } else {
                result = try planCreate(type: type, openedFor: customer, queue: queue, short: "", accept: false,
                                        text: text, from: from, by: actor, at: now, counters: &counters)
                if type == .chat, let from, let customer, let r = result.changes.interactions.first {
                    rememberChatHandle(from, of: r, for: customer, in: &result.changes)
                }
            }
        case let .intakeMessage(channel, identifier, text, queue):
            result = try planMessage(channel: channel, identifier: identifier, text: text, queue: queue,
                                     at: now, counters: &counters)
        case let .transition(number, transition, expected):
            let r = try record(number, expected)
            let takenFrom = try authorize(actor, transition.verb, on: r)
            result = try planTransition(transition, on: r, by: actor, at: now)
            result.changes.noteTakeover(of: r, from: takenFrom, by: actor, at: now)
        case let .edit(number, edits, expected):
            let r = try record(number, expected)
            let takenFrom = try authorize(actor, "save", on: r)
            result = try planEdit(edits, on: r, by: actor, at: now)
            result.changes.noteTakeover(of: r, from: takenFrom, by: actor, at: now)
        case let .addNote(number, text, expected):
            var r = try record(number, expected)
            // A supervisor may add a note to anyone's record; it stays theirs, so a note is no
            // takeover (the note names its author).
            _ = try authorize(actor, "add a work note to", on: r)
            let clean = text.givenText
            guard !clean.isEmpty else { throw .emptyText(field: "work note") }
            guard r.state.isOpen else { throw .recordClosed(number: number, state: r.state, operation: "add a work note to") }
            r.workNotes.append(WorkNote(author: actor, at: now, text: clean))
            r.version += 1
            var changes = ChangeSet(); changes.put(r)
            result = CommandResult(changes: changes, subject: number, summary: "\(number): work note added")
        case let .createTask(number, kind, expected):
            let r = try record(number, expected)
            let takenFrom = try authorize(actor, "create a related task from", on: r)
            result = try planCreateTask(kind, on: r, by: actor, at: now, counters: &counters)
            result.changes.noteTakeover(of: r, from: takenFrom, by: actor, at: now)
        case let .linkTask(number, taskNumber, expected):
            let r = try record(number, expected)
            let takenFrom = try authorize(actor, "associate a task with", on: r)
            result = try planLinkTask(taskNumber, on: r, by: actor, at: now)
            result.changes.noteTakeover(of: r, from: takenFrom, by: actor, at: now)
        case let .addCustomer(name, email, phone, company, vip, allowDuplicate):
            result = try planAddCustomer(name: name, email: email, phone: phone, company: company, vip: vip,
                                         allowDuplicate: allowDuplicate, counters: &counters)
        case let .editCustomer(id, details):
            result = try planEditCustomer(id, details)
        case let .withNewCustomer(details, then):
            // Planned on a copy that already has the customer, so `then` sees them; the two
            // change sets become one, saved as one journal line.
            var scratch = self
            let added = try scratch.planAsOf(.addCustomer(name: details.name, email: details.email, phone: details.phone,
                                                          company: details.company, vip: details.vip), by: actor, at: now)
            scratch.apply(added.changes)
            guard let id = added.subject, let next = then.naming(newCustomer: id) else {
                throw .invalidValue(field: "command after a new customer", value: "\(then)", allowed: ["one that names the new customer"])
            }
            let done = try scratch.planAsOf(next, by: actor, at: now)
            var changes = added.changes
            changes.merge(done.changes)
            result = CommandResult(changes: changes, subject: done.subject, summary: "\(added.summary); \(done.summary)", intake: done.intake)
        case let .linkProfile(profileID, customerID):
            result = try planLinkProfile(profileID, to: customerID, by: actor, at: now)
        case let .addQueue(id, name, channels, target):
            try requireSupervisor(actor, to: "add a queue")
            result = try planAddQueue(id: id, name: name, channels: channels, target: target)
        case let .ensureAgent(login, displayName):
            var changes = ChangeSet()
            if agents[login] == nil {
                guard config.selfRegistration else { throw .selfRegistrationOff(login: login) }
                let queue = queues[config.defaultQueue] == nil ? [] : [config.defaultQueue]
                changes.agents = [Agent(login: login, displayName: displayName, queues: queue, presence: Agent.newPresence)]
            }
            result = CommandResult(changes: changes, subject: login, summary: "agent \(login)")
        case let .claimSupervision(login):
            var changes = ChangeSet()
            if !hasSupervisor {
                var agent = agents[login] ?? Agent(login: login, displayName: login,
                                                   queues: queues[config.defaultQueue] == nil ? [] : [config.defaultQueue],
                                                   presence: Agent.newPresence)
                agent.role = .supervisor
                changes.agents = [agent]
            }
            result = CommandResult(changes: changes, subject: login,
                                   summary: changes.isEmpty ? "\(login): no change" : "\(login) is this desk's supervisor (it had none)")
        case let .addAgent(login, displayName, queueIDs, role):
            try requireSupervisor(actor, to: "add agents")
            let clean = login.trimmedWhitespace
            guard !clean.isEmpty else { throw .emptyText(field: "agent login") }
            guard agents[clean] == nil else { throw .duplicate(kind: "agent", key: clean) }
            for id in queueIDs where queues[id] == nil { throw .notFound(kind: "queue", key: id) }
            var changes = ChangeSet()
            changes.agents = [Agent(login: clean, displayName: displayName.isEmpty ? clean : displayName, queues: queueIDs,
                                    presence: Agent.newPresence, role: role)]
            result = CommandResult(changes: changes, subject: clean, summary: "agent \(clean) added")
        case let .updateAgent(login, displayName, queueIDs, role):
            try requireSupervisor(actor, to: "change agents")
            guard var agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
            for id in queueIDs ?? [] where queues[id] == nil { throw .notFound(kind: "queue", key: id) }
            if let displayName { agent.displayName = displayName.trimmedWhitespace.isEmpty ? login : displayName.trimmedWhitespace }
            if let queueIDs { agent.queues = queueIDs }
            if let role {
                // A desk always keeps a supervisor.
                if role == .agent, agent.isSupervisor, !agents.values.contains(where: { $0.isSupervisor && $0.login != login }) {
                    throw .invalidValue(field: "role for \(login)", value: role.rawValue, allowed: ["supervisor (the desk's only one)"])
                }
                agent.role = role
            }
            guard agent != agents[login] else { throw .noChange(number: login, field: "agent") }
            var changes = ChangeSet(); changes.agents = [agent]
            result = CommandResult(changes: changes, subject: login,
                                   summary: "agent \(login): \(agent.displayName), \(agent.role.rawValue), queues \(agent.queues.joined(separator: ", "))")
        case let .setAgentDisabled(login, disabled):
            result = try planSetAgentDisabled(login, disabled, by: actor, at: now)
        case let .setPresence(login, presence):
            if login != actor { try requireSupervisor(actor, to: "set another agent's presence") }
            guard var agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
            if agent.disabled { throw .agentDisabled(login: login, operation: "set the presence of \(login)") }
            agent.setPresence(presence, by: actor, at: now)
            var changes = ChangeSet(); changes.agents = [agent]
            result = CommandResult(changes: changes, subject: login, summary: "\(login) is \(presence.display)")
        case let .setConfig(key, value):
            try requireSupervisor(actor, to: "change the desk's settings")
            result = try planConfig(key: key, value: value)
        case let .offerRecord(number, agent):
            result = try planOffer(number, to: agent, by: actor, at: now)
        case let .reroute(number):
            result = try planReroute(number, by: actor, at: now)
        case let .timeOutOffer(number):
            result = try planOfferTimeout(number, by: actor, at: now)
        case let .rejectOffer(number, reason):
            result = try planRejectOffer(number, reason: reason, by: actor, at: now)
        case let .expireWrapUp(number):
            result = try planWrapUpExpiry(number, by: actor, at: now)
        case let .wrapUpPart(number, code, notes):
            result = try planWrapUpPart(number, code: code, notes: notes, by: actor, at: now)
        case let .expireWrapUpPart(number, agent):
            result = try planWrapUpPartExpiry(number, agent: agent, by: actor, at: now)
        case let .reply(number, text):
            result = try planReply(number, text: text, by: actor, at: now, counters: &counters)
        case let .replyDelivered(id):
            result = try planReplyDelivered(id, by: actor, at: now)
        case let .replyFailed(id, reason):
            result = try planReplyFailed(id, reason: reason, by: actor, at: now)
        case let .retryReply(id):
            result = try planRetryReply(id, by: actor, at: now)
        case let .checkIn(location, customer, guestName, contact, reason, token, appointment):
            // A visitor with an appointment is its customer, unless they say who they are.
            let who = customer ?? appointment.flatMap { appointments[$0]?.customer }
            result = try planCheckIn(location: location, customer: who, guestName: guestName, contact: contact, reason: reason,
                                     token: token, appointment: appointment, by: actor, at: now, counters: &counters)
        case let .callVisitor(location, number, agent):
            result = try planCallVisitor(location: location, number: number, agent: agent, by: actor, at: now, counters: &counters)
        case let .noShow(number):
            result = try planNoShow(number, by: actor, at: now, counters: &counters)
        case let .setAgentDesk(login, desk):
            result = try planSetAgentDesk(login, desk: desk, by: actor)
        case let .rate(number, score, comment, token):
            result = try planRate(number, score: score, comment: comment, token: token, by: actor, at: now)
        case .bookAppointment, .cancelAppointment, .rescheduleAppointment, .openAppointment, .missAppointment:
            result = try planAppointment(command, by: actor, at: now, counters: &counters)
        case let .setCapacity(login, type, value):
            if login != actor { try requireSupervisor(actor, to: "set another agent's capacity") }
            guard var agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
            if let value, !(0...100).contains(value) {
                throw .invalidValue(field: "capacity for \(type.rawValue)", value: String(value), allowed: ["0 to 100"])
            }
            agent.capacity[type] = value
            var changes = ChangeSet(); changes.agents = [agent]
            result = CommandResult(changes: changes, subject: login,
                                   summary: "\(login): \(type.rawValue) capacity \(value.map(String.init) ?? "the desk's (\(config.routing.capacity[type] ?? 1))")")
        }
        for (prefix, value) in counters.last where value != (self.counters.last[prefix] ?? 0) {
            result.changes.counters[prefix] = value
        }
        result.at = now
        return result
    }

    /// The record, checked against the version the caller saw.
    func record(_ number: String, _ expectedVersion: Int?) throws(DomainError) -> Interaction {
        guard let r = interaction(number) else { throw .notFound(kind: "interaction", key: number) }
        if let expectedVersion, expectedVersion != r.version {
            throw .conflict(number: number, expectedVersion: expectedVersion, currentVersion: r.version,
                            lastChange: r.history.last.map { describe($0, of: r) })
        }
        return r
    }

    // MARK: Creation

    private func planCreate(type: InteractionType, openedFor: String?, queue: String?, short: String, accept: Bool,
                            text: String?, from caller: String? = nil, by actor: String, at now: Instant,
                            counters: inout Counters) throws(DomainError) -> CommandResult {
        if type == .phone && !config.phoneChannel { throw .phoneChannelDisabled }
        // `other` is a channel the desk does not serve: only an import brings one.
        if type == .other { throw .invalidValue(field: "interaction type", value: type.rawValue, allowed: InteractionType.allCases.map(\.rawValue)) }
        if let openedFor, customers[openedFor] == nil { throw .notFound(kind: "customer", key: openedFor) }
        let queueID = try routeQueue(queue, for: type, agent: accept ? actor : nil)
        let number = counters.next(.interaction)
        var r = Interaction(number: number, type: type, openedFor: openedFor, queue: queueID,
                            shortDescription: short.givenText, openedAt: now,
                            history: [AuditEntry(at: now, by: actor, change: .created(state: accept ? .new : .queued))])
        // Not taken at once, it is routed to its queue: Queued, waiting for an agent.
        if !accept { r.state = .queued }
        if let caller {
            r.history.append(AuditEntry(at: now, by: actor, change: .caller(caller)))
        }
        if let text = text?.givenText, !text.isEmpty {
            r.transcript.append(TranscriptLine(from: openedFor ?? caller ?? actor, at: now, text: text))
        }
        if accept {
            r.state = .workInProgress
            r.assignedTo = actor
            r.history.append(AuditEntry(at: now, by: actor, change: .state(from: .new, to: .workInProgress)))
            r.history.append(AuditEntry(at: now, by: actor, change: .assigned(from: nil, to: actor)))
        }
        var changes = ChangeSet(); changes.put(r)
        let verb = accept ? "created and accepted" : "created in queue \(queueID)"
        return CommandResult(changes: changes, subject: number, summary: "\(number) \(verb)")
    }

    /// Said when `actor` accepting `r` takes them over their capacity in its channel. As in
    /// ServiceNow's Advanced Work Assignment, capacity bounds what routing offers; work taken
    /// by hand from the queue may go over it, agents' and supervisors' alike, and is said so
    /// (the board shows the load against capacity).
    func overCapacityNote(accepting r: Interaction, by actor: String) -> String? {
        guard let agent = agents[actor] else { return nil }
        // An offer to them already counts against their capacity; accepting it adds nothing.
        let held = (load(of: actor)[r.type] ?? 0) + (r.pendingOffer?.agent == actor ? 0 : 1)
        let capacity = capacity(of: agent, for: r.type)
        guard held > capacity else { return nil }
        return "; over capacity: \(actor) now holds \(held) \(r.type.display) record\(held == 1 ? "" : "s") against a capacity of \(capacity)"
    }

    /// The queue a new record goes to: the one named, else the agent's first queue serving
    /// the type, else the desk's default queue, else any queue serving the type.
    private func routeQueue(_ named: String?, for type: InteractionType, agent: String?) throws(DomainError) -> String {
        if let named {
            guard let q = queues[named] else { throw .notFound(kind: "queue", key: named) }
            guard q.serves(type) else { throw .queueDoesNotServe(queue: named, type: type) }
            return named
        }
        if let agent, let mine = agents[agent]?.queues.first(where: { queues[$0]?.serves(type) == true }) {
            return mine
        }
        if let q = queues[config.defaultQueue], q.serves(type) { return q.id }
        if let any = queues.values.filter({ $0.serves(type) }).map(\.id).sorted().first { return any }
        throw .notFound(kind: "queue serving", key: type.rawValue)
    }

    /// The open chat of a chat handle (who chatted, as the chat gateway names them).
    func openChat(from handle: String) -> Interaction? {
        interactions.records { $0.type == .chat && $0.state.isOpen }.last { $0.caller == handle }
    }

    /// A customer's open chat, the newest.
    func openChat(ofCustomer id: String) -> Interaction? {
        interactions(ofCustomer: id).first { $0.type == .chat && $0.state.isOpen }
    }

    /// A chat from `handle` is `customer`'s: the handle is remembered on them (as a phone
    /// number is), so their next chat from it is theirs. A handle is one customer's at a time.
    /// A phone number is not a handle: calls and texts find the customer by their phone.
    func rememberChatHandle(_ handle: String, of r: Interaction, for customerID: String, in changes: inout ChangeSet) {
        guard r.type == .chat, !handle.hasPrefix("+"), var owner = changes.customers.last(where: { $0.id == customerID }) ?? customers[customerID],
              !owner.chatHandles.contains(handle) else { return }
        if var previous = self.customer(withChatHandle: handle), previous.id != customerID {
            previous.chatHandles.removeAll { $0 == handle }
            changes.customers.append(previous)
        }
        owner.chatHandles.append(handle)
        changes.customers.removeAll { $0.id == customerID }
        changes.customers.append(owner)
    }

    private func joinChat(_ open: Interaction, text: String?, from speaker: String, by actor: String, at now: Instant) -> CommandResult {
        var r = open
        if let text = text?.givenText, !text.isEmpty {
            r.transcript.append(TranscriptLine(from: speaker, at: now, text: text))
            r.history.append(AuditEntry(at: now, by: actor, change: .message(String(text.prefix(80)))))
        }
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        return CommandResult(changes: changes, subject: r.number, summary: "\(r.number) joined (the chat of \(r.caller ?? speaker) is open)")
    }

    private func planMessage(channel: MessagingChannel, identifier: String, text: String?, queue: String?,
                             at now: Instant, counters: inout Counters) throws(DomainError) -> CommandResult {
        let e164 = try PhoneNumber.normalize(identifier, defaultCountry: config.defaultCountry)
        // "4 great service" from where a survey went, with no conversation open: its answer.
        let known = self.profile(channel: channel, identifier: e164)
        if known.flatMap({ openMessagingInteraction(ofProfile: $0.id) }) == nil,
           let answer = Survey.answer(text), let surveyed = pendingSurvey(to: e164, at: now) {
            var rated = try planRate(surveyed.number, score: answer.score, comment: answer.comment, token: nil, bySurvey: true,
                                     by: channel.rawValue, at: now)
            rated.intake = IntakeOutcome(number: surveyed.number, joined: true, profile: known?.id ?? "", profileCreated: false,
                                         openedFor: surveyed.openedFor, answeredSurvey: true)
            return rated
        }
        var changes = ChangeSet()
        var profile: ChannelUserProfile
        var created = false
        if let existing = self.profile(channel: channel, identifier: e164) {
            profile = existing
            // A profile with an open messaging interaction: the message joins it.
            if let open = openMessagingInteraction(ofProfile: existing.id) {
                var r = open
                if let text = text?.givenText, !text.isEmpty {
                    r.transcript.append(TranscriptLine(from: existing.id, at: now, text: text))
                    // Audited, so a message that arrives while the record is On Hold or in
                    // Wrap Up is on the trail (and the lists can mark it as new).
                    r.history.append(AuditEntry(at: now, by: channel.rawValue,
                                                change: .message(String(text.prefix(80)))))
                }
                r.version += 1
                changes.put(r)
                let outcome = IntakeOutcome(number: r.number, joined: true, profile: existing.id,
                                            profileCreated: false, openedFor: r.openedFor)
                return CommandResult(changes: changes, subject: r.number,
                                     summary: "\(r.number) joined (profile \(existing.id) matched)", intake: outcome)
            }
        } else {
            let owner = customers(withPhone: e164).sorted()
            profile = ChannelUserProfile(id: counters.next(.profile), channel: channel, identifier: e164,
                                         customer: owner.count == 1 ? owner[0] : nil, createdAt: now)
            changes.profiles = [profile]
            created = true
        }
        let queueID = try routeQueue(queue, for: .messaging, agent: nil)
        let number = counters.next(.interaction)
        var r = Interaction(number: number, type: .messaging, openedFor: profile.customer,
                            channelUserProfile: profile.id, queue: queueID, openedAt: now,
                            history: [AuditEntry(at: now, by: channel.rawValue, change: .created(state: .queued))])
        r.state = .queued
        if let text = text?.givenText, !text.isEmpty {
            r.transcript.append(TranscriptLine(from: profile.id, at: now, text: text))
        }
        changes.put(r)
        let outcome = IntakeOutcome(number: number, joined: false, profile: profile.id,
                                    profileCreated: created, openedFor: profile.customer)
        return CommandResult(changes: changes, subject: number,
                             summary: "\(number) new (profile \(profile.id) \(created ? "created" : "matched"))",
                             intake: outcome)
    }

    // MARK: Transitions (rule 4)

    func planTransition(_ transition: RecordTransition, on original: Interaction, by actor: String,
                                at now: Instant) throws(DomainError) -> CommandResult {
        var r = original
        var changes = ChangeSet()
        func require(_ action: RecordAction) throws(DomainError) {
            guard !r.isArchived, action.allowedFrom.contains(r.state) else {
                throw .transitionNotAllowed(action: action, number: r.number, state: r.state)
            }
        }
        func move(to state: InteractionState) {
            guard r.state != state else { return }
            r.history.append(AuditEntry(at: now, by: actor, change: .state(from: r.state, to: state)))
            r.state = state
        }
        func set<T: Equatable>(_ name: String, _ keyPath: WritableKeyPath<Interaction, T?>, _ value: T?,
                               _ text: (T) -> String) {
            guard r[keyPath: keyPath] != value else { return }
            r.history.append(AuditEntry(at: now, by: actor, change: .field(
                name: name, old: r[keyPath: keyPath].map(text), new: value.map(text))))
            r[keyPath: keyPath] = value
        }
        func requireShortDescription(_ operation: ShortDescriptionOperation) throws(DomainError) {
            guard r.hasShortDescription else {
                throw .shortDescriptionRequired(operation: operation, number: r.number, state: r.state)
            }
        }
        let summary: String
        switch transition {
        case .accept:
            try require(.accept)
            // Offered work is the offered agent's to take (or a supervisor's).
            if let offer = r.pendingOffer, offer.agent != actor, actingAgent(actor)?.isSupervisor != true {
                throw .offer(number: r.number, why: "it is offered to \(offer.agent) for \(max(0, config.routing.offerTimeoutSeconds - offer.at.seconds(until: now))) s more; they accept or reject it first")
            }
            if var agent = agents[actor], agent.missedOffers > 0 {
                // Taking work is an answer: the count of offers missed in a row starts again.
                agent.missedOffers = 0
                changes.agents = [agent]
            }
            move(to: .workInProgress)
            set(AuditField.assignedTo, \.assignedTo, actor) { $0 }
            set(AuditField.stateReason, \.stateReason, nil) { $0.rawValue }
            summary = "\(r.number) accepted by \(actor)" + (overCapacityNote(accepting: original, by: actor) ?? "")
        case .hold(let reason):
            try require(.hold)
            if reason != nil && r.type != .messaging {
                throw .stateReasonMessagingOnly(number: r.number, type: r.type)
            }
            move(to: .onHold)
            set(AuditField.stateReason, \.stateReason, reason) { $0.rawValue }
            summary = "\(r.number) on hold" + (reason.map { " (\($0.display))" } ?? "")
        case .resume:
            try require(.resume)
            move(to: .workInProgress)
            set(AuditField.assignedTo, \.assignedTo, actor) { $0 }
            set(AuditField.stateReason, \.stateReason, nil) { $0.rawValue }
            summary = "\(r.number) resumed"
        case .transfer(let target):
            try require(.transfer)
            // Transferred on while being worked: its agent wraps up their own part.
            if r.state == .workInProgress, config.wrapUp.contains(r.type), let owner = r.assignedTo {
                r.history.append(AuditEntry(at: now, by: actor, change: .wrapUpDue(agent: owner)))
            }
            switch target {
            case .agent(let login):
                guard let to = agents[login] else { throw .notFound(kind: "agent", key: login) }
                if to.disabled { throw .agentDisabled(login: login, operation: "transfer \(r.number) to \(login)") }
                guard login != r.assignedTo else { throw .noChange(number: r.number, field: "assigned to") }
                move(to: .onHold)
                set(AuditField.assignedTo, \.assignedTo, login) { $0 }
                summary = "\(r.number) transferred to \(login)"
            case .queue(let id):
                guard let q = queues[id] else { throw .notFound(kind: "queue", key: id) }
                guard q.serves(r.type) else { throw .queueDoesNotServe(queue: id, type: r.type) }
                // Back in a queue: Queued, waiting for an agent (routing offers it again).
                move(to: .queued)
                set(AuditField.assignedTo, \.assignedTo, nil) { $0 }
                set(AuditField.queue, \.queue, id) { $0 }
                summary = "\(r.number) transferred to queue \(id)"
            }
            set(AuditField.stateReason, \.stateReason, nil) { $0.rawValue }
            // Already waiting there, unassigned: nothing to do and nothing to record, so nothing
            // is saved and the summary says so (as saving unchanged fields does). Not refused:
            // the record is where it was asked to be, and the console asks this very transfer
            // to learn whether a record may be transferred at all.
            if case .queue(let id) = target, r.history.count == original.history.count {
                return CommandResult(changes: ChangeSet(), subject: r.number,
                                     summary: "\(r.number) already waits in queue \(id), unassigned: nothing changed"
                                         + " (`frontdesk route \(r.number)` offers it again to everyone)")
            }
        case .endConversation:
            try require(.endConversation)
            if config.wrapUp.contains(r.type) {
                move(to: .wrapUp)
                summary = "\(r.number) in wrap up"
            } else {
                try requireShortDescription(.closing)
                move(to: .closedComplete)
                summary = "\(r.number) closed complete"
            }
        case .complete:
            try require(.complete)
            try requireShortDescription(.closing)
            move(to: .closedComplete)
            set(AuditField.stateReason, \.stateReason, nil) { $0.rawValue }
            summary = "\(r.number) closed complete"
        case .submitWrapUp(let typed, let notes):
            guard r.state == .wrapUp, !r.isArchived else {
                throw .transitionNotAllowed(action: .complete, number: r.number, state: r.state)
            }
            try requireShortDescription(.closing)
            let code = try wrapUpCode(typed, for: r.type)
            r.history += wrapUpEntries(code: code, notes: notes, of: r.assignedTo ?? actor, by: actor, at: now)
            move(to: .closedComplete)
            summary = "\(r.number) wrapped up (\(code)) and closed complete"
        case .abandon:
            try require(.abandon)
            try requireShortDescription(.closing)
            move(to: .closedAbandoned)
            set(AuditField.stateReason, \.stateReason, nil) { $0.rawValue }
            summary = "\(r.number) closed abandoned"
        case .reopen(let reason):
            try requireSupervisor(actor, to: "reopen \(r.number)")
            try require(.reopen)
            let why = reason.givenText
            guard !why.isEmpty else { throw .emptyText(field: "reason for reopening") }
            if let closed = r.closedAt, config.reopenWindowSeconds == 0 || closed.seconds(until: now) > config.reopenWindowSeconds {
                throw .reopenWindowPassed(number: r.number, closedAt: closed, window: config.reopenWindowSeconds)
            }
            if let owner = r.assignedTo {
                // Back to the one who had it: Work in Progress, theirs.
                move(to: .workInProgress)
                summary = "\(r.number) reopened, assigned to \(owner)"
            } else {
                // Closed while it waited (abandoned from the queue): it waits again where it was,
                // Queued in its queue, offered and accepted as any waiting record; its wait in
                // the queue counts from now (`waitingSince`).
                move(to: .queued)
                if r.queue == nil { set(AuditField.queue, \.queue, config.defaultQueue) { $0 } }
                summary = "\(r.number) reopened, waiting in queue \(r.queue ?? config.defaultQueue)"
            }
            r.history.append(AuditEntry(at: now, by: actor, change: .reopened(reason: why)))
        case .archive:
            if r.isArchived { throw .alreadyArchived(number: r.number) }
            guard r.state.isClosed else { throw .archiveRequiresClosed(number: r.number, state: r.state) }
            try requireShortDescription(.archiving)
            set(AuditField.archivedAt, \.archivedAt, now) { $0.iso8601 }
            summary = "\(r.number) archived"
        }
        r.version += 1
        changes.put(r)
        return CommandResult(changes: changes, subject: r.number, summary: summary)
    }

    // MARK: Saving fields (rule 1 on save, rule 3 for state reasons)

    private func planEdit(_ edits: [FieldEdit], on original: Interaction, by actor: String,
                          at now: Instant) throws(DomainError) -> CommandResult {
        var r = original
        // Customers whose chat handles the save remembers (a chat opened for its customer).
        var handles = ChangeSet()
        guard r.state.isOpen else { throw .recordClosed(number: r.number, state: r.state, operation: "save") }
        func record(_ name: String, _ old: String?, _ new: String?) {
            guard old != new else { return }
            r.history.append(AuditEntry(at: now, by: actor, change: .field(name: name, old: old, new: new)))
        }
        for edit in edits {
            switch edit {
            case .shortDescription(let text):
                let clean = text.givenText
                record(AuditField.shortDescription, r.shortDescription, clean)
                r.shortDescription = clean
            case .openedFor(let id):
                if let id, customers[id] == nil { throw .notFound(kind: "customer", key: id) }
                record(AuditField.openedFor, r.openedFor, id)
                r.openedFor = id
                if let id, let handle = r.caller, id != original.openedFor { rememberChatHandle(handle, of: r, for: id, in: &handles) }
            case .queue(let id):
                guard let q = queues[id] else { throw .notFound(kind: "queue", key: id) }
                guard q.serves(r.type) else { throw .queueDoesNotServe(queue: id, type: r.type) }
                record(AuditField.queue, r.queue, id)
                r.queue = id
            case .stateReason(let reason):
                guard r.type == .messaging else { throw .stateReasonMessagingOnly(number: r.number, type: r.type) }
                record(AuditField.stateReason, r.stateReason?.rawValue, reason?.rawValue)
                r.stateReason = reason
            case .visitReason(let typed):
                let reason = try visitReason(typed, at: r.queue)
                record(AuditField.reason, r.reason, reason)
                r.reason = reason
                // The reason says what the visit is about until someone writes more.
                if let reason, !r.hasShortDescription {
                    record(AuditField.shortDescription, r.shortDescription, reason)
                    r.shortDescription = reason
                }
            }
        }
        // Saying who the contact is for comes first, often before what it is about: Opened for
        // alone needs no short description, as linking a profile (which fills it) never has.
        let identifiesOnly = edits.allSatisfy { if case .openedFor = $0 { true } else { false } }
        guard r.hasShortDescription || identifiesOnly else {
            throw .shortDescriptionRequired(operation: .saving, number: r.number, state: r.state)
        }
        guard r.history.count > original.history.count else {
            return CommandResult(changes: ChangeSet(), subject: r.number, summary: "\(r.number): nothing to save")
        }
        r.version += 1
        var changes = handles; changes.put(r)
        return CommandResult(changes: changes, subject: r.number, summary: "\(r.number) saved")
    }

    // MARK: Related tasks (rule 5)

    private func planCreateTask(_ kind: TaskKind, on original: Interaction, by actor: String, at now: Instant,
                                counters: inout Counters) throws(DomainError) -> CommandResult {
        var r = original
        guard r.state.isOpen else { throw .recordClosed(number: r.number, state: r.state, operation: "create a related task from") }
        guard r.hasShortDescription else {
            throw .shortDescriptionRequired(operation: .creatingTask, number: r.number, state: r.state)
        }
        let number = counters.next(kind.prefix)
        let task = RelatedTask(number: number, kind: kind, shortDescription: r.shortDescription,
                               openedFor: r.openedFor, assignedTo: r.assignedTo, openedAt: now,
                               interactions: [r.number])
        r.relatedTasks.append(number)
        r.history.append(AuditEntry(at: now, by: actor, change: .relatedTask("\(kind.display) \(number) created")))
        r.version += 1
        var changes = ChangeSet()
        changes.put(r)
        changes.put(task)
        return CommandResult(changes: changes, subject: number, summary: "\(kind.display) \(number) created from \(r.number)")
    }

    private func planLinkTask(_ taskNumber: String, on original: Interaction, by actor: String,
                              at now: Instant) throws(DomainError) -> CommandResult {
        var r = original
        // The record's rules first: a console asks whether associating is possible at all
        // before the agent has typed a task number.
        guard r.state.isOpen else { throw .recordClosed(number: r.number, state: r.state, operation: "associate a task with") }
        guard r.hasShortDescription else {
            throw .shortDescriptionRequired(operation: .associatingTask, number: r.number, state: r.state)
        }
        guard var task = tasks[taskNumber] else { throw .notFound(kind: "task", key: taskNumber) }
        guard !r.relatedTasks.contains(taskNumber) else { throw .taskAlreadyLinked(task: taskNumber, number: r.number) }
        r.relatedTasks.append(taskNumber)
        r.version += 1
        task.interactions.append(r.number)
        var changes = ChangeSet()
        changes.put(r)
        changes.put(task)
        return CommandResult(changes: changes, subject: taskNumber, summary: "\(taskNumber) associated with \(r.number)")
    }

    // MARK: Directory

    private func planAddCustomer(name: String, email: String, phone: String, company: String, vip: Bool,
                                 allowDuplicate: Bool, counters: inout Counters) throws(DomainError) -> CommandResult {
        let cleanName = name.trimmedWhitespace
        guard !cleanName.isEmpty else { throw .emptyText(field: "customer name") }
        let cleanPhone = phone.trimmedWhitespace
        let e164 = cleanPhone.isEmpty ? "" : try PhoneNumber.normalize(cleanPhone, defaultCountry: config.defaultCountry)
        let cleanEmail = email.trimmedWhitespace
        if !cleanEmail.isEmpty {
            guard cleanEmail.contains("@") else {
                throw .invalidValue(field: "email", value: cleanEmail, allowed: ["an address with @"])
            }
            if let owner = customer(withEmail: cleanEmail), !allowDuplicate {
                throw .contactInUse(field: "email", value: cleanEmail, owner: owner.id, ownerName: owner.name)
            }
        }
        if !e164.isEmpty, !allowDuplicate, let owner = customers(withPhone: e164).sorted().first {
            throw .contactInUse(field: "phone", value: e164, owner: owner, ownerName: customers[owner]?.name ?? owner)
        }
        let customer = Customer(id: counters.next(.customer), name: cleanName, email: cleanEmail, phone: e164,
                                company: company.trimmedWhitespace, vip: vip)
        var changes = ChangeSet(); changes.customers = [customer]
        return CommandResult(changes: changes, subject: customer.id, summary: "customer \(customer.id) \(cleanName) added")
    }

    private func planEditCustomer(_ id: String, _ details: CustomerDetails) throws(DomainError) -> CommandResult {
        guard let old = customers[id] else { throw .notFound(kind: "customer", key: id) }
        let name = details.name.trimmedWhitespace
        guard !name.isEmpty else { throw .emptyText(field: "customer name") }
        let phone = details.phone.trimmedWhitespace
        let e164 = phone.isEmpty ? "" : try PhoneNumber.normalize(phone, defaultCountry: config.defaultCountry)
        let email = details.email.trimmedWhitespace
        if !email.isEmpty {
            guard email.contains("@") else { throw .invalidValue(field: "email", value: email, allowed: ["an address with @"]) }
            if let other = customer(withEmail: email), other.id != id {
                throw .contactInUse(field: "email", value: email, owner: other.id, ownerName: other.name)
            }
        }
        // The card's fields change; what is not on the card (its sys_id, its chat handles) stays.
        var new = old
        new.name = name; new.email = email; new.phone = e164; new.company = details.company.trimmedWhitespace; new.vip = details.vip
        guard new != old else { throw .noChange(number: id, field: "customer card") }
        var changes = ChangeSet(); changes.customers = [new]
        return CommandResult(changes: changes, subject: id, summary: "customer \(id) \(name) saved")
    }

    private func planLinkProfile(_ profileID: String, to customerID: String, by actor: String,
                                 at now: Instant) throws(DomainError) -> CommandResult {
        guard var profile = profiles[profileID] else { throw .notFound(kind: "channel user profile", key: profileID) }
        guard customers[customerID] != nil else { throw .notFound(kind: "customer", key: customerID) }
        guard profile.customer != customerID else { throw .noChange(number: profileID, field: "customer") }
        profile.customer = customerID
        var changes = ChangeSet()
        changes.profiles = [profile]
        // Linking fills opened for on the profile's open interactions.
        for var r in interactions.records(where: { $0.channelUserProfile == profileID && $0.state.isOpen && $0.openedFor != customerID }) {
            r.history.append(AuditEntry(at: now, by: actor, change: .field(name: AuditField.openedFor, old: r.openedFor, new: customerID)))
            r.openedFor = customerID
            r.version += 1
            changes.put(r)
        }
        let filled = changes.interactions.count
        return CommandResult(changes: changes, subject: profileID,
                             summary: "\(profileID) linked to \(customerID); opened for filled on \(filled) open interaction\(filled == 1 ? "" : "s")")
    }

    private func planSetAgentDisabled(_ login: String, _ disabled: Bool, by actor: String,
                                      at now: Instant) throws(DomainError) -> CommandResult {
        let verb = disabled ? "disable" : "enable"
        try requireSupervisor(actor, to: "\(verb) agents")
        guard var agent = agents[login] else { throw .notFound(kind: "agent", key: login) }
        guard agent.disabled != disabled else { throw .noChange(number: login, field: "agent's \(disabled ? "disabled" : "enabled") state") }
        if disabled {
            let held = openRecords(of: login)
            guard held.isEmpty else { throw .agentHoldsOpenWork(login: login, numbers: held) }
            // A desk always keeps a supervisor who can act.
            if agent.isSupervisor, !agents.values.contains(where: { $0.isSupervisor && !$0.disabled && $0.login != login }) {
                throw .invalidValue(field: "agent to disable", value: login, allowed: ["anyone but the desk's only supervisor"])
            }
            // Not at the desk: any offer waiting for them lapses and goes to the next agent.
            agent.setPresence(.offline, by: actor, at: now)
        }
        agent.disabled = disabled
        var changes = ChangeSet(); changes.agents = [agent]
        return CommandResult(changes: changes, subject: login,
                             summary: disabled ? "agent \(login) disabled (kept for history; no offers, no login)"
                                               : "agent \(login) enabled (Offline until they open a console or set their presence)")
    }

    private func planAddQueue(id: String, name: String, channels: [InteractionType],
                              target: Int64) throws(DomainError) -> CommandResult {
        let slug = id.trimmedWhitespace
        guard !slug.isEmpty, slug.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .invalidValue(field: "queue id", value: id, allowed: ["letters, digits, - and _"])
        }
        guard queues[slug] == nil else { throw .duplicate(kind: "queue", key: slug) }
        guard !channels.isEmpty else { throw .emptyText(field: "queue's channel list") }
        // No queue serves `other`: routing never offers a channel the desk does not serve.
        if let unserved = channels.first(where: { !InteractionType.allCases.contains($0) }) {
            throw .invalidValue(field: "channel type", value: unserved.rawValue, allowed: InteractionType.allCases.map(\.rawValue))
        }
        guard target > 0 else { throw .invalidValue(field: "target wait", value: String(target), allowed: ["a positive number of seconds"]) }
        var changes = ChangeSet()
        changes.queues = [Queue(id: slug, name: name.isEmpty ? slug : name, channels: channels, targetWaitSeconds: target)]
        return CommandResult(changes: changes, subject: slug, summary: "queue \(slug) added")
    }
}
