import NamespaceCore
import Results
import Testing
@testable import Scenarios
@testable import Targets

/// "Rootless start" from what the steps the non-root user ran printed, and the rootless
/// bundle an OCI runtime is given.
struct RootlessStartRowTests {
    let row = RootlessStartRow()
    let user = RootlessUser(name: "cbench-rootless", uid: 995, gid: 995, subordinateUIDs: (first: 300_000, count: 65_536))

    /// podman's runroot (DIR/run) stays within its 50 characters for the longest step id: a
    /// 7-digit pid, a 7-character run tag and a 4-digit step.
    @Test func theUsersDirectoryLeavesPodmanARunrootItAccepts() {
        let runroot = RootlessStartRow.directory(for: "cbench-4194304-1z141z3-9999") + "/run"
        #expect(runroot.count <= 50, "\(runroot): \(runroot.count) characters")
    }

    @Test func rootInsideAStartByTheUserIsSupported() {
        let run = RootlessStep(command: "runc run", status: 0, output: "cbench-rootless uid=0\n         0        995          1")
        let cell = row.judge(target: "runc", means: "runc run", user: user, steps: [run])
        #expect(cell.outcome == .supported)
        #expect(cell.detail == "started by cbench-rootless (uid 995): root inside, uid_map 0 995 1")
        let docker = RootlessStep(command: "docker run", status: 0,
                                  output: "cbench-rootless uid=0\n         0        995          1\n         1     300000      65536")
        #expect(row.judge(target: "docker", means: "m", user: user, steps: [docker]).detail
            == "started by cbench-rootless (uid 995): root inside, uid_map 0 995 1; 1 300000 65536")
    }

    /// The failing cases: a refusal is "not supported" with the target's words; a run without
    /// uid 0 is no verdict.
    @Test func aRefusedStartIsNotSupportedWithItsWords() {
        let imported = RootlessStep(command: "cbench app import", status: 1, output: "cbench: app import needs root (EPERM)")
        let cell = row.judge(target: "cbench-app", means: "m", user: user, steps: [imported])
        #expect(cell.outcome == .notSupported && cell.detail == "refused for cbench-rootless: cbench: app import needs root (EPERM)")
        #expect(cell.evidence.contains("$ cbench app import\ncbench: app import needs root (EPERM)\n(exit 1)"))
        let odd = RootlessStep(command: "x", status: 0, output: "cbench-rootless uid=995")
        #expect(row.judge(target: "x", means: "m", user: user, steps: [odd]).outcome == .failed)
    }

    @Test func theRootlessBundleMapsRootToTheUserAndHasNoCgroup() {
        let spec = OCICLITarget.rootlessSpec(rootfs: "/busybox", command: ["/bin/true"], user: user)
        #expect(spec.linux?.uidMappings == [IDMapping(containerID: 0, hostID: 995, size: 1)])
        #expect(spec.linux?.namespaces?.filter { $0.type == "user" }.count == 1)
        #expect(spec.linux?.cgroupsPath == nil && spec.linux?.resources == nil)
        #expect(spec.mounts?.contains { $0.type == "cgroup" || $0.type == "sysfs" } == false)
        #expect(spec.mounts?.first { $0.destination == "/dev/pts" }?.options?.contains { $0.hasPrefix("gid=") } == false)
    }

    @Test func theUserIsFoundWithItsSubordinateIDs() throws {
        let root = try RootlessUser.find("root", subuid: "cbench-rootless:300000:65536\nroot:100000:65536\n")
        #expect(root.uid == 0 && root.subordinateUIDs?.first == 100_000 && root.subordinateUIDs?.count == 65_536)
        #expect(throws: (any Error).self) { try RootlessUser.find("cbench-no-such-user") }
    }
}
