import Foundation
import Glibc
import NamespaceCore
import Scenarios
import Targets
import Testing

/// LXC, podman (crun, runc) and Docker through the `ContainerTarget` API, for real: the
/// isolation probe, one startup iteration, a start-until-running and stop, then nothing left.
/// What the suite needs, outside it (a suite's traits cannot name the suite itself).
enum RealTargetHost {
    static let rootfs = ProcessInfo.processInfo.environment["CBENCH_BUSYBOX_ROOTFS"] ?? "/var/lib/cbench/rootfs/busybox"
    static var ready: Bool { getuid() == 0 && FileManager.default.fileExists(atPath: rootfs + "/bin/busybox") }
    static func installed(_ path: String) -> Bool { access(path, X_OK) == 0 }
}

@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.ready, "needs root and the busybox root (make setup)"))
struct RealTargetTests {
    static let rootfs = RealTargetHost.rootfs

    /// A context of its own per test, removed at the end.
    static func makeContext(_ name: String) throws -> TargetContext {
        try ProcessLiveness.becomeSubreaper()
        let unique = "\(name)-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let context = TargetContext(workDirectory: "/tmp/cbench-itest-real-\(unique)", stateRoot: "/run/cbench/test-real-\(unique)", smokeRootfs: rootfs)
        try FileManager.default.createDirectory(atPath: context.workDirectory, withIntermediateDirectories: true)
        // 0711 down to the state root: runc makes a missing /run/cbench 0700 for its --root,
        // and an unprivileged system container's idmapped root below it is then out of reach.
        try FileIO.makeDirectories(context.stateRoot)
        return context
    }

    static func removeContext(_ context: TargetContext) {
        try? FileManager.default.removeItem(atPath: context.workDirectory)
        try? FileManager.default.removeItem(atPath: context.stateRoot)
        ProjectDirectories.removeIfEmpty([ProjectDirectories.runtime])
    }

    /// Mounts and cgroups of the test's containers still on the host.
    static func leftovers(_ context: TargetContext, ids: [String], paths: [String]) -> [String] {
        let mountinfo = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        var found = mountinfo.split(separator: "\n").filter { line in
            ([context.workDirectory, context.stateRoot] + paths).contains { line.contains($0) }
        }.map { "mount \($0)" }
        for hierarchy in (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? [] {
            for id in ids where FileManager.default.fileExists(atPath: "/sys/fs/cgroup/\(hierarchy)/\(TargetContext.cgroupPath(for: id))") {
                found.append("cgroup \(hierarchy)/\(TargetContext.cgroupPath(for: id))")
            }
        }
        found += paths.filter { FileManager.default.fileExists(atPath: $0) }.map { "path \($0)" }
        return found
    }

    /// availability, the probe, `true` to exit, and `sleep` until running then stopped.
    static func exercise(_ target: any ContainerTarget, context: TargetContext, userNamespace: Bool) throws -> [String] {
        let availability = target.availability()
        try #require(availability.isAvailable, "\(target.name): \(availability.skipReason ?? "")")
        #expect(availability.version?.isEmpty == false)
        let probe = try #require(ProbeLocator.find(), "the static probe (Scripts/build-probe)")
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let ids = ["cbench-rt-\(tag)-probe", "cbench-rt-\(tag)-true", "cbench-rt-\(tag)-sleep"]

        let probed = try target.prepare(ContainerWorkload(args: [ContainerWorkload.probeMountPoint], rootfs: rootfs, probe: probe, userNamespace: userNamespace), id: ids[0])
        defer { target.cleanup(probed) }
        let probeRun = try target.run(probed)
        #expect(probeRun.exit == .exited(0), "\(target.name) probe: \(probeRun.stderr)")
        let report = try ProbeReport.decode(probeRun.stdout)
        var host = stat()
        stat("/proc/self/ns/pid", &host)
        #expect(report.namespaces?.pid != nil && report.namespaces?.pid != UInt64(host.st_ino), "\(target.name): own pid namespace")
        stat("/proc/self/ns/net", &host)
        #expect(report.namespaces?.net != UInt64(host.st_ino), "\(target.name): own network namespace")
        #expect(report.interfaceNames.allSatisfy { $0 == "lo" }, "\(target.name): interfaces \(report.interfaceNames)")
        if userNamespace {
            #expect(report.uidMappings.first { $0.containerID == 0 }?.hostID == ContainerWorkload.userNamespaceHostID, "\(target.name): root mapped")
        }

        let short = try target.prepare(ContainerWorkload(args: ["true"], rootfs: rootfs), id: ids[1])
        defer { target.cleanup(short) }
        let startup = try target.run(short)
        #expect(startup.exit == .exited(0), "\(target.name) true: \(startup.stderr)")
        // The phases are recorded (how long they took is the scenarios' business, not a test's).
        #expect(startup.totalMilliseconds != nil)

        let long = try target.prepare(ContainerWorkload(args: ["sleep", "60"], rootfs: rootfs), id: ids[2])
        defer { target.cleanup(long) }
        let started = try target.startUntilRunning(long)
        #expect(started.phase("create") != nil)
        let stopped = try target.stop(long)
        #expect(stopped.phase("stop") != nil)
        return ids
    }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/lxc-start"), "lxc is not installed"))
    func lxcRunsTheProbeAndAStartupIteration() throws {
        let context = try RealTargetTests.makeContext("lxc")
        defer { RealTargetTests.removeContext(context) }
        let target = LXCTarget(context: context)
        let ids = try RealTargetTests.exercise(target, context: context, userNamespace: true)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(target.lxcPath)/\($0)" }) == [])
    }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/podman") && RealTargetHost.installed("/usr/bin/crun"), "podman or crun is not installed"))
    func podmanOnCrunRunsTheProbeAndAStartupIteration() throws {
        try podman(runtime: "crun")
    }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/podman") && RealTargetHost.installed("/usr/sbin/runc"), "podman or runc is not installed"))
    func podmanOnRuncRunsTheProbeAndAStartupIteration() throws {
        try podman(runtime: "runc")
    }

    func podman(runtime: String) throws {
        let context = try RealTargetTests.makeContext("podman-\(runtime)")
        defer { RealTargetTests.removeContext(context) }
        let target = PodmanTarget(runtime: runtime, context: context)
        var ids: [String] = []
        do {
            defer { target.finish() }
            ids = try RealTargetTests.exercise(target, context: context, userNamespace: true)
        }
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: [target.storageRoot, target.runRoot]) == [])
    }

    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/docker") && RealTargetHost.installed("/usr/sbin/dockerd"), "docker.io is not installed"))
    func dockerRunsTheProbeAndAStartupIteration() throws {
        let context = try RealTargetTests.makeContext("docker")
        defer { RealTargetTests.removeContext(context) }
        let target = DockerTarget(context: context)
        var ids: [String] = []
        var ours = false
        do {
            defer { target.finish() }
            ids = try RealTargetTests.exercise(target, context: context, userNamespace: false)
            ours = target.daemon.startedByUs
        }
        #expect(target.daemon.host == nil)
        let paths = ours ? [target.daemon.layout.runDirectory, target.daemon.layout.dataRoot] : []
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: paths) == [])
    }

    /// Pointed at a binary that does not exist, each target is skipped with that reason.
    @Test func aMissingRuntimeIsSkippedWithItsReason() throws {
        let context = try RealTargetTests.makeContext("missing")
        defer { RealTargetTests.removeContext(context) }
        let targets: [any ContainerTarget] = [
            LXCTarget(context: context, toolDirectory: "/nonexistent/cbench"),
            PodmanTarget(runtime: "crun", context: context, executable: "/nonexistent/cbench/podman"),
            DockerTarget(context: context, daemon: DockerDaemon(client: "/nonexistent/cbench/docker")),
        ]
        for target in targets {
            let reason = try #require(target.availability().skipReason, "\(target.name) should be skipped")
            #expect(reason.contains("/nonexistent/cbench") && reason.contains("not installed"), "\(target.name): \(reason)")
        }
    }
}
