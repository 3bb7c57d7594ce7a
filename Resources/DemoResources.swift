import Foundation
import FrontdeskCore

/// The data files shipped with Frontdesk: the seed of a new store and the demo desk.
public enum BundledData {
    /// What a new, empty store starts with: the default configuration and a "Service Desk"
    /// queue serving every channel. The console adds its login user as an agent.
    public static func defaultSeed() throws -> ChangeSet {
        try JSONDecoder().decode(ChangeSet.self, from: data("default/desk.json"))
    }

    static func demoDirectory() throws -> DemoDirectory {
        try JSONDecoder().decode(DemoDirectory.self, from: data("demo/directory.json"))
    }

    private static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent(name) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: name])
        }
        return try Data(contentsOf: url)
    }
}

/// The demo's people and words, from `demo/directory.json`.
struct DemoDirectory: Decodable {
    var config: DeskConfig
    var queues: [Queue]
    var agents: [Agent]
    var first_names: [String]
    var last_names: [String]
    var companies: [String]
    var topics: [String]
    var notes: [String]
    var messages: [String]
}
