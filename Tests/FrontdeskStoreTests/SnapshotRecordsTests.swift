import Foundation
import Testing
import FrontdeskBackend
import FrontdeskCore
@testable import FrontdeskStore

/// A snapshot's interactions stay as bytes until read (issue 28, point 1): a desk opened on
/// them must answer every question exactly as the decoded desk does, indexes and routing
/// included, while decoding only the records it reads.
@Suite struct SnapshotRecordsTests {
    /// The generated desk (open, waiting, offered, closed, wrapped-up records, replies, escapes).
    static var original: Desk { FastDecoderTests.desk }

    static func opened(_ desk: Desk) throws -> (desk: Desk, records: SnapshotRecords) {
        let file = MappedFile(memory: try StoreFormat.encodeSnapshot(desk, generation: 1))
        let snapshot = try #require(SnapshotLoader.load(file.bytes, storingIn: file))
        let records = try #require(snapshot.storedRecords, "a snapshot with its record heads keeps its records stored")
        #expect(snapshot.interactions.isEmpty)
        return (snapshot.desk(), records)
    }

    /// Every question the desk's indexes and scans answer, asked of both desks.
    static func expectSameAnswers(_ stored: Desk, _ decoded: Desk, _ note: Comment) {
        #expect(stored.interactions.count == decoded.interactions.count, note)
        #expect(stored.pendingReplyRecords == decoded.pendingReplyRecords, note)
        for login in decoded.agents.keys.sorted() {
            #expect(stored.load(of: login) == decoded.load(of: login), "load of \(login): \(note)")
            #expect(stored.openRecords(of: login) == decoded.openRecords(of: login), "open records of \(login): \(note)")
            #expect(stored.offers(for: login) == decoded.offers(for: login), "offers for \(login): \(note)")
        }
        for id in decoded.customers.keys.sorted() {
            #expect(stored.interactionPositions(ofCustomer: id) == decoded.interactionPositions(ofCustomer: id), "\(id): \(note)")
        }
        for k in decoded.interactions.indices {
            let r = decoded.interactions[k]
            #expect(stored.interactions.head(at: k) == RecordHead(r), "head of \(r.number): \(note)")
            #expect(stored.interactions.closedAt(at: k) == r.closedAt && stored.interactions.acceptedAt(at: k) == r.acceptedAt
                    && stored.interactions.holdsSomeCapacity(at: k) == r.holdsSomeCapacity
                    && stored.interactions.hasQueuedReply(at: k) == r.hasQueuedReply, "facts of \(r.number): \(note)")
            if let profile = r.channelUserProfile {
                #expect(stored.openMessagingInteraction(ofProfile: profile)?.number == decoded.openMessagingInteraction(ofProfile: profile)?.number, note)
            }
        }
        for view in WorkView.allCases {
            for login in decoded.agents.keys.sorted() {
                #expect(stored.positions(in: view, agent: login) == decoded.positions(in: view, agent: login), "\(view) of \(login): \(note)")
            }
        }
        for hours in [-48, 0, 1, 30, 24 * 9, 24 * 40] as [Int64] {
            let at = t0.adding(hours * 3600)
            #expect(stored.routingDecisions(at: at) == decoded.routingDecisions(at: at), "routing at \(hours) h: \(note)")
            #expect(stored.closed(before: at).map(\.number) == decoded.closed(before: at).map(\.number), "closed before \(hours) h: \(note)")
            #expect(stored.slaRows(at: at).map(\.number) == decoded.slaRows(at: at).map(\.number), "SLA rows at \(hours) h: \(note)")
        }
        #expect(Array(stored.interactions) == Array(decoded.interactions), note)
    }

    @Test func aStoredDeskAnswersAsTheDecodedOne() throws {
        let (stored, _) = try Self.opened(Self.original)
        Self.expectSameAnswers(stored, Self.original, "as opened")
    }

    @Test func openingAndRoutingDecodeOnlyWhatTheyRead() throws {
        let original = Self.original
        let (desk, records) = try Self.opened(original)
        #expect(records.decodedCount == 0, "opening decodes no record")
        _ = desk.routingDecisions(at: t0)
        // Routing reads the open records and those holding capacity; the closed ones, most of
        // a working set, only through their facts.
        let read = original.interactions.filter { $0.state.isOpen || $0.holdsSomeCapacity }.count
        #expect(records.decodedCount <= read && read < original.interactions.count, "\(records.decodedCount) decoded, \(read) open")
        let closed = try #require(original.interactions.last { !$0.state.isOpen && !$0.holdsSomeCapacity })
        let before = records.decodedCount
        #expect(desk.interaction(closed.number) == closed)
        #expect(records.decodedCount == before + 1, "reading one record decodes that one")
        _ = desk.closed(before: t0.adding(-86_400 * 400))
        #expect(records.decodedCount == before + 1, "asking what a compaction would move decodes only what moves")
    }

    @Test func aListReadsItsRowsOnAllCoresAndAsTheyAre() throws {
        let (desk, records) = try Self.opened(Self.original)
        let closed = desk.positions(in: .closed, agent: "alex")
        #expect(records.decodedCount == 0, "a view is chosen on heads")
        desk.interactions.prefetch(closed)
        #expect(records.decodedCount == closed.count)
        #expect(closed.map { desk.interactions[$0] } == closed.map { Self.original.interactions[$0] })
        #expect(desk.search("printer") == Self.original.search("printer"))
    }

    @Test func changesMadeSinceWinAndStayIndexed() throws {
        var decoded = Self.original
        var (stored, _) = try Self.opened(decoded)
        // Close an open record, reopen nothing, move a record to another customer, add one.
        let open = try #require(decoded.interactions.first { $0.state.isOpen && $0.assignedTo != nil })
        var closing = open
        closing.state = .closedComplete
        closing.history.append(AuditEntry(at: t0, by: "routing", change: .state(from: open.state, to: .closedComplete)))
        closing.version += 1
        let other = try #require(decoded.interactions.first { $0.openedFor != nil && $0.number != open.number })
        var moved = other
        moved.openedFor = "CUS0000002"
        moved.version += 1
        var added = Interaction(number: "IMS0999999", type: .chat, state: .queued, queue: "service-desk", openedAt: t0)
        added.history = [AuditEntry(at: t0, by: "chat", change: .state(from: .new, to: .queued))]
        var changes = ChangeSet()
        changes.interactions = [closing, moved, added]
        decoded.apply(changes)
        stored.apply(changes)
        Self.expectSameAnswers(stored, decoded, "after changes")
        // Taking records out (a compaction moved them) decodes nothing and keeps the indexes.
        let leaving = Set(decoded.interactions.prefix(40).map(\.number))
        decoded.remove(leaving)
        stored.remove(leaving)
        Self.expectSameAnswers(stored, decoded, "after a compaction took 40 out")
    }

    @Test func aSnapshotWithoutRecordHeadsIsDecodedWhole() throws {
        var bytes = try StoreFormat.encodeSnapshot(Self.original, generation: 1)
        // The layout of stores written before record heads: the interactions follow the tasks.
        let marker = Array(StoreFormat.recordHeadsMarker.utf8), next = Array(",\n\"interactions\":[".utf8)
        let at = try #require(bytes.indices.first { bytes[$0...].starts(with: marker) })
        let end = try #require(bytes.indices.first { $0 > at && bytes[$0...].starts(with: next) })
        bytes.removeSubrange(at..<end)
        let file = MappedFile(memory: bytes)
        let snapshot = try #require(SnapshotLoader.load(file.bytes, storingIn: file))
        #expect(snapshot.storedRecords == nil)
        #expect(snapshot.interactions == Array(Self.original.interactions))
    }

    @Test func aRecordHeadReadsBackAsWritten() throws {
        let heads = [
            RecordHead(number: "IMS0000001", type: .walkUp, state: .closedComplete, openedFor: "CUS\"\\/é", channelUserProfile: nil,
                       assignedTo: "山田 🙂", queue: "q\u{1B}[31m", openedAt: t0, archivedAt: t0.adding(86_400), statusToken: "tok-_0123456789abcdef"),
            RecordHead(number: "IMS0000002", type: .messaging, state: .queued, openedFor: nil, channelUserProfile: "CUP0000001",
                       assignedTo: nil, queue: nil, openedAt: t0.adding(1), archivedAt: nil, statusToken: nil),
        ]
        let facts = [RecordFacts(closedAt: t0.adding(60), acceptedAt: t0.adding(5), holdsSomeCapacity: true, hasQueuedReply: false),
                     RecordFacts(closedAt: nil, acceptedAt: nil, holdsSomeCapacity: false, hasQueuedReply: true)]
        for (head, fact) in zip(heads, facts) {
            var out: [UInt8] = []
            FastEncoder.recordHead(head, fact, into: &out)
            let back = out.withUnsafeBufferPointer { buffer -> (RecordHead, RecordFacts)? in
                var d = FastDecoder(buffer, from: 0, to: buffer.count)
                guard let pair = try? d.recordHead(), d.atEnd() else { return nil }
                return pair
            }
            let read = try #require(back, "\(String(decoding: out, as: UTF8.self))")
            #expect(read.0 == head && read.1 == fact)
            // And as JSON anyone can read: an array.
            #expect((try JSONSerialization.jsonObject(with: Data(out)) as? [Any])?.count == 14)
        }
    }
}
