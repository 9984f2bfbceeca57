/// The raw samples of one metric, for one target, at one point of a sweep.
public struct MetricSamples: Codable, Sendable, Equatable {
    public var scenario: String
    public var metric: String
    /// Unit of the samples, e.g. `ms`, `MB`, `ops/s`.
    public var unit: String
    public var target: String
    /// The sweep point (e.g. `["containers": "100"]`); empty outside sweeps.
    public var parameters: [String: String]
    public var samples: [Double]
    /// Derived from `samples`; absent in freshly recorded documents.
    public var summary: Summary?
    /// Throughput-like metrics improve upwards; nil or false means lower is better.
    public var higherIsBetter: Bool?

    public init(
        scenario: String,
        metric: String,
        unit: String,
        target: String,
        parameters: [String: String] = [:],
        samples: [Double],
        summary: Summary? = nil,
        higherIsBetter: Bool? = nil
    ) {
        self.scenario = scenario
        self.metric = metric
        self.unit = unit
        self.target = target
        self.parameters = parameters
        self.samples = samples
        self.summary = summary
        self.higherIsBetter = higherIsBetter
    }

    /// What a measurement is, without its target: rows of one table and
    /// points of one plot share it.
    public var seriesKey: SeriesKey {
        SeriesKey(scenario: scenario, metric: metric, parameters: parameters)
    }

    /// Identity across two documents, for comparison.
    public var key: MeasurementKey {
        MeasurementKey(series: seriesKey, target: target)
    }

    /// `containers=100 mode=ro`, sorted by name; empty outside sweeps.
    public var parameterLabel: String {
        SeriesKey.label(parameters)
    }

    public var lowerIsBetter: Bool { higherIsBetter != true }
}

public struct SeriesKey: Hashable, Sendable, Comparable {
    public var scenario: String
    public var metric: String
    public var parameters: [String: String]

    public static func label(_ parameters: [String: String]) -> String {
        parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.scenario, lhs.metric, label(lhs.parameters)) < (rhs.scenario, rhs.metric, label(rhs.parameters))
    }
}

public struct MeasurementKey: Hashable, Sendable, CustomStringConvertible {
    public var series: SeriesKey
    public var target: String

    public init(series: SeriesKey, target: String) {
        self.series = series
        self.target = target
    }

    public var description: String {
        let parameters = SeriesKey.label(series.parameters)
        return "\(series.scenario)/\(series.metric) \(target)" + (parameters.isEmpty ? "" : " [\(parameters)]")
    }
}

extension ResultsDocument {
    /// The same document with every summary recomputed from its samples, so
    /// a hand-edited or old summary never disagrees with the raw data.
    public func summarized(seed: UInt64 = Statistics.defaultSeed) -> ResultsDocument {
        var copy = self
        copy.measurements = measurements.map { measurement in
            var updated = measurement
            updated.summary = Summary(samples: measurement.samples, seed: seed)
            return updated
        }
        return copy
    }
}
