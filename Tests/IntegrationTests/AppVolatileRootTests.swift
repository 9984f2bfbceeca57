import Foundation
import Testing

/// A --rm container's overlay root is mounted volatile (its upper is thrown away at the end,
/// so fsync on it need not reach the disk, as podman mounts a --rm container's); a container
/// that is kept is not.
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
}
