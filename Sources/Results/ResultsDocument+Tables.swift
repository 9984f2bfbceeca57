/// One cell of a keyed table: a number keeps its type through JSON, text stays text.
public enum ResultValue: Codable, Sendable, Equatable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        }
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    public var description: String {
        switch self {
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .text(let value): return value
        }
    }
}

/// What a kind records that raw samples cannot carry: a table with named columns, e.g. the
/// stop reason of each density ramp or an image's size. Rendered as it is by every report.
public struct ResultTable: Codable, Sendable, Equatable {
    public var scenario: String
    /// Unique within the scenario; a kind's report section finds its table by it.
    public var name: String
    public var title: String
    public var columns: [String]
    public var rows: [[ResultValue]]
    /// A sentence under the table: what it shows, how it was measured.
    public var note: String?

    public init(scenario: String, name: String, title: String, columns: [String], rows: [[ResultValue]] = [], note: String? = nil) {
        self.scenario = scenario
        self.name = name
        self.title = title
        self.columns = columns
        self.rows = rows
        self.note = note
    }
}

/// One point of an annotated series: x, y and an optional word on it (`pid_max reached`).
public struct SeriesPoint: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var label: String?

    public init(x: Double, y: Double, label: String? = nil) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// An x/y curve of one target that is not a set of samples of one quantity, e.g. memory
/// per container against the number of containers along a density ramp. Plotted by every
/// report, one curve per target.
public struct ResultSeries: Codable, Sendable, Equatable {
    public var scenario: String
    public var name: String
    public var target: String
    public var xLabel: String
    public var xUnit: String
    public var yLabel: String
    public var yUnit: String
    public var points: [SeriesPoint]

    public init(scenario: String, name: String, target: String, xLabel: String, xUnit: String = "",
                yLabel: String, yUnit: String, points: [SeriesPoint] = []) {
        self.scenario = scenario
        self.name = name
        self.target = target
        self.xLabel = xLabel
        self.xUnit = xUnit
        self.yLabel = yLabel
        self.yUnit = yUnit
        self.points = points
    }
}
