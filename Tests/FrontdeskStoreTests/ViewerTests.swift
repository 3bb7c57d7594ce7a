import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskStore

/// Heartbeats: who else has what open, gone soon after they go.
@Suite struct ViewerTests {
    @Test func consolesSeeEachOtherAndForgetThoseGone() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let a = try Store(directory: path, seed: seed()), b = try Store(directory: path)
        a.viewerID = "100"; b.viewerID = "200"
        a.announce(Viewer(login: "ana", number: "IMS0000001", editing: "the short description"), at: t0)
        b.announce(Viewer(login: "bo", number: nil, editing: nil), at: t0)
        #expect(b.viewers(at: t0.adding(1)) == [Viewer(login: "ana", number: "IMS0000001", editing: "the short description")])
        #expect(a.viewers(at: t0.adding(1)) == [Viewer(login: "bo", number: nil, editing: nil)], "not itself")
        // Unchanged, the heartbeat is rewritten every two seconds; a console that stops is stale after five.
        a.announce(Viewer(login: "ana", number: "IMS0000001", editing: "the short description"), at: t0.adding(3))
        #expect(b.viewers(at: t0.adding(7)).count == 1)
        #expect(b.viewers(at: t0.adding(9)).isEmpty, "ana's console stopped beating")
        #expect(FileManager.default.fileExists(atPath: path + "/viewers/100.json"))
        #expect(b.viewers(at: t0.adding(70)).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path + "/viewers/100.json"), "a long-dead console's file is removed")
        b.withdraw()
        #expect(a.viewers(at: t0.adding(1)).isEmpty, "a console that quits takes its heartbeat with it")
    }
}
