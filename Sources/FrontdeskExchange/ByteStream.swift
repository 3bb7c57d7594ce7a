/// Output written as it is made: bytes gather in a large buffer that goes out whenever it
/// fills, so a long export or list costs one buffer of memory, not its whole size, and one
/// system call per 256 KiB.
public final class ByteStream {
    public static let bufferSize = 256 << 10
    private var buffer: [UInt8] = []
    private let sink: ([UInt8]) throws -> Void
    /// Bytes handed on so far (written or still buffered).
    public private(set) var count = 0

    /// `sink` receives each full buffer, and the rest at `flush`.
    public init(sink: @escaping ([UInt8]) throws -> Void) {
        self.sink = sink
        buffer.reserveCapacity(Self.bufferSize)
    }

    public func write(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        count += bytes.count
        if buffer.count >= Self.bufferSize { try flush() }
    }

    public func write(_ text: String) throws { try write(text.utf8) }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        try sink(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
