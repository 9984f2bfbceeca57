import Testing
import NamespaceCore
@testable import OCIRuntime

/// A joined mount namespace is used as its owner made it; no mount namespace at all is refused
/// with the runtime-spec section that allows it.
@Suite struct MountNamespaceSpecTests {
    static let bundle = "/srv/cbench-bundle"

    static func joiningMount(at path: String = "/proc/4242/ns/mnt") -> RuntimeSpec {
        var spec = RuntimeSpec.defaultSpec()
        spec.linux?.namespaces = ["pid", "network", "ipc", "uts"].map { RuntimeSpec.Namespace(type: $0) }
            + [RuntimeSpec.Namespace(type: "mount", path: path)]
        spec.linux?.devices = [RuntimeSpec.Device(type: "c", path: "/dev/fuse", major: 10, minor: 229)]
        return spec
    }

    @Test func aJoinedMountNamespaceIsUsedAsItIs() throws {
        let spec = Self.joiningMount()
        #expect(spec.joinsMountNamespace)
        #expect(spec.problems(bundle: nil).isEmpty)
        let launch = try spec.launchSpec(bundle: Self.bundle)
        #expect(launch.namespaces.last == NamespaceSpec(.mount, path: "/proc/4242/ns/mnt"))
        #expect(launch.rootfs == nil)
        #expect(launch.mounts.isEmpty && launch.devices.isEmpty && !launch.populateDev)
        #expect(launch.maskedPaths.isEmpty && launch.readonlyPaths.isEmpty)
        // The core accepts it: nothing asks for mount work in a namespace it did not make.
        let plan = try LaunchPlan(launch, privileged: true, capLast: 40)
        #expect(plan.joins.map(\.kind).last == .mount)
        #expect(plan.createFlags & NamespaceKind.mount.cloneFlag == 0)
    }

    @Test func aNewMountNamespaceKeepsRootAndMounts() throws {
        let spec = RuntimeSpec.defaultSpec()
        #expect(!spec.joinsMountNamespace)
        let launch = try spec.launchSpec(bundle: Self.bundle)
        #expect(launch.rootfs != nil)
        #expect(!launch.mounts.isEmpty && !launch.maskedPaths.isEmpty)
    }

    @Test func everyTypeCanBeJoinedByPath() throws {
        var spec = RuntimeSpec.defaultSpec()
        let kinds = ["user", "mount", "pid", "network", "ipc", "uts", "cgroup", "time"]
        spec.linux?.namespaces = kinds.map { RuntimeSpec.Namespace(type: $0, path: "/proc/4242/ns/\($0)") }
        #expect(spec.problems(bundle: nil).isEmpty)
        let plan = try LaunchPlan(try spec.launchSpec(bundle: Self.bundle), privileged: true, capLast: 40)
        #expect(plan.createFlags == 0)
        // user first, so the others are entered with its credentials; mount last.
        #expect(plan.joins.map(\.kind) == [.user, .pid, .network, .ipc, .uts, .cgroup, .time, .mount])
    }

    @Test func noMountNamespaceIsRefusedCitingTheSpec() {
        var spec = RuntimeSpec.defaultSpec()
        spec.linux?.namespaces = ["pid", "network", "ipc", "uts"].map { RuntimeSpec.Namespace(type: $0) }
        let found = spec.problems(bundle: nil).map(\.description)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("linux.namespaces has no mount namespace: the container would inherit the runtime's (runtime-spec config-linux.md, Namespaces") == true)
        #expect(found.first?.contains("add {\"type\": \"mount\"}") == true)
    }
}
