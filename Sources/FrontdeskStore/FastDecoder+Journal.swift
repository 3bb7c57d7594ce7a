import Foundation
import FrontdeskBackend
import FrontdeskCore

extension FastDecoder {
    /// One journal line by the fast path, or nil to let JSONDecoder read it (and explain it).
    static func journalEntry(_ bytes: [UInt8], _ range: Range<Int>) -> StoreFormat.JournalEntry? {
        bytes.withUnsafeBufferPointer { buffer in
            var decoder = FastDecoder(buffer, from: range.lowerBound, to: range.upperBound)
            guard let entry = try? decoder.journalEntry(), decoder.atEnd() else { return nil }
            return StoreFormat.JournalEntry(at: entry.at, by: entry.by, changes: entry.changes)
        }
    }

    /// One journal line by either decoder, or nil when neither reads it: for readers that
    /// fall back to reading the files whole rather than naming the damage.
    static func anyJournalEntry(_ bytes: [UInt8], _ range: Range<Int>) -> StoreFormat.JournalEntry? {
        journalEntry(bytes, range) ?? (try? JSONDecoder().decode(StoreFormat.JournalEntry.self, from: Data(bytes[range])))
    }
}
