import Foundation
import Glibc
import NamespaceCore

/// The workload of a checkpoint test: a busybox shell that counts in a file ten times a
/// second, so after a restore the count goes on from where it was rather than from 0.
/// The file is on /dev/shm when writable (an OCI root is read-only), else in /tmp.
public enum CheckpointCounter {
    public static func workload(rootfs: String) -> ContainerWorkload {
        let script = "f=/dev/shm/count; [ -w /dev/shm ] || f=/tmp/count; "
            + "i=0; while true; do i=$((i+1)); echo $i > $f; sleep 0.1; done"
        return ContainerWorkload(args: ["/bin/sh", "-c", script], rootfs: rootfs)
    }

    /// The count, read through the init's root (/proc/<pid>/root); nil before the first write.
    public static func read(initPid: pid_t) -> Int? {
        for file in ["dev/shm/count", "tmp/count"] {
            guard let bytes = try? FileIO.read("/proc/\(initPid)/root/\(file)", limit: 64) else { continue }
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let value = Int(text) { return value }
        }
        return nil
    }

    /// Calls `read` every 50 ms until `accept` holds for its value, for at most `seconds`;
    /// the last value read (nil when there was none).
    public static func poll(seconds: Double, _ read: () -> Int?, until accept: (Int) -> Bool) -> Int? {
        let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
        var last: Int?
        repeat {
            last = read()
            if let value = last, accept(value) { return value }
            usleep(50_000)
        } while MonotonicClock.now() < deadline
        return last
    }
}
