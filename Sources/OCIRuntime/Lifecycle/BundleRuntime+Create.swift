#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import NamespaceCore

extension BundleRuntime {
    /// How a container's process is released after set-up.
    public enum Release: Sendable {
        /// Wait at the start gate until `start` (OCI create).
        case atStart
        /// Exec at once (run).
        case immediately
    }

    /// Creates the container of the bundle: state directory, cgroup, and the process waiting
    /// at its start gate (or already running, for `.immediately`). On any failure nothing stays.
    @discardableResult
    public func create(id: String, bundle: String, pidFile: String?, release: Release) throws -> (ContainerRecord, ContainerProcess) {
        try StateStore.validate(id: id)
        let bundlePath = BundleRuntime.absolute(bundle)
        let spec = try RuntimeSpec.load(bundle: bundlePath)
        var launch = try spec.launchSpec(bundle: bundlePath)
        let resources = try spec.cgroupResources()
        let cgroupPath = spec.linux?.cgroupsPath.map(BundleRuntime.relativeCgroupPath) ?? "cbench/oci-\(id)"

        try store.reserve(id: id)
        var cgroup: Cgroup?
        var process: ContainerProcess?
        do {
            if release == .atStart {
                let fifo = store.fifoPath(of: id)
                guard mkfifo(fifo, 0o600) == 0 else { throw CoreError.fromErrno("mkfifo \(fifo)") }
                launch.startGateFIFO = fifo
            }
            let group = try Cgroup.create(path: cgroupPath, resources: resources)
            cgroup = group
            let child = try Launcher().launch(launch.expandingCgroupMounts(for: group)) { pid in try group.addProcess(pid) }
            process = child
            let record = ContainerRecord(
                id: id, bundle: bundlePath, rootfs: spec.rootPath(bundle: bundlePath), pid: child.pid,
                pidStartTime: ProcessLiveness.startTime(of: child.pid) ?? 0, created: Date(),
                cgroupPath: cgroupPath, started: release == .immediately,
                annotations: spec.annotations ?? [:])
            try store.save(record)
            if let pidFile {
                try writeFile(pidFile, Data("\(child.pid)".utf8))
            }
            return (record, child)
        } catch {
            if let process {
                try? process.signal(SIGKILL)
                _ = try? process.wait()
            }
            try? cgroup?.remove()
            store.remove(id: id)
            throw error
        }
    }

    static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path == "." || path.isEmpty ? cwd : "\(cwd)/\(path)"
    }

    /// OCI cgroupsPath is absolute from the hierarchy root or relative to ours; store it relative.
    static func relativeCgroupPath(_ path: String) -> String {
        String(path.drop(while: { $0 == "/" }))
    }
}
