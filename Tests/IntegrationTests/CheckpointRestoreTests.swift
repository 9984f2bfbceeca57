import Foundation
import Glibc
import NamespaceCore
import Targets
import Testing

/// Checkpoint and restore through cbench-oci, cbench app, cbench system, runc, LXC, podman on
/// runc and Docker, for real: a busybox
/// shell counts ten times a second; after checkpoint it no longer runs, after restore it goes
/// on from the count it had (its state came back), then everything is removed.
enum CheckpointHost {
    static var criu: Bool { CheckpointSupport.findCRIU(environment: ProcessInfo.processInfo.environment) != nil }
    static func ready(_ binaries: String...) -> Bool {
        RealTargetHost.ready && criu && binaries.allSatisfy(RealTargetHost.installed)
    }
}

@Suite(.hostLeakCheck, .serialized, .enabled(if: RealTargetHost.ready, "needs root and the busybox root (make setup)"),
       .enabled(if: CheckpointHost.criu, "criu is not installed (Scripts/setup provisions criu 4)"))
struct CheckpointRestoreTests {
    static func poll(seconds: Double, _ read: () -> Int?, until accept: (Int) -> Bool) -> Int? {
        CheckpointCounter.poll(seconds: seconds, read, until: accept)
    }

    /// Start the counter, checkpoint, restore, check the count went on; returns the ids made.
    static func exercise(_ target: any CheckpointingTarget, context: TargetContext) throws -> [String] {
        let support = target.checkpointSupport()
        try #require(support.isSupported, "\(target.name): \(support.reason ?? "")")
        let id = "cbench-ck-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))"
        let images = "\(context.workDirectory)/\(id)-images"
        let container = try target.prepareCheckpointable(CheckpointCounter.workload(rootfs: RealTargetHost.rootfs), id: id)
        defer {
            target.cleanup(container)
            try? FileManager.default.removeItem(atPath: images)
        }
        _ = try target.startCheckpointable(container)
        let firstPid = try target.initPid(container)
        let counted = poll(seconds: 15, { CheckpointCounter.read(initPid: firstPid) }, until: { $0 >= 15 })
        let before = try #require(counted, "\(target.name): the counter never wrote")
        try #require(before >= 15, "\(target.name): the counter is stuck at \(before)")

        let checkpoint = try target.checkpoint(container, to: images)
        #expect(CheckpointCounter.read(initPid: firstPid) == nil, "\(target.name): the container still runs after its checkpoint")
        let restore = try target.restore(container, from: images)
        let restoredPid = try target.initPid(container)
        let after = try #require(poll(seconds: 5, { CheckpointCounter.read(initPid: restoredPid) }, until: { _ in true }),
                                 "\(target.name): no count after restore")
        #expect(after >= before, "\(target.name): counted \(before) before the checkpoint, \(after) after the restore")
        let later = poll(seconds: 5, { CheckpointCounter.read(initPid: restoredPid) }, until: { $0 > after })
        #expect((later ?? 0) > after, "\(target.name): the restored counter does not count on")
        let milliseconds = { (phase: Phase) in Double(phase.end - phase.start) / 1e6 }
        print("checkpoint \(target.name): checkpoint \(String(format: "%.0f", milliseconds(checkpoint))) ms, restore \(String(format: "%.0f", milliseconds(restore))) ms, count \(before) -> \(after) -> \(later ?? -1)")
        _ = try target.stopRestored(container)
        return [id]
    }

    @Test(.enabled(if: CheckpointHost.ready("/usr/sbin/runc"), "runc is not installed"))
    func runcCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-runc")
        defer { RealTargetTests.removeContext(context) }
        let target = OCICLITarget(name: "runc", executable: "/usr/sbin/runc", context: context)
        let ids = try CheckpointRestoreTests.exercise(target, context: context)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(context.workDirectory)/\($0)" }) == [])
    }

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench-oci") != nil, "cbench-oci is not built"))
    func cbenchOCICheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-cbench-oci")
        defer { RealTargetTests.removeContext(context) }
        let binary = try #require(OCITestHarness.builtExecutable("cbench-oci"))
        let target = OCICLITarget(name: "cbench-oci", executable: binary, context: context)
        let ids = try CheckpointRestoreTests.exercise(target, context: context)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(context.workDirectory)/\($0)" }) == [])
    }

    @Test(.enabled(if: OCITestHarness.builtExecutable("cbench") != nil, "cbench is not built"))
    func cbenchAppCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-cbench-app")
        defer { RealTargetTests.removeContext(context) }
        let target = AppCLITarget(context: context)
        let ids = try CheckpointRestoreTests.exercise(target, context: context)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(context.workDirectory)/app-cli-\($0)" }) == [])
    }

    @Test func cbenchSystemCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-cbench-system")
        defer { RealTargetTests.removeContext(context) }
        let target = SystemContainerTarget(context: context)
        let ids = try CheckpointRestoreTests.exercise(target, context: context)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(context.workDirectory)/system-\($0)" }) == [])
    }

    @Test(.enabled(if: CheckpointHost.ready("/usr/bin/lxc-checkpoint"), "lxc is not installed"))
    func lxcCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-lxc")
        defer { RealTargetTests.removeContext(context) }
        let target = LXCTarget(context: context)
        let ids = try CheckpointRestoreTests.exercise(target, context: context)
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: ids.map { "\(target.lxcPath)/\($0)" }) == [])
    }

    @Test(.enabled(if: CheckpointHost.ready("/usr/bin/podman", "/usr/sbin/runc"), "podman or runc is not installed"))
    func podmanOnRuncCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-podman")
        defer { RealTargetTests.removeContext(context) }
        let target = PodmanTarget(runtime: "runc", context: context)
        var ids: [String] = []
        do {
            defer { target.finish() }
            ids = try CheckpointRestoreTests.exercise(target, context: context)
        }
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: [target.storageRoot, target.runRoot]) == [])
    }

    @Test(.enabled(if: CheckpointHost.ready("/usr/bin/docker", "/usr/sbin/dockerd"), "docker.io is not installed"))
    func dockerCheckpointsAndRestoresTheCounter() throws {
        let context = try RealTargetTests.makeContext("ckpt-docker")
        defer { RealTargetTests.removeContext(context) }
        let target = DockerTarget(context: context)
        // containerd keeps each checkpoint in a ctrd-checkpoint* directory of its TMPDIR and
        // leaves it after the restore: the daemon's TMPDIR is its run directory, not the host's /tmp.
        func checkpointScratch() -> Set<String> { Set(((try? FileIO.names(in: "/tmp")) ?? []).filter { $0.hasPrefix("ctrd-checkpoint") }) }
        let scratchBefore = checkpointScratch()
        var ids: [String] = []
        var ours = false
        do {
            defer { target.finish() }
            ids = try CheckpointRestoreTests.exercise(target, context: context)
            ours = target.daemon.startedByUs
        }
        let paths = ours ? [target.daemon.layout.runDirectory, target.daemon.layout.dataRoot] : []
        #expect(RealTargetTests.leftovers(context, ids: ids, paths: paths) == [])
        #expect(checkpointScratch().subtracting(scratchBefore).isEmpty, "containerd left its checkpoint scratch in /tmp")
    }

    /// The installed crun, alone or under podman, answers as its --version says it was built:
    /// without +CRIU (Debian 12's 1.8.1) it cannot, and says why; with +CRIU it can (criu is
    /// provisioned here). The same answer for canned version texts is in CheckpointSupportTests.
    @Test(.enabled(if: RealTargetHost.installed("/usr/bin/crun"), "crun is not installed"))
    func crunAnswersAsItWasBuilt() throws {
        let context = try RealTargetTests.makeContext("ckpt-crun")
        defer { RealTargetTests.removeContext(context) }
        let builtWithCRIU = try Spawn(["/usr/bin/crun", "--version"]).run().stdout.contains("+CRIU")
        let crun = OCICLITarget(name: "crun", executable: "/usr/bin/crun", context: context)
        let podman = PodmanTarget(runtime: "crun", context: context)
        defer { podman.finish() }
        for target in [crun, podman] as [any CheckpointingTarget] {
            let support = target.checkpointSupport()
            if builtWithCRIU {
                #expect(support.isSupported, "\(target.name): crun lists +CRIU and criu is here: \(support)")
            } else {
                #expect(support.reason?.contains("without CRIU support") == true, "\(target.name): \(support)")
            }
        }
    }
}
