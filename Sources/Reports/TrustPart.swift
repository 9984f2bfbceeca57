import Results

/// "How much to trust this": the harness's own cost beside the fastest target, how busy the
/// host was, which targets needed extra iterations, which failed, and how much each
/// headline number varied.
enum TrustPart {
    static let harnessScenario = "harness"

    static func build(_ document: ResultsDocument) -> ReportPart {
        var blocks: [ReportBlock] = []
        blocks.append(.heading("The harness's own cost"))
        blocks += harness(document)
        blocks.append(.heading("The host while it ran"))
        blocks += noise(document)
        blocks.append(.heading("Variation, failures and extra iterations"))
        blocks += variation(document)
        return ReportPart(id: "trust", title: "How much to trust this", blocks: blocks)
    }

    /// The first metric of every scenario but the harness: what its tables lead with.
    static func headlines(_ document: ResultsDocument) -> [MetricSamples] {
        document.scenarios.filter { $0.name != harnessScenario }.flatMap { scenario -> [MetricSamples] in
            guard let metric = scenario.metrics.first?.name else { return [] }
            return document.measurements.filter { $0.scenario == scenario.name && $0.metric == metric }
        }
    }

    static func harness(_ document: ResultsDocument) -> [ReportBlock] {
        func p50(_ metric: String) -> Double? {
            document.measurements.first { $0.scenario == harnessScenario && $0.metric == metric }
                .flatMap { $0.summary ?? Summary(samples: $0.samples) }?.p50
        }
        guard let step = p50("step"), let timed = p50("timed-part") else {
            return [.paragraph("Not measured in this run (no timed scenario).")]
        }
        var text = "A step on the no-op target takes \(Formatting.number(step)) ms end to end (p50: the step's thread, the timeout "
            + "and Ctrl-C watch, prepare, cleanup, recording); inside the measured span it adds \(Formatting.number(timed)) ms."
        let timings = headlines(document).filter { $0.unit == "ms" && $0.target != PerformanceTable.harnessTarget }
            .compactMap { samples in (samples.summary ?? Summary(samples: samples.samples)).map { (samples, $0.p50) } }
        if let fastest = timings.min(by: { $0.1 < $1.1 }) {
            text += " The fastest target, \(fastest.0.target) (\(fastest.0.scenario): \(fastest.0.metric)), has a p50 of "
                + "\(Formatting.number(fastest.1)) ms: the harness's share of its measured span is \(Formatting.change(timed / fastest.1).dropFirst())."
        }
        return [.paragraph(text)]
    }

    static func noise(_ document: ResultsDocument) -> [ReportBlock] {
        guard let noise = document.environment.noise else { return [.paragraph("The host's load was not recorded.")] }
        func describe(_ sample: NoiseSample, _ when: String) -> String {
            var text = "\(when): load average " + sample.loadAverage.map(Formatting.number).joined(separator: " / ")
            if let low = sample.cpuMHz.min(), let high = sample.cpuMHz.max() {
                text += low == high ? ", CPUs at \(Formatting.number(low)) MHz" : ", CPUs at \(Formatting.number(low))–\(Formatting.number(high)) MHz"
            }
            let busy = sample.busyProcesses.prefix(5).map { "\($0.command) \(Int($0.cpuPercent))%" }
            return text + (busy.isEmpty ? ", no other busy process." : ", other busy processes: \(busy.joined(separator: ", ")).")
        }
        var blocks: [ReportBlock] = noise.warnings.map { .warning($0) }
        blocks.append(.paragraph(describe(noise.start, "At the start") + (noise.end.map { " " + describe($0, "At the end") } ?? "")))
        blocks.append(.paragraph(noise.pinnedCPUs.map { "Pinned to CPUs \($0.map(String.init).joined(separator: ","))." }
            ?? "Not pinned to CPUs (cbench run --cpus pins the run and everything it starts)."))
        return blocks
    }

    static func variation(_ document: ResultsDocument) -> [ReportBlock] {
        var rows: [[String]] = []
        for samples in headlines(document) {
            guard let summary = samples.summary ?? Summary(samples: samples.samples) else { continue }
            rows.append([samples.scenario, samples.metric, samples.target, SeriesKey.label(samples.parameters), String(summary.n),
                         String(document.failedIterations(scenario: samples.scenario, target: samples.target, parameters: samples.parameters)),
                         Formatting.number(summary.cv),
                         "\(Formatting.number(summary.ci95Low)) – \(Formatting.number(summary.ci95High))"])
        }
        var blocks: [ReportBlock] = []
        if !rows.isEmpty {
            blocks.append(.table(header: ["scenario", "metric", "target", "parameters", "n", "failed", "cv", "median 95% CI"], rows: rows))
        }
        let adaptive = document.notes.filter { $0.text.hasPrefix("adaptive") }
        blocks += adaptive.map { .paragraph("\($0.target ?? "all") in \($0.scenario): \($0.text).") }
        if adaptive.isEmpty { blocks.append(.paragraph("No target needed extra iterations (or no scenario asked for adaptive runs).")) }
        let quantised = document.scenarios.flatMap { scenario in scenario.metrics.compactMap { metric in
            metric.resolution.map { "\(scenario.name): \(metric.name) moves in steps of \(Formatting.number($0)) \(metric.unit)" }
        } }
        if !quantised.isEmpty { blocks.append(.paragraph("Quantised, so never judged noisy: " + quantised.joined(separator: "; ") + ".")) }
        return blocks
    }
}
