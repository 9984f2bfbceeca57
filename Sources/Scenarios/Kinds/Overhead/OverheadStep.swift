import Foundation
import NamespaceCore
import Results
import Targets

/// What one overhead step measured: the workload's results, the counters of its run and
/// what they counted.
struct OverheadSample: Sendable {
    var results: [(MetricDefinition, Double)]
    var counters: [String: Double]
    var unsupported: [String: String]
    /// What the counters covered (`coverage(of:)`).
    var countedBy: String
}

/// Builds and measures the steps of an overhead scenario: the step's files (its gate's
/// socket, the bind-mounted and host directories), the container with the workload behind
/// its gate, the counters opened once the workload waits there, the results parsed.
struct OverheadStep {
    let session: ScenarioSession
    /// The containers' root: the busybox root (every target imports or copies it quickly).
    let rootfs: String
    let work: String
    let tools: ToolBundle?
    let amounts: WorkloadAmounts

    /// Where the workload finds things inside a container.
    static let workMount = "/cbench-work", toolsMount = "/cbench-tools", controlMount = "/cbench-control"
    static let storageMounts: [FioStorage: String] = [.root: "/tmp", .bind: "/cbench-bind", .volume: "/cbench-volume", .tmpfs: "/cbench-tmpfs"]

    func work(_ workload: OverheadWorkload, on target: any MeasuredWorkloadTarget) throws -> StepWork<OverheadSample> {
        let id = session.containerID()
        let directory = "\(session.workDirectory)/\(id)"
        let control = "\(directory)/control", bindSource = "\(directory)/bind"
        try FileIO.makeDirectories(control, mode: 0o755)
        // Writable by any uid: root inside an unprivileged container is host uid 100000.
        try FileIO.makeDirectories(bindSource, mode: 0o755)
        guard chmod(bindSource, 0o1777) == 0 else { throw CoreError.fromErrno("chmod \(bindSource)") }
        let gate = try WorkloadGate(path: "\(control)/gate.sock")
        let containerWorkload = self.containerWorkload(workload, on: target, id: id, directory: directory)
        let prepared: PreparedContainer
        do {
            prepared = try target.prepare(containerWorkload, id: id)
        } catch {
            gate.close()
            try? FileIO.removeTree(directory)
            throw error
        }
        let timeout = session.scenario.timeoutSeconds
        return StepWork(run: {
            try Self.measure(workload, on: target, prepared, gate: gate, timeout: timeout, amounts: amounts)
        }, abort: {
            gate.cancel()
            target.cleanup(prepared)
        }, cleanup: {
            target.cleanup(prepared)
            gate.close()
            try? FileIO.removeTree(directory)
        })
    }

    /// The workload behind its gate, with its mounts: on the bare host every path is the
    /// host's own (the storage of root, bind and volume is the same host directory, the one
    /// bind-mounted into containers); in a container, the mount points above.
    func containerWorkload(_ workload: OverheadWorkload, on target: any MeasuredWorkloadTarget, id: String, directory: String) -> ContainerWorkload {
        let onHost = target is HostBaselineTarget
        let bindSource = "\(directory)/bind", hostTmpfs = "\(directory)/tmpfs"
        var mounts: [WorkloadMount] = []
        var storageDirectory: String?
        if let storage = workload.storage {
            if onHost {
                storageDirectory = storage == .tmpfs ? hostTmpfs : bindSource
                if storage == .tmpfs { mounts.append(.tmpfs(destination: hostTmpfs, megabytes: amounts.tmpfsMegabytes)) }
            } else {
                storageDirectory = Self.storageMounts[storage]
                switch storage {
                case .root: break
                case .bind: mounts.append(.bind(source: bindSource, destination: Self.storageMounts[.bind] ?? "", readOnly: false))
                case .volume: mounts.append(.volume(name: id, destination: Self.storageMounts[.volume] ?? ""))
                case .tmpfs: mounts.append(.tmpfs(destination: Self.storageMounts[.tmpfs] ?? "", megabytes: amounts.tmpfsMegabytes))
                }
            }
        }
        let workPath = onHost ? work : Self.workMount
        let toolsPath = onHost ? (tools?.directory ?? "") : Self.toolsMount
        let socket = (onHost ? "\(directory)/control" : Self.controlMount) + "/gate.sock"
        if !onHost {
            mounts.append(.bind(source: work, destination: Self.workMount, readOnly: true))
            mounts.append(.bind(source: "\(directory)/control", destination: Self.controlMount, readOnly: false))
            if let tools { mounts.append(.bind(source: tools.directory, destination: Self.toolsMount, readOnly: true)) }
        }
        let command = self.command(workload, work: workPath, tools: toolsPath, storage: storageDirectory ?? "/tmp")
        return ContainerWorkload(args: [workPath, "gate", socket, "--"] + command, rootfs: rootfs,
                                 mounts: mounts, seccomp: workload.seccomp, writableRoot: true)
    }

    /// The workload's own command line.
    func command(_ workload: OverheadWorkload, work: String, tools toolsPath: String, storage: String) -> [String] {
        switch workload {
        case .cpu:
            return tools?.command("sysbench", at: toolsPath, ["cpu", "--cpu-max-prime=\(amounts.cpuMaxPrime)",
                                                               "--events=\(amounts.cpuEvents)", "--time=0", "--threads=1", "run"]) ?? []
        case .syscalls: return [work, "syscalls", String(amounts.syscalls)]
        case .memory: return [work, "memory", String(amounts.memoryMegabytes), String(amounts.memoryPasses)]
        case .process: return [work, "spawn", String(amounts.spawns)]
        case .fileIO:
            return tools.map { Self.fioCommand(work: work, tools: $0, at: toolsPath, storage: storage, bounds: amounts.fio) } ?? []
        }
    }

    /// fio's jobs, one fio each, run in turn by `cbench-work sequence` with sync(2) before
    /// each: the same in every target and on the host.
    static func fioCommand(work: String, tools: ToolBundle, at toolsPath: String, storage: String, bounds: FioBounds) -> [String] {
        WorkSequence.command(work: work, FioJob.all.map { tools.command("fio", at: toolsPath, $0.arguments(directory: storage, bounds: bounds)) })
    }

    /// Runs the container, lets the workload through its gate once its counters are open,
    /// and reads them when it has ended.
    static func measure(_ workload: OverheadWorkload, on target: any MeasuredWorkloadTarget, _ prepared: PreparedContainer,
                        gate: WorkloadGate, timeout: Double, amounts: WorkloadAmounts) throws -> OverheadSample {
        let call = ConcurrentCall { try target.runMeasured(prepared) }
        let pid: pid_t
        do {
            pid = try gate.accept(timeout: timeout) { !call.isFinished }
        } catch {
            gate.cancel()
            let ended = (try? call.wait()).map { " (the container's stderr: \($0.stderr.firstLine()))" } ?? ""
            throw StepFailure(stage: "gate", "\(error)\(ended)")
        }
        let scope = countingScope(of: pid)
        let counters = PerfCounterSet(scopes: [scope])
        defer { counters.close() }
        try gate.release()
        let run = try call.wait()
        let counts = counters.read()
        if let exit = run.exit, exit != .exited(0) {
            throw StepFailure(stage: "exit", "the workload ended with \(exit): \((run.stderr + run.stdout).firstLine())")
        }
        return OverheadSample(results: try workload.results(from: run.stdout, amounts: amounts), counters: counts,
                              unsupported: counters.unsupported, countedBy: coverage(of: scope))
    }

    /// What the counters of a run covered, in words for the report.
    static func coverage(of scope: PerfScope) -> String {
        switch scope {
        case .cgroup(let path):
            return "the workload's cgroup (\(path) in one run), every process in it and below it, from the gate on"
        case .processTree, .callingThreadAndDescendants:
            return "the workload's process tree from the gate on (it had no cgroup2 directory of its own)"
        }
    }

    /// The workload's cgroup2 directory when it has one of its own (not the root, which holds
    /// everything else too); else its process tree from the gate on.
    static func countingScope(of pid: pid_t) -> PerfScope {
        guard let host = try? CgroupHost.current(), let path = host.unifiedPath(ofProcess: pid), path != "/",
              let directory = host.unifiedDirectory(path) else { return .processTree(pid) }
        return .cgroup(directory)
    }
}
