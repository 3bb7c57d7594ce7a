import Foundation
import FrontdeskCore

/// The data files shipped with Frontdesk (Resources/): the seed of a new store and the demo
/// desk. They are compiled into the binary (SwiftPM's `embedInCode`), so a copied or installed
/// `frontdesk` works without the build folder beside it.
public enum BundledData {
    /// What a new, empty store starts with: the default configuration and a "Service Desk"
    /// queue serving every channel. The console adds its login user as an agent.
    public static func defaultSeed() throws -> ChangeSet {
        try JSONDecoder().decode(ChangeSet.self, from: Data(PackageResources.desk_json))
    }

    /// The desk-wide canned replies every store has; a store's own template of the same
    /// name takes its place.
    public static func defaultTemplates() throws -> [ReplyTemplate] {
        struct Entry: Decodable { var name: String; var text: String }
        return try JSONDecoder().decode([Entry].self, from: Data(PackageResources.templates_json))
            .map { ReplyTemplate(name: $0.name, text: $0.text, isBuiltIn: true) }
    }

    static func demoDirectory() throws -> DemoDirectory {
        try JSONDecoder().decode(DemoDirectory.self, from: Data(PackageResources.directory_json))
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
