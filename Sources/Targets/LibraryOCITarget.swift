import Foundation
import Glibc
import NamespaceCore
import OCIRuntime

/// cbench-oci's runtime in this process (`cbench-oci-lib`): the same bundle and conversion as
/// the CLI, without the cost of starting a process, so the two columns together show what
/// the CLI's own start-up costs. Phases: create (cgroup and launch), exit, delete.
public struct LibraryOCITarget: MeasuredWorkloadTarget {
    public static let targetName = "cbench-oci-lib"
    public let context: TargetContext

    public init(context: TargetContext) {
        self.context = context
    }

    public var name: String { LibraryOCITarget.targetName }
    public var operations: Set<TargetOperation> { [.create, .start, .stop, .delete, .run] }
    public var workloadTraits: WorkloadTraits { OCIBundle.workloadTraits }

    public func availability() -> TargetAvailability {
        guard getuid() == 0 else { return .unavailable(reason: "needs root") }
        if let reason = context.missingSmokeRootfs { return .unavailable(reason: reason) }
        return .available(version: "in-process")
    }

    public func prepare(_ workload: ContainerWorkload, id: String) throws -> PreparedContainer {
        try OCIBundle.prepare(workload, id: id, in: context)
    }

    public func run(_ container: PreparedContainer) throws -> ContainerRun {
        let output = try OutputFiles(container)
        defer { output.close() }
        let createStart = MonotonicClock.now()
        let (process, cgroup) = try launch(container, output: output)
        let createEnd = MonotonicClock.now()
        let exit: ExitStatus
        do {
            exit = try process.wait()
        } catch {
            try? cgroup.killAll(signal: SIGKILL)
            try? cgroup.remove()
            throw error
        }
        let exitEnd = MonotonicClock.now()
        let peak = Cgroup.memoryPeak(path: container.cgroupPath)
        try cgroup.remove()
        let deleteEnd = MonotonicClock.now()
        return .inProcess(container, createStart: createStart, createEnd: createEnd, exitEnd: exitEnd,
                          deleteEnd: deleteEnd, exit: exit, memoryPeakBytes: peak)
    }

    public func startUntilRunning(_ container: PreparedContainer) throws -> ContainerRun {
        let output = try OutputFiles(container)
        defer { output.close() }
        let start = MonotonicClock.now()
        let (process, _) = try launch(container, output: output)
        try FileIO.write(container.pidFilePath, Array("\(process.pid)".utf8))
        return ContainerRun(phases: [Phase(name: "create", start: start, end: MonotonicClock.now())],
                            memoryPeakBytes: Cgroup.memoryPeak(path: container.cgroupPath))
    }

    public func stop(_ container: PreparedContainer) throws -> ContainerRun {
        let start = MonotonicClock.now()
        let cgroup = try Cgroup.open(path: container.cgroupPath)
        try cgroup.killAll(signal: SIGKILL)
        reapRecordedInit(container)
        try cgroup.remove()
        return ContainerRun(phases: [Phase(name: "stop", start: start, end: MonotonicClock.now())])
    }

    public func cleanup(_ container: PreparedContainer) {
        if let cgroup = try? Cgroup.open(path: container.cgroupPath) {
            try? cgroup.killAll(signal: SIGKILL)
            reapRecordedInit(container)
            try? cgroup.remove()
        }
        Cgroup.removeAbandoned(path: container.cgroupPath)
        OCIBundle.release(container)
    }

    private func launch(_ container: PreparedContainer, output: OutputFiles) throws -> (ContainerProcess, Cgroup) {
        let spec = OCIBundle.spec(for: container)
        var launch = try spec.launchSpec(bundle: container.bundle)
        launch.stdio = .fds(stdin: output.stdin, stdout: output.stdout, stderr: output.stderr)
        let cgroup = try Cgroup.create(path: container.cgroupPath, resources: try spec.cgroupResources())
        var placed = launch.expandingCgroupMounts(for: cgroup)
        placed.cgroupPlacement = cgroup.placement
        do {
            return (try Launcher().launch(placed), cgroup)
        } catch {
            try? cgroup.remove()
            throw error
        }
    }

    private func reapRecordedInit(_ container: PreparedContainer) {
        guard let bytes = try? FileIO.read(container.pidFilePath, limit: 64),
              let pid = Int32(String(decoding: bytes, as: UTF8.self)) else { return }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}

/// The container's stdio: /dev/null in, files out, closed by the caller once launched.
struct OutputFiles {
    let stdin: Int32
    let stdout: Int32
    let stderr: Int32

    init(_ container: PreparedContainer) throws {
        stdin = open("/dev/null", O_RDONLY | O_CLOEXEC)
        stdout = open(container.stdoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        stderr = open(container.stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard stdin >= 0, stdout >= 0, stderr >= 0 else {
            let code = errno
            [stdin, stdout, stderr].filter { $0 >= 0 }.forEach { Glibc.close($0) }
            throw CoreError(stage: "open stdio files in \(container.bundle)", errno: code)
        }
    }

    func close() {
        Glibc.close(stdin)
        Glibc.close(stdout)
        Glibc.close(stderr)
    }
}
