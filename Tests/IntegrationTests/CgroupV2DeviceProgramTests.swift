import AppContainers
#if canImport(Glibc)
import Glibc
#endif
import Testing
import NamespaceCore

/// cgroup v2's device control for real: a host seen as pure v2 (this hybrid host's cgroup2
/// hierarchy alone, /sys/fs/cgroup/unified) makes `Cgroup.create` attach the BPF device program
/// itself, as it does on every v2 host. The kernel runs a BPF_CGROUP_DEVICE program of the
/// task's cgroup2 directory before the v1 devices controller, and the container's v1 devices
/// cgroup is left allowing everything, so a refusal can only come from the program.
@Suite(.hostLeakCheck, .serialized, .enabled(if: getuid() == 0, "needs root to write cgroupfs"))
struct CgroupV2DeviceProgramTests {
    @Test func dockersDeviceRulesAreEnforcedByTheProgram() throws {
        let current = try CgroupHost.current()
        let unified = try #require(current.layout.unified, "no cgroup2 hierarchy is mounted on this host")
        let host = CgroupHost(layout: CgroupLayout(mode: .v2, v1Hierarchies: [], unified: unified), fs: RealCgroupFS())
        let cgroup = try Cgroup.create(path: "cbench/v2devices-\(getpid())", resources: CgroupResources(devices: AppSecurity.cgroupDeviceRules),
                                       host: host)
        defer {
            try? cgroup.killAll(signal: SIGKILL)
            try? cgroup.remove()
            Cgroup.removeEmptyProjectParents(host: host)
        }
        // A root of its own: the device nodes are made in it.
        let rootfs = try LauncherTestRootfs(owned: true)
        defer { rootfs.remove() }
        var spec = busyboxSpec(rootfs, ["sh", "-c", "mknod /tmp/mem c 1 1 && echo mknod=ok; "
            + "head -c 1 /tmp/mem >/tmp/out; echo mem=$?; "
            + "mknod /tmp/zero c 1 5; head -c 1 /tmp/zero >/tmp/out; echo zero=$?"])
        spec.cgroupPlacement = cgroup.placement
        let (status, output) = try launchAndCollect(spec)
        #expect(status == .exited(0), "\(output)")
        #expect(output.contains("mknod=ok"), "\(output)")
        #expect(output.contains("mem=1") && output.contains("Operation not permitted"), "\(output)")
        #expect(output.contains("zero=0"), "\(output)")
    }
}
