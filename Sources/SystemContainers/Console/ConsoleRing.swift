#if canImport(Glibc)
import Glibc
#endif

/// The last `capacity` bytes a console wrote, in memory (replayed to a client that connects)
/// and in console.log, which is cut back to the ring whenever it grows past twice that.
/// The log is written through one descriptor, never reopened by path: after a stop removed
/// it, late writes go nowhere instead of making the file again.
struct ConsoleRing {
    let capacity: Int
    private(set) var bytes: [UInt8] = []
    let logFD: Int32
    private var logSize = 0

    init(capacity: Int = 64 * 1024, logFD: Int32) {
        self.capacity = capacity
        self.logFD = logFD
    }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
        if bytes.count > capacity { bytes.removeFirst(bytes.count - capacity) }
        guard logFD >= 0 else { return }
        if logSize + chunk.count > 2 * capacity {
            _ = ftruncate(logFD, 0)
            logSize = bytes.withUnsafeBytes { pwrite(logFD, $0.baseAddress, $0.count, 0) }
        } else if pwrite(logFD, chunk.baseAddress, chunk.count, off_t(logSize)) == chunk.count {
            logSize += chunk.count
        }
    }
}
