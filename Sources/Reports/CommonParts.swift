import Results

/// The parts every report has, whatever kinds ran: failures with a warning per target that
/// had any, the notes on scenarios and targets, and the kinds' keyed tables.
enum CommonParts {
    static func failures(_ document: ResultsDocument) -> ReportPart {
        var blocks: [ReportBlock] = []
        for target in document.targetsWithFailures {
            let failed = document.failures.filter { $0.target == target && !$0.interrupted }
            let scenarios = Set(failed.map(\.scenario)).sorted().joined(separator: ", ")
            blocks.append(.warning("\(target): \(failed.count) failed step\(failed.count == 1 ? "" : "s") (\(scenarios)); its numbers count only the steps that succeeded."))
        }
        if document.failures.isEmpty {
            blocks.append(.paragraph("No step failed."))
        } else {
            blocks.append(.table(
                header: ["scenario", "target", "parameters", "step", "stage", "error"],
                rows: document.failures.map { failure in
                    let step = (failure.warmup ? "warm-up " : "iteration ") + String(failure.iteration + 1) + (failure.interrupted ? " (interrupted)" : "")
                    return [failure.scenario, failure.target, SeriesKey.label(failure.parameters), step, failure.stage, failure.error]
                }))
        }
        if !document.notes.isEmpty {
            blocks.append(.heading("Notes"))
            blocks.append(.table(header: ["scenario", "target", "kind", "note"], rows: document.notes.map {
                [$0.scenario, $0.target ?? "all", $0.category.rawValue, $0.text]
            }))
        }
        return ReportPart(id: "failures", title: "Failures and notes", blocks: blocks)
    }

    /// A document merged from several hosts: each host, whether its run worked (a host
    /// without results is marked failed, with why) and the machine it ran on.
    static func hosts(_ document: ResultsDocument) -> ReportPart? {
        guard let hosts = document.hosts, !hosts.isEmpty else { return nil }
        var blocks: [ReportBlock] = []
        for host in hosts where host.status == .failed {
            blocks.append(.warning("\(host.name): FAILED, no results: \(host.error ?? "no reason given")"))
        }
        blocks.append(.table(
            header: ["host", "address", "status", "suite", "kernel", "distribution", "CPU", "cores", "memory", "cgroup mode", "targets that ran"],
            rows: hosts.map { host in
                let environment = host.environment
                return [host.name, host.address ?? "–", host.status == .ok ? (host.partial == true ? "ok (partial)" : "ok") : "FAILED",
                        host.suite ?? "–", environment?.kernel ?? "–", environment?.distribution ?? "–", environment?.cpuModel ?? "–",
                        environment.map { String($0.cores) } ?? "–", environment.map { Formatting.bytes($0.memoryBytes) } ?? "–",
                        environment?.cgroupMode ?? "–", host.targets.filter { $0.skipped == nil }.map(\.name).joined(separator: ", ")]
            }))
        blocks.append(.paragraph("Every measurement carries its host as the `host` parameter, every table a host column, every feature cell its host (`target @ host`)."))
        return ReportPart(id: "hosts", title: "Hosts", blocks: blocks)
    }

    /// Nil when no kind recorded a table.
    static func tables(_ document: ResultsDocument) -> ReportPart? {
        guard !document.tables.isEmpty else { return nil }
        var blocks: [ReportBlock] = []
        for table in document.tables {
            blocks.append(.heading("\(table.scenario): \(table.title)"))
            blocks.append(.table(header: table.columns, rows: table.rows.map { $0.map(cellText) }))
            if let note = table.note { blocks.append(.paragraph(note)) }
        }
        return ReportPart(id: "tables", title: "Tables", blocks: blocks)
    }

    static func cellText(_ value: ResultValue) -> String {
        switch value {
        // Counts stay whole numbers; measured values get the tables' usual digits.
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? value.description : Formatting.number(number)
        case .text(let text): return text
        }
    }
}
