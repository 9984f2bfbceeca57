import Foundation
import NamespaceCore
import Results
import Targets

/// `kind: application`: a real application (a stack directory: Debian packages, Containerfiles,
/// requests) in both layouts: one system container whose init runs every service, and one
/// app container per service on a network. Every target that runs a layout (`ApplicationTarget`)
/// takes its turn per iteration: start until the first page answers, load with wrk from the
/// host, memory and disk, a write, stop, start again, the write read back. The stack's images
/// and roots are built once into cbench's store (`StackCache`) before the first step.
public struct ApplicationKind: ScenarioKind {
    public static let name = "application"
    public static let keys: Set<String> = ["stack", "layouts", "load", "ready-timeout", "requests"]

    /// wrk's settings: fixed connections and threads, an unrecorded warm-up, then the measured run.
    public struct Load: Sendable, Equatable {
        public var connections = 16
        public var threads = 2
        public var warmupSeconds = 5.0
        public var durationSeconds = 20.0

        public init() {}
    }

    public var stack: StackDefinition
    public var layouts: Set<ApplicationLayout>
    public var load: Load
    /// How long a start may take until the first page answers; then the step fails with the logs.
    public var readyTimeout: Double
    /// The stack's requests put under load, in order.
    public var requests: [StackDefinition.Request]

    public init(stack: StackDefinition, layouts: Set<ApplicationLayout> = Set(ApplicationLayout.allCases), load: Load = Load(),
                readyTimeout: Double = 180, requests: [StackDefinition.Request]? = nil) {
        self.stack = stack
        self.layouts = layouts
        self.load = load
        self.readyTimeout = readyTimeout
        self.requests = requests ?? stack.requests
    }

    public init(fields: ScenarioFields) throws {
        let path = try fields.required("stack", try fields.string("stack"), hint: "a stack directory, e.g. stacks/mediawiki")
        let directory = path.hasPrefix("/") ? path : ((fields.file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: directory + "/stack.yaml") else {
            throw fields.error("stack", "no stack.yaml in \(directory)")
        }
        let stack = try StackDefinition.load(directory: directory)
        let layoutNames = try fields.names("layouts", known: ApplicationLayout.allCases.map(\.rawValue), what: "layout")
        var load = Load()
        if let loadFields = try fields.nested("load", allowed: ["connections", "threads", "warmup", "duration"]) {
            load.connections = try loadFields.count("connections", minimum: 1) ?? load.connections
            load.threads = try loadFields.count("threads", minimum: 1) ?? load.threads
            load.warmupSeconds = try loadFields.number("warmup", minimum: 0) ?? load.warmupSeconds
            load.durationSeconds = try loadFields.seconds("duration") ?? load.durationSeconds
            if load.threads > load.connections {
                throw loadFields.error("threads", "wrk needs at least one connection per thread (\(load.connections) connections)")
            }
        }
        var requests = stack.requests
        if let names = try fields.names("requests", known: stack.requests.map(\.name), what: "request of stack \(stack.name)") {
            requests = stack.requests.filter { names.contains($0.name) }
        }
        self.init(stack: stack, layouts: Set((layoutNames ?? ApplicationLayout.allCases.map(\.rawValue)).compactMap(ApplicationLayout.init)),
                  load: load, readyTimeout: try fields.seconds("ready-timeout") ?? 180, requests: requests)
        let needed = stepSeconds
        if let timeout = try fields.seconds("timeout"), timeout < needed {
            throw fields.error("timeout", "\(Int(timeout)) s is less than one layout's run may need (about \(Int(needed)) s); set timeout: \(Int(needed))")
        }
        if !fields.has("timeout") {
            throw fields.error(nil, "set timeout: (seconds one layout's run may take, at least \(Int(needed)))")
        }
    }

    /// The longest one step may take: two starts up to the ready time-out, every load with its
    /// warm-up, and a minute for memory, disk, the write and the stops.
    public var stepSeconds: Double {
        2 * readyTimeout + Double(requests.count) * (load.warmupSeconds + load.durationSeconds) + 60
    }

    public var requirement: TargetRequirement {
        let layouts = layouts
        let names = layouts.map(\.rawValue).sorted().joined(separator: " or ")
        return TargetRequirement("the \(names) layout of an application (ApplicationTarget)", declared: { target in
            (target as? any ApplicationTarget).map { layouts.contains($0.applicationLayout) } ?? false
        }, support: { _ in
            ExecutablePath.find("wrk") == nil ? "wrk is not installed (apt-get install wrk; make setup does)" : nil
        })
    }

    public func run(_ session: ScenarioSession) throws {
        let cache = StackCache(stack: stack)
        let progress = session.progress
        let built = try cache.prepare(runRoot: "\(session.workDirectory)/build-run", say: { progress.note($0) }, stop: session.stop)
        progress.note(built.isEmpty ? "\(stack.name): the stack's cache is complete (\(cache.root)): nothing built"
                      : "\(stack.name): built \(built.joined(separator: ", ")) in \(cache.root)")
        measure(session, stack: cache.applicationStack)
    }

    /// Every target's steps on a built stack: measured, recorded, and a failed step a failed
    /// cell with its reason (for a layout that never serves, the containers' last log lines).
    func measure(_ session: ScenarioSession, stack: ApplicationStack) {
        let progress = session.progress
        let measurement = ApplicationMeasurement(kind: self, stack: stack, detail: { progress.detail($0) })
        let recording = ApplicationRecording(kind: self, recorder: session.recorder, targets: session.targets)
        recording.define()
        session.runPlan(work: { step, target in
            guard let target = target as? any ApplicationTarget else {
                throw StepFailure(stage: "prepare", "\(target.name) runs no application layout")
            }
            return try measurement.work(target: target, id: session.containerID())
        }, record: { result, step, target in
            recording.record(result, target: target.name, step: step)
        })
        recording.finish()
    }
}
