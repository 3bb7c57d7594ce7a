import Dispatch

/// Work over `0..<count` split into contiguous chunks run on all cores, the chunks' results
/// joined in order. The one place the store's loader and the desk's search go parallel.
public enum ChunkedParallel {
    /// Runs `work` on each of at most `chunks` contiguous ranges covering `0..<count`
    /// concurrently, and returns the ranges' results joined in order; nil when any range's
    /// `work` returns nil. `work` runs on several threads at once (hence `@Sendable`).
    ///
    /// Each chunk writes its result into its own slot of a buffer allocated here, through the
    /// buffer's pointer: the slots are distinct memory, no slot is touched by two workers,
    /// and nothing reads them before `concurrentPerform` has returned (which waits for every
    /// worker). An `Array` shared through a class box would not be safe: every element write
    /// is an access to the whole array (its uniqueness check and exclusivity), which races.
    public static func mapUnlessAnyFails<T: Sendable>(count: Int, chunks wanted: Int, _ work: @Sendable (Range<Int>) -> [T]?) -> [T]? {
        guard count > 0 else { return [] }
        let chunks = max(1, min(count, wanted))
        if chunks == 1 { return work(0..<count) }
        let size = (count + chunks - 1) / chunks
        // Shared with the workers as described above: each writes only `slots[chunk]`.
        nonisolated(unsafe) let slots = UnsafeMutableBufferPointer<[T]?>.allocate(capacity: chunks)
        slots.initialize(repeating: nil)
        defer {
            _ = slots.deinitialize()
            slots.deallocate()
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let lo = min(count, chunk * size), hi = min(count, lo + size)
            slots[chunk] = work(lo..<hi)
        }
        var all: [T] = []
        all.reserveCapacity(count)
        for slot in slots {
            guard let slot else { return nil }
            all.append(contentsOf: slot)
        }
        return all
    }

    /// `mapUnlessAnyFails` for work that cannot fail.
    public static func map<T: Sendable>(count: Int, chunks: Int, _ work: @Sendable (Range<Int>) -> [T]) -> [T] {
        mapUnlessAnyFails(count: count, chunks: chunks) { (range: Range<Int>) -> [T]? in work(range) } ?? []
    }
}
