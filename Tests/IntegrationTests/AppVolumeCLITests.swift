import Foundation
import Testing
import NamespaceCore

/// `cbench app volume` and `run -v` through the CLI, as users drive them: a named volume keeps
/// data across containers, a read-only bind refuses writes, and a volume in use is not removed.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, a built cbench and the busybox rootfs"))
struct AppVolumeCLITests {
    @Test func namedVolumeLifecycleAndRunMounts() throws {
        let harness = try AppTestHarness("volcli")
        defer { harness.tearDown() }
        let volume = harness.name("data")
        #expect(try harness.ok(["volume", "create", volume]) == "\(volume)\n")
        #expect(try harness.ok(["volume", "ls"]).split(separator: "\n") == ["VOLUME NAME", Substring(volume)])
        let inspected = try JSONSerialization.jsonObject(with: Data(try harness.ok(["volume", "inspect", volume]).utf8)) as? [String: Any]
        #expect(inspected?["name"] as? String == volume)
        let mountpoint = try #require(inspected?["mountpoint"] as? String)
        #expect(mountpoint.hasPrefix(harness.root + "/volumes/"))

        // Written by one container, read by the next and seen on the host.
        try harness.ok(["run", "--rm", "-v", "\(volume):/data", harness.image, "sh", "-c", "echo kept > /data/x"])
        #expect(try harness.ok(["run", "--rm", "-v", "\(volume):/data:ro", harness.image, "cat", "/data/x"]) == "kept\n")
        #expect(try String(contentsOfFile: mountpoint + "/x", encoding: .utf8) == "kept\n")

        // A read-only bind of a host directory: readable, not writable.
        let host = harness.root + "/bind"
        try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
        try "from host\n".write(toFile: host + "/y", atomically: false, encoding: .utf8)
        let bound = try harness.app(["run", "--rm", "-v", "\(host):/mnt:ro", harness.image, "sh", "-c", "cat /mnt/y; touch /mnt/z"])
        #expect(bound.status != 0)
        #expect(bound.stdout == "from host\n")
        #expect(!FileManager.default.fileExists(atPath: host + "/z"))

        // In use by a container (even a stopped one): refused, naming it; free once it is gone.
        let user = harness.name("user")
        try harness.ok(["create", "--name", user, "-v", "\(volume):/data", harness.image, "true"])
        let refused = try harness.app(["volume", "rm", volume])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("in use by \(user)"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(FileManager.default.fileExists(atPath: mountpoint + "/x"))
        try harness.ok(["rm", user])
        try harness.ok(["volume", "rm", volume])
        #expect(try harness.ok(["volume", "ls", "--quiet"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: mountpoint))
        #expect(harness.leftovers().isEmpty)
    }
}
