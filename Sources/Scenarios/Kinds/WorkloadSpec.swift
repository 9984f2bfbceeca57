import Foundation
import Targets

/// The container a scenario runs, as the `rootfs` and `workload` keys give it; shared by
/// every kind that starts containers (feature, performance, and the kinds to come).
public struct WorkloadSpec: Sendable, Equatable {
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// Create, start, wait for exit, delete.
        case run
        /// Create and start a long-lived workload, then stop it (start until running).
        case startUntilRunning = "start-until-running"
        /// A system container: boot its init until RUNNING, run the command attached, halt
        /// it cleanly (`SystemStyleTarget`: cbench-system, LXC).
        case bootRunHalt = "boot-run-halt"
    }

    /// Absolute path of the root file system (`busybox` already resolved).
    public var rootfs: String
    /// The process; `{name}` takes a sweep parameter's value or a kind's own placeholder.
    public var command: [String]
    public var mode: Mode
    public var userNamespace: Bool

    public static let keys: Set<String> = ["rootfs", "workload"]
    static let workloadKeys: Set<String> = ["command", "mode", "userNamespace"]

    public init(rootfs: String, command: [String], mode: Mode = .run, userNamespace: Bool = false) {
        self.rootfs = rootfs
        self.command = command
        self.mode = mode
        self.userNamespace = userNamespace
    }

    /// Reads `rootfs` (required: `busybox` or an absolute path that exists) and `workload`.
    public init(fields: ScenarioFields) throws {
        let rootfsText = try fields.required("rootfs", try fields.string("rootfs"), hint: "busybox or an absolute path")
        let rootfs = rootfsText == "busybox" ? fields.busyboxRootfs : rootfsText
        guard rootfs.hasPrefix("/") else {
            throw fields.error("rootfs", "'\(rootfsText)' is neither busybox nor an absolute path")
        }
        guard fields.rootfsExists(rootfs) else {
            throw fields.error("rootfs", "root file system '\(rootfs)' does not exist" + (rootfsText == "busybox" ? " (make setup builds it)" : ""))
        }
        let workload = try fields.required("workload", try fields.nested("workload", allowed: Self.workloadKeys))
        let command = try workload.required("command", try workload.strings("command"))
        guard !command.isEmpty else { throw workload.error("command", "must not be empty") }
        self.init(rootfs: rootfs, command: command, mode: try workload.choice("mode", as: Mode.self) ?? .run,
                  userNamespace: try workload.bool("userNamespace") ?? false)
    }

    public func with(mode: Mode) -> WorkloadSpec {
        var copy = self
        copy.mode = mode
        return copy
    }

    /// The command with every `{name}` replaced by its value.
    public func command(at values: [String: String]) -> [String] {
        command.map { argument in
            values.reduce(argument) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
    }

    /// The container of one step: the sweep point's values, then `extra` placeholders.
    public func workload(at point: [String: String], extra: [String: String] = [:], probe: String?) -> ContainerWorkload {
        ContainerWorkload(args: command(at: point.merging(extra) { own, _ in own }), rootfs: rootfs, probe: probe,
                          userNamespace: userNamespace)
    }

    /// Runs a prepared container as the mode says (run; or start until running, then stop).
    /// A run that ends with anything but exit 0 fails at stage `exit`, with its stderr.
    public func execute(on target: any ContainerTarget, _ prepared: PreparedContainer) throws -> ContainerRun {
        switch mode {
        case .run:
            let run = try target.run(prepared)
            if let exit = run.exit, exit != .exited(0) {
                throw StepFailure(stage: "exit", "the container \(exit): \(run.stderr.firstLine())")
            }
            return run
        case .startUntilRunning:
            var run = try target.startUntilRunning(prepared)
            run.phases += try target.stop(prepared).phases
            return run
        case .bootRunHalt:
            guard let system = target as? any SystemStyleTarget else {
                throw StepFailure(stage: "prepare", "\(target.name) does not run system containers")
            }
            let run = try system.bootRunHalt(prepared)
            if let exit = run.exit, exit != .exited(0) {
                throw StepFailure(stage: "exit", "the command \(exit): \(run.stderr.firstLine())")
            }
            return run
        }
    }

    /// What the mode needs of a target.
    public var requirement: TargetRequirement {
        switch mode {
        case .run: return .operations([.run])
        case .startUntilRunning: return .operations([.start, .stop])
        case .bootRunHalt: return .systemContainers
        }
    }
}
