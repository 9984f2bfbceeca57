import Foundation
import Testing

/// A --rm container's overlay root is mounted volatile (its upper is thrown away at the end,
/// so fsync on it need not reach the disk, as podman mounts a --rm container's); a container
/// that is kept is not.
@Suite(.hostLeakCheck, .serialized, .enabled(if: AppTestHarness.available, "needs root, cbench and the busybox rootfs"))
struct AppVolatileRootTests {
    /// The options of the mount at / in the container's own mountinfo.
    static func rootOptions(_ mountinfo: String) -> String? {
        mountinfo.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            .first { $0.count > 4 && $0[4] == "/" }?.last
    }

    @Test func onlyARemovedOnExitContainerHasAVolatileRoot() throws {
        let harness = try AppTestHarness("volatile")
        defer { harness.tearDown() }
        let removed = try #require(Self.rootOptions(try harness.ok(["run", "--rm", harness.image, "cat", "/proc/self/mountinfo"])))
        #expect(removed.contains("lowerdir=") && removed.contains("volatile"), "\(removed)")

        let name = harness.name("kept")
        let kept = try #require(Self.rootOptions(try harness.ok(["run", "--name", name, harness.image, "cat", "/proc/self/mountinfo"])))
        #expect(kept.contains("lowerdir=") && !kept.contains("volatile"), "\(kept)")
        try harness.ok(["rm", "-f", name])
        #expect(harness.leftovers().isEmpty)
    }
}
