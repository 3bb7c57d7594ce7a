/// Where each interaction number was first met (page, row), to name it when it comes again:
/// an export holds each record once. Numbers are dense (IMS0000001 on), so each is a slot of
/// a block of 4,096 made when a number in it first comes, holding the row's place among all
/// rows read (4 bytes): 4 MB for a million rows, where a dictionary of them took about 24.
struct ServiceNowFirstRows {
    private static let blockSize = 4_096
    private var blocks: [Int: [UInt32]] = [:]
    /// The place of each page's first row among all rows.
    private var pageStarts: [Int] = []

    /// A page begins; its rows are `row` 0, 1, … of it. `rowsBefore`: rows read before it.
    mutating func beginPage(rowsBefore: Int) { pageStarts.append(rowsBefore) }

    /// The page and row `number` was first met at, if it was.
    func first(_ number: Int) -> (page: Int, row: Int)? {
        guard let block = blocks[number / Self.blockSize] else { return nil }
        let slot = block[number % Self.blockSize]
        guard slot > 0 else { return nil }
        let place = Int(slot - 1)
        // The last page starting at or before it.
        var lo = 0, hi = pageStarts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if pageStarts[mid] <= place { lo = mid + 1 } else { hi = mid }
        }
        let page = max(0, lo - 1)
        return (page, place - pageStarts[page])
    }

    /// Notes `number` as met at `row` of the current page.
    mutating func note(_ number: Int, row: Int) {
        let place = (pageStarts.last ?? 0) + row
        blocks[number / Self.blockSize, default: Array(repeating: 0, count: Self.blockSize)][number % Self.blockSize] = UInt32(place + 1)
    }
}
