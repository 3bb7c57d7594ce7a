import FrontdeskBackend
import FrontdeskCore
import FrontdeskPostgres
import FrontdeskStore

/// Opens the store a location names, as `frontdesk --store` does (`StoreLocation`): a folder
/// is the file store, a `postgres://` URL the PostgreSQL store. `seed` creates a new desk.
/// (The stress writer does not depend on the `frontdesk` executable, so it has this one switch.)
func openStore(_ location: String, seed: ChangeSet? = nil) throws -> any DeskBackend {
    switch StoreLocation(location) {
    case .directory(let path): return try Store(directory: path, seed: seed)
    case .postgres(let url): return try PostgresStore(url: url, seed: seed)
    }
}

/// The desk `init` creates: one supervisor, one agent, one queue, two customers.
func stressSeed() -> ChangeSet {
    var seed = ChangeSet()
    seed.config = DeskConfig(phoneChannel: true, wrapUp: [.chat], defaultQueue: "service-desk")
    seed.queues = [Queue(id: "service-desk", name: "Service Desk", channels: InteractionType.allCases, targetWaitSeconds: 300)]
    seed.agents = [Agent(login: "ana", displayName: "Ana Lima", queues: ["service-desk"], role: .supervisor),
                   Agent(login: "bo", displayName: "Bo Chen", queues: ["service-desk"])]
    seed.customers = [Customer(id: "CUS0000001", name: "Zoë Müller", email: "zoe@example.com", phone: "+15551234567"),
                      Customer(id: "CUS0000002", name: "山田 太郎 🙂", email: "taro@example.jp")]
    seed.counters = [.customer: 2]
    return seed
}
