import Foundation

/// One host of a document merged from several hosts' runs: how its run went, where it ran
/// and which targets it had. A host whose results could not be had is `failed`, with why.
public struct HostRun: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, Equatable {
        case ok, failed
    }

    public var name: String
    public var address: String?
    public var status: Status
    public var error: String?
    public var environment: Environment?
    public var suite: String?
    public var startedAt: Date?
    public var partial: Bool?
    public var targets: [TargetInfo]

    public init(name: String, address: String? = nil, status: Status, error: String? = nil, environment: Environment? = nil,
                suite: String? = nil, startedAt: Date? = nil, partial: Bool? = nil, targets: [TargetInfo] = []) {
        self.name = name
        self.address = address
        self.status = status
        self.error = error
        self.environment = environment
        self.suite = suite
        self.startedAt = startedAt
        self.partial = partial
        self.targets = targets
    }
}

extension ResultsDocument {
    /// What `merged` takes per host: its results, or why there are none.
    public struct HostResults: Sendable {
        public var name: String
        public var address: String?
        public var outcome: Result<ResultsDocument, HostFailure>

        public init(name: String, address: String? = nil, outcome: Result<ResultsDocument, HostFailure>) {
            self.name = name
            self.address = address
            self.outcome = outcome
        }
    }

    public struct HostFailure: Error, Sendable, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// One document of several hosts' runs: every sample, failure and table row carries its
    /// host (the `host` parameter, a `host` column), every feature cell its host, every note
    /// its host's name; `hosts` keeps each host's environment and targets, and a host
    /// without results is there as failed. Targets are listed once, available where any
    /// host had them. The top-level environment is the first host's that has results.
    public static func merged(_ inputs: [HostResults], suite: String? = nil) -> ResultsDocument {
        let runs = inputs.compactMap { input -> (String, ResultsDocument)? in
            guard case .success(let document) = input.outcome else { return nil }
            return (input.name, document)
        }
        let suites = runs.map(\.1.suite).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        var merged = ResultsDocument(
            suite: suite ?? suites.joined(separator: "+"), startedAt: runs.map(\.1.startedAt).min() ?? Date(),
            finishedAt: runs.compactMap(\.1.finishedAt).max(), partial: runs.contains { $0.1.partial },
            environment: runs.first?.1.environment ?? Environment(kernel: "unknown", distribution: "unknown", cpuModel: "unknown",
                                                                   cores: 0, memoryBytes: 0, cgroupMode: "unknown"),
            targets: mergedTargets(runs))
        for (host, document) in runs {
            merged.measurements += document.measurements.map { measurement in
                var copy = measurement
                copy.parameters["host"] = host
                copy.summary = nil
                return copy
            }
            merged.features += document.features.map { feature in
                var copy = feature
                copy.host = host
                return copy
            }
            merged.failures += document.failures.map { failure in
                var copy = failure
                copy.parameters["host"] = host
                return copy
            }
            merged.notes += document.notes.map { note in
                var copy = note
                copy.text = "\(host): \(note.text)"
                return copy
            }
            for table in document.tables {
                let rows = table.rows.map { [ResultValue.text(host)] + $0 }
                if let index = merged.tables.firstIndex(where: { $0.scenario == table.scenario && $0.name == table.name && $0.columns == ["host"] + table.columns }) {
                    merged.tables[index].rows += rows
                } else {
                    merged.tables.append(ResultTable(scenario: table.scenario, name: table.name, title: table.title, columns: ["host"] + table.columns,
                                                     rows: rows, note: table.note))
                }
            }
            merged.series += document.series.map { series in
                var copy = series
                copy.target = "\(series.target) @ \(host)"
                return copy
            }
            for scenario in document.scenarios where !merged.scenarios.contains(where: { $0.name == scenario.name }) {
                merged.scenarios.append(scenario)
            }
        }
        merged.hosts = inputs.map { input in
            switch input.outcome {
            case .success(let document):
                return HostRun(name: input.name, address: input.address, status: .ok, environment: document.environment, suite: document.suite,
                               startedAt: document.startedAt, partial: document.partial, targets: document.targets)
            case .failure(let failure):
                return HostRun(name: input.name, address: input.address, status: .failed, error: failure.message)
            }
        }
        return merged.summarized()
    }

    /// Every target once, in first-seen order: its first version where it ran; skipped only
    /// when no host ran it, with each host's reason.
    static func mergedTargets(_ runs: [(String, ResultsDocument)]) -> [TargetInfo] {
        var order: [String] = []
        var infos: [String: [(host: String, info: TargetInfo)]] = [:]
        for (host, document) in runs {
            for target in document.targets {
                if infos[target.name] == nil { order.append(target.name) }
                infos[target.name, default: []].append((host, target))
            }
        }
        return order.map { name in
            let seen = infos[name] ?? []
            if let ran = seen.first(where: { $0.info.skipped == nil }) { return TargetInfo(name: name, version: ran.info.version) }
            return TargetInfo(name: name, skipped: seen.map { "\($0.host): \($0.info.skipped ?? "skipped")" }.joined(separator: "; "))
        }
    }
}
