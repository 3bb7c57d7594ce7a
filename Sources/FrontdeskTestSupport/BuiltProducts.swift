import Foundation

/// Where `swift build` put an executable of this package, for tests that run the real binary.
/// The test bundle sits beside the products; walk up from it until the product is found.
public func builtProduct(_ name: String) -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = (exe as NSString).deletingLastPathComponent
    while !dir.isEmpty && dir != "/" {
        if FileManager.default.isExecutableFile(atPath: dir + "/" + name) { return dir + "/" + name }
        dir = (dir as NSString).deletingLastPathComponent
    }
    return FileManager.default.currentDirectoryPath + "/.build/debug/" + name
}
