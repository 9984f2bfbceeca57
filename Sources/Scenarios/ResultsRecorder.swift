import Foundation
import Results
import Synchronization

/// Collects what a run produces, for every kind alike: samples (merged per series and
/// target), metric and feature definitions, feature cells, failures, notes, tables and
/// series. Safe to call from several threads (a kind may run parallel workers).
public final class ResultsRecorder: Sendable {
    struct State {
        var collector = SampleCollector()
        var entries: [ScenarioEntry] = []
        var features: [FeatureResult] = []
        var failures: [FailureRecord] = []
        var notes: [ScenarioNote] = []
        var tables: [ResultTable] = []
        var series: [ResultSeries] = []
        /// Added to the environment's versions (e.g. `perf:cycles` = `unsupported: ...`).
        var versions: [String: String] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    func begin(_ scenario: Scenario) {
        state.withLock {
            $0.entries.append(ScenarioEntry(name: scenario.name, kind: scenario.kindName, description: scenario.description,
                                            warmup: scenario.warmup, iterations: scenario.iterations))
        }
    }

    func define(_ metric: MetricDefinition, scenario: String) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.name == scenario }) else { return }
            if let existing = state.entries[index].metrics.firstIndex(where: { $0.name == metric.name }) {
                state.entries[index].metrics[existing].coverage.merge(metric.coverage) { old, _ in old }
            } else {
                state.entries[index].metrics.append(metric)
            }
        }
    }

    func define(_ feature: FeatureDefinition, scenario: String) {
        state.withLock { state in
            guard let index = state.entries.firstIndex(where: { $0.name == scenario }),
                  !state.entries[index].features.contains(where: { $0.name == feature.name }) else { return }
            state.entries[index].features.append(feature)
        }
    }

    func add(_ samples: MetricSamples) { state.withLock { $0.collector.add(samples) } }
    func add(_ feature: FeatureResult) { state.withLock { $0.features.append(feature) } }
    func add(_ failure: FailureRecord) { state.withLock { $0.failures.append(failure) } }
    func add(_ note: ScenarioNote) {
        state.withLock { state in
            if !state.notes.contains(note) { state.notes.append(note) }
        }
    }
    /// A table of a name the scenario recorded already gets the new rows appended.
    func add(_ table: ResultTable) {
        state.withLock { state in
            if let index = state.tables.firstIndex(where: { $0.scenario == table.scenario && $0.name == table.name }) {
                state.tables[index].rows += table.rows
            } else {
                state.tables.append(table)
            }
        }
    }
    func add(_ point: SeriesPoint, to series: ResultSeries) {
        state.withLock { state in
            if let index = state.series.firstIndex(where: { $0.scenario == series.scenario && $0.name == series.name && $0.target == series.target }) {
                state.series[index].points.append(point)
            } else {
                var fresh = series
                fresh.points.append(point)
                state.series.append(fresh)
            }
        }
    }
    func setVersion(_ key: String, _ value: String) { state.withLock { $0.versions[key] = value } }

    var failures: [FailureRecord] { state.withLock { $0.failures } }
    var features: [FeatureResult] { state.withLock { $0.features } }

    /// The document of the run; every sample's direction comes from its metric's definition.
    func document(suite: String, startedAt: Date, partial: Bool, environment: Environment, targets: [TargetInfo]) -> ResultsDocument {
        state.withLock { state in
            var environment = environment
            environment.versions.merge(state.versions) { _, new in new }
            let measurements = state.collector.measurements.map { samples -> MetricSamples in
                var samples = samples
                let better = state.entries.first { $0.name == samples.scenario }?.metric(samples.metric)?.better
                samples.higherIsBetter = better == .higher ? true : nil
                return samples
            }
            return ResultsDocument(suite: suite, startedAt: startedAt, finishedAt: Date(), partial: partial,
                                   environment: environment, targets: targets, features: state.features,
                                   measurements: measurements, scenarios: state.entries, failures: state.failures,
                                   notes: state.notes, tables: state.tables, series: state.series).summarized()
        }
    }
}

/// The recorder as one scenario sees it: everything is filed under that scenario.
public struct ScenarioRecorder: Sendable {
    let recorder: ResultsRecorder
    public let scenario: String

    /// One value of a metric for a target at a sweep point; the definition (unit, better
    /// direction, what each target's number covers) is recorded with the first value.
    public func sample(_ metric: MetricDefinition, target: String, parameters: [String: String] = [:], value: Double) {
        recorder.define(metric, scenario: scenario)
        recorder.add(MetricSamples(scenario: scenario, metric: metric.name, unit: metric.unit, target: target,
                                   parameters: parameters, samples: [value]))
    }

    /// Declares a metric (e.g. before any sample, so the report can say what it covers).
    public func define(_ metric: MetricDefinition) { recorder.define(metric, scenario: scenario) }

    public func define(_ feature: FeatureDefinition) { recorder.define(feature, scenario: scenario) }

    public func feature(_ result: FeatureResult) { recorder.add(result) }

    public func failure(target: String, step: PlannedStep, stage: String, error: String, interrupted: Bool = false) {
        recorder.add(FailureRecord(scenario: scenario, target: target, parameters: step.point, iteration: step.iteration,
                                   warmup: step.warmup, stage: stage, error: error, interrupted: interrupted))
    }

    /// A note on one target in this scenario (nil: on the scenario as a whole).
    public func note(target: String?, _ category: ScenarioNote.Category = .info, _ text: String) {
        recorder.add(ScenarioNote(scenario: scenario, target: target, category: category, text: text))
    }

    /// A keyed table; recording the same name again appends rows (a kind may add one row per
    /// target or checkpoint as it goes).
    public func table(_ name: String, title: String, columns: [String], rows: [[ResultValue]], note: String? = nil) {
        recorder.add(ResultTable(scenario: scenario, name: name, title: title, columns: columns, rows: rows, note: note))
    }

    /// Adds a point to the series `name` of `target`, made from `template` on first use.
    public func point(_ point: SeriesPoint, series template: ResultSeries) {
        var series = template
        series.scenario = scenario
        recorder.add(point, to: series)
    }

    /// An entry of the environment's versions, e.g. an unsupported perf event.
    public func version(_ key: String, _ value: String) { recorder.setVersion(key, value) }

    /// The failures recorded so far for `target` in this scenario.
    public func failures(of target: String) -> [FailureRecord] {
        recorder.failures.filter { $0.scenario == scenario && $0.target == target }
    }

    /// Whether a feature cell of this scenario's `target` was recorded already.
    public func hasFeature(_ feature: String, target: String) -> Bool {
        recorder.features.contains { $0.feature == feature && $0.target == target }
    }
}

/// Samples in the order they were first seen, merged per series and target.
struct SampleCollector {
    private(set) var measurements: [MetricSamples] = []
    private var index: [MeasurementKey: Int] = [:]

    mutating func add(_ sample: MetricSamples) {
        if let position = index[sample.key] {
            measurements[position].samples += sample.samples
        } else {
            index[sample.key] = measurements.count
            measurements.append(sample)
        }
    }
}
