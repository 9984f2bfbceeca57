import Results
import Synchronization
import Targets

/// Files an application step's figures: one sample per metric and step, the layouts table
/// the report groups by, the checks (data survived, same page), and a failure when the
/// written data did not survive the restart.
final class ApplicationRecording: Sendable {
    let recorder: ScenarioRecorder
    let requests: [String]
    let targets: [(name: String, layout: ApplicationLayout, coverage: String)]
    private let checks = Mutex<[[ResultValue]]>([])
    private let digests = Mutex<[String: Set<String>]>([:])

    init(kind: ApplicationKind, recorder: ScenarioRecorder, targets: [any ContainerTarget]) {
        self.recorder = recorder
        requests = kind.requests.map(\.name)
        self.targets = targets.compactMap { target in
            (target as? any ApplicationTarget).map { (target.name, $0.applicationLayout, $0.applicationCoverage) }
        }
    }

    static let timing = "start of the layout (the first runtime command) to the first HTTP 200 with the page's text through the published 127.0.0.1 port, polled every 20 ms"

    var definitions: [MetricDefinition] {
        var coverage: [String: String] = [:]
        for target in targets { coverage[target.name] = "\(target.layout.rawValue) layout: \(target.coverage)" }
        func metric(_ name: String, _ unit: String, _ better: BetterDirection, _ description: String) -> MetricDefinition {
            MetricDefinition(name: name, unit: unit, better: better, description: description, coverage: coverage)
        }
        var list = [
            metric("first-page", "ms", .lower, Self.timing),
            metric("stop", "ms", .lower, "the layout stopped as its users stop it: the system container halted, the app containers stopped and removed"),
            metric("restart-first-page", "ms", .lower, "started again after the stop, to the first answer of the page, as for first-page"),
        ]
        for request in requests {
            list += [
                metric("\(request)-throughput", "req/s", .higher, "wrk's requests per second on \(request)"),
                metric("\(request)-p50", "ms", .lower, "median latency of \(request) (wrk --latency)"),
                metric("\(request)-p90", "ms", .lower, "90th percentile latency of \(request) (wrk --latency)"),
                metric("\(request)-p99", "ms", .lower, "99th percentile latency of \(request) (wrk --latency)"),
                metric("\(request)-errors", "requests", .lower, "socket errors and answers other than 2xx/3xx during \(request)'s load"),
            ]
        }
        list += [
            metric("memory-idle-layout", "MB", .lower, "the layout's own memory, idle after the first page: its containers' cgroups plus its helpers' PSS"),
            metric("memory-load-layout", "MB", .lower, "the highest of the layout's own memory under load: its containers' cgroups plus its helpers' PSS"),
            metric("memory-idle-cgroups", "MB", .lower, "sum of the containers' cgroups (page cache included), idle after the first page"),
            metric("memory-load-cgroups", "MB", .lower, "the highest sum of the containers' cgroups under load"),
            metric("memory-idle-helpers", "MB", .lower, Self.helpersDescription + ", idle"),
            metric("memory-load-helpers", "MB", .lower, Self.helpersDescription + ", the highest under load"),
            metric("memory-idle-host", "MB", .lower, "the host's MemAvailable drop since just before the start, idle after the first page"),
            metric("memory-load-host", "MB", .lower, "the host's largest MemAvailable drop under load"),
            metric("disk-images", "MB", .lower, "the layout's images or template root on disk, shared layers counted once"),
            metric("disk-writable", "MB", .lower, "what the layout's containers have on disk of their own: a system container's root, app containers' upper layers and volumes"),
        ]
        return list
    }

    static let helpersDescription = "PSS of the processes serving the containers from outside them: each container's parent "
        + "(conmon, containerd-shim, LXC's monitor, cbench app's supervisor or monitor), the port forwarder where the runtime "
        + "publishes no port itself, and the target's daemons (dockerd, containerd); a cbench system container has no supervisor"

    func define() {
        definitions.forEach(recorder.define)
    }

    func record(_ result: ApplicationResult, target: String, step: PlannedStep) {
        let byName = Dictionary(uniqueKeysWithValues: definitions.map { ($0.name, $0) })
        func add(_ name: String, _ value: Double) {
            if let metric = byName[name] { recorder.sample(metric, target: target, parameters: step.point, value: value) }
        }
        add("first-page", result.firstPage)
        add("stop", result.stop)
        add("restart-first-page", result.restartFirstPage)
        for (request, load) in result.loads {
            add("\(request)-throughput", load.requestsPerSecond)
            for percentile in [50, 90, 99] {
                if let value = load.latencyMilliseconds[percentile] { add("\(request)-p\(percentile)", value) }
            }
            add("\(request)-errors", Double(load.errors))
        }
        add("memory-idle-layout", result.idle.layout)
        add("memory-load-layout", result.underLoad.layout)
        add("memory-idle-cgroups", result.idle.cgroups)
        add("memory-load-cgroups", result.underLoad.cgroups)
        add("memory-idle-helpers", result.idle.helpers)
        add("memory-load-helpers", result.underLoad.helpers)
        add("memory-idle-host", result.idle.hostDrop)
        add("memory-load-host", result.underLoad.hostDrop)
        add("disk-images", Double(result.imageBytes) / 1_048_576)
        add("disk-writable", Double(result.writableBytes) / 1_048_576)
        checks.withLock { rows -> Void in
            rows.append([.text(target), .number(Double(step.iteration + 1)), .text(result.persisted ? "yes" : "no"),
                       .text(String(result.pageDigest.dropFirst("sha256:".count).prefix(16))), .text(LayoutHelper.summary(result.helpers)),
                       .text(result.storageNote)])
        }
        digests.withLock { seen -> Void in seen[target, default: []].insert(result.pageDigest) }
        if !result.persisted {
            recorder.failure(target: target, step: step, stage: "persistence",
                             error: "the page written before the stop was not there after the restart")
        }
    }

    /// The tables and the note on the pages, once every step ran.
    func finish() {
        recorder.table(Self.layoutsTable, title: "Layouts", columns: ["target", "layout", "runtime"],
                       rows: targets.map { [.text($0.name), .text($0.layout.rawValue), .text(Self.runtime(of: $0.name))] })
        recorder.table("checks", title: "Checks per step", columns: ["target", "iteration", "data survived the restart", "page digest", "helpers at idle (PSS)", "storage"],
                       rows: checks.withLock { $0 },
                       note: "The digest is of the first page with the request id, the response time and HTML comments masked. "
                           + "The helpers are the processes counted in the layout's memory beside its containers' cgroups.")
        let all = digests.withLock { $0 }
        let distinct = Set(all.values.flatMap { $0 })
        if distinct.count == 1 {
            recorder.note(target: nil, .info, "Every layout served the same first page (masked digest \(distinct.first?.prefix(23) ?? "")…).")
        } else if distinct.count > 1 {
            let list = all.keys.sorted().map { "\($0): \(all[$0]?.map { String($0.prefix(23)) }.sorted().joined(separator: ", ") ?? "")" }
            recorder.note(target: nil, .info, "The first page differed between steps: \(list.joined(separator: "; ")).")
        }
    }

    static let layoutsTable = "layouts"

    /// The runtime a target stands for: cbench's two modes are one runtime.
    static func runtime(of target: String) -> String { target.hasPrefix("cbench-") ? "cbench" : target }
}
