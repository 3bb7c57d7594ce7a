import Foundation
import Testing
import FrontdeskCore
@testable import FrontdeskBackend
@testable import FrontdeskStore

/// Typed audit events change nothing on disk: a record's trail as stores wrote it before
/// (one `{"at","by","field","new","old"}` object per entry) reads as the typed events and
/// is written back byte for byte, by both encoders, and read the same by both decoders.
@Suite struct AuditStoreBytesTests {
    /// A record line as the store wrote it before typed events, with every kind of entry
    /// (and one entry of a known name whose shape is not its event's, as a hand-edited or
    /// imported store may hold).
    static let oldLine = #"{"archived_at":null,"assigned_to":"bo","channel_user_profile":null,"history":["#
        + #"{"at":"2026-11-24T09:00:00Z","by":"chat","field":"created","new":"queued","old":null},"#
        + #"{"at":"2026-11-24T09:00:00Z","by":"chat","field":"caller","new":"web-visitor-7","old":null},"#
        + #"{"at":"2026-11-24T09:00:01Z","by":"routing","field":"offer","new":"ana","old":null},"#
        + #"{"at":"2026-11-24T09:00:31Z","by":"routing","field":"offer_timed_out","new":null,"old":"ana"},"#
        + #"{"at":"2026-11-24T09:00:32Z","by":"routing","field":"offer","new":"bo","old":null},"#
        + #"{"at":"2026-11-24T09:00:40Z","by":"bo","field":"offer_rejected","new":"Busy","old":"bo"},"#
        + #"{"at":"2026-11-24T09:01:00Z","by":"sue","field":"rerouted","new":null,"old":null},"#
        + #"{"at":"2026-11-24T09:02:00Z","by":"bo","field":"state","new":"work_in_progress","old":"queued"},"#
        + #"{"at":"2026-11-24T09:02:00Z","by":"bo","field":"assigned_to","new":"bo","old":null},"#
        + #"{"at":"2026-11-24T09:03:00Z","by":"bo","field":"reply","new":"MSG0000001","old":"chat:web-visitor-7"},"#
        + #"{"at":"2026-11-24T09:03:01Z","by":"chat","field":"reply_failed","new":"HTTP 500","old":"MSG0000001"},"#
        + #"{"at":"2026-11-24T09:03:05Z","by":"bo","field":"reply_retried","new":"MSG0000001","old":null},"#
        + #"{"at":"2026-11-24T09:03:06Z","by":"chat","field":"reply_delivered","new":"MSG0000001","old":null},"#
        + #"{"at":"2026-11-24T09:04:00Z","by":"chat","field":"message","new":"Still \"down\"? \\ / é","old":null},"#
        + #"{"at":"2026-11-24T09:05:00Z","by":"sue","field":"takeover","new":"sue","old":"bo"},"#
        + #"{"at":"2026-11-24T09:05:00Z","by":"bo","field":"wrap_up_due","new":"bo","old":null},"#
        + #"{"at":"2026-11-24T09:06:00Z","by":"bo","field":"wrap_up_code","new":"Escalated","old":"bo"},"#
        + #"{"at":"2026-11-24T09:06:00Z","by":"bo","field":"wrap_up_notes","new":"Handed on","old":null},"#
        + #"{"at":"2026-11-24T09:07:00Z","by":"bo","field":"related_task","new":"Incident INC0000001 created","old":null},"#
        + #"{"at":"2026-11-24T09:08:00Z","by":"bo","field":"short_description","new":"VPN","old":""},"#
        + #"{"at":"2026-11-24T09:09:00Z","by":"sue","field":"reopen_reason","new":"closed by mistake","old":null},"#
        + #"{"at":"2026-11-24T09:10:00Z","by":"x","field":"offer","new":null,"old":"odd"}"#
        + #"],"number":"IMS0000001","opened_at":"2026-11-24T09:00:00Z","opened_for":null,"queue":"service-desk","related_tasks":[],"#
        + #""short_description":"VPN","state":"work_in_progress","state_reason":null,"transcript":[],"type":"chat","version":9,"work_notes":[]}"#

    func fast(_ bytes: [UInt8]) -> Interaction? {
        bytes.withUnsafeBufferPointer { buffer in
            var d = FastDecoder(buffer, from: 0, to: buffer.count)
            return try? d.interaction()
        }
    }

    @Test func anOldRecordLineReadsAsEventsAndIsWrittenBackByteIdentical() throws {
        let line = Array(Self.oldLine.utf8)
        let slow = try JSONDecoder().decode(Interaction.self, from: Data(line))
        let quick = try #require(fast(line), "the fast decoder reads it")
        #expect(quick == slow)
        #expect(String(describing: quick.history.map(\.change)) == String(describing: slow.history.map(\.change)), "the same cases")
        #expect(Array(try StoreFormat.encoder().encode(slow)) == line, "JSONEncoder writes the same bytes")
        #expect(FastEncoder.interaction(quick) == line, "the fast encoder writes the same bytes")

        // Read as events, not names.
        let changes = slow.history.map(\.change)
        guard case .offerTimedOut(let agent) = changes[3], case .offerRejected(_, let reason) = changes[5],
              case .reply(let id, let address) = changes[9], case .wrapUpCode(let owner, let code) = changes[16],
              case .assigned(nil, "bo") = changes[8], case .message(let text) = changes[13] else {
            Issue.record("not read as typed events: \(changes)"); return
        }
        #expect((agent, reason, id, address, owner, code) == ("ana", "Busy", "MSG0000001", "chat:web-visitor-7", "bo", "Escalated"))
        #expect(text == #"Still "down"? \ / é"#)
        #expect(slow.declines.isEmpty, "rerouted cleared the declines")
        #expect(slow.deliveryStatus(of: "MSG0000001") == .delivered(at: Instant(parsing: "2026-11-24T09:03:06Z")!))
        #expect(slow.attempts(of: "MSG0000001") == 2)
        #expect(slow.caller == "web-visitor-7")
        let outcome = try #require(slow.wrapUpOutcome)
        #expect((outcome.code, outcome.notes, outcome.by, outcome.bySystem) == ("Escalated", "Handed on", "bo", false))
        guard case .field("offer", "odd", nil) = changes.last! else { Issue.record("\(changes.last!)"); return }
        #expect(slow.history.allSatisfy { $0.inferred == nil }, "old stores hold nothing inferred")
    }

    /// The audit entries of a store made by an earlier binary, each decoded and encoded again.
    @Test func theLegacyStoresEntriesAreWrittenBackByteIdentical() throws {
        let path = (#filePath as NSString).deletingLastPathComponent + "/Fixtures/legacy-store/journal.jsonl"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let pattern = try NSRegularExpression(pattern: #"\{"at":"[^"]*","by":"[^"]*","field":"[^"]*","new":(null|"[^"]*"),"old":(null|"[^"]*")\}"#)
        let entries = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
        #expect(entries.count >= 50, "the legacy journal's trails")
        for entry in entries {
            let decoded = try JSONDecoder().decode(AuditEntry.self, from: Data(entry.utf8))
            #expect(String(decoding: try StoreFormat.encoder().encode(decoded), as: UTF8.self) == entry)
            #expect(decoded.inferred == nil)
        }
    }

    /// The mark of an entry made up on import is one more key, only on that entry; both
    /// paths read and write it alike.
    @Test func anInferredEntryKeepsItsMarkThroughBothPaths() throws {
        var r = try JSONDecoder().decode(Interaction.self, from: Data(Self.oldLine.utf8))
        r.history[7] = r.history[7].inferred(from: .updatedBy)
        let line = Array(try StoreFormat.encoder().encode(r))
        #expect(FastEncoder.interaction(r) == line)
        let text = String(decoding: line, as: UTF8.self)
        #expect(text.contains(#""field":"state","inferred":"sys_updated_by","new":"work_in_progress""#))
        #expect(text.components(separatedBy: "inferred").count == 2, "on that entry only")
        #expect(fast(line) == r)
        #expect(try JSONDecoder().decode(Interaction.self, from: Data(line)) == r)
        #expect(r.history[7].inferred == .updatedBy)
    }
}
