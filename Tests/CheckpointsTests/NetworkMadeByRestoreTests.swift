import SwiftProtobuf
import Testing
import NamespaceCore
@testable import Checkpoints

/// A system container's own network namespace, dumped as external so that its restore makes
/// and wires one before CRIU and hands it over: the dump names the namespace by inode and asks
/// for no empty one; the restore passes it under CRIU's key; a user-namespaced tree or one that
/// joined namespaces by path keeps CRIU's own handling. No root needed.
struct NetworkMadeByRestoreTests {
    static func layout(namespaces: [NamespaceSpec] = [.init(.mount), .init(.pid), .init(.network), .init(.uts)]) -> ContainerCheckpointLayout {
        var spec = LaunchSpec(args: ["/sbin/init"])
        spec.namespaces = namespaces
        return ContainerCheckpointLayout.from(spec: spec, rootfs: "/s/rootfs", cgroupPath: "cbench/system-s", freezerDirectory: nil,
                                              kindOf: { _ in nil }, namespaceInode: { $0 == "/run/netns/cbench-x" ? 4026532000 : nil })
    }

    @Test func theDumpNamesTheNamespaceAndTheRestoreHandsItBack() throws {
        let layout = try #require(Self.layout().withNetworkMadeByRestore(inode: 4026532777, path: "/proc/42/ns/net", userNamespaced: false))
        let dump = layout.dumpRequest(pid: 42, options: CheckpointOptions(imagePath: "/images"), stdio: StdioDescriptors(entries: []))
        #expect(dump.externalStrings == ["net[4026532777]:extRootNetNS"])
        let dumped = try dump.message(imagesFD: 3, workFD: nil)
        #expect(!dumped.options.hasEmptyNamespaces, "nothing asks CRIU for an empty namespace")
        let restore = layout.restoreRequest(root: "/run/s/criu-root", options: RestoreOptions(imagePath: "/images"),
                                            stdio: StdioDescriptors(entries: []), cgroupRoots: [], namespaceDescriptors: [4])
        #expect(restore.inheritedDescriptors == [InheritedDescriptor(key: "extRootNetNS", fd: 4)])
        #expect(try restore.message(imagesFD: 3, workFD: nil).options.inherited.map { "\($0.key):\($0.fd)" } == ["extRootNetNS:4"])
    }

    @Test func aUserNamespacedTreeOrOneThatJoinedNamespacesKeepsCRIUsOwn() {
        #expect(Self.layout().withNetworkMadeByRestore(inode: 1, path: "/proc/42/ns/net", userNamespaced: true) == nil)
        let joined = Self.layout(namespaces: [.init(.mount), .init(.network, path: "/run/netns/cbench-x")])
        #expect(joined.externalNamespaces.count == 1)
        #expect(joined.withNetworkMadeByRestore(inode: 1, path: "/proc/42/ns/net", userNamespaced: false) == nil)
    }
}
