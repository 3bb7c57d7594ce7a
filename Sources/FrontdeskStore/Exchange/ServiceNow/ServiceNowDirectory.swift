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
    /// sys_ids of known customers already compared with their sys_user row.
    private var refreshed = Set<String>()
    /// Name -> sys_id of the `sys_user` rows that have a login: journal entries name their authors.
    private let userWithLogin: [String: String]
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
            if let s = c.sysID { customerBySys[s] = c.id }
            if customerByName[c.name] == nil { customerByName[c.name] = c.id }
        }
        for a in desk.agents.values { if let s = a.sysID { agentBySys[s] = a.login } }
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

    var finalSummary: ServiceNowImportSummary {
        var s = summary
        s.unresolved = unresolved.mapValues { $0.sorted() }
        s.relatedMissing = tables.relatedMissing
        return s
    }

    mutating func count(_ number: String) {
        guard let (prefix, value) = Counters.parse(number) else { return }
        counters.last[prefix] = max(counters.last[prefix] ?? 0, value)
    }

    private mutating func unresolvedReference(_ column: String, _ sysID: String) {
        unresolved[column, default: []].insert(sysID)
    }

    /// A reference's sys_id (raw value, or the end of its link), or nil when the cell holds
    /// only a name (display values without links).
    private func sysID(_ cell: ServiceNowCell) -> String? {
        cell.value.flatMap { ServiceNowID.isSysID($0) ? $0 : nil }
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
        guard let sys = sysID(cell) else {
            // A name only: the customer of that name, or a new one.
            let name = cell.display ?? ""
            if let id = customerByName[name] { return id }
            return add(Customer(id: "", name: name), sysID: nil)
        }
        if let id = customerBySys[sys] {
            // Bring a known customer up to date with its sys_user row, once per import.
            if let user = tables.users[sys], refreshed.insert(sys).inserted, var existing = customer(id) {
                let updated = Self.customer(from: user, id: id, defaultCountry: desk.config.defaultCountry)
                if existing != updated {
                    existing = updated
                    customers[id] = existing
                    summary.customersUpdated += 1
                }
            }
            return id
        }
        if let user = tables.users[sys] {
            return add(Self.customer(from: user, id: "", defaultCountry: desk.config.defaultCountry), sysID: sys)
        }
        if let name = shown(cell) { return add(Customer(id: "", name: name), sysID: sys) }
        unresolvedReference(column, sys)
        return add(Customer(id: "", name: "unknown user \(sys)"), sysID: sys)
    }

    private static func customer(from user: ServiceNowTables.User, id: String, defaultCountry: String) -> Customer {
        Customer(id: id, name: user.name, email: user.email,
                 phone: PhoneNumber.normalizedOrNil(user.phone, defaultCountry: defaultCountry) ?? user.phone,
                 company: user.company, vip: user.vip, sysID: user.sysID)
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
            guard customerBySys[user.sysID] == nil, agentBySys[user.sysID] == nil,
                  user.userName.isEmpty || (desk.agents[user.userName] == nil && agents[user.userName] == nil) else { continue }
            _ = customer(.text(user.sysID), column: "sys_user")
        }
    }

    // MARK: Agents

    /// The agent an `assigned_to` reference names (by `user_name`), added when new.
    mutating func agent(_ cell: ServiceNowCell, column: String) -> String? {
        guard !cell.isEmpty else { return nil }
        let sys = sysID(cell)
        if let sys, let login = agentBySys[sys] { return login }
        let user = sys.flatMap { tables.users[$0] }
        let name = user?.name ?? shown(cell) ?? (sys == nil ? cell.display : nil)
        var login = user.map(\.userName).flatMap(Self.login)
        if login == nil, let sys, let spelled = ServiceNowID.frontdeskID(sys), desk.agents[spelled] != nil { login = spelled }
        if login == nil, sys == nil, let name, let known = (desk.agents.values.first { $0.displayName == name }) { login = known.login }
        if login == nil, let name { login = Self.slug(name) }
        if login == nil, let sys { login = "unknown-" + sys.prefix(8) }
        guard let login, !login.isEmpty else { return nil }
        if let sys { agentBySys[sys] = login }
        if var existing = agents[login] ?? desk.agents[login] {
            if existing.sysID == nil, let sys {
                existing.sysID = sys
                agents[login] = existing
            }
            return login
        }
        if name == nil, let sys { unresolvedReference(column, sys) }
        agents[login] = Agent(login: login, displayName: name ?? "unknown user \(sys ?? login)", queues: [],
                              presence: Agent.newPresence, sysID: sys)
        summary.agentsAdded += 1
        return login
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

    /// A `user_name` as a login: as it is when it is a plain one (letters, digits, `.`, `_`,
    /// `-`, `@`), else its slug; nil when nothing is left.
    static func login(_ userName: String) -> String? {
        let plain = userName.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_@".unicodeScalars.contains($0)) }
        let login = plain ? userName : slug(userName)
        return login.isEmpty ? nil : login
    }

    static func slug(_ text: String) -> String {
        var out = "", dash = false
        for ch in text.lowercased().unicodeScalars {
            if (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") {
                if dash, !out.isEmpty { out += "-" }
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
        let id = spelled ?? name.map(Self.slug).flatMap { $0.isEmpty ? nil : $0 } ?? "group-" + (sys ?? "").prefix(8)
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

    /// Links the tasks the related-record table gives for an interaction; their numbers. A
    /// task whose line in history is damaged stops the import (it is not replaced by the row's).
    mutating func relatedTasks(ofInteraction sys: String, number: String) throws(RowProblem) -> [String] {
        var numbers: [String] = []
        for taskID in tables.related[sys] ?? [] {
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
