import Foundation
import Testing
@testable import NamespaceCore

/// Mount targets must not lead out of the root through a symlink.
struct RootfsPathTests {
    func makeRoot() throws -> String {
        let root = NSTemporaryDirectory() + "cbench-rootfspath-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/etc/deep", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/run", withIntermediateDirectories: true)
        try fm.createSymbolicLink(atPath: root + "/escape", withDestinationPath: "../../../../tmp")
        try fm.createSymbolicLink(atPath: root + "/etc/deep/up", withDestinationPath: "../../../outside")
        try fm.createSymbolicLink(atPath: root + "/etc/inside", withDestinationPath: "../run")
        try fm.createSymbolicLink(atPath: root + "/var", withDestinationPath: "/run")
        try fm.createSymbolicLink(atPath: root + "/loop", withDestinationPath: "loop")
        return root
    }

    @Test func relativeLinksThatClimbAboveTheRootAreFound() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(RootfsPath.escapingSymlink(in: root, path: "/escape/x") == "/escape")
        #expect(RootfsPath.escapingSymlink(in: root, path: "/etc/deep/up") == "/etc/deep/up")
        #expect(RootfsPath.escapingSymlink(in: root, path: "/../x") == "/..")
    }

    @Test func linksThatStayInsideArePassed() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(RootfsPath.escapingSymlink(in: root, path: "/etc/inside/x") == nil)
        #expect(RootfsPath.escapingSymlink(in: root, path: "/var/lib") == nil)
        #expect(RootfsPath.escapingSymlink(in: root, path: "/proc") == nil)
        #expect(RootfsPath.escapingSymlink(in: root, path: "/etc/deep/../deep") == nil)
    }

    @Test func aSymlinkLoopIsRefused() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(RootfsPath.escapingSymlink(in: root, path: "/loop/x") == "/loop")
    }

    @Test func theLaunchPlanRefusesSuchATarget() throws {
        let root = try makeRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var spec = LaunchSpec(args: ["true"])
        spec.namespaces = [NamespaceSpec(.mount)]
        spec.rootfs = RootfsSpec(.directory(root))
        spec.mounts = [MountSpec(destination: "/escape/data", type: "tmpfs", source: "tmpfs")]
        #expect(throws: CoreError.self) { try LaunchPlan(spec, privileged: true, capLast: 40) }
    }
}
