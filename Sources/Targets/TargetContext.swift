import Foundation
import NamespaceCore

/// Where the targets of one run keep their files: bundles under `workDirectory`, runtime
/// state under `stateRoot` (a private `--root` per runtime, so cleanup can list exactly
/// what this run made), cgroups under `cbench/engine-<id>`.
public struct TargetContext: Sendable, Equatable {
    public var workDirectory: String
    public var stateRoot: String
    /// Root file system of availability smoke runs.
    public var smokeRootfs: String

    public init(workDirectory: String, stateRoot: String, smokeRootfs: String) {
        self.workDirectory = workDirectory
        self.stateRoot = stateRoot
        self.smokeRootfs = smokeRootfs
    }

    /// The busybox root `Scripts/setup` builds, or `CBENCH_BUSYBOX_ROOTFS`.
    public static func defaultBusyboxRootfs(environment: [String: String]) -> String {
        environment["CBENCH_BUSYBOX_ROOTFS"] ?? "\(ProjectDirectories.persistent)/rootfs/busybox"
    }

    /// What the paths and names of this run's targets carry (the state root's own name, and
    /// the hash that names podman's and LXC's directories): the run's `LiveOwners` tags.
    public var ownerTags: [String] {
        [(stateRoot as NSString).lastPathComponent, PodmanTarget.runTag(self)]
    }

    /// Cgroup of a container, relative to each hierarchy root.
    public static func cgroupPath(for id: String) -> String { "cbench/engine-\(id)" }
}
