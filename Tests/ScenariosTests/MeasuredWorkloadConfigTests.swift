import Foundation
import NamespaceCore
import OCIRuntime
import Testing
@testable import SystemContainers
@testable import Targets

/// How each kind of target is told a measured workload's mounts, writable root and seccomp
/// choice: OCI bundles, LXC configs (LXC and cbench system), and the `run` flags of Docker,
/// podman and cbench app. Root-free.
struct MeasuredWorkloadConfigTests {
    static let workload = ContainerWorkload(
        args: ["/cbench-work", "gate", "/cbench-control/gate.sock", "--", "/cbench-work", "syscalls", "1000"],
        rootfs: "/roots/busybox",
        mounts: [.bind(source: "/usr/local/bin/cbench-work", destination: "/cbench-work", readOnly: true),
                 .bind(source: "/tmp/step/control", destination: "/cbench-control", readOnly: false),
                 .tmpfs(destination: "/cbench-tmpfs", megabytes: 64)],
        seccomp: .disabled, writableRoot: true)

    /// A bare runtime's container joins a namespace wired for it by path; the spec keeps one
    /// network entry, the others untouched.
    @Test func anOCIBundleJoinsANetworkNamespaceByPath() {
        var spec = OCIBundle.spec(for: ContainerWorkload(args: ["true"], rootfs: "/roots/busybox"), cgroupPath: "cbench/x")
        let others = (spec.linux?.namespaces ?? []).filter { $0.type != "network" }
        #expect(spec.linux?.namespaces?.contains(RuntimeSpec.Namespace(type: "network")) == true)
        OCIBundle.join(network: "/run/netns/cbench-pair-1", in: &spec)
        let namespaces = spec.linux?.namespaces ?? []
        #expect(namespaces.filter { $0.type == "network" } == [RuntimeSpec.Namespace(type: "network", path: "/run/netns/cbench-pair-1")])
        #expect(namespaces.filter { $0.type != "network" } == others)
    }

    /// Docker's systemd flags: no --privileged (it asks for capabilities this host's bounding
    /// set lacks), a cgroup namespace of its own, tmpfs /run, systemd's halt signal.
    @Test func dockerBootsSystemdWithoutPrivileged() {
        let command = DockerStyleArguments.inserting(DockerTarget.systemdFlags, afterRun: ["docker", "-H", "h", "run", "--rm", "img", "/sbin/init"])
        #expect(!command.contains("--privileged"))
        #expect(command.starts(with: ["docker", "-H", "h", "run", "--cap-add", "SYS_ADMIN", "--cgroupns", "private"]))
        #expect(command.suffix(3) == ["--rm", "img", "/sbin/init"])
        #expect(command.contains("SIGRTMIN+3") && command.contains("/run/lock"))
    }

    /// What a user of a bare OCI runtime writes to boot systemd: runc spec's config keeps the
    /// cgroup tree read-only, no cgroup namespace, 3 capabilities and no_new_privs.
    @Test func anOCIBundleBootingSystemdGetsWhatSystemdNeeds() throws {
        let plain = OCIBundle.spec(for: ContainerWorkload(args: ["/sbin/init"], rootfs: "/debian"), cgroupPath: "cbench/engine-x", root: "/b/rootfs")
        let spec = OCIBundle.bootingSystemd(plain)
        #expect(!(plain.linux?.namespaces ?? []).contains { $0.type == "cgroup" })
        #expect((spec.linux?.namespaces ?? []).filter { $0.type == "cgroup" }.count == 1)
        let cgroupMount = { (spec: RuntimeSpec) in spec.mounts?.first { $0.destination == "/sys/fs/cgroup" }?.options ?? [] }
        #expect(cgroupMount(plain).contains("ro") && !cgroupMount(spec).contains("ro") && cgroupMount(spec).contains("rw"))
        for path in ["/run", "/run/lock", "/tmp"] {
            #expect(spec.mounts?.filter { $0.destination == path && $0.type == "tmpfs" }.count == 1, "tmpfs on \(path)")
        }
        #expect(spec.process?.env?.contains("container=oci") == true)
        #expect(plain.process?.noNewPrivileges == true && spec.process?.noNewPrivileges == false)
        let capabilities = spec.process?.capabilities?.bounding ?? []
        #expect(capabilities.contains("CAP_SYS_ADMIN") && capabilities.contains("CAP_SETUID") && capabilities.count == 15)
        let plainCapabilities = plain.process?.capabilities?.bounding ?? []
        #expect(!plainCapabilities.contains("CAP_SYS_ADMIN") && plainCapabilities.count == 3)
        #expect(spec.process?.args == ["/sbin/init"] && spec.root == plain.root && spec.linux?.cgroupsPath == plain.linux?.cgroupsPath)
        #expect(OCIBundle.bootingSystemd(spec) == spec, "applied twice, the same config")
    }

    @Test func anOCIBundleGetsTheBindsTheTmpfsAndItsOverlayRoot() throws {
        let spec = OCIBundle.spec(for: Self.workload, cgroupPath: "cbench/engine-x", root: "/b/rootfs")
        #expect(spec.root == RuntimeSpec.Root(path: "/b/rootfs", readonly: false))
        let mounts = spec.mounts ?? []
        #expect(mounts.contains(RuntimeSpec.Mount(destination: "/cbench-work", type: "bind", source: "/usr/local/bin/cbench-work",
                                                  options: ["rbind", "ro"])))
        #expect(mounts.contains(RuntimeSpec.Mount(destination: "/cbench-control", type: "bind", source: "/tmp/step/control",
                                                  options: ["rbind", "rw"])))
        #expect(mounts.contains(RuntimeSpec.Mount(destination: "/cbench-tmpfs", type: "tmpfs", source: "tmpfs",
                                                  options: ["nosuid", "nodev", "size=64m"])))
        #expect(spec.linux?.seccomp == nil, "runc spec's config has no filter to disable")
        let readOnly = OCIBundle.spec(for: ContainerWorkload(args: ["true"], rootfs: "/roots/busybox"), cgroupPath: "cbench/engine-x")
        #expect(readOnly.root == RuntimeSpec.Root(path: "/roots/busybox", readonly: true))
    }

    @Test func lxcConfigsGetMountEntriesADirectoryRootAndNoFilter() {
        let text = LXCTarget.config(id: "c1", workload: Self.workload, directory: "/run/cbench/lxc/c1", cgroupPath: "cbench/engine-c1")
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("lxc.rootfs.path = dir:/run/cbench/lxc/c1/rootfs"))
        #expect(lines.contains("lxc.mount.entry = /tmp/step/control cbench-control none bind,create=file 0 0")
                || lines.contains("lxc.mount.entry = /tmp/step/control cbench-control none bind,create=dir 0 0"))
        #expect(lines.contains { $0.hasPrefix("lxc.mount.entry = /usr/local/bin/cbench-work cbench-work none bind,ro,create=") })
        #expect(lines.contains("lxc.mount.entry = tmpfs cbench-tmpfs tmpfs nosuid,nodev,noexec,size=64m,create=dir 0 0"))
        #expect(lines.last == "lxc.seccomp.profile =", "after common.conf's include, so it wins")
        var filtered = Self.workload
        filtered.seccomp = .targetDefault
        #expect(!LXCTarget.mountLines(filtered).contains("lxc.seccomp.profile ="))
    }

    @Test func aDirectoryBindGetsADirectoryMountPoint() throws {
        let directory = "/tmp/cbench-unit-\(getpid())-bind"
        try FileIO.makeDirectories(directory, mode: 0o755)
        defer { rmdir(directory) }
        let lines = LXCTarget.mountLines(ContainerWorkload(args: [], rootfs: "/r", mounts: [.bind(source: directory, destination: "/d", readOnly: false)]))
        #expect(lines == ["lxc.mount.entry = \(directory) d none bind,create=dir 0 0"])
    }

    @Test func anEmptySeccompProfileMeansNoFilterInCbenchSystem() throws {
        var config = LXCConfig()
        #expect(try SystemSecurity.seccompProgram(for: config) != nil)
        config.seccompProfile = "/usr/share/lxc/config/common.seccomp"
        #expect(try SystemSecurity.seccompProgram(for: config) != nil)
        config.seccompProfile = ""
        #expect(try SystemSecurity.seccompProgram(for: config) == nil)
    }

    @Test func dockerStyleRunsGetVolumesTmpfsAndUnconfined() {
        var workload = Self.workload
        workload.mounts.append(.volume(name: "cbench-1-2", destination: "/cbench-volume"))
        let arguments = DockerStyleArguments.extra(for: workload)
        #expect(arguments == ["--volume", "/usr/local/bin/cbench-work:/cbench-work:ro", "--volume", "/tmp/step/control:/cbench-control",
                              "--volume", "cbench-1-2:/cbench-volume", "--tmpfs", "/cbench-tmpfs:size=64m",
                              "--security-opt", "seccomp=unconfined"])
        workload.seccomp = .targetDefault
        #expect(!DockerStyleArguments.extra(for: workload).contains("--security-opt"))
    }

    @Test func targetsWithoutNamedVolumesSaySo() {
        let context = TargetContext(workDirectory: "/tmp/w", stateRoot: "/run/cbench/engine/1", smokeRootfs: "/r")
        #expect(!OCICLITarget(name: "crun", executable: "crun", context: context).workloadTraits.namedVolumes)
        #expect(!LXCTarget(context: context).workloadTraits.namedVolumes)
        #expect(AppContainerTarget(context: context).workloadTraits.namedVolumes)
        #expect(AppContainerTarget(context: context).workloadTraits.defaultFilter?.contains("binary tree") == true)
        #expect(HostBaselineTarget(context: context).workloadTraits.defaultFilter == nil)
    }

    @Test func theBareHostEntersItsCgroupInEveryHierarchyThenBecomesTheCommand() {
        let line = HostBaselineTarget.enterAndExec(["/sys/fs/cgroup/memory/cbench/host-1", "/sys/fs/cgroup/unified/cbench/host-1"])
        #expect(line == "echo $$ > /sys/fs/cgroup/memory/cbench/host-1/cgroup.procs && "
            + "echo $$ > /sys/fs/cgroup/unified/cbench/host-1/cgroup.procs && exec \"$@\"")
    }
}
