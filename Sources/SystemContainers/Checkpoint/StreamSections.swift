#if canImport(Glibc)
import Glibc
#endif
import NamespaceCore

/// One byte stream carrying several archives one after another (a migration's ssh session:
/// the root before the freeze, the rest inside it): each section is a run of frames, a 4-byte
/// big-endian length and that many bytes, ended by a frame of length 0. A tar reader reads
/// ahead, so a section's end must be said, not found.
enum StreamSections {
    /// At most this many bytes per frame (a reader's buffer may be smaller: it reads a frame
    /// in pieces).
    static let frameLimit = 1 << 20

    /// Writes frames into `fd`.
    struct Writer {
        let fd: Int32
        let what: String

        /// `bytes` as frames of at most `frameLimit` bytes.
        func write(_ bytes: UnsafeRawBufferPointer) throws(CoreError) {
            var offset = 0
            while offset < bytes.count {
                let count = min(bytes.count - offset, StreamSections.frameLimit)
                try put(header: UInt32(count))
                try put(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
                offset += count
            }
        }

        /// Ends the section.
        func endSection() throws(CoreError) {
            try put(header: 0)
        }

        private func put(header: UInt32) throws(CoreError) {
            try withUnsafeBytes(of: header.bigEndian) { (raw) throws(CoreError) in try put(raw) }
        }

        private func put(_ bytes: UnsafeRawBufferPointer) throws(CoreError) {
            guard FileIO.writeAll(fd, bytes) else { throw CoreError(stage: "write \(what)", errno: errno) }
        }
    }

    /// Reads the sections of `fd` one after another.
    final class Reader {
        let fd: Int32
        let what: String
        /// Bytes of the current frame not yet read.
        private var left = 0
        /// The current section's end frame was read.
        private var ended = false

        init(fd: Int32, what: String) {
            self.fd = fd
            self.what = what
        }

        /// Fills `buffer` from the current section; 0 once it has ended. A stream that stops
        /// inside a section (a sender that died) is an error.
        func read(into buffer: UnsafeMutableRawBufferPointer) throws(CoreError) -> Int {
            guard !ended, buffer.count > 0 else { return 0 }
            if left == 0 {
                var header: UInt32 = 0
                try withUnsafeMutableBytes(of: &header) { (raw) throws(CoreError) in try take(raw) }
                left = Int(UInt32(bigEndian: header))
                guard left <= StreamSections.frameLimit else {
                    throw CoreError(stage: "read \(what)", errno: EPROTO, detail: "a frame of \(left) bytes (at most \(StreamSections.frameLimit))")
                }
                if left == 0 {
                    ended = true
                    return 0
                }
            }
            let count = min(left, buffer.count)
            try take(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]))
            left -= count
            return count
        }

        /// Reads what is left of the current section and starts the next one.
        func nextSection() throws(CoreError) {
            let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
            defer { scratch.deallocate() }
            while try read(into: scratch) > 0 {}
            ended = false
        }

        private func take(_ buffer: UnsafeMutableRawBufferPointer) throws(CoreError) {
            guard try FileIO.readFully(fd, into: buffer, shown: what) == buffer.count else {
                throw CoreError(stage: "read \(what)", errno: EPIPE, detail: "the stream ended inside a section (the sender stopped)")
            }
        }
    }
}
