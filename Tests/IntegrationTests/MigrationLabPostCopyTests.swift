#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import NamespaceCore

/// Moves between lab hosts beyond stop-and-copy's success: post-copy (the container runs on lab2
/// while its memory comes from lab1's page server).
@Suite(.hostLeakCheck, .serialized, .enabled(if: LabTestSupport.canRun, "needs root and sshd"))
struct MigrationLabPostCopyTests {
    /// The counter container on `bridge` at 10.79.0.120, with no user namespace (so CRIU's
    /// userfaultfd works).
    static func startCounter(bridge: String) throws {
        try LabCounterContainer.start(config: "lxc.idmap =\\nlxc.net.0.type = veth\\nlxc.net.0.link = \(bridge)\\nlxc.net.0.flags = up\\nlxc.net.0.ipv4.address = 10.79.0.120/24\\n")
    }

    /// A bridge of the same name on both hosts, as `lxc.net.0.link` finds it after the move.
    static func bridge(_ name: String, on hosts: [String]) throws {
        for host in hosts {
            let made = try LabTestSupport.inLab(host, "sh", "-c", "ip link add \(name) type bridge && ip link set \(name) up")
            try #require(made.status == 0, "\(made.output)")
        }
    }

    @Test func aPostCopyMoveRunsThereWhileItsMemoryComesFromTheSource() throws {
        try LabTestSupport.withLab(hosts: 2) {
            try Self.bridge("cbenchpc0", on: ["lab1", "lab2"])
            try Self.startCounter(bridge: "cbenchpc0")
            let before = try #require(try LabCounterContainer.countAbove(1, on: "lab1"), "the counter never counted on lab1")
            // The tmpfs mounts go as cbench's copies beside the images (not CRIU's tars): their files arrive.
            let marked = try LabTestSupport.inLab("lab1", "cbench", "system", "attach", "s", "--", "/bin/sh", "-c",
                                                  "echo in-run > /run/cbench-marker && echo in-shm > /dev/shm/cbench-marker")
            try #require(marked.status == 0, "\(marked.output)")
            let moved = try LabTestSupport.inLab("lab1", "cbench", "system", "migrate", "s", "--to", "lab2", "--strategy", "post-copy", "--json")
            try #require(moved.status == 0, "\(moved.output)")
            let summary = try #require(moved.output.split(separator: "\n").last.flatMap { line in
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }, "\(moved.output)")
            // Only what is not memory crossed in the stream; the pages came from the page server.
            let bytes = try #require(summary["bytesMoved"] as? Int, "\(summary)")
            #expect(bytes > 0 && bytes < 8_000_000, "\(bytes) bytes streamed: the memory went with them")
            let steps = (summary["steps"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(steps == ["connect", "dump", "transfer", "restore", "finish source"], "\(String(describing: steps))")
            #expect(try LabTestSupport.inLab("lab1", "cbench", "system", "info", "s").status != 0, "the source is gone from lab1")
            #expect(try LabCounterContainer.countAbove(before, on: "lab2") != nil, "the counter does not go on from \(before) on lab2")
            let markers = try LabTestSupport.inLab("lab2", "cbench", "system", "attach", "s", "--", "cat", "/run/cbench-marker", "/dev/shm/cbench-marker")
            #expect(markers.status == 0 && markers.output.contains("in-run\nin-shm"), "\(markers.output)")
            #expect(try LabTestSupport.inLab("lab2", "cbench", "system", "destroy", "s", "--force").status == 0)
        }
    }
}
