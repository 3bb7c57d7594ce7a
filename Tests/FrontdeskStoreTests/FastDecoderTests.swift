import Foundation
import Testing
import FrontdeskCore
import FrontdeskResources
@testable import FrontdeskBackend
@testable import FrontdeskExchange
@testable import FrontdeskStore

/// The fast snapshot path must agree with Foundation's JSONDecoder, byte for byte, on
/// everything it accepts; whatever it refuses goes to JSONDecoder anyway.
@Suite struct FastDecoderTests {
    static let desk: Desk = {
        var desk = try! DemoDesk.generate(interactions: 250, customers: 80, endingAt: t0, seed: 99)
        // Text that needs escapes, and odd but valid characters.
        var extra = ChangeSet()
        extra.interactions = [Interaction(
            number: "IMS0099999", type: .chat, state: .new, openedFor: nil, shortDescription: "quote \" backslash \\ slash / tab \t nl \n ctrl \u{01} é 山 🙂 \u{2028}",
            openedAt: t0, workNotes: [WorkNote(author: "a\"b", at: t0, text: "\u{1B}[31m")],
            // The customer's line, an agent's reply (with its outbox id) and its delivery.
            transcript: [TranscriptLine(from: "visitor", at: t0, text: "hi"), TranscriptLine(from: "ana", at: t0, text: "Hello \"you\"\n2", id: "MSG0000007")],
            history: [AuditEntry(at: t0, by: "x", change: .created(state: .new)),
                      AuditEntry(at: t0, by: "ana", change: .field(name: AuditField.reply, old: nil, new: "MSG0000007")),
                      AuditEntry(at: t0, by: "sms", change: .field(name: AuditField.replyFailed, old: "MSG0000007", new: "HTTP 500"))], version: 1),
            // Imported from ServiceNow: its row's sys_id, timers and the columns kept.
            Interaction(number: "IMS0099998", type: .walkUp, state: .closedComplete, openedFor: "CUS0099999", shortDescription: "imported",
                        openedAt: t0, history: [AuditEntry(at: t0, by: "x", change: .created(state: .new))], relatedTasks: ["INC0099999"], version: 5,
                        origin: ServiceNowOrigin(sysID: "1c741bd70b2322007518478d83673af3", updatedOn: t0.adding(60), waitTime: 192, duration: nil,
                                                 columns: [.init(name: "direction", value: "inbound \"x\""), .init(name: "u_\u{1B}", value: "")]))]
        // Chat handles remembered on her go through the fast path too.
        extra.customers = [Customer(id: "CUS0099999", name: "Beth", sysID: "a8f98bb0eb32010045e1a5115206fe3a",
                                    chatHandles: ["beth-web", "b \"quoted\" 🙂"])]
        extra.tasks = [RelatedTask(number: "INC0099999", kind: .incident, shortDescription: "t", openedFor: nil, assignedTo: nil, openedAt: t0,
                                   interactions: ["IMS0099998"], sysID: "46f09e75a9fe198100f4ffd8d366d17b")]
        extra.agents = [Agent(login: "fred.luddy", displayName: "Fred", queues: [], sysID: "5137153cc611227c000bbd1bd8cd2005")]
        extra.queues = [Queue(id: "sn", name: "SN", channels: [.chat], targetWaitSeconds: 1, sysID: "d625dccec0a8016700a222a0f7900d06")]
        extra.counters = [.interaction: 99999, .customer: 99999, .incident: 99999, .reply: 7]
        desk.apply(extra)
        return desk
    }()

    func encoded(_ desk: Desk) throws -> [UInt8] { try StoreFormat.encodeSnapshot(desk, generation: 3) }

    func reencode(_ snapshot: StoreFormat.Snapshot) throws -> [UInt8] {
        try StoreFormat.encodeSnapshot(Desk(everything: snapshot.everything), generation: snapshot.generation)
    }

    @Test func agreesOnGeneratedSnapshots() throws {
        let bytes = try encoded(Self.desk)
        let fast = try #require(SnapshotLoader.load(bytes), "the fast path reads our own layout")
        let slow = try JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(bytes))
        #expect(fast.everything == slow.everything)
        #expect(try reencode(fast) == reencode(slow))
        #expect(try reencode(fast) == bytes, "decoding and encoding again gives the same bytes")
        #expect(fast.interactions.count == Self.desk.interactions.count)
    }

    @Test func agreesRecordByRecord() throws {
        let encoder = StoreFormat.encoder()
        for record in Self.desk.interactions {
            let line = [UInt8](try encoder.encode(record))
            let fast = line.withUnsafeBufferPointer { buffer -> Interaction? in
                var d = FastDecoder(buffer, from: 0, to: buffer.count)
                return try? d.interaction()
            }
            #expect(fast == (try JSONDecoder().decode(Interaction.self, from: Data(line))), "\(record.number)")
        }
        for task in Self.desk.tasks.values {
            let line = [UInt8](try encoder.encode(task))
            let fast = line.withUnsafeBufferPointer { buffer -> RelatedTask? in
                var d = FastDecoder(buffer, from: 0, to: buffer.count)
                return try? d.task()
            }
            #expect(fast == task)
        }
    }

    /// Random damage: whenever the fast path accepts a file, JSONDecoder must accept it too
    /// and read the same desk.
    @Test func fuzzedSnapshotsNeverDisagree() throws {
        let original = try encoded(Self.desk)
        var rng = SplitMix64(seed: 2026)
        var accepted = 0, refused = 0
        let interesting: [UInt8] = Array("\"\\{}[],:0123456789-nultrefa \n".utf8) + [0x00, 0x1F, 0x7F, 0xC3, 0xFF]
        for _ in 0..<300 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = interesting.randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(interesting.randomElement(using: &rng)!, at: at)
                default: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                }
            }
            let slow = try? JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(bytes))
            if let fast = SnapshotLoader.load(bytes) {
                accepted += 1
                if slow == nil {
                    let firstDiff = zip(bytes, original).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
                    let context = String(decoding: bytes[max(0, firstDiff - 60)..<min(bytes.count, firstDiff + 60)], as: UTF8.self)
                    var why = ""
                    do { _ = try JSONDecoder().decode(StoreFormat.Snapshot.self, from: Data(bytes)) } catch { why = "\(error)" }
                    Issue.record("fast accepted, JSONDecoder refused at \(firstDiff): \(context.debugDescription) — \(why.prefix(400))")
                    continue
                }
                let slowValue = try #require(slow)
                #expect(fast.everything == slowValue.everything)
            } else {
                refused += 1
            }
        }
        #expect(accepted > 0 && refused > 0, "the fuzzing exercises both outcomes (\(accepted) accepted, \(refused) refused)")
    }

    @Test func journalLinesAgree() throws {
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        let store = try Store(directory: path, seed: seed())
        try fillWithEveryShape(store)
        let journal = try #require(bytes(path + "/journal.jsonl"))
        var fast = 0
        var start = journal.firstIndex(of: 0x0A)! + 1
        while let end = journal[start...].firstIndex(of: 0x0A) {
            let slow = try JSONDecoder().decode(StoreFormat.JournalEntry.self, from: Data(journal[start..<end]))
            if let quick = FastDecoder.journalEntry(journal, start..<end) {
                fast += 1
                #expect(quick.at == slow.at && quick.by == slow.by && quick.changes == slow.changes)
            } else {
                #expect(!slow.changes.customers.isEmpty || !slow.changes.profiles.isEmpty || !slow.changes.agents.isEmpty
                        || !slow.changes.queues.isEmpty || slow.changes.config != nil, "only directory changes take the slow path")
            }
            start = end + 1
        }
        #expect(fast > 10)
    }

    @Test func otherLayoutsFallBackToJSONDecoder() throws {
        // The same data pretty-printed by another tool: valid JSON, not our layout.
        let bytes = try encoded(Self.desk)
        // Of the new store's generation (0), so its journal belongs with it.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        object["generation"] = 0
        let pretty = [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
        #expect(SnapshotLoader.load(pretty) == nil)
        let path = temporaryDirectory()
        defer { cleanUp(path) }
        _ = try Store(directory: path, seed: Self.desk.everything)
        write(pretty, to: path + "/snapshot.json")
        let store = try Store(directory: path)
        #expect(store.desk.everything == Self.desk.everything)
    }
}

/// The hand-written encoder writes exactly JSONEncoder's bytes.
@Suite struct FastEncoderTests {
    @Test func writesJSONEncodersBytesForEveryRecord() throws {
        let encoder = StoreFormat.encoder()
        var records = FastDecoderTests.desk.interactions
        // Every character class the escaping distinguishes.
        let odd = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }.joined() + "é 山 🙂 \u{2028} \u{FEFF} / \\ \""
        records.append(Interaction(number: "IMS0099997", type: .messaging, state: .onHold, stateReason: .waitingInternal, openedFor: odd,
                                   channelUserProfile: odd, assignedTo: odd, queue: odd, shortDescription: odd, openedAt: t0,
                                   archivedAt: t0.adding(5), workNotes: [WorkNote(author: odd, at: t0, text: odd)],
                                   transcript: [TranscriptLine(from: odd, at: t0, text: odd), TranscriptLine(from: odd, at: t0, text: odd, id: odd)],
                                   history: [AuditEntry(at: t0, by: odd, change: .field(name: odd, old: nil, new: odd))],
                                   relatedTasks: [odd, ""], version: Int.max,
                                   origin: ServiceNowOrigin(sysID: odd, updatedOn: t0, waitTime: -1, duration: Int64.max,
                                                            columns: [.init(name: odd, value: odd)])))
        for record in records {
            #expect(FastEncoder.interaction(record) == [UInt8](try encoder.encode(record)), "\(record.number)")
        }
    }
}
