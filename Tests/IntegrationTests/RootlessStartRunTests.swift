import Foundation
import Glibc
import NamespaceCore
import Scenarios
import Targets
import Testing

/// The row "unprivileged: rootless start" for real on cbench-app and cbench-system: the user
/// cbench-rootless (Scripts/setup makes it) runs each target's own commands. Whatever the
/// target answers, the cell is measured (supported with root inside, or not supported with the
/// target's words), never "failed to measure", and its evidence shows the commands run as the
/// user; afterwards no process of the user is left.
@Suite(.hostLeakCheck, .serialized, .enabled(if: ScenarioTestSupport.available && ProbeLocator.find() != nil, "needs root, the busybox rootfs and the probe"))
struct RootlessStartRunTests {
    @Test func theNonRootUserStartsAContainerOrIsRefusedInTheTargetsWords() throws {
        let run = try FeatureRowRun("rootless-start", feature: "unprivileged: rootless start (by a non-root user)", targets: FeatureRowsRunTests.targets)
        for target in FeatureRowsRunTests.targets {
            let cell = try #require(run.cells[target], "\(run.shown(target))")
            #expect(cell.outcome == .supported || cell.outcome == .notSupported, "\(run.shown(target))")
            #expect(cell.evidence.contains("as cbench-rootless (uid "), "\(run.shown(target))")
            #expect(cell.evidence.contains("\n$ "), "\(run.shown(target))")
        }
        let user = try #require(getpwnam("cbench-rootless"))
        let left = Self.processes(of: user.pointee.pw_uid)
        #expect(left.isEmpty, "processes of cbench-rootless left: \(left)")
    }

    /// LXC set up as its documentation has it for an unprivileged user (subordinate ids,
    /// a directory root owned by the container's root, no network, no delegated cgroup).
    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/lxc-execute"), "lxc is not installed"))
    func lxcStartsAnUnprivilegedContainerForTheUser() throws {
        let run = try FeatureRowRun("rootless-start", feature: "unprivileged: rootless start (by a non-root user)", targets: ["lxc"])
        let cell = try #require(run.cells["lxc"], "\(run.shown("lxc"))")
        #expect(cell.outcome == .supported, "\(run.shown("lxc"))")
        #expect(cell.evidence.contains("cbench-rootless uid=0"), "\(run.shown("lxc"))")
        #expect(cell.evidence.contains("lxc.idmap"), "the config's means are said")
    }

    /// Docker rootless: the user's own dockerd through rootlesskit runs busybox as root inside,
    /// root mapped to the user and the rest to its subordinate ids; afterwards no process of
    /// the user and no record of the daemon is left.
    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd")
                   && RealTargetHost.installed("/usr/bin/rootlesskit"), "docker.io or rootlesskit is not installed (Scripts/setup installs them)"))
    func theUsersOwnDockerdRunsRootInsideOnItsSubordinateIDs() throws {
        let dumpsBefore = Self.containerdDumps()
        let run = try FeatureRowRun("rootless-start", feature: "unprivileged: rootless start (by a non-root user)", targets: ["docker"])
        let cell = try #require(run.cells["docker"], "\(run.shown("docker"))")
        let user = try RootlessUser.find()
        let range = try #require(user.subordinateUIDs)
        #expect(cell.outcome == .supported, "\(run.shown("docker"))")
        #expect(cell.detail?.hasSuffix("uid_map 0 \(user.uid) 1; 1 \(range.first) \(range.count)") == true, "\(run.shown("docker"))")
        #expect(cell.evidence.contains("name=rootless"), "\(run.shown("docker"))")
        #expect(Self.processes(of: user.uid).isEmpty, "processes of cbench-rootless left: \(Self.processes(of: user.uid))")
        #expect(!FileManager.default.fileExists(atPath: "/run/cbench/rootless-docker"))
        #expect(Self.containerdDumps().subtracting(dumpsBefore).isEmpty, "containerd's stack dumps left in /tmp")
    }

    /// containerd's goroutine dumps in the host's /tmp (containerd.PID.stacks.log).
    static func containerdDumps() -> Set<String> {
        Set(((try? FileIO.names(in: "/tmp")) ?? []).filter { $0.hasPrefix("containerd.") && $0.hasSuffix(".stacks.log") })
    }

    static func processes(of uid: uid_t) -> [pid_t] {
        ((try? FileIO.names(in: "/proc")) ?? []).compactMap { pid_t($0) }.filter { pid in
            var info = stat()
            return stat("/proc/\(pid)", &info) == 0 && info.st_uid == uid
        }
    }
}
