import Foundation
import Testing

/// A --rm container's overlay root is mounted volatile (its upper is thrown away at the end,
/// so fsync on it need not reach the disk, as podman mounts a --rm container's); a container
/// that is kept is not. A --read-only root of one layer is no overlay at all.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppVolatileRootTests {
    /// The super options of the mount at / in the container's own mountinfo, one by one.
    static func rootOptions(_ mountinfo: String) -> [String]? {
        let lines: [[Substring]] = mountinfo.split(separator: "\n").map { $0.split(separator: " ") }
        guard let root = lines.first(where: { $0.count > 4 && $0[4] == "/" }), let options = root.last else { return nil }
        return options.split(separator: ",").map(String.init)
    }

    /// `volatile` as given, or as newer kernels show it (`fsync=volatile`); a path that holds
    /// the word (the harness's store does) is not the option.
    static func isVolatile(_ options: [String]) -> Bool {
        options.contains("volatile") || options.contains("fsync=volatile")
    }

    @Test func onlyARemovedOnExitContainerHasAVolatileRoot() throws {
        let harness = try AppTestHarness("volatile")
        defer { harness.tearDown() }
        let removed = try #require(Self.rootOptions(try harness.ok(["run", "--rm", harness.image, "cat", "/proc/self/mountinfo"])))
        #expect(removed.contains { $0.hasPrefix("lowerdir=") } && Self.isVolatile(removed), "\(removed)")

        let name = harness.name("kept")
        let kept = try #require(Self.rootOptions(try harness.ok(["run", "--name", name, harness.image, "cat", "/proc/self/mountinfo"])))
        #expect(kept.contains { $0.hasPrefix("lowerdir=") } && !Self.isVolatile(kept), "\(kept)")
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers().isEmpty)
    }

    /// The file system type and mount options of the mount at / in a mountinfo.
    static func root(_ mountinfo: String) -> (type: String, options: [String])? {
        let lines: [[Substring]] = mountinfo.split(separator: "\n").map { $0.split(separator: " ") }
        guard let root = lines.first(where: { $0.count > 5 && $0[4] == "/" }), let dash = root.firstIndex(of: "-"),
              dash + 1 < root.endIndex else { return nil }
        return (String(root[dash + 1]), root[5].split(separator: ",").map(String.init))
    }

    /// `--read-only` of the one-layer image: no overlay, the layer itself read-only (the
    /// write fails), and the host files mounted as in any container.
    @Test func aReadOnlyOneLayerRootIsTheLayerItself() throws {
        let harness = try AppTestHarness("layerroot")
        defer { harness.tearDown() }
        let script = "cat /proc/self/mountinfo; echo ---; cat /etc/hosts; touch /written 2>/dev/null && echo WROTE || echo REFUSED"
        let output = try harness.ok(["run", "--rm", "--read-only", harness.image, "sh", "-c", script])
        let parts = output.components(separatedBy: "---\n")
        let root = try #require(Self.root(parts[0]), "\(output)")
        #expect(root.type != "overlay" && root.options.contains("ro"), "\(root)")
        #expect(parts.count == 2 && parts[1].contains("127.0.0.1\tlocalhost") && parts[1].contains("REFUSED"), "\(output)")
        // Without --read-only the same image keeps its writable overlay.
        let writable = try #require(Self.root(try harness.ok(["run", "--rm", harness.image, "cat", "/proc/self/mountinfo"])))
        #expect(writable.type == "overlay" && writable.options.contains("rw"), "\(writable)")
        #expect(harness.leftovers().isEmpty)
    }
}
