import Foundation
import NamespaceCore
import Results
import Targets

/// "Persistent root": a file written inside a container survives its stop and start. One
/// container with a writable busybox root runs a shell that reads a count from a file in its
/// root, adds one and writes it back; the target runs it, keeps the stopped container, and
/// starts that same container again (`RestartingTarget`: system containers halt and boot
/// again, engines `run` without `--rm` then `start --attach`, an OCI runtime's `start` of a
/// stopped container). The second run must read the first run's 1 and write 2. A target that
/// refuses to start a stopped container, or whose second run starts from an empty root, is
/// "not supported" with that evidence.
public struct PersistentRootRow: TargetFeatureRow {
    public init() {}

    public var key: String { "persistent-root" }
    public var feature: String { "persistent root" }
    public var group: String { "system containers" }
    static let file = "/cbench-persisted"
    static let script = "n=$(cat \(file) 2>/dev/null || echo 0); n=$((n+1)); echo $n > \(file) && echo \"cbench-persisted $n\""

    static func workload(rootfs: String) -> ContainerWorkload {
        ContainerWorkload(args: ["/bin/sh", "-c", script], rootfs: rootfs, writableRoot: true)
    }

    public func measure(_ target: any ContainerTarget, context: TargetRowContext) throws -> FeatureResult {
        try measure(target, as: (any RestartingTarget).self,
                    missing: MissingCapability(.notSupported, lacks: "has no way to start a stopped container again", detail: "no restart of a stopped container")) { restarting in
            try Self.afterFirstRun(on: restarting, context: context) { container, first in
                let second: Result<ContainerRun, RestartRefusal>
                do {
                    second = .success(try restarting.runAgain(container))
                } catch let refusal as RestartRefusal {
                    second = .failure(refusal)
                }
                return judge(target: target.name, means: restarting.restartMeans, first: first, second: second.map(Self.shown))
            }
        }
    }

    /// The first step of every row that starts from a kept container (this row, image
    /// elsewhere, snapshots and clones): the counting container made with the target's
    /// ordinary prepare, run once to its end and kept stopped. `then` gets it and what its
    /// first run printed; the container is removed after, whatever happened.
    static func afterFirstRun<Value>(on target: any RestartingTarget, context: TargetRowContext,
                                     _ then: (PreparedContainer, String) throws -> Value) throws -> Value {
        let container = try target.prepare(workload(rootfs: context.busyboxRootfs), id: context.id)
        defer { target.cleanup(container) }
        return try then(container, shown(try target.runKeeping(container)))
    }

    /// The count a run printed, or what it printed instead.
    static func shown(_ run: ContainerRun) -> String {
        let output = (run.stdout + run.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
        return output.isEmpty ? "no output (\(run.exit.map { "\($0)" } ?? "no exit status"))" : output
    }

    static func count(in output: String) -> Int? {
        output.split(separator: "\n").lazy.compactMap { line in
            line.hasPrefix("cbench-persisted ") ? Int(line.dropFirst("cbench-persisted ".count)) : nil
        }.first
    }

    /// The cell from what the two runs of one container printed (`second`: the target's
    /// refusal when it would not start the stopped container).
    func judge(target: String, means: String, first: String, second: Result<String, RestartRefusal>) -> FeatureResult {
        var lines = ["how: \(means)", "each run: sh -c '\(Self.script)'", "first run: \(first)"]
        switch second {
        case .success(let output): lines.append("second run of the same container: \(output)")
        case .failure(let refusal): lines.append("start of the stopped container refused:\n\(refusal)")
        }
        let evidence = lines.joined(separator: "\n")
        guard Self.count(in: first) == 1 else {
            return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                 detail: "the first run did not write \(Self.file) in its root: \(first.split(separator: "\n").first ?? "")")
        }
        switch second {
        case .failure(let refusal):
            return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                 detail: "a stopped container cannot be started again: \(refusal.output.split(separator: "\n").first ?? "")")
        case .success(let output):
            switch Self.count(in: output) {
            case 2?:
                return FeatureResult(feature: feature, target: target, outcome: .supported, evidence: evidence,
                                     detail: "the file written in the first run was there after stop and start (count 1, then 2)")
            case 1?:
                return FeatureResult(feature: feature, target: target, outcome: .notSupported, evidence: evidence,
                                     detail: "the restarted container's root had lost the file (count 1 again)")
            default:
                return FeatureResult(feature: feature, target: target, outcome: .failed, evidence: evidence,
                                     detail: "the second run printed no count: \(output.split(separator: "\n").first ?? "")")
            }
        }
    }
}
