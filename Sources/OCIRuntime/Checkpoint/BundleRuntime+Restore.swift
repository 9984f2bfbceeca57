#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Checkpoints
import NamespaceCore

extension BundleRuntime {
    /// `restore`: a new container `id` from the bundle and the checkpoint in
    /// `options.imagePath`. The images are checked first (a missing, truncated or corrupt one is
    /// named); the cgroup is made with the bundle's limits; CRIU restores the tree into it as a
    /// child of this process. Detached, it returns once the tree runs (nil); else it waits,
    /// deletes the container and returns the exit code. On any failure nothing is left.
    public func restore(id: String, bundle: String, options: RestoreOptions, detach: Bool, pidFile: String?,
                        service: CRIUService = CRIUService()) throws -> Int32? {
        try StateStore.validate(id: id)
        let stage = "restore \(id)"
        let manifest = try CheckpointImage.validate(options.imagePath, stage: stage)
        let bundlePath = BundleRuntime.absolute(bundle)
        let spec = try RuntimeSpec.load(bundle: bundlePath)
        let launch = try spec.launchSpec(bundle: bundlePath)
        let cgroupPath = spec.linux?.cgroupsPath.map(BundleRuntime.relativeCgroupPath) ?? "cbench/oci-\(id)"
        try clearCheckpointed(id: id)
        try store.reserve(id: id)
        var cgroup: Cgroup?
        var lazyDaemon: pid_t?
        let root = restoreRoot(of: id)
        do {
            let group = try Cgroup.create(path: cgroupPath, resources: try spec.cgroupResources(), sharingCpuset: sharedCpuset)
            cgroup = group
            let rootfs = spec.rootPath(bundle: bundlePath)
            let saved = manifest?.layout ?? ContainerCheckpointLayout(rootfs: rootfs, cgroupPath: cgroupPath)
            var layout = saved.forRestore(spec: launch, cgroup: group)
            layout.rootfs = rootfs
            try RootMount.bind(rootfs, at: root)
            defer { RootMount.release(root) }
            let stdio = manifest?.stdio ?? StdioDescriptors(entries: [])
            let namespaceFiles = try layout.externalNamespaces.map { namespace throws(CoreError) -> Int32 in
                let fd = open(namespace.path, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { throw CoreError(stage: "\(stage): open \(namespace.path)", errno: errno) }
                return fd
            }
            defer { namespaceFiles.forEach { close($0) } }
            let numbers = namespaceFiles.indices.map { Int32(4 + $0) }
            let stdioFiles = StdioReopening.reopen(stdio)
            defer { stdioFiles.values.forEach { close($0) } }
            var descriptors: [Int32: Int32] = [0: 0, 1: 1, 2: 2].merging(stdioFiles) { _, reopened in reopened }
            for (number, fd) in zip(numbers, namespaceFiles) { descriptors[number] = fd }
            let request = layout.restoreRequest(root: root, options: options, stdio: stdio, cgroupRoots: group.criuRoots,
                                                namespaceDescriptors: numbers)
            // A user-namespaced container's restored tasks read their images as its root.
            if let root = spec.linux?.uidMappings?.first(where: { $0.containerID == 0 }) {
                let group = spec.linux?.gidMappings?.first(where: { $0.containerID == 0 })?.hostID ?? root.hostID
                try CheckpointImage.hand(options.imagePath, toUID: root.hostID, gid: group)
            }
            if options.lazyPages, let source = options.pageServer {
                lazyDaemon = try service.startLazyPagesDaemon(imageDirectory: options.imagePath, workDirectory: options.workPath, source: source)
            }
            let pid = try ContainerCheckpointer(service: service).restore(container: id, request: request, descriptors: descriptors,
                                                                          journalPath: journalPath(of: id))
            group.releaseJoinLock()
            let record = ContainerRecord(id: id, bundle: bundlePath, rootfs: rootfs, pid: pid,
                                         pidStartTime: ProcessLiveness.startTime(of: pid) ?? 0, created: Date(),
                                         cgroupPath: cgroupPath, started: true, annotations: spec.annotations ?? [:])
            try store.save(record)
            CheckpointJournal.remove(at: journalPath(of: id))
            if let pidFile { try FileIO.write(pidFile, Array("\(pid)".utf8)) }
        } catch {
            if let lazyDaemon {
                Glibc.kill(lazyDaemon, SIGKILL)
                _ = service.starter.wait(lazyDaemon)
            }
            if let cgroup {
                try? cgroup.killAll(signal: SIGKILL)
                try? cgroup.remove()
                cgroup.leaveSharedGroups()
                Cgroup.removeEmptyProjectParents(host: cgroup.host)
            }
            CheckpointJournal.remove(at: journalPath(of: id))
            RootMount.release(root)
            store.remove(id: id)
            throw error
        }
        guard !detach else { return nil }
        return try waitForRestored(id: id, lazyDaemon: lazyDaemon, service: service)
    }

    /// The foreground restore: the restored init is this process's child; its exit is the
    /// exit code, and the container is deleted afterwards.
    func waitForRestored(id: String, lazyDaemon: pid_t?, service: CRIUService) throws -> Int32 {
        let record = try store.load(id: id)
        var status: Int32 = 0
        while waitpid(record.pid, &status, 0) < 0 && errno == EINTR {}
        if let lazyDaemon { _ = service.starter.wait(lazyDaemon) }
        try delete(id: id, force: true)
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
