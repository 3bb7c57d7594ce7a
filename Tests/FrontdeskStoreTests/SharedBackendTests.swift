import Foundation
import Testing
import FrontdeskCore
import FrontdeskTestSupport
@testable import FrontdeskStore

/// Leadership and templates through `DeskBackend`, on both backends: what the file store
/// does with lock files and folders, PostgreSQL does with advisory locks and tables, and the
/// consoles see no difference.
@Suite struct SharedBackendTests {
    /// Of two consoles one routes; when it gives routing up the other takes it, and only the
    /// one routing applies routing's decisions.
    @Test(arguments: TestBackend.allCases)
    func onlyOneOfTwoStoresRoutesAndStoppingHandsOver(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let a = try place.open(seed: seed()), b = try place.open()
        #expect(try a.takeRouting())
        #expect(try !b.takeRouting(), "a routes already")
        #expect(try a.takeRouting(), "still a")
        try a.perform(.setPresence(login: "ana", .available), by: "ana", at: t0)
        try a.perform(.intake(type: .chat, openedFor: "CUS0000001", queue: nil, text: "hi"), by: "chat", at: t0)
        #expect(try b.route(at: t0.adding(1)) == 0, "b does not route")
        #expect(try b.refresh() && b.desk.interaction("IMS0000001")?.pendingOffer == nil)

        a.stopRouting()
        #expect(try b.takeRouting(), "b takes over once a stopped")
        #expect(try !a.takeRouting())
        #expect(try b.route(at: t0.adding(2)) > 0, "b routes now")
        #expect(try a.refresh() && a.desk.interaction("IMS0000001")?.pendingOffer != nil, "the offer b made is a's to see")
        b.stopRouting()
        #expect(try a.takeRouting())
    }

    /// A saved template is the desk's: another console reads it, saving it again replaces
    /// it, and one the rules refuse is not saved.
    @Test(arguments: TestBackend.allCases)
    func templatesAreSavedForEveryConsole(_ backend: TestBackend) throws {
        let place = try backend.fresh()
        defer { place.remove() }
        let a = try place.open(seed: seed()), b = try place.open()
        #expect(try b.storedTemplates(skippingDamaged: false).isEmpty)
        try a.saveTemplate(ReplyTemplate(name: "hello", text: "Hello {{customer.first_name}}"))
        try a.saveTemplate(ReplyTemplate(name: "bye", text: "Bye"))
        #expect(try b.storedTemplates(skippingDamaged: false).map(\.name).sorted() == ["bye", "hello"])
        try b.saveTemplate(ReplyTemplate(name: "hello", text: "Hi {{customer.first_name}}"))
        #expect(try a.storedTemplates(skippingDamaged: false).first { $0.name == "hello" }?.text == "Hi {{customer.first_name}}")
        #expect(a.templateLocation("hello").contains("hello"))

        let before = try place.contents()
        #expect(throws: DomainError.self) { try a.saveTemplate(ReplyTemplate(name: "bad name!", text: "x")) }
        #expect(throws: DomainError.self) { try a.saveTemplate(ReplyTemplate(name: "odd", text: "{{no.such}}")) }
        #expect(throws: DomainError.self) { try a.saveTemplate(ReplyTemplate(name: "escape", text: "\u{1B}[2J")) }
        #expect(try place.contents() == before, "a refused template wrote nothing")
        #expect(try b.storedTemplates(skippingDamaged: false).count == 2)
    }
}
