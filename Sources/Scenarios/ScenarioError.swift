import NamespaceCore

/// A scenario file rejected before anything runs: where, and what is wrong.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The offending key path, e.g. `scenarios[1].warmup`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// The file is not there at all: said as `no such file: PATH`, nothing more.
    public var isMissingFile = false

    public static func noSuchFile(_ path: String) -> ScenarioError {
        var error = ScenarioError(file: path, message: "no such file")
        error.isMissingFile = true
        return error
    }

    public var description: String {
        if isMissingFile { return "no such file: \(file)" }
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): " + (key.map { "\($0): " } ?? "") + message
    }

    /// The project's error type, for callers that handle only `CoreError`.
    public var coreError: CoreError { CoreError(stage: "scenario file", detail: description) }
}
