import Foundation
import FrontdeskBackend
import FrontdeskCore
import FrontdeskTestSupport
import Testing
@testable import FrontdeskPostgres

/// One desk, two hosts: network namespaces joined by a bridge, the database server (a private
/// cluster) on the bridge's address, writers and a live follower on each host.
@Suite(.serialized) struct PostgresTwoHostsTests {
    /// 8 writers × 100 records, four on each host, at once: none lost, no number twice, the
    /// numbers gapless; a follower on each host sees every record as it is committed.
    @Test func twoHostsWriteOneDeskAndEachSeesEveryChange() throws {
        let network = try TestNetwork(hosts: ["a", "b"])
        defer { network.tearDown() }
        let cluster = try PrivateCluster(listen: ["127.0.0.1", network.serverAddress], trust: [network.subnet])
        defer { cluster.destroy() }
        let url = cluster.url(host: network.serverAddress)
        let work = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Stress.initialize(url, in: work, prefix: network.run(on: "a"))

        let perWriter = 100, writersPerHost = 4
        let total = perWriter * writersPerHost * network.hosts.count
        var processes: [Process] = []
        defer { for process in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        for host in network.hosts {
            let output = work + "/follow-\(host).out"
            processes.append(try Stress.launch(["follow", url, String(total)], output: output, prefix: network.run(on: host)))
            #expect(waitUntil(timeout: 30) { Stress.lines(output).contains("listening") }, "the follower on \(host) did not start: \(Stress.errors(output))")
        }
        let followers = processes
        var writerOutputs: [String] = []
        for host in network.hosts {
            for k in 0..<writersPerHost {
                let output = work + "/write-\(host)\(k).out"
                writerOutputs.append(output)
                processes.append(try Stress.launch(["add", url, String(perWriter), "\(host)\(k)"], output: output, prefix: network.run(on: host)))
            }
        }
        let writers = processes.suffix(writerOutputs.count)

        for (writer, output) in zip(writers, writerOutputs) {
            #expect(waitUntil(timeout: 300) { !writer.isRunning }, "\(output) never finished")
            if writer.isRunning { kill(writer.processIdentifier, SIGKILL) }
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0, "\(output): \(Stress.errors(output))")
        }
        var acknowledged: [String: Int] = [:]
        for output in writerOutputs {
            let mine = Stress.acknowledged(output)
            #expect(mine.count == perWriter, "\(output) acknowledged \(mine.count) of \(perWriter)")
            for (number, _) in mine {
                #expect(acknowledged[number] == nil, "\(number) acknowledged twice")
                acknowledged[number] = 1
            }
        }
        #expect(acknowledged.count == total)
        try expectEveryAcknowledged(acknowledged, in: cluster.url(host: "127.0.0.1"), round: 0)

        for (host, follower) in zip(network.hosts, followers) {
            let output = work + "/follow-\(host).out"
            #expect(waitUntil(timeout: 60) { !follower.isRunning }, "the follower on \(host) did not see every record")
            let seen = Stress.lines(output).filter { $0.hasPrefix("seen ") }.map { String($0.dropFirst(5)) }
            #expect(seen.count == Set(seen).count, "the follower on \(host) saw a record twice")
            let missed = Set(acknowledged.keys).subtracting(seen)
            #expect(missed.isEmpty, "the follower on \(host) missed \(missed.count): \(missed.sorted().prefix(5))")
        }
        print("two hosts: \(acknowledged.count) records from \(writerOutputs.count) writers, each follower saw all")
    }
}

/// Hosts as network namespaces (`ip netns`), each with a veth pair into a bridge in this
/// namespace; the bridge's address is where the server listens. `tearDown` removes
/// everything it made (also when setting up failed half way). Needs root and `ip` (iproute2):
/// without them it throws, saying which command failed and why.
final class TestNetwork {
    let hosts: [String]
    private let tag = String(UInt32.random(in: 0...0xFFFF), radix: 16)
    private let octets = (UInt8.random(in: 100...199), UInt8.random(in: 1...254))
    private var made: [[String]] = []

    var bridge: String { "fdl\(tag)br" }
    var serverAddress: String { "10.\(octets.0).\(octets.1).1" }
    var subnet: String { "10.\(octets.0).\(octets.1).0/24" }
    func namespace(_ host: String) -> String { "fdl-\(tag)-\(host)" }
    /// The prefix that runs a program on `host`.
    func run(on host: String) -> [String] { ["ip", "netns", "exec", namespace(host)] }

    init(hosts: [String]) throws {
        self.hosts = hosts
        do {
            try ip(["link", "add", bridge, "type", "bridge"], undo: ["link", "del", bridge])
            try ip(["addr", "add", serverAddress + "/24", "dev", bridge])
            try ip(["link", "set", bridge, "up"])
            for (k, host) in hosts.enumerated() {
                let ns = namespace(host), outside = "fdl\(tag)\(host)0", inside = "fdl\(tag)\(host)1"
                try ip(["netns", "add", ns], undo: ["netns", "del", ns])
                try ip(["link", "add", outside, "type", "veth", "peer", "name", inside], undo: ["link", "del", outside])
                try ip(["link", "set", inside, "netns", ns])
                try ip(["link", "set", outside, "master", bridge, "up"])
                try ip(["-n", ns, "addr", "add", "10.\(octets.0).\(octets.1).\(k + 2)/24", "dev", inside])
                try ip(["-n", ns, "link", "set", inside, "up"])
                try ip(["-n", ns, "link", "set", "lo", "up"])
            }
        } catch {
            tearDown()
            throw error
        }
    }

    /// Runs `ip ARGUMENTS`; `undo` is what removes what it made.
    private func ip(_ arguments: [String], undo: [String]? = nil) throws {
        do { try mustRun(["ip"] + arguments) } catch {
            throw SetupFailure("the two-host test needs network namespaces (root, iproute2): \(error)")
        }
        if let undo { made.append(undo) }
    }

    func tearDown() {
        for undo in made.reversed() { _ = try? runProgram(["ip"] + undo) }
        made = []
    }
}
