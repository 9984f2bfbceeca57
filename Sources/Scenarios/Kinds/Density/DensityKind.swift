import Foundation
import NamespaceCore
import Results
import Targets

/// `kind: density`: how many idle containers fit on this host at once, what each costs the
/// host, and how start-up scales. For each target in turn: parallel starts with 1, 2, 4, 8
/// workers (torn down after each), then a ramp that starts containers one after another and
/// keeps them all, measuring the host at checkpoints, until a stop condition (the count
/// asked for, the target's time budget, the MemAvailable floor, the first failure, a stop
/// request), then a teardown of them all and a check that the host is back where it was.
public struct DensityKind: ScenarioKind {
    public static let name = "density"
    public static let keys: Set<String> = [
        "container", "rootfs", "containers", "checkpoints", "budget", "budgets", "memoryFloor", "workers", "parallelContainers",
        "settle", "teardownWorkers", "rows", "references", "shrinkerMark",
        "kernelFloor", "seccomp",
    ]
    public static let defaultCheckpoints = [1, 10, 100, 500, 1000, 2000, 5000, 10000]

    public var container: IdleContainer
    /// The most containers a ramp starts.
    public var containers: Int
    public var checkpoints: [Int]
    /// Seconds a ramp may take, per target (`*` for the others).
    public var budgets: [String: Double]
    /// The ramp stops before MemAvailable falls below this many bytes.
    public var memoryFloorBytes: UInt64
    public var workers: [Int]
    /// Containers started at each worker count.
    public var parallelContainers: Int
    /// The longest wait after a teardown for the host to come back (`DensitySettling`).
    public var settleSeconds: Double
    /// Containers a teardown removes at once (every target the same; 1: one after another).
    public var teardownWorkers = 1
    /// The host's readings; a fake in unit tests.
    public var host: any DensityHost
    /// Whether the ramp decides the feature row "several containers on one server"
    /// (`rows: [several-containers]`, `ScaleRow`), with `references` beside it.
    public var scaleRow = false
    public var references: ReferenceAnswers?
    /// Whether the shrinker mark is raised before the first ramp (`DensityShrinkerMark`).
    public var shrinkerMark = ShrinkerMarkMode.off
    /// Bare starts with no runtime at each checkpoint (`KernelFloorProbe`); 0: none.
    public var kernelFloorStarts = 0

    public init(container: IdleContainer, containers: Int = 10_000, checkpoints: [Int] = DensityKind.defaultCheckpoints,
                budgets: [String: Double] = ["*": 300], memoryFloorBytes: UInt64 = 2 << 30, workers: [Int] = [1, 2, 4, 8],
                parallelContainers: Int = 32, settleSeconds: Double = 60, host: any DensityHost = ProcDensityHost()) {
        self.container = container
        self.containers = containers
        self.checkpoints = checkpoints
        self.budgets = budgets
        self.memoryFloorBytes = memoryFloorBytes
        self.workers = workers
        self.parallelContainers = parallelContainers
        self.settleSeconds = settleSeconds
        self.host = host
    }

    public init(fields: ScenarioFields) throws {
        let kind = try fields.choice("container", as: IdleContainer.Kind.self) ?? .app
        let rootfsText = try fields.string("rootfs") ?? (kind == .debianSystem ? "debian-bookworm" : "busybox")
        let rootfs: String
        switch rootfsText {
        case "busybox": rootfs = fields.busyboxRootfs
        case "debian-bookworm": rootfs = IdleContainer.debianBookwormRootfs
        default:
            guard rootfsText.hasPrefix("/") else {
                throw fields.error("rootfs", "'\(rootfsText)' is neither busybox, debian-bookworm nor an absolute path")
            }
            rootfs = rootfsText
        }
        if !fields.sweepParameters.isEmpty {
            throw fields.error("sweep", "a density scenario sweeps the container count itself; remove sweep")
        }
        let containers = try fields.count("containers", minimum: 1) ?? 10_000
        var checkpoints = DensityKind.defaultCheckpoints
        if let listed = try fields.strings("checkpoints") {
            checkpoints = try listed.map { text in
                guard let value = Int(text), value >= 1 else { throw fields.error("checkpoints", "'\(text)' is not a whole number of at least 1") }
                return value
            }
        }
        var budgets: [String: Double] = ["*": try fields.seconds("budget") ?? 300]
        for (target, text) in try fields.pairs("budgets") ?? [] {
            guard let seconds = Double(text), seconds > 0 else { throw fields.error("budgets", "\(target): '\(text)' is not a positive number of seconds") }
            budgets[target] = seconds
        }
        let floor = try fields.number("memoryFloor", minimum: 0) ?? 2048
        var workers = [1, 2, 4, 8]
        if let listed = try fields.strings("workers") {
            workers = try listed.map { text in
                guard let value = Int(text), (1...64).contains(value) else { throw fields.error("workers", "'\(text)' is not a worker count from 1 to 64") }
                return value
            }
        }
        let seccomp = try fields.choice("seccomp", as: WorkloadSeccomp.self) ?? .targetDefault
        // A system container's filter is its template's configuration, which the ramp does not change.
        if seccomp == .disabled, kind.isSystem {
            throw fields.error("seccomp", "'none' applies to app containers; \(kind.rawValue) containers keep their template's filter")
        }
        self.init(container: IdleContainer(kind: kind, rootfs: rootfs, seccomp: seccomp), containers: containers,
                  checkpoints: checkpoints.filter { $0 <= containers }.sorted(), budgets: budgets,
                  memoryFloorBytes: UInt64(floor * 1_048_576), workers: workers,
                  parallelContainers: try fields.count("parallelContainers", minimum: 0) ?? 32,
                  settleSeconds: try fields.seconds("settle") ?? 60)
        if let teardownWorkers = try fields.count("teardownWorkers", minimum: 1) {
            guard teardownWorkers <= 16 else { throw fields.error("teardownWorkers", "\(teardownWorkers) is more than 16") }
            self.teardownWorkers = teardownWorkers
        }
        scaleRow = try fields.names("rows", known: [ScaleRow.key], what: "row")?.contains(ScaleRow.key) ?? false
        references = try ReferenceAnswers.load(fields: fields)
        shrinkerMark = try fields.choice("shrinkerMark", as: ShrinkerMarkMode.self) ?? .off
        kernelFloorStarts = try fields.count("kernelFloor", minimum: 0) ?? 0
    }

    public var requirement: TargetRequirement {
        let kind = container.kind
        let rootfs = container.rootfs
        return TargetRequirement("density (DensityTarget) with \(kind.rawValue) containers", declared: { target in
            (target as? any DensityTarget)?.idleKinds.contains(kind) ?? false
        }, support: { _ in
            FileManager.default.fileExists(atPath: rootfs) ? nil
                : "no root file system at \(rootfs) (make setup builds it)"
        })
    }

    /// Per target: one step per worker count, the ramp and the teardown.
    public func plannedSteps(_ scenario: Scenario, targets: Int) -> Int {
        targets * ((parallelContainers > 0 ? workers.count : 0) + 2)
    }

    public func budget(of target: String) -> Double { budgets[target] ?? budgets["*"] ?? 300 }

    public func run(_ session: ScenarioSession) throws {
        let recording = DensityRecording(session: session, kind: self)
        recording.defineMetrics()
        recording.recordLimits(host.limits())
        if scaleRow { session.recorder.define(references?.definition(ScaleRow.feature, fallbackGroup: ScaleRow.group)
                                              ?? FeatureDefinition(name: ScaleRow.feature, group: ScaleRow.group)) }
        let densityTargets = session.targets.compactMap { $0 as? any DensityTarget }
        var priming: DensityShrinkerPriming?
        if shrinkerMark == .prime, !densityTargets.isEmpty, !session.stop.isRequested {
            let primed = DensityShrinkerMark(kind: self, session: session, targets: densityTargets, recording: recording).run()
            recording.recordPriming(primed, containers: containers)
            priming = primed
        }
        for target in session.targets {
            if session.stop.isRequested { break }
            guard let density = target as? any DensityTarget else { continue }
            let parallel = parallelContainers > 0
                ? DensityParallel(kind: self, session: session, target: density, recording: recording).run() : [:]
            if session.stop.isRequested { break }
            let ramp = DensityRamp(kind: self, session: session, target: density, recording: recording).run()
            recording.summarize(target: density, ramp: ramp, parallel: parallel, priming: priming)
            if let isolation = ramp.isolation {
                session.recorder.feature(ScaleRow.judge(target: density.name, required: containers, reached: ramp.reached,
                                                        stop: ramp.stop.summary, isolation: isolation))
            }
        }
    }
}
