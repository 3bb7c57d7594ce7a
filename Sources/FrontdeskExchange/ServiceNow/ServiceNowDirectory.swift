import FrontdeskBackend
import FrontdeskCore

/// Resolves the references of imported rows (people, groups, profiles, tasks) to the
/// desk's customers, agents, queues, profiles and tasks, adding those it has not got.
/// What it adds or changes is collected as the directory part of the import's change set.
struct ServiceNowDirectory {
    let desk: Desk
    let tables: ServiceNowTables
    private(set) var counters: Counters
    private(set) var customers: [String: Customer] = [:]
    private(set) var agents: [String: Agent] = [:]
    private(set) var queues: [String: Queue] = [:]
    private(set) var profiles: [String: ChannelUserProfile] = [:]
    private(set) var tasks: [String: RelatedTask] = [:]
    private var customerBySys: [String: String] = [:]
    private var agentBySys: [String: String] = [:]
    private var queueBySys: [String: String] = [:]
    private var profileBySys: [String: String] = [:]
    private var newProfileByKey: [String: String] = [:]
    /// Customers by name, for references that carry only a name (display values without links).
    private var customerByName: [String: String] = [:]
    /// Customers an earlier import kept for a `user_name` no file had ("unknown user glide.maint"):
    /// the person with that `user_name`, once a file has them.
    private var placeholderByUserName: [String: String] = [:]
    /// sys_ids of known customers already compared with their sys_user row.
    private var refreshed = Set<String>()
    /// Name -> sys_id of the `sys_user` rows that have a login: journal entries name their authors.
    private let userWithLogin: [String: String]
    /// People by `user_name` and by name (nil: more than one has it), from the files and the
    /// store: references that hold no sys_id are resolved through these.
    private var sysByUserName: [String: String] = [:]
    private var sysByName: [String: String?] = [:]
    var summary: ServiceNowImportSummary
    private var unresolved: [String: Set<String>] = [:]

    init(desk: Desk, tables: ServiceNowTables, summary: ServiceNowImportSummary) {
        self.desk = desk
        self.tables = tables
        self.summary = summary
        counters = desk.counters
        var logins: [String: String] = [:]
        for user in tables.users.values where !user.userName.isEmpty { logins[user.name] = user.sysID }
        userWithLogin = logins
        for c in desk.customers.values.sorted(by: { $0.id < $1.id }) {
            if let s = c.sysID { customerBySys[s] = c.id; knowPerson(s, userName: c.servicenow?.value("user_name"), name: c.name) }
            if customerByName[c.name] == nil { customerByName[c.name] = c.id }
            if c.sysID == nil, let userName = c.servicenow?.value("user_name") { placeholderByUserName[userName] = c.id }
        }
        for a in desk.agents.values.sorted(by: { $0.login < $1.login }) {
            guard let s = a.sysID else { continue }
            agentBySys[s] = a.login
            knowPerson(s, userName: a.servicenow?.value("user_name") ?? a.login, name: a.displayName)
        }
        // The files' rows last: they win over what the store knew.
        for user in tables.users.values.sorted(by: { $0.sysID < $1.sysID }) {
            knowPerson(user.sysID, userName: user.userName, name: user.name)
        }
        for q in desk.queues.values { if let s = q.sysID { queueBySys[s] = q.id } }
    }

    /// Everything this import adds to the directory, and the counters it advanced.
    var changes: ChangeSet {
        var c = ChangeSet()
        c.customers = customers.values.sorted { $0.id < $1.id }
        c.agents = agents.values.sorted { $0.login < $1.login }
        c.queues = queues.values.sorted { $0.id < $1.id }
        c.profiles = profiles.values.sorted { $0.id < $1.id }
        c.tasks = tasks.values.sorted { $0.number < $1.number }
        c.counters = counters.last.filter { $0.value > (desk.counters.last[$0.key] ?? 0) }
        return c
    }

    func finalSummary() throws(StoreError) -> ServiceNowImportSummary {
        var s = summary
        s.unresolved = unresolved.mapValues { $0.sorted() }
        s.relatedMissing = tables.relatedMissing
        s.journalPending = try tables.journal.rows.untaken()
        s.journalElsewhere = tables.journal.elsewhere
        return s
    }

    /// Indexes a person with a sys_id by `user_name` and name; a name two people share names neither.
    private mutating func knowPerson(_ sys: String, userName: String?, name: String) {
        if let userName, !userName.isEmpty { sysByUserName[userName] = sys }
        if let known = sysByName[name], known != sys { sysByName[name] = .some(nil) } else { sysByName[name] = sys }
    }

    mutating func count(_ number: String) {
        guard let (prefix, value) = Counters.parse(number) else { return }
        counters.last[prefix] = max(counters.last[prefix] ?? 0, value)
    }

    /// A reference that resolves to nobody: its sys_id, user name or name, listed in the summary.
    private mutating func unresolvedReference(_ column: String, _ reference: String) {
        unresolved[column, default: []].insert(reference)
    }

    /// A reference's sys_id (raw value, or the end of its link), or nil when the cell holds
    /// only a name (display values without links).
    private func sysID(_ cell: ServiceNowCell) -> String? {
        cell.value.flatMap { ServiceNowID.isSysID($0) ? $0 : nil }
    }

    // MARK: People

    /// Whether the interaction file holds raw values: a reference's text there is a sys_id or a `user_name`.
    private var rawValues: Bool { summary.shape == .raw || summary.shape == .rawWithoutLinks }

    /// The `user_name` a `sys_user` reference without a sys_id holds: an object's value
    /// (`{"link": ".../sys_user/glide.maint", "value": "glide.maint"}`, as in the Table API's
    /// documentation), or the text of a raw export.
    private func userName(_ cell: ServiceNowCell) -> String? {
        switch cell {
        case .object(let value?, _, _) where !value.isEmpty && !ServiceNowID.isSysID(value): value
        case .text(let text) where rawValues && !ServiceNowID.isSysID(text): text
        default: nil
        }
    }

    /// The name a `sys_user` reference without a sys_id shows: an object's display value, or
    /// the text of a display-value export.
    private func shownName(_ cell: ServiceNowCell) -> String? {
        switch cell {
        case .object(_, let display?, _) where !display.isEmpty: display
        case .text(let text) where !rawValues && !text.isEmpty && !ServiceNowID.isSysID(text): text
        default: nil
        }
    }

    /// The sys_id of the person a reference names: its own, else the one person the files or
    /// the store know by that `user_name`, else by that name (a name two people share names nobody).
    private func person(_ cell: ServiceNowCell) -> String? {
        if let sys = sysID(cell) { return sys }
        for text in [cell.value, cell.display].compactMap({ $0 }) where !text.isEmpty {
            if let sys = sysByUserName[text] { return sys }
        }
        if let name = cell.display, let sys = sysByName[name] ?? nil { return sys }
        return nil
    }

    /// What the files or the store know of the person a sys_id names: their `sys_user` row in
    /// the files, else the one kept on the customer or agent an earlier import made of them
    /// (`import --users` first, the interactions after), else their name there.
    private func knownUser(_ sys: String) -> ServiceNowTables.User? {
        if let user = tables.users[sys] { return user }
        let kept = customerBySys[sys].flatMap { customer($0) }.map { ($0.servicenow, $0.name) }
            ?? agentBySys[sys].flatMap { agents[$0] ?? desk.agents[$0] }.map { ($0.servicenow, $0.displayName) }
        // A placeholder for someone no file had is still nobody.
        guard let (origin, name) = kept, origin != nil || name != "unknown user " + sys else { return nil }
        return ServiceNowTables.User(sysID: sys, origin: origin ?? ServiceNowUserOrigin(columns: [.init(name: "name", value: name)]))
    }

    /// The display value of a reference object, when the export carried one.
    private func shown(_ cell: ServiceNowCell) -> String? {
        if case .object(_, let display?, _) = cell, !display.isEmpty { return display }
        return nil
    }

    // MARK: Customers

    func customerName(_ id: String?) -> String {
        guard let id else { return "" }
        return customers[id]?.name ?? desk.customerName(id)
    }

    private func customer(_ id: String) -> Customer? { customers[id] ?? desk.customers[id] }

    /// The customer a `sys_user` reference names, added when the desk has none.
    mutating func customer(_ cell: ServiceNowCell, column: String) -> String? {
        guard !cell.isEmpty else { return nil }
        guard let sys = person(cell) else {
            // No sys_id, and nobody in the files or the store by that user name or name: the
            // desk's customer of that name, else a placeholder named as the export shows them
            // ("unknown user glide.maint" for a user name), reported.
            let userName = userName(cell), name = shownName(cell) ?? userName.map { "unknown user " + $0 }
            guard let name else { return nil }
            if let id = customerByName[name] { return id }
            unresolvedReference(column, userName ?? name)
            let kept = userName.map { ServiceNowUserOrigin(columns: [.init(name: "user_name", value: $0)]) }
            return add(Customer(id: "", name: name, servicenow: kept), sysID: nil)
        }
        if let id = customerBySys[sys] {
            // Bring a known customer up to date with its sys_user row, once per import.
            if let user = tables.users[sys], refreshed.insert(sys).inserted, var existing = customer(id) {
                var updated = Self.customer(from: user, id: id, defaultCountry: desk.config.defaultCountry)
                updated.chatHandles = existing.chatHandles
                if existing != updated {
                    existing = updated
                    customers[id] = existing
                    summary.customersUpdated += 1
                }
            }
            return id
        }
        if let user = knownUser(sys) {
            return add(Self.customer(from: user, id: "", defaultCountry: desk.config.defaultCountry), sysID: sys)
        }
        if let name = shown(cell) { return add(Customer(id: "", name: name), sysID: sys) }
        unresolvedReference(column, sys)
        return add(Customer(id: "", name: "unknown user \(sys)"), sysID: sys)
    }

    /// The customer a `sys_user` row makes: the one derivation, used by the import and by the
    /// export (which writes a field's columns back as they came while the field is as derived).
    static func customer(from user: ServiceNowTables.User, id: String, defaultCountry: String) -> Customer {
        Customer(id: id, name: user.name, email: user.email,
                 phone: PhoneNumber.normalizedOrNil(user.phone, defaultCountry: defaultCountry) ?? user.phone,
                 company: user.company, vip: user.vip, sysID: user.sysID, servicenow: user.origin)
    }

    /// Adds `new` (its id chosen here), or links the customer the desk already has for it:
    /// the one a Frontdesk sys_id spells (same name), or the one with the same email.
    private mutating func add(_ new: Customer, sysID sys: String?) -> String {
        var c = new
        c.sysID = sys
        if let sys, let spelled = ServiceNowID.frontdeskID(sys), Counters.parse(spelled)?.0 == .customer {
            if let existing = customer(spelled) {
                if existing.sysID == sys || (existing.sysID == nil && existing.name == c.name) {
                    customerBySys[sys] = spelled
                    return spelled
                }
            } else {
                c.id = spelled
                count(spelled)
            }
        }
        if c.id.isEmpty, let sys, let userName = c.servicenow?.value("user_name"), let id = placeholderByUserName.removeValue(forKey: userName),
           var existing = customer(id), existing.sysID == nil {
            // The placeholder of a user name no earlier file had: now that person.
            let chatHandles = existing.chatHandles
            existing = c
            existing.id = id; existing.chatHandles = chatHandles
            customers[id] = existing
            customerBySys[sys] = id
            summary.customersUpdated += 1
            return id
        }
        if c.id.isEmpty, !c.email.isEmpty, var existing = desk.customer(withEmail: c.email), existing.sysID == nil, customers[existing.id] == nil {
            existing.sysID = sys
            customers[existing.id] = existing
            if let sys { customerBySys[sys] = existing.id }
            summary.customersUpdated += 1
            return existing.id
        }
        if c.id.isEmpty { c.id = counters.next(.customer) }
        customers[c.id] = c
        if customerByName[c.name] == nil { customerByName[c.name] = c.id }
        if let sys { customerBySys[sys] = c.id }
        summary.customersAdded += 1
        return c.id
    }

    /// People in `sys_user` that no row named: customers too, unless they are agents.
    mutating func addRemainingUsers() {
        for user in tables.users.values.sorted(by: { $0.sysID < $1.sysID }) {
            if let login = agentBySys[user.sysID] { keepRow(ofAgent: login, user.sysID) }
            guard customerBySys[user.sysID] == nil, agentBySys[user.sysID] == nil,
                  user.userName.isEmpty || user.login.map({ desk.agents[$0] == nil && agents[$0] == nil }) ?? true else { continue }
            _ = customer(.text(user.sysID), column: "sys_user")
        }
    }

    // MARK: Agents

    /// The agent an `assigned_to` reference names (login from their `user_name`), added when
    /// new. A person known by sys_id becomes an agent whatever they were imported as (a customer
    /// stays one too); without a sys_id they are found by `user_name` or name, else added under
    /// the login derived from what the reference holds, and reported.
    mutating func agent(_ cell: ServiceNowCell, column: String) -> String? {
        guard !cell.isEmpty else { return nil }
        let sys = person(cell)
        if let sys, let login = agentBySys[sys] {
            keepRow(ofAgent: login, sys)
            return login
        }
        let user = sys.flatMap(knownUser)
        let userName = sys == nil ? userName(cell) : nil
        let name = user?.name ?? shownName(cell)
        var login = user?.login
        if login == nil, let sys, let spelled = ServiceNowID.frontdeskID(sys), desk.agents[spelled] != nil { login = spelled }
        if login == nil, sys == nil, let name, let known = (agents.values.first { $0.displayName == name } ?? desk.agents.values.first { $0.displayName == name }) {
            login = known.login
        }
        if login == nil { login = Self.login(userName: userName, name: name) }
        if login == nil, let sys { login = "unknown-" + sys.prefix(8) }
        guard let login, !login.isEmpty else { return nil }
        if let sys { agentBySys[sys] = login }
        if var existing = agents[login] ?? desk.agents[login] {
            if existing.sysID == nil, let sys {
                existing.sysID = sys
                existing.servicenow = existing.servicenow ?? user?.origin
                agents[login] = existing
            }
            return login
        }
        if user == nil, sys == nil || name == nil { unresolvedReference(column, sys ?? userName ?? name ?? login) }
        var added = Agent(login: login, displayName: name ?? "unknown user \(sys ?? userName ?? login)", queues: [],
                          presence: Agent.newPresence, sysID: sys)
        added.servicenow = user?.origin ?? userName.map { ServiceNowUserOrigin(columns: [.init(name: "user_name", value: $0)]) }
        agents[login] = added
        summary.agentsAdded += 1
        return login
    }

    /// An agent known by sys_id keeps the `sys_user` row the files give for them (their email,
    /// names, …), once per import.
    private mutating func keepRow(ofAgent login: String, _ sys: String) {
        guard let user = tables.users[sys], refreshed.insert("agent:" + sys).inserted,
              var existing = agents[login] ?? desk.agents[login], existing.servicenow != user.origin else { return }
        existing.servicenow = user.origin
        // A placeholder agent gets the name the row gives.
        if existing.displayName == "unknown user " + sys { existing.displayName = user.name }
        agents[login] = existing
    }

    /// The agents this import adds are asked the desk's rule of logins, as `agent add` is: a
    /// person whose login is one of the desk's gateways is refused, naming them.
    func requireSeparateLogins(file: String) throws(StoreError) {
        do { try desk.requireSeparateLogins(after: changes) } catch {
            var location = "import"
            if case let .gatewayAndAgent(login, _) = error {
                location = "user \(login)" + (agents[login]?.sysID.map { " (sys_user \($0))" } ?? "")
            }
            throw .badInput(file: file, location: location, problem: error.description)
        }
    }

    /// Work-note authors come as names: the agent with that name, or the `sys_user` of that
    /// name with a login (made an agent), else the name as written.
    mutating func author(named name: String) -> String {
        if let login = (agents.values.first { $0.displayName == name } ?? desk.agents.values.first { $0.displayName == name })?.login { return login }
        if let user = userWithLogin[name], let login = agent(.text(user), column: "work_notes") { return login }
        return name
    }

    /// Transcript lines come as names too: an agent, the record's customer, its sender's number.
    mutating func speaker(named name: String, customer: String?, profile: String?) -> String {
        if let customer, customerName(customer) == name { return customer }
        if let profile, (profiles[profile] ?? desk.profiles[profile])?.identifier == name { return profile }
        if let login = (agents.values.first { $0.displayName == name } ?? desk.agents.values.first { $0.displayName == name })?.login { return login }
        if let user = userWithLogin[name], let login = agent(.text(user), column: "comments") { return login }
        return name
    }

    /// The one derivation of a person's login, whatever shape the export was in: their
    /// `user_name` as it is when it is a plain one (letters, digits, `.`, `_`, `-`, `@`), else
    /// its slug; without one, their name as ServiceNow makes user names, lower-case words
    /// joined by dots ("Beth Anglin" is `beth.anglin`, as her `user_name` is); nil when nothing is left.
    static func login(userName: String?, name: String?) -> String? {
        if let userName, !userName.isEmpty {
            let plain = userName.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0)) }
            let login = plain ? userName : slug(userName, joiner: ".")
            if !login.isEmpty { return login }
        }
        let login = slug(name ?? "", joiner: ".")
        return login.isEmpty ? nil : login
    }

    /// Lower-case letters and digits, each run of anything else one `joiner`: `Service Desk` is `service-desk`.
    static func slug(_ text: String, joiner: String = "-") -> String {
        var out = "", dash = false
        for ch in text.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                if dash, !out.isEmpty { out += joiner }
                out.unicodeScalars.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out
    }

    // MARK: Queues

    /// The queue an `assignment_group` reference names, added when new.
    mutating func queue(_ cell: ServiceNowCell, column: String) -> String? {
        guard !cell.isEmpty else { return nil }
        let sys = sysID(cell)
        if let sys, let id = queueBySys[sys] { return id }
        if let sys, let spelled = ServiceNowID.frontdeskID(sys), desk.queues[spelled] != nil { return spelled }
        let name = sys.flatMap { tables.groups[$0]?.name } ?? shown(cell) ?? (sys == nil ? cell.display : nil)
        let all = Array(queues.values) + Array(desk.queues.values)
        if let name, let existing = all.first(where: { $0.name.lowercased() == name.lowercased() || $0.id == Self.slug(name) }) {
            if let sys {
                queueBySys[sys] = existing.id
                if existing.sysID == nil { var linked = existing; linked.sysID = sys; queues[linked.id] = linked }
            }
            return existing.id
        }
        if name == nil, let sys { unresolvedReference(column, sys) }
        // A queue exported from Frontdesk comes back under its own id; others get their name's slug.
        let spelled = sys.flatMap(ServiceNowID.frontdeskID).flatMap { desk.queues[$0] == nil && queues[$0] == nil ? $0 : nil }
        let id = spelled ?? name.map { Self.slug($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "group-" + (sys ?? "").prefix(8)
        queues[id] = Queue(id: id, name: name ?? "unknown group \(sys ?? "")", channels: InteractionType.allCases,
                           targetWaitSeconds: 300, sysID: sys)
        if let sys { queueBySys[sys] = id }
        summary.queuesAdded += 1
        return id
    }

    // MARK: Channel user profiles

    /// The profile a `channel_user_profile` reference names, from the profile table; nil
    /// (reported) when no file has it.
    mutating func profile(_ cell: ServiceNowCell, customer: String?, openedAt: Instant) -> String? {
        guard !cell.isEmpty, let sys = sysID(cell) else { return nil }
        if let id = profileBySys[sys] { return id }
        let spelled = ServiceNowID.frontdeskID(sys).flatMap { Counters.parse($0)?.0 == .profile ? $0 : nil }
        if let spelled, desk.profiles[spelled] != nil || profiles[spelled] != nil { profileBySys[sys] = spelled; return spelled }
        guard let row = tables.profiles[sys] else {
            unresolvedReference("channel_user_profile", sys)
            return nil
        }
        let identifier = PhoneNumber.normalizedOrNil(row.identifier, defaultCountry: desk.config.defaultCountry) ?? row.identifier
        let key = row.channel.rawValue + ":" + identifier
        if let existing = desk.profile(channel: row.channel, identifier: identifier)?.id ?? newProfileByKey[key] {
            profileBySys[sys] = existing
            return existing
        }
        let id: String
        if let spelled { id = spelled; count(spelled) } else { id = counters.next(.profile) }
        let owner = row.user.flatMap { self.customer(.text($0), column: "channel_user_profile.user") } ?? customer
        profiles[id] = ChannelUserProfile(id: id, channel: row.channel, identifier: identifier, customer: owner,
                                          createdAt: row.createdAt ?? openedAt)
        profileBySys[sys] = id
        newProfileByKey[key] = id
        summary.profilesAdded += 1
        return id
    }

    // MARK: Related tasks

    /// Links the tasks the related-record table gives for an interaction (`related`, their
    /// sys_ids); their numbers. A task whose line in history is damaged stops the import (it
    /// is not replaced by the row's).
    mutating func relatedTasks(_ related: [String], number: String) throws(RowProblem) -> [String] {
        var numbers: [String] = []
        for taskID in related {
            guard let row = tables.tasks[taskID] else { continue }
            var known = tasks[row.number]
            if known == nil {
                do { known = try desk.task(anywhere: row.number) } catch { throw RowProblem(problem: "\(error)") }
            }
            var task = known
                ?? RelatedTask(number: row.number, kind: row.kind, state: row.state, shortDescription: row.shortDescription,
                               openedFor: row.openedFor.flatMap { customer(.text($0), column: "\(row.kind.rawValue).opened_for") },
                               assignedTo: row.assignedTo.flatMap { agent(.text($0), column: "\(row.kind.rawValue).assigned_to") },
                               openedAt: row.openedAt, interactions: [], sysID: row.sysID)
            if tasks[row.number] == nil { summary.tasksLinked += 1 }
            if !task.interactions.contains(number) { task.interactions.append(number) }
            tasks[row.number] = task
            count(row.number)
            numbers.append(row.number)
        }
        return numbers
    }
}

// MARK: sys_user rows

extension ServiceNowUserOrigin {
    /// A `sys_user` row's columns as they came, but `sys_id` and the empty ones.
    init(row: ServiceNowRow) {
        self.init(columns: row.cells.compactMap { name, cell in
            name == "sys_id" || cell.isEmpty ? nil : Column(name: name, value: cell.value ?? "", display: cell.display)
        })
    }
}

/// What Frontdesk reads of a `sys_user` row: one derivation for the import, for a person an
/// earlier import kept, and for the export (which compares with it).
extension ServiceNowTables.User {
    init(sysID: String, row: ServiceNowRow) { self.init(sysID: sysID, origin: ServiceNowUserOrigin(row: row)) }

    /// `name`, else first and last name, else `user_name`, else the sys_id.
    var name: String {
        if let name = origin.display("name") { return name }
        let joined = [origin.display("first_name"), origin.display("last_name")].compactMap { $0 }.joined(separator: " ")
        return joined.isEmpty ? origin.display("user_name") ?? sysID : joined
    }

    var email: String { origin.display("email") ?? "" }

    /// The number calls from them come from: `phone`, else `mobile_phone` (both stay in the
    /// row as they came, and are exported so).
    var phone: String { origin.display("phone") ?? origin.display("mobile_phone") ?? "" }

    /// The company's name; a reference without display values names none (its sys_id stays in the row).
    var company: String {
        let text = origin.display("company") ?? ""
        return ServiceNowID.isSysID(text) ? "" : text
    }

    var vip: Bool { ["true", "1", "yes"].contains((origin.value("vip") ?? "").lowercased()) }
    var userName: String { origin.value("user_name") ?? "" }
    /// Their login as an agent.
    var login: String? { ServiceNowDirectory.login(userName: userName, name: name) }
}
