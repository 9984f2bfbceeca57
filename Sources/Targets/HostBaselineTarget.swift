import Foundation
import Glibc
import NamespaceCore

/// The bare host: a workload run as a plain process, with no namespace, root file system,
/// seccomp filter or runtime, the baseline every container's result is divided by. Its
/// process gets a cgroup of its own in every hierarchy a container's goes in (no limit), so
/// that it is counted by cgroup like a container and charged and scheduled like one, not in
/// the cgroups of whatever started cbench (memory:/process_api/... here made its page
/// faults four times slower than a container's). On the host a mount's destination is a host path: a
/// tmpfs is mounted there for the step; binds and volumes are already the paths the workload
/// names. A reference: it takes part in the scenarios that name it or ask for it.
public struct HostBaselineTarget: ReferenceTarget, MeasuredWorkloadTarget {
    public static let targetName = "host"
    public let context: TargetContext

    public init(context: TargetContext) {
        self.context = context
    }

    public var name: String { HostBaselineTarget.targetName }
    public var operations: Set<TargetOperation> { [.run] }
    public var workloadTraits: WorkloadTraits {
        WorkloadTraits(root: "the host's own file system", defaultFilter: nil, namedVolumes: false)
    }

    public func availability() -> TargetAvailability {
        .available(version: "bare host, \(ProcessInfo.processInfo.operatingSystemVersionString)")
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        let prepared = PreparedContainer(id: id, bundle: "\(context.workDirectory)/host-\(id)",
                                         cgroupPath: "\(CgroupPaths.projectParent)/host-\(id)", workload: workload)
        do {
            try FileIO.makeDirectories(prepared.bundle, mode: 0o700)
            _ = try Cgroup.create(path: prepared.cgroupPath)
            for tmpfs in workload.tmpfsMounts { try HostMount.tmpfs(at: tmpfs.destination, megabytes: tmpfs.megabytes) }
        } catch {
            cleanup(prepared)
            throw error
        }
        return prepared
    }

    /// The command through `sh`, which enters the step's cgroup in every hierarchy and execs it.
    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let cgroup = try Cgroup.open(path: container.cgroupPath)
        let arguments = ["/bin/sh", "-c", Self.enterAndExec(cgroup.directories.map(\.path)), "sh"] + container.workload.args
        return try RealTargetSupport.runWhole(Spawn(arguments), container, stage: "host run \(container.id)")
    }

    /// The shell line that moves the shell into each directory, then becomes the command.
    static func enterAndExec(_ directories: [String]) -> String {
        (directories.map { "echo $$ > \($0)/cgroup.procs" } + ["exec \"$@\""]).joined(separator: " && ")
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun { throw oneShotOnly() }
    public func stop(_ container: PreparedContainer) throws -> ContainerRun { throw oneShotOnly() }

    public func cleanup(_ container: PreparedContainer) {
        for tmpfs in container.workload.tmpfsMounts {
            HostMount.detach(tmpfs.destination)
            rmdir(tmpfs.destination)
        }
        Cgroup.removeAbandoned(path: container.cgroupPath)
        try? FileIO.removeTree(container.bundle)
    }

    private func oneShotOnly() -> CoreError {
        CoreError(stage: "target host", errno: EOPNOTSUPP, detail: "the bare host only runs a command to its end")
    }
}
