import Foundation
import Glibc
import NamespaceCore
import Targets

/// A container with state for checkpoint tests: a busybox shell that counts ten times a
/// second, holds 4 MB of random text in its own memory and writes its md5 now and then, keeps
/// a `sleep` child, writes every count to a file it holds open on descriptor 3 and, with
/// `tcp`, sends every count over a TCP connection between two processes of the container.
/// Everything is read from the host through the init's root.
enum CheckpointStateWorkload {
    static func script(tcp: Bool = false) -> String {
        var lines = [
            "B=/bin/busybox; d=/dev/shm; [ -w $d ] || d=/tmp",
            "x=$($B head -c 4000000 /dev/urandom | $B base64)",
            "echo \"$x\" | $B md5sum > $d/sum0",
            "$B sleep 100000 & echo $! > $d/child",
            "exec 3>$d/held",
        ]
        var loop = "echo $i > $d/count; echo $i >&3; "
        if tcp {
            // Each nc reads a FIFO the shell holds open: a stdin at EOF (/dev/null) would end it.
            lines += ["$B mkfifo $d/in $d/f", "$B nc -l -p 7000 < $d/in > $d/tcp &", "exec 5>$d/in", "$B sleep 0.3",
                      "$B nc 127.0.0.1 7000 < $d/f &", "exec 4>$d/f"]
            loop += "echo $i >&4; "
        }
        loop += "[ $((i % 10)) = 0 ] && echo \"$i $(echo \"$x\" | $B md5sum)\" > $d/sum; $B sleep 0.1"
        return (lines + ["i=0; while true; do i=$((i+1)); \(loop); done"]).joined(separator: "\n")
    }

    struct Snapshot: Equatable {
        var count: Int?
        /// The md5 of the memory at the start, and the last one written with its count.
        var initialSum: String?
        var lastSum: (count: Int, sum: String)?
        var childPid: Int32?
        var childIsSleep: Bool
        var heldLines: Int
        var tcpLines: Int
        /// NSpid's last field of the init: its pid inside its own namespace.
        var initPidInside: Int32?

        static func == (a: Snapshot, b: Snapshot) -> Bool { a.count == b.count }
    }

    static func read(initPid: pid_t) -> Snapshot {
        let root = "/proc/\(initPid)/root"
        func file(_ name: String) -> String? {
            for directory in ["dev/shm", "tmp"] {
                if let bytes = try? FileIO.read("\(root)/\(directory)/\(name)", limit: 1 << 20) {
                    return String(decoding: bytes, as: UTF8.self)
                }
            }
            return nil
        }
        let child = file("child").flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let childCommand = child.flatMap { try? FileIO.read("\(root)/proc/\($0)/cmdline", limit: 256) }
            .map { String(decoding: $0, as: UTF8.self) } ?? ""
        let sumWords = file("sum")?.split(separator: " ") ?? []
        let status = (try? FileIO.read("/proc/\(initPid)/status")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let nspid = status.split(separator: "\n").first { $0.hasPrefix("NSpid:") }?.split(separator: "\t").last.flatMap { Int32($0) }
        return Snapshot(
            count: file("count").flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) },
            initialSum: file("sum0")?.split(separator: " ").first.map(String.init),
            lastSum: sumWords.count >= 2 ? Int(sumWords[0]).map { ($0, String(sumWords[1])) } : nil,
            childPid: child, childIsSleep: childCommand.contains("sleep"),
            heldLines: file("held")?.split(separator: "\n").count ?? 0,
            tcpLines: file("tcp")?.split(separator: "\n").count ?? 0,
            initPidInside: nspid)
    }

    /// Polls every 50 ms until `accept` holds, for at most `seconds`; returns the last reading.
    static func wait(initPid: pid_t, seconds: Double = 10, until accept: (Snapshot) -> Bool) -> Snapshot {
        let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
        var last = read(initPid: initPid)
        while !accept(last) && MonotonicClock.now() < deadline {
            usleep(50_000)
            last = read(initPid: initPid)
        }
        return last
    }
}
