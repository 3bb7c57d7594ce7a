import Foundation
import Testing
import FrontdeskCore
import FrontdeskTestSupport
@testable import FrontdeskStore

/// Heartbeats: who else has what open, gone soon after they go.
@Suite struct ViewerTests {
    @Test(arguments: TestBackend.allCases)
    func consolesSeeEachOtherAndForgetThoseGone(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let a = try place.open(seed: seed()), b = try place.open()
        (a as? Store)?.viewerID = "100"; (b as? Store)?.viewerID = "200"
        a.announce(Viewer(login: "ana", number: "IMS0000001", editing: "the short description"), at: t0)
        b.announce(Viewer(login: "bo", number: nil, editing: nil), at: t0)
        #expect(b.viewers(at: t0.adding(1)) == [Viewer(login: "ana", number: "IMS0000001", editing: "the short description")])
        #expect(a.viewers(at: t0.adding(1)) == [Viewer(login: "bo", number: nil, editing: nil)], "not itself")
        // Unchanged, the heartbeat is rewritten every two seconds; a console that stops is stale after five.
        a.announce(Viewer(login: "ana", number: "IMS0000001", editing: "the short description"), at: t0.adding(3))
        #expect(b.viewers(at: t0.adding(7)).count == 1)
        #expect(b.viewers(at: t0.adding(9)).isEmpty, "ana's console stopped beating")
        if backend == .file { #expect(FileManager.default.fileExists(atPath: place.location + "/viewers/100.json")) }
        #expect(b.viewers(at: t0.adding(70)).isEmpty)
        if backend == .file {
            #expect(!FileManager.default.fileExists(atPath: place.location + "/viewers/100.json"), "a long-dead console's file is removed")
        }
        // A long-dead console is forgotten, not just hidden: back at its time, it is gone.
        #expect(b.viewers(at: t0.adding(1)).isEmpty, "removed by whoever looked")
        a.announce(Viewer(login: "ana", number: nil, editing: nil), at: t0.adding(80))
        #expect(b.viewers(at: t0.adding(80)) == [Viewer(login: "ana", number: nil, editing: nil)], "and comes back when it beats again")
        b.announce(Viewer(login: "bo", number: "IMS0000002", editing: nil), at: t0.adding(80))
        #expect(a.viewers(at: t0.adding(81)) == [Viewer(login: "bo", number: "IMS0000002", editing: nil)])
        b.withdraw()
        #expect(a.viewers(at: t0.adding(81)).isEmpty, "a console that quits takes its heartbeat with it")
    }
}
